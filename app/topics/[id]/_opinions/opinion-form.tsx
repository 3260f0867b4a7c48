"use client";
import { useTranslations } from "next-intl";
import { useActionState, useState, useTransition } from "react";
import { Field, FormAlert, SubmitButton, fieldError, submitKeepingValues } from "@/app/_components/form";
import type { ActionState } from "@/lib/actions/run";
import { postOpinionAction } from "./actions";

type Organisation = { id: number; name: string };

const stanceStyle = {
  support: "radio-success",
  oppose: "radio-error",
  suggestion: "radio-info",
} as const;

/**
 * The form for a new opinion (with a stance) or, given `parentId`, a reply (without one). People
 * who work for the property firm or sit on the owners' committee choose whether they speak for it.
 */
export function OpinionForm({ topicId, parentId = null, speaksFor }: { topicId: number; parentId?: number | null; speaksFor: Organisation[] }) {
  const t = useTranslations("opinions");
  const [state, action, pending] = useActionState(postOpinionAction.bind(null, topicId, parentId), null);
  const [, startTransition] = useTransition();
  // The fields are left alone on a failed submit (so nothing typed is lost) and cleared after a
  // successful one by mounting a fresh form.
  const [seen, setSeen] = useState<ActionState>(null);
  const [round, setRound] = useState(0);
  if (state !== seen) {
    setSeen(state);
    if (state?.ok) setRound((r) => r + 1);
  }

  const isReply = parentId != null;
  const prefix = isReply ? `reply-${parentId}` : `opinion-${topicId}`;
  const err = (name: string) => fieldError(state, name);

  return (
    <form key={round} onSubmit={submitKeepingValues(action, startTransition)} className="flex flex-col gap-2" noValidate>
      <FormAlert state={state} success={isReply ? t("replied") : t("posted")} />
      {!isReply && (
        <fieldset className="fieldset py-1">
          <legend className="fieldset-legend text-base font-medium">{t("stance")}</legend>
          <div className="flex flex-wrap gap-x-6 gap-y-1" role="radiogroup" aria-invalid={!!err("stance")} aria-describedby={err("stance") ? `${prefix}-stance-error` : undefined}>
            {(["support", "oppose", "suggestion"] as const).map((s) => (
              <label key={s} className="flex items-center gap-2 py-2 cursor-pointer text-lg">
                <input type="radio" name="stance" value={s} className={`radio ${stanceStyle[s]}`} />
                {t(`stances.${s}`)}
              </label>
            ))}
          </div>
          {err("stance") && (
            <p id={`${prefix}-stance-error`} className="text-error text-sm" role="alert">
              {err("stance")}
            </p>
          )}
        </fieldset>
      )}
      <Field label={isReply ? t("reply") : t("body")} name={`${prefix}-body`} error={err("body")} hint={t("bodyHint")}>
        <textarea
          id={`${prefix}-body`}
          name="body"
          rows={isReply ? 3 : 4}
          maxLength={2000}
          placeholder={isReply ? t("replyPlaceholder") : t("bodyPlaceholder")}
          className="textarea textarea-lg w-full text-base leading-relaxed"
          aria-invalid={!!err("body")}
          aria-describedby={err("body") ? `${prefix}-body-error` : undefined}
        />
      </Field>
      {speaksFor.length === 1 && (
        <label className="flex items-start gap-3 py-2 cursor-pointer">
          <input type="checkbox" name="officialOrganisationId" value={speaksFor[0]!.id} className="checkbox checkbox-primary mt-0.5" />
          <span className="text-base">{t("speakAsOrganisation", { organisation: speaksFor[0]!.name })}</span>
        </label>
      )}
      {speaksFor.length > 1 && (
        <fieldset className="fieldset py-1">
          <legend className="fieldset-legend text-base font-medium">{t("speakAs")}</legend>
          <label className="flex items-center gap-3 py-1 cursor-pointer">
            <input type="radio" name="officialOrganisationId" value="" defaultChecked className="radio radio-primary" />
            <span className="text-base">{t("speakAsSelf")}</span>
          </label>
          {speaksFor.map((o) => (
            <label key={o.id} className="flex items-center gap-3 py-1 cursor-pointer">
              <input type="radio" name="officialOrganisationId" value={o.id} className="radio radio-primary" />
              <span className="text-base">{t("speakAsOrganisation", { organisation: o.name })}</span>
            </label>
          ))}
        </fieldset>
      )}
      {err("officialOrganisationId") && (
        <p className="text-error text-sm" role="alert">
          {err("officialOrganisationId")}
        </p>
      )}
      <SubmitButton pending={pending} pendingLabel={t("submitting")} className="btn-primary self-stretch sm:self-start">
        {isReply ? t("replySubmit") : t("submit")}
      </SubmitButton>
    </form>
  );
}
