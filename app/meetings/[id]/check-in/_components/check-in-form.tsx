"use client";
import { useActionState } from "react";
import { SubmitButton } from "@/app/_components/form";
import { Alert } from "@/app/_components/ui";
import type { ActionState } from "@/lib/actions/run";
import type { CheckInResult } from "@/lib/meetings/check-in";
import { formatDate } from "@/lib/i18n/dates";

/** The page's words; `at` holds "{time}", filled in with the moment the server recorded. */
type Labels = { button: string; pending: string; done: string; already: string; at: string };

/**
 * The one button that checks a person in. Its answer replaces it: 签到成功 the first time,
 * "already checked in" when another tab or a staff member got there first.
 */
export function CheckInForm({ action, labels, locale }: { action: (prev: ActionState<CheckInResult>, form: FormData) => Promise<ActionState<CheckInResult>>; labels: Labels; locale: string }) {
  const [state, formAction] = useActionState(action, null);
  const time = (d: Date) => formatDate(d, locale === "en" ? "en" : "zh-CN", "time");
  if (state?.ok) {
    return (
      <div role="status" className="alert alert-success text-lg flex-col" data-testid="check-in-result">
        <span className="text-4xl" aria-hidden>
          ✓
        </span>
        <span>{state.data.already ? labels.already : labels.done}</span>
        <span className="text-base">{labels.at.replace("{time}", time(new Date(state.data.at)))}</span>
      </div>
    );
  }
  return (
    <form action={formAction} className="flex flex-col gap-3">
      {state && !state.ok && (
        <Alert tone="error" role="alert">
          {state.message}
        </Alert>
      )}
      <SubmitButton className="btn-primary text-xl min-h-16" pendingLabel={labels.pending}>
        {labels.button}
      </SubmitButton>
    </form>
  );
}
