"use client";
import { useTranslations } from "next-intl";
import { useActionState, useState, useTransition } from "react";
import { FormAlert, fieldError } from "@/app/_components/form";
import { RichTextEditor } from "@/app/_components/rich-text-editor";
import { minutesAction } from "../actions";

type AgendaEntry = { topicId: number; title: string; discussion: string; conclusion: string };
type FollowUp = { key: number; action: string; owner: string; dueOn: string; topicId: string };

/**
 * The minutes (会议纪要) as staff write them: a discussion and a conclusion per agenda topic,
 * follow-ups (action, owner, due date), and free text in the rich-text editor. "Save draft" keeps
 * it for staff; "Publish" saves and publishes it to everyone, after which it is read-only.
 */
export function MinutesEditor({
  meetingId,
  agenda,
  body,
  followUps,
  mayPublish,
}: {
  meetingId: number;
  agenda: AgendaEntry[];
  body: unknown;
  followUps: { action: string; owner: string; dueOn: string | null; topicId: number | null }[];
  mayPublish: boolean;
}) {
  const t = useTranslations("meetings");
  const [state, action, pending] = useActionState(minutesAction.bind(null, meetingId), null);
  const [, startTransition] = useTransition();
  const [rows, setRows] = useState<FollowUp[]>(() =>
    followUps.map((f, i) => ({ key: i, action: f.action, owner: f.owner, dueOn: f.dueOn ?? "", topicId: f.topicId ? String(f.topicId) : "" })),
  );
  const [nextKey, setNextKey] = useState(followUps.length);
  const err = (n: string) => fieldError(state, n);

  const onSubmit = (e: React.FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const submitter = (e.nativeEvent as SubmitEvent).submitter as HTMLButtonElement | null;
    if (submitter?.value === "publish" && !window.confirm(t("minutes.publishConfirm"))) return;
    // Built with the submitter, so the form says which button was pressed; submitted in a
    // transition so that nothing typed is lost if the server refuses it.
    const data = new FormData(e.currentTarget, submitter);
    startTransition(() => action(data));
  };
  const setRow = (key: number, patch: Partial<FollowUp>) => setRows(rows.map((r) => (r.key === key ? { ...r, ...patch } : r)));

  return (
    <form onSubmit={onSubmit} className="flex flex-col gap-4" noValidate>
      <FormAlert state={state} success={state?.ok ? (state.data.published ? t("minutes.publishedNow") : t("minutes.saved")) : undefined} />

      {agenda.map((a, i) => (
        <fieldset key={a.topicId} className="rounded-box border border-base-300 p-3 flex flex-col gap-2">
          <legend className="px-1 font-semibold text-lg">
            {i + 1}. {a.title}
          </legend>
          <label htmlFor={`discussion-${a.topicId}`} className="font-medium">
            {t("minutes.discussion")}
          </label>
          <textarea id={`discussion-${a.topicId}`} name={`discussion.${a.topicId}`} defaultValue={a.discussion} rows={3} maxLength={4000} className="textarea textarea-lg w-full" placeholder={t("minutes.discussionPlaceholder")} />
          <label htmlFor={`conclusion-${a.topicId}`} className="font-medium">
            {t("minutes.conclusion")}
          </label>
          <textarea id={`conclusion-${a.topicId}`} name={`conclusion.${a.topicId}`} defaultValue={a.conclusion} rows={2} maxLength={2000} className="textarea textarea-lg w-full" placeholder={t("minutes.conclusionPlaceholder")} />
        </fieldset>
      ))}

      <fieldset className="flex flex-col gap-2">
        <legend className="font-semibold text-lg mb-1">{t("minutes.followUps")}</legend>
        {rows.length === 0 && <p className="text-base-content/60">{t("minutes.noFollowUps")}</p>}
        {rows.map((r, i) => (
          <div key={r.key} className="grid grid-cols-1 md:grid-cols-[2fr_1fr_10rem_1fr_auto] gap-2 items-start rounded-box border border-base-300 p-2">
            <div className="flex flex-col">
              <label htmlFor={`fu-action-${r.key}`} className="text-sm">
                {t("minutes.action")}
              </label>
              <input id={`fu-action-${r.key}`} name="followUp.action" value={r.action} onChange={(e) => setRow(r.key, { action: e.target.value })} maxLength={300} className="input input-md w-full" aria-invalid={!!err(`followUps.${i}.action`)} />
              {err(`followUps.${i}.action`) && <span className="text-error text-sm" role="alert">{err(`followUps.${i}.action`)}</span>}
            </div>
            <div className="flex flex-col">
              <label htmlFor={`fu-owner-${r.key}`} className="text-sm">
                {t("minutes.owner")}
              </label>
              <input id={`fu-owner-${r.key}`} name="followUp.owner" value={r.owner} onChange={(e) => setRow(r.key, { owner: e.target.value })} maxLength={60} className="input input-md w-full" placeholder={t("minutes.ownerPlaceholder")} />
            </div>
            <div className="flex flex-col">
              <label htmlFor={`fu-due-${r.key}`} className="text-sm">
                {t("minutes.dueOn")}
              </label>
              <input id={`fu-due-${r.key}`} name="followUp.dueOn" type="date" value={r.dueOn} onChange={(e) => setRow(r.key, { dueOn: e.target.value })} className="input input-md w-full" aria-invalid={!!err(`followUps.${i}.dueOn`)} />
              {err(`followUps.${i}.dueOn`) && <span className="text-error text-sm" role="alert">{err(`followUps.${i}.dueOn`)}</span>}
            </div>
            <div className="flex flex-col">
              <label htmlFor={`fu-topic-${r.key}`} className="text-sm">
                {t("minutes.forTopic")}
              </label>
              <select id={`fu-topic-${r.key}`} name="followUp.topicId" value={r.topicId} onChange={(e) => setRow(r.key, { topicId: e.target.value })} className="select select-md w-full">
                <option value="">{t("minutes.anyTopic")}</option>
                {agenda.map((a) => (
                  <option key={a.topicId} value={a.topicId}>
                    {a.title}
                  </option>
                ))}
              </select>
            </div>
            <button type="button" className="btn btn-ghost btn-md md:mt-5" onClick={() => setRows(rows.filter((x) => x.key !== r.key))} aria-label={t("minutes.removeFollowUp", { n: i + 1 })}>
              ✕
            </button>
          </div>
        ))}
        <div>
          <button
            type="button"
            className="btn btn-outline btn-md"
            onClick={() => {
              setRows([...rows, { key: nextKey, action: "", owner: "", dueOn: "", topicId: agenda.length === 1 ? String(agenda[0]!.topicId) : "" }]);
              setNextKey(nextKey + 1);
            }}
          >
            {t("minutes.addFollowUp")}
          </button>
        </div>
      </fieldset>

      <div className="flex flex-col gap-1">
        <label htmlFor={`minutes-body-${meetingId}`} className="font-semibold text-lg">
          {t("minutes.body")}
        </label>
        <RichTextEditor name="body" id={`minutes-body-${meetingId}`} initial={body ?? undefined} placeholder={t("minutes.bodyPlaceholder")} invalid={!!err("body")} />
        {err("body") && (
          <p className="text-error text-sm" role="alert">
            {err("body")}
          </p>
        )}
      </div>

      <div className="flex flex-wrap gap-2">
        <button type="submit" name="intent" value="save" className="btn btn-outline btn-lg" disabled={pending}>
          {pending && <span className="loading loading-spinner loading-sm" aria-hidden />}
          {t("minutes.saveDraft")}
        </button>
        {mayPublish && (
          <button type="submit" name="intent" value="publish" className="btn btn-primary btn-lg" disabled={pending}>
            {t("minutes.publish")}
          </button>
        )}
      </div>
      {!mayPublish && <p className="text-sm text-base-content/60">{t("minutes.publishAfterStart")}</p>}
      <p className="text-sm text-base-content/60">{t("minutes.publishHint")}</p>
    </form>
  );
}
