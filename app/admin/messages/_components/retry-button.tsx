"use client";
import { useActionState } from "react";
import { retryMessageAction } from "../actions";

/** The retry of one failed message; its words come from the page (the admin area's client messages hold no reminders namespace). */
export function RetryButton({ messageId, label, done }: { messageId: number; label: string; done: string }) {
  const [state, action, pending] = useActionState(retryMessageAction.bind(null, messageId), null);
  if (state?.ok) return <span role="status" className="text-success">{done}</span>;
  return (
    <form action={action} className="flex flex-col gap-1">
      <button type="submit" className="btn btn-outline btn-primary min-h-11" disabled={pending} aria-disabled={pending}>
        {pending && <span className="loading loading-spinner loading-sm" aria-hidden />}
        {label}
      </button>
      {state && !state.ok && (
        <span role="alert" className="text-error text-sm">
          {state.message}
        </span>
      )}
    </form>
  );
}
