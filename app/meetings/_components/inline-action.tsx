"use client";
import { useActionState } from "react";
import type { ActionState } from "@/lib/actions/run";

/**
 * A one-button form for a bound server action (tick off, open check-in, answer an invitation…),
 * with the refusal shown next to it. `confirm` asks before an action that cannot be undone.
 */
export function InlineAction({
  action,
  label,
  pendingLabel,
  className = "btn-outline",
  confirm,
  fields,
  done,
}: {
  action: (prev: ActionState<unknown>, form: FormData) => Promise<ActionState<unknown>>;
  label: string;
  pendingLabel?: string;
  className?: string;
  confirm?: string;
  fields?: Record<string, string>;
  done?: string;
}) {
  const [state, formAction, pending] = useActionState(action, null);
  return (
    <form
      action={formAction}
      className="inline-flex flex-col gap-1"
      onSubmit={(e) => {
        if (confirm && !window.confirm(confirm)) e.preventDefault();
      }}
    >
      {fields && Object.entries(fields).map(([k, v]) => <input key={k} type="hidden" name={k} value={v} />)}
      <button type="submit" className={`btn ${className}`} disabled={pending} aria-disabled={pending}>
        {pending && <span className="loading loading-spinner loading-sm" aria-hidden />}
        {pending && pendingLabel ? pendingLabel : label}
      </button>
      {state && !state.ok && (
        <p className="text-error text-sm" role="alert">
          {state.message}
        </p>
      )}
      {state?.ok && done && (
        <p className="text-success text-sm" role="status">
          {done}
        </p>
      )}
    </form>
  );
}
