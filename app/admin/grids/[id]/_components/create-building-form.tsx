"use client";
import { useTranslations } from "next-intl";
import { Field, FormAlert, SubmitButton } from "@/app/_components/form";
import { useAdminForm } from "../../../_components/use-admin-form";
import { createBuildingAction } from "../actions";

export function CreateBuildingForm({ gridId }: { gridId: number }) {
  const t = useTranslations("admin");
  const { state, formProps, field, control } = useAdminForm(createBuildingAction.bind(null, gridId));
  return (
    <form {...formProps} className="flex flex-col gap-1">
      <FormAlert state={state} success={state?.ok ? t("grid.created", { name: state.data.name }) : undefined} />
      <div className="grid grid-cols-1 sm:grid-cols-3 gap-x-3">
        <Field label={t("grid.code")} {...field("code")} hint={t("grid.codeHint")}>
          <input {...control("code")} inputMode="numeric" maxLength={2} className="input input-lg w-full" />
        </Field>
        <Field label={t("grid.name")} {...field("name")} hint={t("grid.nameHint")}>
          <input {...control("name")} maxLength={30} className="input input-lg w-full" />
        </Field>
        <Field label={t("grid.floors")} {...field("floors")} hint={t("optional")}>
          <input {...control("floors")} type="number" min={1} max={200} inputMode="numeric" className="input input-lg w-full" />
        </Field>
      </div>
      <div className="mt-2">
        <SubmitButton pendingLabel={t("saving")}>{t("grid.create")}</SubmitButton>
      </div>
    </form>
  );
}
