"use client";
import { useFormStatus } from "react-dom";
import type { ActionState } from "@/lib/actions/run";
import { Alert } from "./ui";

/** Form pieces shared by every screen: labelled fields with their error, the result alert, the submit button. */

export function SubmitButton({
  children,
  pendingLabel,
  className = "btn-primary",
  pending: pendingProp,
}: {
  children: React.ReactNode;
  pendingLabel?: string;
  className?: string;
  /** For forms submitted from onSubmit, where useFormStatus does not see the submission. */
  pending?: boolean;
}) {
  const status = useFormStatus();
  const pending = pendingProp ?? status.pending;
  return (
    <button type="submit" className={`btn ${className} btn-lg`} disabled={pending} aria-disabled={pending}>
      {pending && <span className="loading loading-spinner loading-sm" aria-hidden />}
      {pending && pendingLabel ? pendingLabel : children}
    </button>
  );
}

export function Field({
  label,
  name,
  error,
  hint,
  children,
}: {
  label: string;
  name: string;
  error?: string;
  hint?: string;
  children: React.ReactNode;
}) {
  return (
    <div className="fieldset py-1">
      <label htmlFor={name} className="fieldset-legend text-base font-medium pb-1">
        {label}
      </label>
      {children}
      {hint && !error && <p className="text-sm text-base-content/60 mt-1">{hint}</p>}
      {error && (
        <p id={`${name}-error`} className="text-error text-sm mt-1" role="alert">
          {error}
        </p>
      )}
    </div>
  );
}

export function FormAlert({ state, success }: { state: ActionState; success?: string }) {
  if (!state) return null;
  if (state.ok) {
    return success ? (
      <Alert tone="success" role="status">
        {success}
      </Alert>
    ) : null;
  }
  return (
    <Alert tone="error" role="alert">
      {state.message}
    </Alert>
  );
}

/**
 * Submits a form to an action without React's automatic form reset, so that a person who made
 * one mistake keeps everything else they entered (React 19 resets even controlled selects).
 */
export function submitKeepingValues(action: (form: FormData) => void, startTransition: React.TransitionStartFunction) {
  return (e: React.FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const form = new FormData(e.currentTarget);
    startTransition(() => action(form));
  };
}

/** The error of one field from an action's state, if any. */
export function fieldError(state: ActionState, name: string): string | undefined {
  return state && !state.ok ? state.fields?.[name] : undefined;
}
