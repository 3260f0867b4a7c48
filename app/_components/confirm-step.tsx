"use client";
import { useTranslations } from "next-intl";
import { useActionState, useEffect, useId, useRef, useState, useTransition } from "react";
import type { ActionState } from "@/lib/actions/run";
import { FormAlert, SubmitButton } from "./form";

/**
 * What a two-step action returns: first what the step would do ("confirm", with the values the
 * server judged, sent back unchanged by the confirmation), then the result ("done").
 */
export type TwoStepData<P, R = unknown> = { step: "confirm"; preview: P; values: Record<string, string> } | { step: "done"; result: R };

/**
 * An irreversible step in two submits, both judged by the server: the first shows what will happen
 * (the details come from the server, not from the page), the second — a plain form with the same
 * values and `confirmed=1` — does it. No `window.confirm`: the confirmation is ordinary page
 * content a screen reader reads and a keyboard reaches; focus moves to it and back on "change".
 */
export function TwoStepForm<P>({
  action,
  className,
  children,
  submitLabel,
  submitClassName,
  confirmHeading,
  confirmLabel,
  confirmClassName,
  renderPreview,
  success,
}: {
  action: (prev: ActionState<TwoStepData<P>>, form: FormData) => Promise<ActionState<TwoStepData<P>>>;
  className?: string;
  /** The fields of the first step. */
  children: React.ReactNode;
  submitLabel: string;
  submitClassName: string;
  confirmHeading: string;
  confirmLabel: string;
  confirmClassName: string;
  renderPreview: (preview: P) => React.ReactNode;
  success?: string;
}) {
  const t = useTranslations("common");
  const [state, dispatch, pending] = useActionState<ActionState<TwoStepData<P>>, FormData>(action, null);
  // "Change" goes back to the fields without a round trip: the preview it dismisses is remembered.
  const [dismissed, setDismissed] = useState<ActionState<TwoStepData<P>>>(null);
  const [, startTransition] = useTransition();
  const headingId = useId();
  const headingRef = useRef<HTMLHeadingElement>(null);
  const firstFormRef = useRef<HTMLFormElement>(null);
  const confirming = state?.ok && state.data.step === "confirm" && state !== dismissed ? state.data : null;

  useEffect(() => {
    if (confirming) headingRef.current?.focus();
  }, [confirming]);

  // Submitted by hand so that React does not reset the fields: "change" must find them as they were.
  const submit = (e: React.FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const form = new FormData(e.currentTarget);
    startTransition(() => dispatch(form));
  };
  const back = () => {
    setDismissed(state);
    requestAnimationFrame(() => firstFormRef.current?.querySelector<HTMLElement>("input, select, textarea, button")?.focus());
  };

  return (
    <div className={className}>
      <form ref={firstFormRef} action={dispatch} onSubmit={submit} hidden={!!confirming} className="flex flex-col gap-2">
        {children}
        <FormAlert state={state && !state.ok ? state : null} />
        {state?.ok && state.data.step === "done" && success && <FormAlert state={state} success={success} />}
        <SubmitButton className={`${submitClassName} self-start`} pending={pending && !confirming}>
          {submitLabel}
        </SubmitButton>
      </form>
      {confirming && (
        <section aria-labelledby={headingId} className="rounded-box border-2 border-warning bg-warning/10 p-3 flex flex-col gap-3" data-testid="confirm-step">
          <h4 id={headingId} ref={headingRef} tabIndex={-1} className="font-semibold text-lg outline-none">
            {confirmHeading}
          </h4>
          {renderPreview(confirming.preview)}
          <p className="text-sm text-base-content/70">{t("confirmIrreversible")}</p>
          <form action={dispatch} onSubmit={submit} className="flex flex-wrap gap-2">
            {Object.entries(confirming.values).map(([k, v]) => (
              <input key={k} type="hidden" name={k} value={v} />
            ))}
            <input type="hidden" name="confirmed" value="1" />
            <SubmitButton className={confirmClassName} pending={pending}>
              {confirmLabel}
            </SubmitButton>
            <button type="button" className="btn btn-ghost btn-lg" onClick={back} disabled={pending}>
              {t("confirmBack")}
            </button>
          </form>
        </section>
      )}
    </div>
  );
}
