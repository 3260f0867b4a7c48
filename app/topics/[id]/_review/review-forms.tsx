"use client";
import { useTranslations } from "next-intl";
import { useActionState, useTransition } from "react";
import { Field, FormAlert, SubmitButton, fieldError, submitKeepingValues } from "@/app/_components/form";
import type { ActionState } from "@/lib/actions/run";
import { residentAnswers } from "@/lib/domain/close-rule";
import { answerSatisfactionAction, assignSupervisorsAction, concludeReviewAction, recordReviewCheckAction } from "./actions";

type Bound = (prev: ActionState, form: FormData) => Promise<ActionState>;
const box = "rounded-box border border-base-300 p-3 flex flex-col gap-2";

export function AssignSupervisorsForm({ topicId, candidates }: { topicId: number; candidates: { personId: number; name: string; displayNumber: string }[] }) {
  const t = useTranslations("ratings.review");
  const [state, action] = useActionState<ActionState, FormData>(assignSupervisorsAction.bind(null, topicId) as Bound, null);
  if (candidates.length === 0) return <p className="text-sm text-base-content/70">{t("noCandidates")}</p>;
  return (
    <form action={action} className={box}>
      <fieldset className="flex flex-col gap-1">
        <legend className="font-semibold">{t("assign")}</legend>
        <p className="text-sm text-base-content/70">{t("assignHint")}</p>
        {candidates.map((c) => (
          <label key={c.personId} className="flex items-center gap-2 text-base cursor-pointer">
            <input type="checkbox" name="personIds" value={c.personId} className="checkbox checkbox-primary" />
            <span>{c.name}</span>
            <span className="font-mono text-sm text-base-content/60">{c.displayNumber}</span>
          </label>
        ))}
      </fieldset>
      <FormAlert state={state} success={t("assigned")} />
      <SubmitButton className="btn-primary self-start">{t("assignSubmit")}</SubmitButton>
    </form>
  );
}

export function SatisfactionForm({ topicId }: { topicId: number }) {
  const t = useTranslations("ratings");
  const [state, action, pending] = useActionState<ActionState, FormData>(answerSatisfactionAction.bind(null, topicId) as Bound, null);
  const [, startTransition] = useTransition();
  return (
    <form onSubmit={submitKeepingValues(action, startTransition)} className={box}>
      <fieldset className="flex flex-col gap-1">
        <legend className="font-semibold">{t("review.yourAnswer")}</legend>
        <div className="flex flex-wrap gap-3">
          {residentAnswers.map((a) => (
            <label key={a} className="flex items-center gap-2 text-lg cursor-pointer">
              <input type="radio" name="answer" value={a} className="radio radio-primary" required />
              {t(`answers.${a}`)}
            </label>
          ))}
        </div>
      </fieldset>
      <Field label={t("review.answerComment")} name="comment" error={fieldError(state, "comment")}>
        <textarea id="comment" name="comment" maxLength={300} rows={2} className="textarea w-full text-base" />
      </Field>
      <FormAlert state={state} success={t("review.answerDone")} />
      <SubmitButton className="btn-primary self-start" pending={pending}>
        {t("review.answerSubmit")}
      </SubmitButton>
    </form>
  );
}

export function ConcludeForm({ topicId, met }: { topicId: number; met: boolean }) {
  const t = useTranslations("ratings.review");
  const [state, action] = useActionState<ActionState, FormData>(concludeReviewAction.bind(null, topicId) as Bound, null);
  return (
    <form
      action={action}
      className={box}
      onSubmit={(e) => {
        if (!window.confirm(t("concludeConfirm"))) e.preventDefault();
      }}
    >
      <p className="text-sm text-base-content/70">{met ? t("concludeHintMet") : t("concludeHintNotMet")}</p>
      {met && (
        <Field label={t("reviewOn")} name="reviewOn" error={fieldError(state, "reviewOn")}>
          <input id="reviewOn" name="reviewOn" type="date" className="input w-full text-base" />
        </Field>
      )}
      <FormAlert state={state} success={t("concluded")} />
      <SubmitButton className={`${met ? "btn-success" : "btn-warning"} self-start`}>{t("conclude")}</SubmitButton>
    </form>
  );
}

export function ReviewCheckForm({ topicId }: { topicId: number }) {
  const t = useTranslations("ratings.review");
  const [state, action, pending] = useActionState<ActionState, FormData>(recordReviewCheckAction.bind(null, topicId) as Bound, null);
  const [, startTransition] = useTransition();
  return (
    <form onSubmit={submitKeepingValues(action, startTransition)} className={box}>
      <fieldset className="flex flex-col gap-1">
        <legend className="font-semibold">{t("checkHeading")}</legend>
        {(["held", "failed"] as const).map((o) => (
          <label key={o} className="flex items-center gap-2 text-base cursor-pointer">
            <input type="radio" name="outcome" value={o} className="radio radio-primary" required defaultChecked={o === "held"} />
            {t(o)}
          </label>
        ))}
      </fieldset>
      <Field label={t("checkNote")} name="note" error={fieldError(state, "note") ?? fieldError(state, "reason")}>
        <textarea id="note" name="note" maxLength={500} rows={2} className="textarea w-full text-base" />
      </Field>
      <FormAlert state={state} success={t("checkDone")} />
      <SubmitButton className="btn-primary self-start" pending={pending}>
        {t("checkSubmit")}
      </SubmitButton>
    </form>
  );
}
