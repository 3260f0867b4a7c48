"use client";
import { useTranslations } from "next-intl";
import { Field, FormAlert, SubmitButton } from "@/app/_components/form";
import type { TopicLevel, VoteRule } from "@/db/schema";
import type { AdminCatalogItem } from "@/lib/admin/list-catalog-admin";
import { useAdminForm } from "../../_components/use-admin-form";
import { createCategoryAction, createItemAction, setCommunityTurnoutAction, updateItemAction } from "../actions";

type Choices = { levels: readonly TopicLevel[]; voteRules: readonly VoteRule[] };

export function CreateCategoryForm({ communityId }: { communityId: number }) {
  const t = useTranslations("admin");
  const { state, formProps, field, control } = useAdminForm(createCategoryAction.bind(null, communityId), { idPrefix: "new-category-" });
  return (
    <form {...formProps} className="flex flex-col gap-1">
      <FormAlert state={state} success={state?.ok ? t("catalog.categoryCreated", { name: state.data.name }) : undefined} />
      <Field label={t("catalog.categoryName")} {...field("name")}>
        <input {...control("name")} maxLength={30} placeholder={t("catalog.categoryPlaceholder")} className="input input-lg w-full" />
      </Field>
      <div className="mt-1">
        <SubmitButton pendingLabel={t("saving")}>{t("catalog.createCategory")}</SubmitButton>
      </div>
    </form>
  );
}

type FormKit = Pick<ReturnType<typeof useAdminForm>, "field" | "control">;

/** Name, level, vote rule and threshold: the same fields for a new item and an edited one. */
function ItemFields({ levels, voteRules, field, control, item }: Choices & FormKit & { item?: AdminCatalogItem }) {
  const t = useTranslations("admin");
  const tc = useTranslations("common");
  return (
    <>
      <Field label={t("catalog.itemName")} {...field("name")}>
        <input {...control("name")} defaultValue={item?.name} maxLength={60} className="input input-lg w-full" />
      </Field>
      <Field label={t("catalog.description")} {...field("description")} hint={t("optional")}>
        <textarea {...control("description")} defaultValue={item?.description} rows={2} maxLength={500} className="textarea textarea-lg w-full" />
      </Field>
      <div className="grid grid-cols-1 sm:grid-cols-2 gap-x-3">
        <Field label={t("catalog.level")} {...field("defaultLevel")} hint={t("catalog.levelHint")}>
          <select {...control("defaultLevel")} defaultValue={item?.defaultLevel ?? "grid"} className="select select-lg w-full">
            {levels.map((l) => (
              <option key={l} value={l}>
                {tc(`levels.${l}`)}
              </option>
            ))}
          </select>
        </Field>
        <Field label={t("catalog.threshold")} {...field("cosignThreshold")} hint={t("catalog.thresholdHint")}>
          <input
            {...control("cosignThreshold")}
            defaultValue={item?.cosignThreshold ?? ""}
            type="number"
            min={1}
            max={100}
            inputMode="numeric"
            className="input input-lg w-full"
          />
        </Field>
      </div>
      <Field label={t("catalog.turnout")} {...field("minTurnoutPercent")} hint={t("catalog.turnoutHint")}>
        <input {...control("minTurnoutPercent")} defaultValue={item?.minTurnoutPercent ?? ""} type="number" min={1} max={100} inputMode="numeric" className="input input-lg w-full" />
      </Field>
      <Field label={t("catalog.voteRule")} {...field("defaultVoteRule")}>
        <select {...control("defaultVoteRule")} defaultValue={item?.defaultVoteRule ?? "simpleMajority"} className="select select-lg w-full">
          {voteRules.map((r) => (
            <option key={r} value={r}>
              {tc(`voteRules.${r}`)}
            </option>
          ))}
        </select>
      </Field>
    </>
  );
}

export function CreateItemForm({ categoryId, ...choices }: Choices & { categoryId: number }) {
  const t = useTranslations("admin");
  const form = useAdminForm(createItemAction.bind(null, categoryId), { idPrefix: `new-item-${categoryId}-` });
  return (
    <form {...form.formProps} className="flex flex-col gap-1">
      <FormAlert state={form.state} success={form.state?.ok ? t("catalog.itemCreated", { name: form.state.data.name }) : undefined} />
      <ItemFields {...choices} field={form.field} control={form.control} />
      <div className="mt-1">
        <SubmitButton pendingLabel={t("saving")}>{t("catalog.createItem")}</SubmitButton>
      </div>
    </form>
  );
}

export function EditItemForm({ item, ...choices }: Choices & { item: AdminCatalogItem }) {
  const t = useTranslations("admin");
  const form = useAdminForm(updateItemAction.bind(null, item.id), { resetOnSuccess: false, idPrefix: `item-${item.id}-` });
  return (
    <form {...form.formProps} className="flex flex-col gap-1">
      <FormAlert state={form.state} success={t("saved")} />
      <ItemFields {...choices} field={form.field} control={form.control} item={item} />
      {/* An unticked checkbox sends nothing: the hidden "false" comes first, a ticked box's "true" wins. */}
      <input type="hidden" name="active" value="false" />
      <label className="flex items-center gap-3 py-2 cursor-pointer">
        <input type="checkbox" name="active" value="true" defaultChecked={item.active} className="toggle toggle-primary" />
        <span className="text-base">{t("catalog.active")}</span>
      </label>
      <div className="mt-1">
        <SubmitButton pendingLabel={t("saving")}>{t("save")}</SubmitButton>
      </div>
    </form>
  );
}

/** The community's default participation floor; empty = more than half of the electorate. */
export function CommunityTurnoutForm({ communityId, minTurnoutPercent }: { communityId: number; minTurnoutPercent: number | null }) {
  const t = useTranslations("admin");
  const form = useAdminForm(setCommunityTurnoutAction.bind(null, communityId), { resetOnSuccess: false, idPrefix: "community-turnout-" });
  return (
    <form {...form.formProps} className="flex flex-col gap-1">
      <FormAlert state={form.state} success={t("saved")} />
      <p className="text-base">
        {t("catalog.communityTurnoutNow", {
          value: minTurnoutPercent == null ? t("catalog.communityTurnoutDefault") : t("catalog.communityTurnoutPercent", { percent: minTurnoutPercent }),
        })}
      </p>
      <Field label={t("catalog.communityTurnout")} {...form.field("minTurnoutPercent")} hint={t("catalog.communityTurnoutHint")}>
        <input {...form.control("minTurnoutPercent")} defaultValue={minTurnoutPercent ?? ""} type="number" min={1} max={100} inputMode="numeric" className="input input-lg w-full" />
      </Field>
      <div className="mt-1">
        <SubmitButton pendingLabel={t("saving")}>{t("save")}</SubmitButton>
      </div>
    </form>
  );
}
