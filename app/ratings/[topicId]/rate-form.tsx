"use client";
import { useTranslations } from "next-intl";
import { useActionState, useTransition } from "react";
import { Field, FormAlert, SubmitButton, fieldError, submitKeepingValues } from "@/app/_components/form";
import type { ActionState } from "@/lib/actions/run";
import { maxScore, minScore, ratingDimensions } from "@/lib/domain/close-rule";
import { rateTopicAction } from "./actions";

type Bound = (prev: ActionState, form: FormData) => Promise<ActionState>;
const scores = Array.from({ length: maxScore - minScore + 1 }, (_, i) => minScore + i);

/** Five dimensions 1–5 as radio groups (keyboard-friendly, no script needed to read), a comment, photos. */
export function RateForm({ topicId }: { topicId: number }) {
  const t = useTranslations("ratings");
  const [state, action, pending] = useActionState<ActionState, FormData>(rateTopicAction.bind(null, topicId) as Bound, null);
  const [, startTransition] = useTransition();
  if (state?.ok) {
    return (
      <div role="status" className="alert alert-success text-base">
        {t("rate.done")}
      </div>
    );
  }
  return (
    <form onSubmit={submitKeepingValues(action, startTransition)} className="flex flex-col gap-3" encType="multipart/form-data">
      <p className="text-sm text-base-content/70">{t("rate.scoreHint")}</p>
      {ratingDimensions.map((d) => {
        const error = fieldError(state, d);
        return (
          <fieldset key={d} className="flex flex-col gap-1" aria-describedby={error ? `${d}-error` : undefined}>
            <legend className="font-medium text-lg">{t(`dimensions.${d}`)}</legend>
            <div className="flex gap-4">
              {scores.map((s) => (
                <label key={s} className="flex items-center gap-1 text-lg cursor-pointer">
                  <input type="radio" name={d} value={s} required className="radio radio-primary" />
                  {s}
                </label>
              ))}
            </div>
            {error && (
              <p id={`${d}-error`} className="text-error text-sm" role="alert">
                {error}
              </p>
            )}
          </fieldset>
        );
      })}
      <Field label={t("rate.comment")} name="comment" hint={t("rate.commentHint")} error={fieldError(state, "comment")}>
        <textarea id="comment" name="comment" required minLength={2} maxLength={1000} rows={4} className="textarea w-full text-base" />
      </Field>
      <Field label={t("rate.photos")} name="photos" error={fieldError(state, "photos")}>
        <input id="photos" name="photos" type="file" accept="image/jpeg,image/png,image/gif,image/webp" multiple className="file-input w-full" />
      </Field>
      <FormAlert state={state} />
      <SubmitButton className="btn-primary self-start" pending={pending} pendingLabel={t("rate.submitting")}>
        {t("rate.submit")}
      </SubmitButton>
    </form>
  );
}
