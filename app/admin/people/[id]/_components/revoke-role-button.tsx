"use client";
import { useTranslations } from "next-intl";
import { useActionState } from "react";
import { FormAlert, SubmitButton } from "@/app/_components/form";
import { revokeRoleAction } from "../actions";

/** Revoking takes a role away at once, so the admin confirms first. */
export function RevokeRoleButton({ roleId, label }: { roleId: number; label: string }) {
  const t = useTranslations("admin");
  const [state, action] = useActionState(revokeRoleAction.bind(null, roleId), null);
  return (
    <form
      action={action}
      onSubmit={(e) => {
        if (!window.confirm(t("person.revokeConfirm", { role: label }))) e.preventDefault();
      }}
      className="flex flex-col gap-2 items-start sm:items-end"
    >
      <FormAlert state={state && !state.ok ? state : null} />
      <SubmitButton className="btn-outline btn-error">{t("person.revoke")}</SubmitButton>
    </form>
  );
}
