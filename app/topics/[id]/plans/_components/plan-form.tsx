"use client";
import { useTranslations } from "next-intl";
import { useActionState, useState, useTransition } from "react";
import { Field, FormAlert, SubmitButton, fieldError, submitKeepingValues } from "@/app/_components/form";
import { RichTextEditor } from "@/app/_components/rich-text-editor";
import type { ActionState } from "@/lib/actions/run";
import type { BudgetSource, OrganisationKind } from "@/db/schema";
import { draftPlanAction, revisePlanAction } from "../actions";

export type PlanFormValues = {
  body?: unknown;
  /** "org:<id>" | "person:<id>" | "text" | "" */
  responsible: string;
  responsibleText: string;
  /** Yuan as typed, e.g. "12800.50". */
  budget: string;
  budgetSource: BudgetSource;
  deadline: string;
  milestones: { title: string; dueOn: string }[];
};

type Options = {
  organisations: { id: number; name: string; kind: OrganisationKind }[];
  people: { id: number; name: string; displayNumber: string }[];
  speaksFor: { id: number; name: string }[];
  /** The budget sources in display order (passed in, so the schema module stays out of the browser bundle). */
  sources: readonly BudgetSource[];
};

type Props = Options &
  (
    | { mode: "draft"; topicId: number; initial?: undefined }
    | { mode: "revise"; topicId: number; planId: number; baseRevision: number; initial: PlanFormValues }
  );

const empty: PlanFormValues = { responsible: "", responsibleText: "", budget: "", budgetSource: "none", deadline: "", milestones: [] };

/**
 * The plan form: drafting a new plan, or writing the next revision of one (pre-filled with the
 * current revision). Every field is kept when a save is refused, so nothing typed is lost.
 */
export function PlanForm(props: Props) {
  const t = useTranslations("plans.form");
  const tp = useTranslations("plans");
  // Both actions answer with the same state shape; on success they redirect to the plan.
  const action = (
    props.mode === "draft" ? draftPlanAction.bind(null, props.topicId) : revisePlanAction.bind(null, props.topicId, props.planId, props.baseRevision)
  ) as (prev: ActionState<unknown>, form: FormData) => Promise<ActionState<unknown>>;
  const [state, formAction, pending] = useActionState(action, null);
  const [, startTransition] = useTransition();
  const initial = props.initial ?? empty;
  const [responsible, setResponsible] = useState(initial.responsible);
  const [rows, setRows] = useState(() => initial.milestones.map((m, key) => ({ key, ...m })));
  const [nextKey, setNextKey] = useState(initial.milestones.length);
  const err = (name: string) => fieldError(state, name);
  const responsibleError = err("responsibleOrganisationId") ?? err("responsiblePersonId") ?? err("responsibleText");
  const described = (id: string, error?: string) => (error ? { "aria-invalid": true, "aria-describedby": `${id}-error` } : {});

  const setRow = (key: number, patch: Partial<{ title: string; dueOn: string }>) => setRows((rs) => rs.map((r) => (r.key === key ? { ...r, ...patch } : r)));
  const addRow = () => {
    setRows((rs) => [...rs, { key: nextKey, title: "", dueOn: "" }]);
    setNextKey((k) => k + 1);
  };

  return (
    <form onSubmit={submitKeepingValues(formAction, startTransition)} className="flex flex-col gap-2" noValidate>
      <FormAlert state={state} />
      {props.mode === "draft" && (
        <Field label={t("title")} name="plan-title" error={err("title")} hint={t("titleHint")}>
          <input id="plan-title" name="title" maxLength={60} placeholder={t("titlePlaceholder")} className="input input-lg w-full" autoComplete="off" {...described("plan-title", err("title"))} />
        </Field>
      )}
      {props.mode === "draft" && props.speaksFor.length === 1 && <p className="text-base text-base-content/80">{t("draftingFor", { organisation: props.speaksFor[0]!.name })}</p>}
      {props.mode === "draft" && props.speaksFor.length > 1 && (
        <Field label={t("organisation")} name="plan-organisation" error={err("organisationId")}>
          <select id="plan-organisation" name="organisationId" defaultValue={String(props.speaksFor[0]!.id)} className="select select-lg w-full" {...described("plan-organisation", err("organisationId"))}>
            {props.speaksFor.map((o) => (
              <option key={o.id} value={o.id}>
                {o.name}
              </option>
            ))}
          </select>
        </Field>
      )}

      <Field label={t("body")} name="plan-body" error={err("body")} hint={t("bodyHint")}>
        <RichTextEditor name="body" id="plan-body" initial={initial.body} placeholder={t("bodyPlaceholder")} invalid={!!err("body")} describedBy={err("body") ? "plan-body-error" : undefined} />
      </Field>

      <Field label={tp("fields.responsible")} name="plan-responsible" error={responsibleError} hint={t("responsibleHint")}>
        <select
          id="plan-responsible"
          name="responsible"
          value={responsible}
          onChange={(e) => setResponsible(e.target.value)}
          className="select select-lg w-full"
          {...described("plan-responsible", responsibleError)}
        >
          <option value="">{tp("responsibleNone")}</option>
          {props.organisations.length > 0 && (
            <optgroup label={t("responsibleOrganisations")}>
              {props.organisations.map((o) => (
                <option key={o.id} value={`org:${o.id}`}>
                  {o.name}
                </option>
              ))}
            </optgroup>
          )}
          {props.people.length > 0 && (
            <optgroup label={t("responsiblePeople")}>
              {props.people.map((p) => (
                <option key={p.id} value={`person:${p.id}`}>
                  {p.name}（{p.displayNumber}）
                </option>
              ))}
            </optgroup>
          )}
          <option value="text">{t("responsibleWritten")}</option>
        </select>
      </Field>
      {responsible === "text" && (
        <Field label={t("responsibleText")} name="plan-responsible-text" error={err("responsibleText")}>
          <input
            id="plan-responsible-text"
            name="responsibleText"
            defaultValue={initial.responsibleText}
            maxLength={60}
            placeholder={t("responsibleTextPlaceholder")}
            className="input input-lg w-full"
            {...described("plan-responsible-text", err("responsibleText"))}
          />
        </Field>
      )}

      <div className="grid gap-x-4 sm:grid-cols-2">
        <Field label={t("budget")} name="plan-budget" error={err("budget")} hint={t("budgetHint")}>
          {/* A div, not a label: a second label would add "¥ 元" to the field's accessible name. */}
          <div className="input input-lg w-full">
            <span className="text-base-content/60" aria-hidden>
              ¥
            </span>
            <input id="plan-budget" name="budget" inputMode="decimal" defaultValue={initial.budget} placeholder="12800.50" autoComplete="off" className="grow" {...described("plan-budget", err("budget"))} />
            <span className="text-base-content/60" aria-hidden>
              {t("yuan")}
            </span>
          </div>
        </Field>
        <Field label={tp("fields.budgetSource")} name="plan-budget-source" error={err("budgetSource")}>
          <select id="plan-budget-source" name="budgetSource" defaultValue={initial.budgetSource} className="select select-lg w-full" {...described("plan-budget-source", err("budgetSource"))}>
            {props.sources.map((s) => (
              <option key={s} value={s}>
                {tp(`sources.${s}`)}
              </option>
            ))}
          </select>
        </Field>
      </div>

      <Field label={tp("fields.deadline")} name="plan-deadline" error={err("deadline")}>
        <input id="plan-deadline" name="deadline" type="date" defaultValue={initial.deadline} className="input input-lg w-full sm:w-64" {...described("plan-deadline", err("deadline"))} />
      </Field>

      <fieldset className="fieldset py-1">
        <legend className="fieldset-legend text-base font-medium">{tp("fields.milestones")}</legend>
        {err("milestones") && (
          <p className="text-error text-sm" role="alert">
            {err("milestones")}
          </p>
        )}
        {rows.length === 0 && <p className="text-base text-base-content/60">{t("milestonesHint")}</p>}
        <ol className="flex flex-col gap-3">
          {rows.map((r, i) => (
            <li key={r.key} className="rounded-box border border-base-300 p-3 flex flex-col gap-2 sm:flex-row sm:items-start">
              <div className="flex flex-col gap-1 grow">
                <label htmlFor={`milestone-title-${r.key}`} className="text-sm font-medium">
                  {t("milestoneTitle", { n: i + 1 })}
                </label>
                <input
                  id={`milestone-title-${r.key}`}
                  name="milestone.title"
                  value={r.title}
                  onChange={(e) => setRow(r.key, { title: e.target.value })}
                  maxLength={100}
                  placeholder={t("milestoneTitlePlaceholder")}
                  className="input input-md w-full"
                  {...described(`milestone-title-${r.key}`, err(`milestones.${i}.title`))}
                />
                {err(`milestones.${i}.title`) && (
                  <span id={`milestone-title-${r.key}-error`} className="text-error text-sm" role="alert">
                    {err(`milestones.${i}.title`)}
                  </span>
                )}
              </div>
              <div className="flex flex-col gap-1">
                <label htmlFor={`milestone-due-${r.key}`} className="text-sm font-medium">
                  {t("milestoneDue")}
                </label>
                <input
                  id={`milestone-due-${r.key}`}
                  name="milestone.dueOn"
                  type="date"
                  value={r.dueOn}
                  onChange={(e) => setRow(r.key, { dueOn: e.target.value })}
                  className="input input-md w-full"
                  {...described(`milestone-due-${r.key}`, err(`milestones.${i}.dueOn`))}
                />
                {err(`milestones.${i}.dueOn`) && (
                  <span id={`milestone-due-${r.key}-error`} className="text-error text-sm" role="alert">
                    {err(`milestones.${i}.dueOn`)}
                  </span>
                )}
              </div>
              <button type="button" className="btn btn-ghost btn-sm text-error sm:mt-6 self-start" onClick={() => setRows((rs) => rs.filter((x) => x.key !== r.key))}>
                {t("removeMilestone", { n: i + 1 })}
              </button>
            </li>
          ))}
        </ol>
        <button type="button" className="btn btn-outline btn-sm self-start mt-2" onClick={addRow} disabled={rows.length >= 30}>
          + {t("addMilestone")}
        </button>
      </fieldset>

      {props.mode === "revise" && (
        <Field label={t("note")} name="plan-note" error={err("note")} hint={t("noteHint")}>
          <input id="plan-note" name="note" maxLength={200} placeholder={t("notePlaceholder")} className="input input-lg w-full" {...described("plan-note", err("note"))} />
        </Field>
      )}

      <div className="mt-3">
        <SubmitButton pending={pending} pendingLabel={t("saving")} className="btn-primary w-full sm:w-auto">
          {props.mode === "draft" ? t("submitDraft") : t("submitRevision")}
        </SubmitButton>
      </div>
    </form>
  );
}
