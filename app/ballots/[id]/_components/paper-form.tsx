"use client";
import { useTranslations } from "next-intl";
import { useActionState, useState, useTransition } from "react";
import { Field, FormAlert, SubmitButton, fieldError, submitKeepingValues } from "@/app/_components/form";
import type { ActionState } from "@/lib/actions/run";
import { paperBallotAction } from "../../actions";

/**
 * Staff enter a paper ballot (纸质票): the elector from the electorate list (those who voted
 * already are shown but cannot be chosen), the choice, and the witness (监票人).
 */
export function PaperForm({
  ballotId,
  kind,
  options,
  electors,
}: {
  ballotId: number;
  kind: "single" | "choice";
  options: { planId: number; title: string }[];
  electors: { electorKey: string; label: string; voted: boolean }[];
}) {
  const t = useTranslations("ballots");
  const [state, action, pending] = useActionState(paperBallotAction.bind(null, ballotId), null);
  const [, startTransition] = useTransition();
  const [seen, setSeen] = useState<ActionState>(null);
  const [round, setRound] = useState(0);
  if (state !== seen) {
    setSeen(state);
    if (state?.ok) setRound((r) => r + 1);
  }
  const err = (n: string) => fieldError(state, n);
  const choiceName = kind === "single" ? "choice" : "planId";

  return (
    <form key={round} onSubmit={submitKeepingValues(action, startTransition)} className="flex flex-col gap-2" noValidate>
      <FormAlert state={state} success={t("paper.entered")} />
      <Field label={t("paper.elector")} name="paper-elector" error={err("electorKey")}>
        <select id="paper-elector" name="electorKey" defaultValue="" className="select select-lg w-full" aria-invalid={!!err("electorKey")}>
          <option value="">{t("paper.chooseElector")}</option>
          {electors.map((e) => (
            <option key={e.electorKey} value={e.electorKey} disabled={e.voted}>
              {e.label}
              {e.voted ? ` · ${t("paper.votedAlready")}` : ""}
            </option>
          ))}
        </select>
      </Field>
      <fieldset className="fieldset py-1" aria-invalid={!!err(choiceName)}>
        <legend className="fieldset-legend text-base font-medium">{t("paper.choice")}</legend>
        <div className="flex flex-wrap gap-x-6 gap-y-1">
          {kind === "single"
            ? (["agree", "disagree", "abstain"] as const).map((c) => (
                <label key={c} className="flex items-center gap-2 py-2 cursor-pointer text-lg">
                  <input type="radio" name="choice" value={c} className="radio radio-primary" />
                  {t(`choices.${c}`)}
                </label>
              ))
            : options.map((o) => (
                <label key={o.planId} className="flex items-center gap-2 py-2 cursor-pointer text-lg">
                  <input type="radio" name="planId" value={o.planId} className="radio radio-primary" />
                  {o.title}
                </label>
              ))}
        </div>
        {err(choiceName) && (
          <p className="text-error text-sm" role="alert">
            {err(choiceName)}
          </p>
        )}
      </fieldset>
      <Field label={t("paper.witness")} name="paper-witness" error={err("witness")} hint={t("paper.witnessHint")}>
        <input id="paper-witness" name="witness" maxLength={30} className="input input-lg w-full" aria-invalid={!!err("witness")} />
      </Field>
      <div>
        <SubmitButton pending={pending} pendingLabel={t("paper.entering")} className="btn-primary">
          {t("paper.submit")}
        </SubmitButton>
      </div>
    </form>
  );
}
