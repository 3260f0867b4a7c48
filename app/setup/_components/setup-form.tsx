"use client";
import Link from "next/link";
import { useTranslations } from "next-intl";
import { useActionState, useState, useTransition } from "react";
import { Field, FormAlert, SubmitButton, fieldError, submitKeepingValues } from "@/app/_components/form";
import { letterhead } from "@/lib/domain/letterhead";
import { setUpAction } from "../actions";

const fields = ["setupCode", "district", "street", "communityName", "communityCode", "adminName", "adminPhone", "adminPassword", "adminPasswordConfirm"] as const;
type Values = Record<(typeof fields)[number], string>;

export function SetupForm({ codeJustPrinted }: { codeJustPrinted: boolean }) {
  const t = useTranslations("setup");
  const [state, action, pending] = useActionState(setUpAction, null);
  const [, startTransition] = useTransition();
  // Controlled, and submitted without React's reset: a wrong code must not wipe the rest.
  const [values, setValues] = useState<Values>(() => Object.fromEntries(fields.map((f) => [f, ""])) as Values);

  if (state?.ok) {
    const { community, admin } = state.data;
    return (
      <div className="mt-4 flex flex-col gap-4" data-testid="setup-done">
        <h2 className="text-xl font-bold text-success">{t("doneTitle")}</h2>
        <p className="text-lg">{t("doneBody", { letterhead: letterhead(community), code: community.code, name: admin.name, displayNumber: admin.displayNumber })}</p>
        <p className="text-lg">{t("doneNext", { phone: admin.phone })}</p>
        <Link href={`/sign-in?phone=${encodeURIComponent(admin.phone)}`} className="btn btn-primary btn-lg">
          {t("signIn")}
        </Link>
      </div>
    );
  }

  const set = (k: keyof Values) => (e: React.ChangeEvent<HTMLInputElement>) => setValues({ ...values, [k]: e.target.value });
  const err = (name: string) => fieldError(state, name);
  const input = (name: keyof Values, props: React.InputHTMLAttributes<HTMLInputElement> = {}) => (
    <input
      id={name}
      name={name}
      value={values[name]}
      onChange={set(name)}
      className="input input-lg w-full"
      aria-invalid={!!err(name)}
      aria-describedby={err(name) ? `${name}-error` : undefined}
      {...props}
    />
  );
  const preview = letterhead({ district: values.district, street: values.street, name: values.communityName });

  return (
    <form onSubmit={submitKeepingValues(action, startTransition)} className="mt-3 flex flex-col gap-5" noValidate>
      <FormAlert state={state} />
      <section aria-labelledby="setup-code-title" className="flex flex-col gap-1">
        <h2 id="setup-code-title" className="text-xl font-bold">
          {t("codeSection")}
        </h2>
        {codeJustPrinted && (
          <p role="status" className="alert alert-info text-base">
            {t("codePrinted")}
          </p>
        )}
        <Field label={t("codeLabel")} name="setupCode" error={err("setupCode")} hint={t("codeHint")}>
          {input("setupCode", { autoComplete: "off", autoCapitalize: "characters", spellCheck: false, placeholder: "XXXX-XXXX-XXXX", className: "input input-lg w-full font-mono tracking-widest" })}
        </Field>
      </section>

      <section aria-labelledby="setup-place-title" className="flex flex-col gap-1">
        <h2 id="setup-place-title" className="text-xl font-bold">
          {t("placeSection")}
        </h2>
        <Field label={t("district")} name="district" error={err("district")}>
          {input("district", { placeholder: t("districtPlaceholder"), maxLength: 40 })}
        </Field>
        <Field label={t("street")} name="street" error={err("street")}>
          {input("street", { placeholder: t("streetPlaceholder"), maxLength: 40 })}
        </Field>
        <Field label={t("communityName")} name="communityName" error={err("communityName")}>
          {input("communityName", { placeholder: t("communityNamePlaceholder"), maxLength: 40 })}
        </Field>
        <Field label={t("communityCode")} name="communityCode" error={err("communityCode")} hint={t("communityCodeHint")}>
          {input("communityCode", { autoCapitalize: "characters", autoComplete: "off", spellCheck: false, maxLength: 6, placeholder: "HX", className: "input input-lg w-full font-mono uppercase" })}
        </Field>
        <div className="mt-2 rounded-box border border-base-300 bg-base-200/50 p-4" aria-live="polite">
          <div className="text-sm font-medium text-base-content/70">{t("letterhead")}</div>
          <div className="text-sm text-base-content/70">{t("letterheadHint")}</div>
          {/* As the notice sheet prints it: red, bold, spaced. */}
          <div className={`mt-2 text-center text-xl font-bold tracking-widest break-words ${preview ? "text-[#b91c1c]" : "text-base-content/70 text-base font-normal tracking-normal"}`} data-testid="letterhead-preview">
            {preview || t("letterheadEmpty")}
          </div>
        </div>
      </section>

      <section aria-labelledby="setup-admin-title" className="flex flex-col gap-1">
        <h2 id="setup-admin-title" className="text-xl font-bold">
          {t("adminSection")}
        </h2>
        <p className="text-base text-base-content/70">{t("adminLead")}</p>
        <Field label={t("adminName")} name="adminName" error={err("adminName")}>
          {input("adminName", { autoComplete: "name" })}
        </Field>
        <Field label={t("adminPhone")} name="adminPhone" error={err("adminPhone")}>
          {input("adminPhone", { type: "tel", inputMode: "numeric", maxLength: 11, autoComplete: "tel" })}
        </Field>
        <Field label={t("password")} name="adminPassword" error={err("adminPassword")}>
          <p id="password-rule" className="text-sm text-base-content/70 pb-1">
            {t("passwordRule")}
          </p>
          {input("adminPassword", { type: "password", autoComplete: "new-password", "aria-describedby": err("adminPassword") ? "adminPassword-error password-rule" : "password-rule" })}
        </Field>
        <Field label={t("passwordConfirm")} name="adminPasswordConfirm" error={err("adminPasswordConfirm")}>
          {input("adminPasswordConfirm", { type: "password", autoComplete: "new-password" })}
        </Field>
      </section>

      <SubmitButton pendingLabel={t("submitting")} pending={pending}>
        {t("submit")}
      </SubmitButton>
    </form>
  );
}
