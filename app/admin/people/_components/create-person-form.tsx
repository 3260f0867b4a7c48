"use client";
import Link from "next/link";
import { useTranslations } from "next-intl";
import { Field, FormAlert, SubmitButton } from "@/app/_components/form";
import type { RoleKind } from "@/db/schema";
import type { ScopeOptions } from "@/lib/admin/list-scope-options";
import { RoleScopeFields } from "../../_components/role-scope-fields";
import { useAdminForm } from "../../_components/use-admin-form";
import { createPersonAction } from "../actions";

export function CreatePersonForm({ communityId, roles, options }: { communityId: number; roles: readonly RoleKind[]; options: ScopeOptions }) {
  const t = useTranslations("admin");
  const { state, formProps, field, control } = useAdminForm(createPersonAction.bind(null, communityId), { idPrefix: "new-" });
  return (
    <form {...formProps} className="flex flex-col gap-1">
      <FormAlert state={state} />
      {state?.ok && (
        <div role="status" className="alert alert-success text-base flex flex-wrap">
          <span>{t("people.created", { displayNumber: state.data.displayNumber })}</span>
          <Link href={`/admin/people/${state.data.personId}`} className="link font-semibold">
            {t("people.openCreated")}
          </Link>
        </div>
      )}
      <div className="grid grid-cols-1 sm:grid-cols-2 gap-x-3">
        <Field label={t("people.name")} {...field("name")}>
          <input {...control("name")} maxLength={30} autoComplete="off" className="input input-lg w-full" />
        </Field>
        <Field label={t("people.phone")} {...field("phone")}>
          <input {...control("phone")} type="tel" inputMode="numeric" maxLength={11} autoComplete="off" className="input input-lg w-full" />
        </Field>
      </div>
      <Field label={t("people.password")} {...field("password")} hint={t("people.passwordHint")}>
        <input {...control("password")} type="text" autoComplete="new-password" className="input input-lg w-full" />
      </Field>
      <RoleScopeFields roles={roles} options={options} field={field} control={control} />
      <div className="mt-2">
        <SubmitButton pendingLabel={t("saving")}>{t("people.create")}</SubmitButton>
      </div>
    </form>
  );
}
