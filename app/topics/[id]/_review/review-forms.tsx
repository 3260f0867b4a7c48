"use client";
import { useTranslations } from "next-intl";
import { useActionState, useTransition } from "react";
import { TwoStepForm, type TwoStepData } from "@/app/_components/confirm-step";
import { Field, FormAlert, SubmitButton, fieldError, submitKeepingValues } from "@/app/_components/form";
import type { ActionState } from "@/lib/actions/run";
import { residentAnswers } from "@/lib/domain/close-rule";
import type { previewConcludeReview } from "@/lib/ratings/conclude-review";
import { answerSatisfactionAction, assignSupervisorsAction, concludeReviewAction, excuseSupervisorAction, recordReviewCheckAction } from "./actions";

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

type ConcludePreview = Awaited<ReturnType<typeof previewConcludeReview>>;
type TwoStep<P> = (prev: ActionState<TwoStepData<P>>, form: FormData) => Promise<ActionState<TwoStepData<P>>>;

/**
 * The close rule's checks with their figures; a check that measured nothing says so. Each row is
 * the check's name, then "value / 需 ≥ threshold ✓": on a phone the two stack (the table must never
 * be wider than the screen), from `sm` on they share one line.
 */
export function ChecksTable({ checks }: { checks: { key: string; met: boolean; value: string; threshold: string }[] }) {
  const t = useTranslations("ratings");
  return (
    <table className="block w-full text-base">
      <thead className="sr-only">
        <tr>
          <th>{t("review.check")}</th>
          <th>
            {t("review.value")} / {t("review.threshold")}
          </th>
        </tr>
      </thead>
      <tbody className="block">
        {checks.map((c) => (
          <tr key={c.key} data-check={c.key} data-met={c.met} className="flex flex-col sm:flex-row sm:flex-wrap sm:items-baseline sm:justify-between gap-x-4 border-b border-base-300 last:border-b-0 py-2">
            <th scope="row" className="text-left font-normal min-w-0">
              {t(`checks.${c.key}` as never)}
            </th>
            <td className="tabular-nums">
              <span data-value className="font-semibold">
                {c.value}
              </span>{" "}
              / {t("review.required", { threshold: c.threshold })}{" "}
              <span className={c.met ? "text-success" : "text-error"}>{c.met ? "✓" : c.value === "—" || c.value.startsWith("0/0") ? t("review.notMetNothing") : "✗"}</span>
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/**
 * Concluding closes the topic or sends it back for rectification, by the rule: the first submit
 * shows which, with the figures, and only "确认结束评议" does it.
 */
export function ConcludeForm({ topicId, met }: { topicId: number; met: boolean }) {
  const t = useTranslations("ratings.review");
  return (
    <TwoStepForm<ConcludePreview>
      className={box}
      action={concludeReviewAction.bind(null, topicId) as TwoStep<ConcludePreview>}
      submitLabel={t("conclude")}
      submitClassName={met ? "btn-success" : "btn-warning"}
      confirmHeading={t("concludeConfirmHeading")}
      confirmLabel={t("concludeConfirmButton")}
      confirmClassName={met ? "btn-success" : "btn-warning"}
      success={t("concluded")}
      renderPreview={(p) => (
        <div className="flex flex-col gap-2 text-base" data-testid="conclude-preview" data-outcome={p.outcome}>
          <p className="font-medium">{p.outcome === "closed" ? t("outcomeClosed") : t("outcomeRectifying", { round: p.round + 2 })}</p>
          {p.reviewOn && <p>{t("outcomeReviewOn", { date: p.reviewOn })}</p>}
          <ChecksTable checks={p.checks} />
        </div>
      )}
    >
      <p className="text-sm text-base-content/70">{met ? t("concludeHintMet") : t("concludeHintNotMet")}</p>
      {met && (
        <Field label={t("reviewOn")} name="reviewOn">
          <input id="reviewOn" name="reviewOn" type="date" className="input w-full text-base" />
        </Field>
      )}
    </TwoStepForm>
  );
}

/** Staff record why an assigned supervisor cannot rate this round. */
export function ExcuseSupervisorForm({ topicId, personId, name }: { topicId: number; personId: number; name: string }) {
  const t = useTranslations("ratings.review");
  const [state, action, pending] = useActionState<ActionState, FormData>(excuseSupervisorAction.bind(null, topicId, personId) as Bound, null);
  const [, startTransition] = useTransition();
  const field = `excuse-${personId}`;
  return (
    <details className="w-full">
      <summary className="cursor-pointer text-base link">
        {t("excuse")}
        <span className="sr-only">：{name}</span>
      </summary>
      <form onSubmit={submitKeepingValues(action, startTransition)} className={`${box} mt-2`} aria-label={`${t("excuse")}：${name}`}>
        <p className="text-sm text-base-content/70">{t("excuseHint")}</p>
        <Field label={t("excuseReason")} name={field} error={fieldError(state, "reason")}>
          <input id={field} name="reason" maxLength={200} required minLength={2} className="input w-full text-base" />
        </Field>
        <FormAlert state={state} success={t("excused")} />
        <SubmitButton className="btn-outline self-start" pending={pending}>
          {t("excuseSubmit")}
        </SubmitButton>
      </form>
    </details>
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
