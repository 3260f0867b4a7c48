"use client";
import { useTranslations } from "next-intl";
import { useActionState, useTransition } from "react";
import { Field, FormAlert, SubmitButton, fieldError, submitKeepingValues } from "@/app/_components/form";
import type { ActionState } from "@/lib/actions/run";
import {
  claimTaskAction,
  createTaskAction,
  declineTaskAction,
  reassignTaskAction,
  reportProgressAction,
  startImplementationAction,
  takeTaskAction,
} from "../actions";

type Bound = (prev: ActionState, form: FormData) => Promise<ActionState>;
export type AssigneeOptions = { organisations: { id: number; name: string }[]; people: { id: number; name: string; displayNumber: string }[] };

const box = "rounded-box border border-base-300 p-3 flex flex-col gap-2";

/** Staff start carrying out a resolved topic. */
export function StartImplementationButton({ topicId }: { topicId: number }) {
  const t = useTranslations("tasks.section");
  const [state, action] = useActionState<ActionState, FormData>(startImplementationAction.bind(null, topicId) as Bound, null);
  return (
    <form
      action={action}
      className={box}
      onSubmit={(e) => {
        if (!window.confirm(t("startConfirm"))) e.preventDefault();
      }}
    >
      <p className="text-sm text-base-content/70">{t("startHint")}</p>
      <FormAlert state={state} />
      <SubmitButton className="btn-primary self-start">{t("start")}</SubmitButton>
    </form>
  );
}

/** Whether the select lists this value ("organisation:ID" / "person:ID"). */
function offered(options: AssigneeOptions, value: string): boolean {
  return options.organisations.some((o) => `organisation:${o.id}` === value) || options.people.some((p) => `person:${p.id}` === value);
}

function AssigneeSelect({ options, error, name = "assignee", preset }: { options: AssigneeOptions; error?: string; name?: string; preset?: string | null }) {
  const t = useTranslations("tasks.form");
  return (
    <Field label={t("assignee")} name={name} error={error}>
      <select id={name} name={name} className="select select-lg w-full" defaultValue={preset && offered(options, preset) ? preset : options.organisations[0] ? `organisation:${options.organisations[0].id}` : "open"} aria-invalid={!!error}>
        <option value="open">{t("assigneeOpen")}</option>
        {options.organisations.length > 0 && (
          <optgroup label={t("organisations")}>
            {options.organisations.map((o) => (
              <option key={o.id} value={`organisation:${o.id}`}>
                {o.name}
              </option>
            ))}
          </optgroup>
        )}
        {options.people.length > 0 && (
          <optgroup label={t("people")}>
            {options.people.map((p) => (
              <option key={p.id} value={`person:${p.id}`}>
                {p.name}（{p.displayNumber}）
              </option>
            ))}
          </optgroup>
        )}
      </select>
    </Field>
  );
}

/** What the winning plan fills in (lib/tasks/dispatch-defaults). */
export type DispatchPreset = { planTitle: string; title: string; assignee: string | null; dueOn: string | null; description: string };

/** Staff dispatch a task (派单), starting from the winning plan's responsible party and deadline. */
export function CreateTaskForm({ topicId, options, today, defaults }: { topicId: number; options: AssigneeOptions; today: string; defaults?: DispatchPreset | null }) {
  const t = useTranslations("tasks.form");
  const ts = useTranslations("tasks.section");
  const [state, action] = useActionState<ActionState, FormData>(createTaskAction.bind(null, topicId) as Bound, null);
  const [, startTransition] = useTransition();
  return (
    <details className={box}>
      <summary className="cursor-pointer font-medium text-lg">{ts("create")}</summary>
      <form onSubmit={submitKeepingValues(action, startTransition)} className="flex flex-col gap-1" data-testid="create-task">
        <FormAlert state={state} success={t("created")} />
        {defaults && (
          <p className="text-base text-base-content/80" data-testid="dispatch-from-plan">
            {t("fromPlan", { plan: defaults.planTitle })}
          </p>
        )}
        <Field label={t("title")} name="title" error={fieldError(state, "title")}>
          <input id="title" name="title" className="input input-lg w-full" required maxLength={60} defaultValue={defaults?.title} />
        </Field>
        <Field label={t("description")} name="description" error={fieldError(state, "description")}>
          <textarea id="description" name="description" className="textarea textarea-lg w-full" rows={3} maxLength={2000} defaultValue={defaults?.description} />
        </Field>
        <AssigneeSelect options={options} error={fieldError(state, "assignee")} preset={defaults?.assignee} />
        <Field label={t("dueOn")} name="dueOn" error={fieldError(state, "dueOn")}>
          <input id="dueOn" name="dueOn" type="date" min={today} className="input input-lg w-full" required defaultValue={defaults?.dueOn ?? undefined} />
        </Field>
        <SubmitButton className="btn-primary self-start">{t("submit")}</SubmitButton>
      </form>
    </details>
  );
}

/** One-press steps: take the order, or claim from the board. */
export function TaskStepButton({ taskId, topicId, step }: { taskId: number; topicId: number; step: "take" | "claim" }) {
  const t = useTranslations("tasks.detail");
  const act = step === "take" ? takeTaskAction : claimTaskAction;
  const [state, action] = useActionState<ActionState, FormData>(act.bind(null, taskId, topicId) as Bound, null);
  return (
    <form
      action={action}
      className="flex flex-col gap-2"
      onSubmit={(e) => {
        if (step === "claim" && !window.confirm(t("claimConfirm"))) e.preventDefault();
      }}
    >
      <FormAlert state={state} success={step === "take" ? t("taken") : t("claimed")} />
      <SubmitButton className="btn-primary self-start">{step === "take" ? t("take") : t("claim")}</SubmitButton>
    </form>
  );
}

export function DeclineForm({ taskId, topicId }: { taskId: number; topicId: number }) {
  const t = useTranslations("tasks.detail");
  const [state, action] = useActionState<ActionState, FormData>(declineTaskAction.bind(null, taskId, topicId) as Bound, null);
  const [, startTransition] = useTransition();
  return (
    <details className={box}>
      <summary className="cursor-pointer font-medium">{t("decline")}</summary>
      <form onSubmit={submitKeepingValues(action, startTransition)} className="flex flex-col gap-1">
        <FormAlert state={state} success={t("declined")} />
        <Field label={t("declineReason")} name="reason" error={fieldError(state, "reason")}>
          <textarea id="reason" name="reason" className="textarea textarea-lg w-full" rows={2} required maxLength={500} />
        </Field>
        <SubmitButton className="btn-warning self-start">{t("decline")}</SubmitButton>
      </form>
    </details>
  );
}

export function ReassignForm({ taskId, topicId, options, today }: { taskId: number; topicId: number; options: AssigneeOptions; today: string }) {
  const t = useTranslations("tasks.detail");
  const [state, action] = useActionState<ActionState, FormData>(reassignTaskAction.bind(null, taskId, topicId) as Bound, null);
  const [, startTransition] = useTransition();
  return (
    <details className={box} open>
      <summary className="cursor-pointer font-medium">{t("reassign")}</summary>
      <form onSubmit={submitKeepingValues(action, startTransition)} className="flex flex-col gap-1">
        <FormAlert state={state} success={t("reassigned")} />
        <AssigneeSelect options={options} error={fieldError(state, "assignee")} />
        <Field label={t("newDueOn")} name="dueOn" error={fieldError(state, "dueOn")}>
          <input id="dueOn" name="dueOn" type="date" min={today} className="input input-lg w-full" />
        </Field>
        <SubmitButton className="btn-primary self-start">{t("reassign")}</SubmitButton>
      </form>
    </details>
  );
}

/** Progress report with text, photos and percent; ticking "complete" reports completion with evidence. */
export function ProgressForm({ taskId, topicId, percent }: { taskId: number; topicId: number; percent: number }) {
  const t = useTranslations("tasks.detail");
  const [state, action] = useActionState<ActionState, FormData>(reportProgressAction.bind(null, taskId, topicId) as Bound, null);
  const [, startTransition] = useTransition();
  return (
    <form onSubmit={submitKeepingValues(action, startTransition)} className={box} data-testid="progress-form">
      <h2 className="text-lg font-semibold">{t("report")}</h2>
      <FormAlert state={state} success={t("reported")} />
      <Field label={t("body")} name="body" error={fieldError(state, "body")}>
        <textarea id="body" name="body" className="textarea textarea-lg w-full" rows={3} maxLength={2000} />
      </Field>
      <Field label={t("percent")} name="percent" error={fieldError(state, "percent")}>
        <input id="percent" name="percent" type="number" min={percent} max={100} step={1} defaultValue={percent} className="input input-lg w-40" />
      </Field>
      <Field label={t("photos")} name="photos" error={fieldError(state, "photos")}>
        <input id="photos" name="photos" type="file" accept="image/jpeg,image/png,image/gif,image/webp" multiple className="file-input file-input-lg w-full" />
      </Field>
      <label className="flex items-center gap-3 py-2 cursor-pointer">
        <input type="checkbox" name="completes" className="checkbox checkbox-primary" />
        <span className="text-base">{t("completes")}</span>
      </label>
      <SubmitButton className="btn-primary self-start">{t("submitReport")}</SubmitButton>
    </form>
  );
}
