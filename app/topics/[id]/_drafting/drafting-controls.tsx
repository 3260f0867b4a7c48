"use client";
import { useTranslations } from "next-intl";
import { useActionState } from "react";
import { FormAlert, SubmitButton, fieldError } from "@/app/_components/form";
import type { ActionState } from "@/lib/actions/run";
import { afterFailedVoteAction, setAlternativesAction, startDraftingAction } from "./actions";

type Bound = (prev: ActionState, form: FormData) => Promise<ActionState>;

export type DraftingControlsProps = {
  topicId: number;
  /** consulting → drafting. */
  mayStartDrafting: boolean;
  /** Shown while the topic is in consulting or drafting. */
  alternatives: { allowed: boolean; mayToggle: boolean };
  /** After a failed vote: redraft or close. */
  mayDecide: boolean;
};

/** The staff's drafting controls on a topic: start drafting, let residents submit alternatives, decide after a failed vote. */
export function DraftingControls({ topicId, mayStartDrafting, alternatives, mayDecide }: DraftingControlsProps) {
  const section = "rounded-box border border-base-300 p-3 flex flex-col gap-2";
  return (
    <div className="flex flex-col gap-3">
      {mayStartDrafting && <StartDrafting topicId={topicId} className={section} />}
      {alternatives.mayToggle && <AlternativesSwitch topicId={topicId} allowed={alternatives.allowed} className={section} />}
      {mayDecide && <AfterFailedVote topicId={topicId} className={section} />}
    </div>
  );
}

function StartDrafting({ topicId, className }: { topicId: number; className: string }) {
  const t = useTranslations("notices.drafting");
  const [state, action] = useActionState<ActionState, FormData>(startDraftingAction.bind(null, topicId) as Bound, null);
  return (
    <form
      action={action}
      className={className}
      onSubmit={(e) => {
        if (!window.confirm(t("startDraftingConfirm"))) e.preventDefault();
      }}
    >
      <p className="text-sm text-base-content/70">{t("startDraftingHint")}</p>
      <FormAlert state={state} />
      <SubmitButton className="btn-primary self-start">{t("startDrafting")}</SubmitButton>
    </form>
  );
}

function AlternativesSwitch({ topicId, allowed, className }: { topicId: number; allowed: boolean; className: string }) {
  const t = useTranslations("notices.drafting");
  const [state, action, pending] = useActionState<ActionState, FormData>(setAlternativesAction.bind(null, topicId, !allowed) as Bound, null);
  return (
    <form action={action} className={className}>
      {/* A submit button acting as the switch: it works by keyboard and before any script has loaded. */}
      <button type="submit" role="switch" aria-checked={allowed} disabled={pending} aria-disabled={pending} className="flex items-center gap-3 text-left cursor-pointer disabled:cursor-wait" data-testid="alternatives-switch">
        {/* Only the look of daisyUI's toggle (it styles [aria-checked=true]); the button is the control. */}
        <span aria-hidden aria-checked={allowed} className="toggle toggle-primary pointer-events-none" />
        <span className="font-medium text-lg">{t("alternatives")}</span>
        {pending && <span className="loading loading-spinner loading-sm" aria-hidden />}
      </button>
      <p className="text-sm text-base-content/70">{allowed ? t("alternativesOn") : t("alternativesOff")}</p>
      {state && !state.ok && (
        <p className="text-error text-sm" role="alert">
          {state.message}
        </p>
      )}
    </form>
  );
}

function AfterFailedVote({ topicId, className }: { topicId: number; className: string }) {
  const t = useTranslations("notices.drafting");
  const [state, action] = useActionState<ActionState, FormData>(afterFailedVoteAction.bind(null, topicId) as Bound, null);
  const reasonError = fieldError(state, "reason");
  const decisionError = fieldError(state, "decision");
  return (
    <form action={action} className={className}>
      <h3 className="font-semibold text-lg">{t("failedHeading")}</h3>
      <p className="text-sm text-base-content/70">{t("failedHint")}</p>
      <FormAlert state={state} />
      <fieldset className="flex flex-col gap-2" aria-invalid={!!decisionError}>
        <legend className="text-base-content/70 mb-1">{t("decision")}</legend>
        {(["redraft", "closeFailed"] as const).map((d) => (
          <label key={d} className="flex items-center gap-2 cursor-pointer text-lg">
            <input type="radio" name="decision" value={d} defaultChecked={d === "redraft"} className="radio radio-primary" />
            {t(`decisions.${d}`)}
          </label>
        ))}
      </fieldset>
      <label htmlFor={`after-vote-reason-${topicId}`} className="font-medium">
        {t("reason")}
      </label>
      <textarea
        id={`after-vote-reason-${topicId}`}
        name="reason"
        rows={3}
        maxLength={300}
        className="textarea textarea-lg w-full"
        aria-invalid={!!reasonError}
        aria-describedby={`after-vote-reason-${topicId}-hint`}
      />
      <p id={`after-vote-reason-${topicId}-hint`} className={`text-sm ${reasonError ? "text-error" : "text-base-content/60"}`}>
        {reasonError ?? t("reasonHint")}
      </p>
      <SubmitButton className="btn-primary self-start">{t("submitDecision")}</SubmitButton>
    </form>
  );
}
