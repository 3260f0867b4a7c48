"use client";
import { useTranslations } from "next-intl";
import { useActionState, useState, useTransition } from "react";
import { FormAlert, SubmitButton, fieldError, submitKeepingValues } from "@/app/_components/form";
import type { BallotChoice } from "@/lib/domain/vote-rules";
import { castVoteAction } from "../../actions";

const choiceStyle: Record<BallotChoice, { radio: string; box: string }> = {
  agree: { radio: "radio-success", box: "has-[:checked]:border-success has-[:checked]:bg-success/10" },
  disagree: { radio: "radio-error", box: "has-[:checked]:border-error has-[:checked]:bg-error/10" },
  abstain: { radio: "radio-neutral", box: "has-[:checked]:border-base-content/50 has-[:checked]:bg-base-200" },
};

export type VoteFormProps = {
  ballotId: number;
  electorKey: string;
  label: string;
  viaProxy: boolean;
  /** Whether the person votes for more than one elector (then each form names whom it is for). */
  several: boolean;
  kind: "single" | "choice";
  options: { planId: number; title: string }[];
  /** The reader's own current vote; always null for a principal (a proxy never sees their choice). */
  current: { choice: BallotChoice | null; planId: number | null; channel: "online" | "paper" } | null;
  /** Whether a vote is in for this elector (for a principal: all the proxy is told). */
  voted: boolean;
  /** Whether the reader may still cast or change it: not over a paper ballot, nor (as proxy) over a vote someone else cast. */
  mayVote: boolean;
};

/**
 * The voting form of one elector: big, clearly separated choices, the current vote preselected,
 * and "change my vote" once one is in. A paper ballot already entered ends it here.
 */
export function VoteForm({ ballotId, electorKey, label, viaProxy, several, kind, options, current, voted, mayVote }: VoteFormProps) {
  const t = useTranslations("ballots");
  const [state, action, pending] = useActionState(castVoteAction.bind(null, ballotId, electorKey), null);
  const [, startTransition] = useTransition();
  const [choice, setChoice] = useState<string>(kind === "single" ? (current?.choice ?? "") : String(current?.planId ?? ""));
  const id = `vote-${electorKey.replace(/[^a-z0-9]/gi, "-")}`;
  const err = fieldError(state, kind === "single" ? "choice" : "planId");
  const heading = viaProxy ? t("vote.forPrincipal", { label }) : several ? t("vote.forSelf", { label }) : null;

  const proxyStatus = viaProxy && (
    <p className="text-base" role="status">
      <span className={`badge badge-lg ${voted ? "badge-success" : "badge-outline"}`}>{voted ? t("vote.principalVoted") : t("vote.principalNotVoted")}</span>
    </p>
  );

  if (current?.channel === "paper" || !mayVote) {
    return (
      <div className="rounded-box border border-base-300 p-4 flex flex-col gap-2">
        {heading && <h3 className="font-semibold text-lg">{heading}</h3>}
        {proxyStatus}
        <p className="text-base">{viaProxy ? t("vote.votedByOther") : t("vote.paperIn")}</p>
      </div>
    );
  }

  const currentText = current ? (kind === "single" && current.choice ? t(`choices.${current.choice}`) : (options.find((o) => o.planId === current.planId)?.title ?? "")) : null;

  return (
    <form onSubmit={submitKeepingValues(action, startTransition)} className="rounded-box border border-base-300 p-4 flex flex-col gap-3" noValidate aria-labelledby={heading ? `${id}-heading` : undefined}>
      {heading && (
        <h3 id={`${id}-heading`} className="font-semibold text-lg">
          {heading}
        </h3>
      )}
      {proxyStatus}
      {viaProxy && <p className="text-sm text-base-content/70">{t("vote.principalSecret")}</p>}
      {currentText && (
        <p className="text-base" role="status">
          {t("vote.current", { choice: currentText })}
        </p>
      )}
      <FormAlert state={state} success={state?.ok && state.data.changed ? t("vote.changed") : t("vote.recorded")} />
      <fieldset className="flex flex-col sm:flex-row gap-2" role="radiogroup" aria-invalid={!!err} aria-describedby={err ? `${id}-error` : undefined}>
        <legend className="sr-only">{kind === "single" ? t("vote.legendSingle") : t("vote.legendChoice")}</legend>
        {kind === "single"
          ? (["agree", "disagree", "abstain"] as const).map((c) => (
              <label key={c} className={`flex-1 flex items-center gap-3 rounded-box border-2 border-base-300 px-4 py-4 cursor-pointer text-xl font-semibold ${choiceStyle[c].box}`}>
                <input type="radio" name="choice" value={c} checked={choice === c} onChange={() => setChoice(c)} className={`radio radio-lg ${choiceStyle[c].radio}`} />
                {t(`choices.${c}`)}
              </label>
            ))
          : options.map((o) => (
              <label key={o.planId} className="flex-1 flex items-center gap-3 rounded-box border-2 border-base-300 px-4 py-4 cursor-pointer text-lg font-semibold has-[:checked]:border-primary has-[:checked]:bg-primary/10">
                <input type="radio" name="planId" value={o.planId} checked={choice === String(o.planId)} onChange={() => setChoice(String(o.planId))} className="radio radio-lg radio-primary" />
                {o.title}
              </label>
            ))}
      </fieldset>
      {err && (
        <p id={`${id}-error`} className="text-error text-sm" role="alert">
          {err}
        </p>
      )}
      <div>
        <SubmitButton pending={pending} pendingLabel={t("vote.submitting")} className="btn-primary w-full sm:w-auto">
          {current || voted ? t("vote.change") : t("vote.submit")}
        </SubmitButton>
      </div>
      {(current || voted) && <p className="text-sm text-base-content/60">{t("vote.changeHint")}</p>}
    </form>
  );
}
