"use client";
import { useTranslations } from "next-intl";
import { useActionState } from "react";
import { FormAlert, SubmitButton, fieldError } from "@/app/_components/form";
import type { ActionState } from "@/lib/actions/run";
import { admitAction, cosignAction, escalateAction, mergeAction, rejectAction } from "../actions";

type Bound = (prev: ActionState, form: FormData) => Promise<ActionState>;

export function CosignButton({ topicId }: { topicId: number }) {
  const t = useTranslations("topics.detail");
  const [state, action] = useActionState<ActionState, FormData>(cosignAction.bind(null, topicId) as Bound, null);
  return (
    <form action={action} className="flex flex-col gap-2">
      <FormAlert state={state} />
      <SubmitButton className="btn-primary w-full sm:w-auto">{t("cosignButton")}</SubmitButton>
    </form>
  );
}

/** The staff's admission panel: admit with a level, reject with a public reason, merge, escalate. */
export function StaffPanel({
  topicId,
  transitions,
  defaultLevel,
  level,
  mergeTargets,
}: {
  topicId: number;
  transitions: string[];
  /** The catalog item's usual level, proposed when admitting. */
  defaultLevel: "grid" | "community";
  level: "grid" | "community";
  mergeTargets: { id: number; title: string }[];
}) {
  const t = useTranslations("topics.detail");
  const tc = useTranslations("common");
  const [admitState, admit] = useActionState<ActionState, FormData>(admitAction.bind(null, topicId) as Bound, null);
  const [rejectState, reject] = useActionState<ActionState, FormData>(rejectAction.bind(null, topicId) as Bound, null);
  const [mergeState, merge] = useActionState<ActionState, FormData>(mergeAction.bind(null, topicId) as Bound, null);
  const [escalateState, escalate] = useActionState<ActionState, FormData>(escalateAction.bind(null, topicId) as Bound, null);
  const has = (n: string) => transitions.includes(n);
  const section = "rounded-box border border-base-300 p-3 flex flex-col gap-2";

  return (
    <div className="flex flex-col gap-3">
      {has("admit") && (
        <form action={admit} className={section}>
          <h3 className="font-semibold text-lg">{t("admit")}</h3>
          <FormAlert state={admitState} />
          <fieldset className="flex flex-wrap gap-4">
            <legend className="text-base-content/70 mb-1">{t("admitLevel")}</legend>
            {(["grid", "community"] as const).map((l) => (
              <label key={l} className="flex items-center gap-2 cursor-pointer">
                <input type="radio" name="level" value={l} defaultChecked={l === defaultLevel} className="radio radio-primary" />
                {tc(`levels.${l}`)}
              </label>
            ))}
          </fieldset>
          <input name="note" className="input w-full" placeholder={t("note")} aria-label={t("note")} maxLength={200} />
          <SubmitButton className="btn-primary self-start">{t("admitButton")}</SubmitButton>
        </form>
      )}
      {has("reject") && (
        <form action={reject} className={section}>
          <h3 className="font-semibold text-lg">{t("reject")}</h3>
          <FormAlert state={rejectState} />
          <label htmlFor={`reject-${topicId}`}>{t("rejectReason")}</label>
          <textarea id={`reject-${topicId}`} name="reason" rows={2} className="textarea textarea-lg w-full" aria-invalid={!!fieldError(rejectState, "reason")} />
          <SubmitButton className="btn-error self-start">{t("rejectButton")}</SubmitButton>
        </form>
      )}
      {has("merge") && mergeTargets.length > 0 && (
        <form action={merge} className={section}>
          <h3 className="font-semibold text-lg">{t("merge")}</h3>
          <FormAlert state={mergeState} />
          <label htmlFor={`merge-${topicId}`}>{t("mergeTarget")}</label>
          <select id={`merge-${topicId}`} name="intoTopicId" className="select select-lg w-full">
            {mergeTargets.map((m) => (
              <option key={m.id} value={m.id}>
                #{m.id} {m.title}
              </option>
            ))}
          </select>
          <SubmitButton className="btn-secondary self-start">{t("mergeButton")}</SubmitButton>
        </form>
      )}
      {has("escalate") && level === "grid" && (
        <form action={escalate} className={section}>
          <h3 className="font-semibold text-lg">{t("escalate")}</h3>
          <p className="text-sm text-base-content/70">{t("escalateHint")}</p>
          <FormAlert state={escalateState} />
          <input name="reason" className="input w-full" placeholder={t("escalateReason")} aria-label={t("escalateReason")} maxLength={300} />
          <SubmitButton className="btn-outline self-start">{t("escalateButton")}</SubmitButton>
        </form>
      )}
    </div>
  );
}
