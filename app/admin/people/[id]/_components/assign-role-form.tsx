"use client";
import { useTranslations } from "next-intl";
import { FormAlert, SubmitButton } from "@/app/_components/form";
import type { RoleKind } from "@/db/schema";
import type { ScopeOptions } from "@/lib/admin/list-scope-options";
import { RoleScopeFields } from "../../../_components/role-scope-fields";
import { useAdminForm } from "../../../_components/use-admin-form";
import { assignRoleAction } from "../actions";

export function AssignRoleForm({ personId, roles, options }: { personId: number; roles: readonly RoleKind[]; options: ScopeOptions }) {
  const t = useTranslations("admin");
  const tc = useTranslations("common");
  const { state, formProps, field, control } = useAdminForm(assignRoleAction.bind(null, personId, options.communityId), { idPrefix: "assign-" });
  return (
    <form {...formProps} className="flex flex-col gap-1">
      <FormAlert state={state} success={state?.ok ? t("person.assigned", { role: tc(`roles.${state.data.role}`) }) : undefined} />
      <RoleScopeFields roles={roles} options={options} field={field} control={control} />
      <div className="mt-2">
        <SubmitButton pendingLabel={t("saving")}>{t("person.assign")}</SubmitButton>
      </div>
    </form>
  );
}
