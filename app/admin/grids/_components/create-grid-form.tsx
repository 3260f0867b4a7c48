"use client";
import { useTranslations } from "next-intl";
import { Field, FormAlert, SubmitButton } from "@/app/_components/form";
import { useAdminForm } from "../../_components/use-admin-form";
import { createGridAction } from "../actions";

export function CreateGridForm({ communityId }: { communityId: number }) {
  const t = useTranslations("admin");
  const { state, formProps, field, control } = useAdminForm(createGridAction.bind(null, communityId));
  return (
    <form {...formProps} className="flex flex-col gap-1">
      <FormAlert state={state} success={state?.ok ? t("grids.created", { code: state.data.code, name: state.data.name }) : undefined} />
      <div className="grid grid-cols-1 sm:grid-cols-[8rem_1fr] gap-x-3">
        <Field label={t("grids.code")} {...field("code")} hint={t("grids.codeHint")}>
          <input {...control("code")} inputMode="numeric" maxLength={2} className="input input-lg w-full" />
        </Field>
        <Field label={t("grids.name")} {...field("name")}>
          <input {...control("name")} maxLength={30} placeholder={t("grids.namePlaceholder")} className="input input-lg w-full" />
        </Field>
      </div>
      <div className="grid grid-cols-1 sm:grid-cols-2 gap-x-3">
        <Field label={t("grids.councilDay")} {...field("councilDay")} hint={t("grids.councilDayHint")}>
          <input {...control("councilDay")} type="number" min={1} max={31} inputMode="numeric" className="input input-lg w-full" />
        </Field>
        <Field label={t("grids.cosignThreshold")} {...field("cosignThreshold")} hint={t("grids.cosignHint")}>
          <input {...control("cosignThreshold")} type="number" min={1} max={100} inputMode="numeric" placeholder="5" className="input input-lg w-full" />
        </Field>
      </div>
      <div className="mt-2">
        <SubmitButton pendingLabel={t("saving")}>{t("grids.create")}</SubmitButton>
      </div>
    </form>
  );
}
