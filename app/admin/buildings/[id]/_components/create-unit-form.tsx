"use client";
import { useTranslations } from "next-intl";
import { Field, FormAlert, SubmitButton } from "@/app/_components/form";
import { useAdminForm } from "../../../_components/use-admin-form";
import { createUnitAction } from "../actions";

export function CreateUnitForm({ buildingId }: { buildingId: number }) {
  const t = useTranslations("admin");
  const { state, formProps, field, control } = useAdminForm(createUnitAction.bind(null, buildingId));
  return (
    <form {...formProps} className="flex flex-col gap-1">
      <FormAlert state={state} success={state?.ok ? t("building.created", { number: state.data.number }) : undefined} />
      <div className="grid grid-cols-1 sm:grid-cols-2 gap-x-3">
        <Field label={t("building.number")} {...field("number")} hint={t("building.numberHint")}>
          <input {...control("number")} maxLength={20} className="input input-lg w-full" />
        </Field>
        <Field label={t("building.area")} {...field("area")} hint={t("building.areaHint")}>
          <input {...control("area")} inputMode="decimal" className="input input-lg w-full" />
        </Field>
      </div>
      <label className="flex items-center gap-3 py-2 cursor-pointer">
        <input type="checkbox" name="developerHeld" value="true" className="checkbox checkbox-primary" />
        <span className="text-base">{t("building.developerHeldLabel")}</span>
      </label>
      <div className="mt-1">
        <SubmitButton pendingLabel={t("saving")}>{t("building.create")}</SubmitButton>
      </div>
    </form>
  );
}
