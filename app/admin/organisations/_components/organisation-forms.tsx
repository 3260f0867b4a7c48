"use client";
import { useTranslations } from "next-intl";
import { Field, FormAlert, SubmitButton } from "@/app/_components/form";
import type { OrganisationKind } from "@/db/schema";
import { useAdminForm } from "../../_components/use-admin-form";
import { createOrganisationAction, updateOrganisationAction } from "../actions";

export function CreateOrganisationForm({ communityId, kinds }: { communityId: number; kinds: readonly OrganisationKind[] }) {
  const t = useTranslations("admin");
  const tc = useTranslations("common");
  const { state, formProps, field, control } = useAdminForm(createOrganisationAction.bind(null, communityId), { idPrefix: "new-org-" });
  return (
    <form {...formProps} className="flex flex-col gap-1">
      <FormAlert state={state} success={state?.ok ? t("organisations.created", { name: state.data.name }) : undefined} />
      <Field label={t("organisations.kind")} {...field("kind")}>
        <select {...control("kind")} defaultValue="" className="select select-lg w-full">
          <option value="">{t("choose")}</option>
          {kinds.map((k) => (
            <option key={k} value={k}>
              {tc(`orgKinds.${k}`)}
            </option>
          ))}
        </select>
      </Field>
      <div className="grid grid-cols-1 sm:grid-cols-[1fr_10rem] gap-x-3">
        <Field label={t("organisations.name")} {...field("name")}>
          <input {...control("name")} maxLength={60} className="input input-lg w-full" />
        </Field>
        <Field label={t("organisations.code")} {...field("code")} hint={t("organisations.codeHint")}>
          <input {...control("code")} maxLength={8} autoCapitalize="characters" className="input input-lg w-full font-mono uppercase" />
        </Field>
      </div>
      <Field label={t("organisations.description")} {...field("description")} hint={t("optional")}>
        <textarea {...control("description")} rows={2} maxLength={500} className="textarea textarea-lg w-full" />
      </Field>
      <div className="mt-2">
        <SubmitButton pendingLabel={t("saving")}>{t("organisations.create")}</SubmitButton>
      </div>
    </form>
  );
}

export function EditOrganisationForm({ organisation }: { organisation: { id: number; name: string; code: string; description: string } }) {
  const t = useTranslations("admin");
  const { state, formProps, field, control } = useAdminForm(updateOrganisationAction.bind(null, organisation.id), {
    resetOnSuccess: false,
    idPrefix: `org-${organisation.id}-`,
  });
  return (
    <form {...formProps} className="flex flex-col gap-1">
      <FormAlert state={state} success={t("saved")} />
      <div className="grid grid-cols-1 sm:grid-cols-[1fr_10rem] gap-x-3">
        <Field label={t("organisations.name")} {...field("name")}>
          <input {...control("name")} defaultValue={organisation.name} maxLength={60} className="input input-lg w-full" />
        </Field>
        <Field label={t("organisations.code")} {...field("code")} hint={t("organisations.codeChangeHint")}>
          <input {...control("code")} defaultValue={organisation.code} maxLength={8} className="input input-lg w-full font-mono uppercase" />
        </Field>
      </div>
      <Field label={t("organisations.description")} {...field("description")}>
        <textarea {...control("description")} defaultValue={organisation.description} rows={2} maxLength={500} className="textarea textarea-lg w-full" />
      </Field>
      <div className="mt-1">
        <SubmitButton pendingLabel={t("saving")}>{t("save")}</SubmitButton>
      </div>
    </form>
  );
}
