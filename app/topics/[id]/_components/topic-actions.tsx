"use client";
import { useTranslations } from "next-intl";
import { useActionState } from "react";
import { TwoStepForm, type TwoStepData } from "@/app/_components/confirm-step";
import { FormAlert, SubmitButton } from "@/app/_components/form";
import type { ActionState } from "@/lib/actions/run";
import type { previewMerge } from "@/lib/topics/merge";
import type { previewReject } from "@/lib/topics/reject";
import { admitAction, cosignAction, escalateAction, mergeAction, rejectAction } from "../actions";

type Bound = (prev: ActionState, form: FormData) => Promise<ActionState>;
type TwoStep<P> = (prev: ActionState<TwoStepData<P>>, form: FormData) => Promise<ActionState<TwoStepData<P>>>;
type MergePreview = Awaited<ReturnType<typeof previewMerge>>;
type RejectPreview = Awaited<ReturnType<typeof previewReject>>;

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
        <TwoStepForm<RejectPreview>
          className={section}
          action={rejectAction.bind(null, topicId) as TwoStep<RejectPreview>}
          submitLabel={t("rejectButton")}
          submitClassName="btn-error"
          confirmHeading={t("rejectConfirmHeading")}
          confirmLabel={t("rejectConfirmButton")}
          confirmClassName="btn-error"
          renderPreview={(p) => (
            <div className="flex flex-col gap-2 text-base">
              <p>{t("rejectOutcome", { title: p.title })}</p>
              <p>{t("rejectPublicReason")}</p>
              <blockquote className="border-l-4 border-error pl-3 whitespace-pre-line" data-testid="reject-reason-preview">
                {p.reason}
              </blockquote>
              <p className="text-sm text-base-content/70">{t("rejectNotified", { count: p.notified })}</p>
            </div>
          )}
        >
          <h3 className="font-semibold text-lg">{t("reject")}</h3>
          <label htmlFor={`reject-${topicId}`}>{t("rejectReason")}</label>
          <textarea id={`reject-${topicId}`} name="reason" rows={2} maxLength={300} className="textarea textarea-lg w-full" />
        </TwoStepForm>
      )}
      {has("merge") && mergeTargets.length > 0 && (
        <TwoStepForm<MergePreview>
          className={section}
          action={mergeAction.bind(null, topicId) as TwoStep<MergePreview>}
          submitLabel={t("mergeButton")}
          submitClassName="btn-secondary"
          confirmHeading={t("mergeConfirmHeading")}
          confirmLabel={t("mergeConfirmButton")}
          confirmClassName="btn-secondary"
          renderPreview={(p) => (
            <div className="flex flex-col gap-2 text-base" data-testid="merge-preview">
              <dl className="flex flex-col gap-1">
                <dt className="text-sm text-base-content/70">{t("mergeFrom")}</dt>
                <dd>{t("mergeTopicLine", { id: p.source.id, title: p.source.title, supporters: p.source.supporters, opinions: p.source.opinionCount })}</dd>
                <dt className="text-sm text-base-content/70">{t("mergeInto")}</dt>
                <dd className="font-medium">{t("mergeTopicLine", { id: p.target.id, title: p.target.title, supporters: p.target.supporters, opinions: p.target.opinionCount })}</dd>
              </dl>
              <ul className="list-disc pl-5 flex flex-col gap-1">
                <li>{t("mergeBackers", { count: p.backers, moving: p.newBackers, already: p.alreadyBacking })}</li>
                <li>{t("mergeOpinions", { count: p.opinionsVisible })}</li>
                {p.opinionsHidden > 0 && <li>{t("mergeOpinionsHidden", { count: p.opinionsHidden })}</li>}
                <li>{t("mergeAfter", { supporters: p.after.supporters, opinions: p.after.opinionCount })}</li>
                {p.after.reachesThreshold && <li>{t("mergeReachesThreshold")}</li>}
              </ul>
              {p.note && (
                <p className="text-sm">
                  {t("mergeNote")}：{p.note}
                </p>
              )}
            </div>
          )}
        >
          <h3 className="font-semibold text-lg">{t("merge")}</h3>
          <label htmlFor={`merge-${topicId}`}>{t("mergeTarget")}</label>
          {/* No target is preselected: merging ends this topic, so staff must pick one on purpose. */}
          <select id={`merge-${topicId}`} name="intoTopicId" className="select select-lg w-full" required defaultValue="">
            <option value="" disabled>
              {t("mergeChoose")}
            </option>
            {mergeTargets.map((m) => (
              <option key={m.id} value={m.id}>
                #{m.id} {m.title}
              </option>
            ))}
          </select>
          <input name="note" className="input w-full" placeholder={t("note")} aria-label={t("mergeNote")} maxLength={200} />
        </TwoStepForm>
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
