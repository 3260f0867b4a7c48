"use client";
import { useTranslations } from "next-intl";
import { useActionState, useState, useTransition } from "react";
import { Field, FormAlert, SubmitButton, fieldError } from "@/app/_components/form";
import { Alert } from "@/app/_components/ui";
import { changePasswordAction } from "../actions";

export function ChangePasswordForm() {
  const t = useTranslations("auth.account");
  const [state, action, pending] = useActionState(changePasswordAction, null);
  const [, startTransition] = useTransition();
  const [values, setValues] = useState({ currentPassword: "", newPassword: "", confirmPassword: "" });
  const [mismatch, setMismatch] = useState(false);

  const set = (k: keyof typeof values) => (e: React.ChangeEvent<HTMLInputElement>) => {
    setValues({ ...values, [k]: e.target.value });
    setMismatch(false);
  };
  const err = (name: string) => (name === "confirmPassword" && mismatch ? t("confirmMismatch") : fieldError(state, name));
  const describedBy = (name: string) => (err(name) ? `${name}-error` : undefined);

  function onSubmit(e: React.FormEvent<HTMLFormElement>) {
    e.preventDefault();
    // The confirmation only guards against a typo; the server checks everything else.
    if (values.newPassword !== values.confirmPassword) {
      setMismatch(true);
      return;
    }
    const form = new FormData();
    form.set("currentPassword", values.currentPassword);
    form.set("newPassword", values.newPassword);
    startTransition(() => action(form));
  }

  const done = state?.ok ? state.data : null;
  const onAField = Object.keys(values).some((k) => fieldError(state, k));
  return (
    <form onSubmit={onSubmit} className="flex flex-col gap-1" noValidate>
      {done ? (
        <Alert tone="success" role="status">
          {t("changed", { sessions: done.endedSessions })}
          {done.revokedTokens > 0 && <> {t("changedTokens", { tokens: done.revokedTokens })}</>}
        </Alert>
      ) : (
        // A mistake in one field is said once, next to that field; the banner is for the rest.
        !onAField && <FormAlert state={state} />
      )}
      <Field label={t("currentPassword")} name="currentPassword" error={err("currentPassword")}>
        <input id="currentPassword" name="currentPassword" type="password" value={values.currentPassword} onChange={set("currentPassword")} autoComplete="current-password" required className="input input-lg w-full" aria-invalid={!!err("currentPassword")} aria-describedby={describedBy("currentPassword")} />
      </Field>
      <Field label={t("newPassword")} name="newPassword" error={err("newPassword")} hint={t("newPasswordHint")}>
        <input id="newPassword" name="newPassword" type="password" value={values.newPassword} onChange={set("newPassword")} autoComplete="new-password" required minLength={8} maxLength={72} className="input input-lg w-full" aria-invalid={!!err("newPassword")} aria-describedby={describedBy("newPassword")} />
      </Field>
      <Field label={t("confirmPassword")} name="confirmPassword" error={err("confirmPassword")}>
        <input id="confirmPassword" name="confirmPassword" type="password" value={values.confirmPassword} onChange={set("confirmPassword")} autoComplete="new-password" required className="input input-lg w-full" aria-invalid={!!err("confirmPassword")} aria-describedby={describedBy("confirmPassword")} />
      </Field>
      <div className="mt-3">
        <SubmitButton pendingLabel={t("submitting")} pending={pending}>
          {t("submit")}
        </SubmitButton>
      </div>
    </form>
  );
}
