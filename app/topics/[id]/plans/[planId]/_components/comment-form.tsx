"use client";
import { useTranslations } from "next-intl";
import { useActionState, useState, useTransition } from "react";
import { Field, FormAlert, SubmitButton, fieldError, submitKeepingValues } from "@/app/_components/form";
import type { ActionState } from "@/lib/actions/run";
import { commentOnPlanAction } from "../../actions";

/** A comment on the plan's current revision. The text stays after a refused submit and clears after a saved one. */
export function PlanCommentForm({ topicId, planId, revision }: { topicId: number; planId: number; revision: number }) {
  const t = useTranslations("plans.comments");
  const [state, action, pending] = useActionState(commentOnPlanAction.bind(null, topicId, planId), null);
  const [, startTransition] = useTransition();
  const [seen, setSeen] = useState<ActionState>(null);
  const [round, setRound] = useState(0);
  if (state !== seen) {
    setSeen(state);
    if (state?.ok) setRound((r) => r + 1);
  }
  const err = fieldError(state, "body");
  return (
    <form key={round} onSubmit={submitKeepingValues(action, startTransition)} className="flex flex-col gap-2" noValidate>
      <FormAlert state={state} success={t("posted")} />
      <Field label={t("label", { revision })} name="plan-comment" error={err} hint={t("hint")}>
        <textarea
          id="plan-comment"
          name="body"
          rows={4}
          maxLength={1000}
          placeholder={t("placeholder")}
          className="textarea textarea-lg w-full text-base leading-relaxed"
          aria-invalid={!!err}
          aria-describedby={err ? "plan-comment-error" : undefined}
        />
      </Field>
      <SubmitButton pending={pending} pendingLabel={t("submitting")} className="btn-primary self-stretch sm:self-start">
        {t("submit")}
      </SubmitButton>
    </form>
  );
}
