"use client";
import { useTranslations } from "next-intl";
import { useActionState, useTransition } from "react";
import { Field, FormAlert, SubmitButton, fieldError, submitKeepingValues } from "@/app/_components/form";
import type { ActionState } from "@/lib/actions/run";
import type { CloseRule } from "@/lib/domain/close-rule";
import { setCloseRuleAction } from "./actions";

type Bound = (prev: ActionState, form: FormData) => Promise<ActionState>;

export function CloseRuleForm({ communityId, rule, isDefault }: { communityId: number; rule: CloseRule; isDefault: boolean }) {
  const t = useTranslations("ratings.settings");
  const [state, action, pending] = useActionState<ActionState, FormData>(setCloseRuleAction.bind(null, communityId, false) as Bound, null);
  const [resetState, reset] = useActionState<ActionState, FormData>(setCloseRuleAction.bind(null, communityId, true) as Bound, null);
  const [, startTransition] = useTransition();
  const id = (name: string) => `${name}-${communityId}`;
  return (
    <div className="flex flex-col gap-2">
      <form onSubmit={submitKeepingValues(action, startTransition)} className="flex flex-col gap-1">
        <Field label={t("minDimensionMean")} name={id("minDimensionMean")} error={fieldError(state, "minDimensionMean")}>
          <input id={id("minDimensionMean")} name="minDimensionMean" type="number" min={1} max={5} step={0.01} required defaultValue={rule.minDimensionMean} className="input w-40 text-base" />
        </Field>
        <Field label={t("minSatisfiedShare")} name={id("minSatisfiedShare")} error={fieldError(state, "minSatisfiedShare")}>
          <input id={id("minSatisfiedShare")} name="minSatisfiedShare" type="number" min={0} max={100} step={0.1} required defaultValue={Number((rule.minSatisfiedShare * 100).toFixed(1))} className="input w-40 text-base" />
        </Field>
        <Field label={t("minResidentAnswers")} name={id("minResidentAnswers")} error={fieldError(state, "minResidentAnswers")}>
          <input id={id("minResidentAnswers")} name="minResidentAnswers" type="number" min={0} step={1} required defaultValue={rule.minResidentAnswers} className="input w-40 text-base" />
        </Field>
        <label className="flex items-center gap-2 text-base cursor-pointer py-2">
          <input type="checkbox" name="requireAllSupervisors" defaultChecked={rule.requireAllSupervisors} className="checkbox checkbox-primary" />
          {t("requireAllSupervisors")}
        </label>
        <FormAlert state={state} success={t("saved")} />
        <SubmitButton className="btn-primary self-start" pending={pending}>
          {t("save")}
        </SubmitButton>
      </form>
      {!isDefault && (
        <form action={reset}>
          <FormAlert state={resetState} success={t("saved")} />
          <SubmitButton className="btn-ghost">{t("useDefault")}</SubmitButton>
        </form>
      )}
    </div>
  );
}
