"use client";
import { useTranslations } from "next-intl";
import { useActionState, useTransition } from "react";
import { Field, FormAlert, SubmitButton, fieldError, submitKeepingValues } from "@/app/_components/form";
import { hideOpinionAction } from "./actions";

/** Staff hide an abusive opinion; the reason they give is shown to everyone in its place. */
export function HideOpinionForm({ topicId, opinionId }: { topicId: number; opinionId: number }) {
  const t = useTranslations("opinions");
  const [state, action, pending] = useActionState(hideOpinionAction.bind(null, topicId, opinionId), null);
  const [, startTransition] = useTransition();
  const id = `hide-${opinionId}-reason`;
  const error = fieldError(state, "reason");
  return (
    <form onSubmit={submitKeepingValues(action, startTransition)} className="flex flex-col gap-2" noValidate>
      <FormAlert state={state} />
      <Field label={t("hideReason")} name={id} error={error}>
        <input
          id={id}
          name="reason"
          maxLength={200}
          placeholder={t("hideReasonPlaceholder")}
          className="input input-lg w-full"
          aria-invalid={!!error}
          aria-describedby={error ? `${id}-error` : undefined}
        />
      </Field>
      <SubmitButton pending={pending} pendingLabel={t("hiding")} className="btn-error self-stretch sm:self-start">
        {t("hideSubmit")}
      </SubmitButton>
    </form>
  );
}
