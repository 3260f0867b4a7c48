"use client";
import { useRouter } from "next/navigation";
import { signIn } from "next-auth/react";
import { useTranslations } from "next-intl";
import { useState } from "react";
import { Alert } from "@/app/_components/ui";

export function SignInForm({ next, phone }: { next: string; phone?: string }) {
  const t = useTranslations("auth");
  const te = useTranslations("errors");
  const router = useRouter();
  const [error, setError] = useState<string | null>(null);
  const [pending, setPending] = useState(false);

  async function onSubmit(e: React.FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const form = new FormData(e.currentTarget);
    setPending(true);
    setError(null);
    const res = await signIn("credentials", {
      phone: String(form.get("phone") ?? ""),
      password: String(form.get("password") ?? ""),
      redirect: false,
    });
    setPending(false);
    if (!res || res.error) {
      // The provider sends an i18n key from lib/auth/credentials.ts as the error, and for a
      // lock-out the minutes to wait after a "|" (see lib/auth/options.ts).
      const [key = "invalidCredentials", minutes] = (res?.error ?? "invalidCredentials").split("|");
      setError(te.has(key as never) ? (te as (k: string, v: Record<string, number>) => string)(key, { minutes: Number(minutes ?? 0) }) : te("invalidCredentials"));
      return;
    }
    router.replace(next);
    router.refresh();
  }

  return (
    <form onSubmit={onSubmit} className="mt-3 flex flex-col gap-2" noValidate>
      {error && (
        <>
          <Alert tone="error" role="alert">
            {error}
          </Alert>
          {/* There is no self-service reset, so point to the person who knows the resident. */}
          <p className="text-base">{t("forgotPassword")}</p>
        </>
      )}
      <label className="fieldset-legend text-base font-medium" htmlFor="phone">
        {t("phone")}
      </label>
      <input id="phone" name="phone" type="tel" inputMode="numeric" autoComplete="tel" required maxLength={11} defaultValue={phone} className="input input-lg w-full" />
      <label className="fieldset-legend text-base font-medium" htmlFor="password">
        {t("password")}
      </label>
      <input id="password" name="password" type="password" autoComplete="current-password" required className="input input-lg w-full" />
      <button type="submit" className="btn btn-primary btn-lg mt-3" disabled={pending}>
        {pending && <span className="loading loading-spinner loading-sm" aria-hidden />}
        {pending ? t("signingIn") : t("submitSignIn")}
      </button>
    </form>
  );
}
