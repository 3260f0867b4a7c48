"use client";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { signIn } from "next-auth/react";
import { useTranslations } from "next-intl";
import { useActionState, useState, useTransition } from "react";
import { Field, FormAlert, SubmitButton, fieldError } from "@/app/_components/form";
import { Alert } from "@/app/_components/ui";
import { weakPasswordReason } from "@/lib/domain/password-strength";
import { activateAction } from "../actions";

/** The strength rule the server applies (lib/domain/password-strength.ts), said while typing. */
function strengthOf(password: string, phone: string): "short" | "repeated" | "sequence" | "phone" | "common" | "ok" | null {
  if (!password) return null;
  if (password.length < 8) return "short";
  return weakPasswordReason(password, { phone: /^1\d{10}$/.test(phone) ? phone : null }) ?? "ok";
}

export function ActivateForm({ code }: { code: string }) {
  const t = useTranslations("auth.activate");
  const te = useTranslations("errors");
  const router = useRouter();
  const [state, action, pending] = useActionState(activateAction, null);
  const [, startTransition] = useTransition();
  const [values, setValues] = useState({ code, phone: "", password: "", confirmPassword: "" });
  const [mismatch, setMismatch] = useState(false);
  const [signingIn, setSigningIn] = useState(false);
  const [signInError, setSignInError] = useState<string | null>(null);

  const set = (k: keyof typeof values) => (e: React.ChangeEvent<HTMLInputElement>) => {
    setValues({ ...values, [k]: e.target.value });
    setMismatch(false);
  };
  const err = (name: string) => (name === "confirmPassword" && mismatch ? t("confirmMismatch") : fieldError(state, name));
  const describedBy = (name: string) => (err(name) ? `${name}-error` : `${name}-hint`);

  function onSubmit(e: React.FormEvent<HTMLFormElement>) {
    e.preventDefault();
    // The confirmation only guards against a typo; the server checks everything else.
    if (values.password !== values.confirmPassword) {
      setMismatch(true);
      return;
    }
    const form = new FormData();
    form.set("code", values.code);
    form.set("phone", values.phone);
    form.set("password", values.password);
    startTransition(() => action(form));
  }

  async function signInNow(phone: string) {
    setSigningIn(true);
    setSignInError(null);
    const res = await signIn("credentials", { phone, password: values.password, redirect: false });
    setSigningIn(false);
    if (!res || res.error) {
      setSignInError(te("invalidCredentials"));
      return;
    }
    router.replace("/");
    router.refresh();
  }

  if (state?.ok) {
    const phone = state.data.phone;
    return (
      <div className="mt-4 flex flex-col gap-4">
        <Alert tone="success" role="status">
          <span className="text-lg">{t("done", { phone })}</span>
        </Alert>
        {signInError && (
          <Alert tone="error" role="alert">
            {signInError}
          </Alert>
        )}
        <button type="button" className="btn btn-primary btn-lg" onClick={() => signInNow(phone)} disabled={signingIn}>
          {signingIn && <span className="loading loading-spinner loading-sm" aria-hidden />}
          {signingIn ? t("signingIn") : t("signInNow")}
        </button>
        <Link href={`/sign-in?phone=${phone}`} className="btn btn-ghost btn-lg">
          {t("signInPage")}
        </Link>
      </div>
    );
  }

  const strength = strengthOf(values.password, values.phone);
  const onAField = ["code", "phone", "password"].some((k) => fieldError(state, k));
  return (
    <form onSubmit={onSubmit} className="mt-3 flex flex-col gap-1" noValidate>
      {!onAField && <FormAlert state={state} />}
      <Field label={t("code")} name="code" error={err("code")}>
        <input
          id="code"
          name="code"
          value={values.code}
          onChange={set("code")}
          autoComplete="one-time-code"
          autoCapitalize="characters"
          spellCheck={false}
          maxLength={20}
          className="input input-lg w-full font-mono text-xl tracking-wider uppercase"
          aria-invalid={!!err("code")}
          aria-describedby={describedBy("code")}
        />
        {!err("code") && (
          <p id="code-hint" className="text-sm text-base-content/60 mt-1">
            {t("codeHint")}
          </p>
        )}
      </Field>
      <Field label={t("phone")} name="phone" error={err("phone")}>
        <input id="phone" name="phone" type="tel" inputMode="numeric" maxLength={11} value={values.phone} onChange={set("phone")} autoComplete="tel" className="input input-lg w-full text-lg" aria-invalid={!!err("phone")} aria-describedby={describedBy("phone")} />
        {!err("phone") && (
          <p id="phone-hint" className="text-sm text-base-content/60 mt-1">
            {t("phoneHint")}
          </p>
        )}
      </Field>
      <Field label={t("password")} name="password" error={err("password")}>
        <input id="password" name="password" type="password" value={values.password} onChange={set("password")} autoComplete="new-password" maxLength={72} className="input input-lg w-full" aria-invalid={!!err("password")} aria-describedby={describedBy("password")} />
        {!err("password") && (
          <div id="password-hint" className="mt-1">
            <p className="text-sm text-base-content/60">{t("passwordHint")}</p>
            {strength && (
              <p className={`text-base font-medium mt-1 ${strength === "ok" ? "text-success" : "text-warning"}`} aria-live="polite">
                {t(`weak.${strength}`)}
              </p>
            )}
          </div>
        )}
      </Field>
      <Field label={t("confirmPassword")} name="confirmPassword" error={err("confirmPassword")}>
        <input id="confirmPassword" name="confirmPassword" type="password" value={values.confirmPassword} onChange={set("confirmPassword")} autoComplete="new-password" maxLength={72} className="input input-lg w-full" aria-invalid={!!err("confirmPassword")} aria-describedby={err("confirmPassword") ? "confirmPassword-error" : undefined} />
      </Field>
      <div className="mt-3 flex flex-col">
        <SubmitButton pendingLabel={t("submitting")} pending={pending}>
          {t("submit")}
        </SubmitButton>
      </div>
    </form>
  );
}
