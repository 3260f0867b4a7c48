"use client";
import { useTranslations } from "next-intl";
import { useActionState, useState, useTransition } from "react";
import { FormAlert, SubmitButton, fieldError, submitKeepingValues } from "@/app/_components/form";
import type { SchedulePlace } from "@/lib/meetings/schedule-options";
import { scheduleMeetingAction } from "../../actions";
import { InviteeFields, MeetingDetailFields, type MeetingDetails } from "../../_components/meeting-fields";

/**
 * Scheduling a meeting: where (grid or community), the agenda from the admitted topics there,
 * when and where (pre-filled from the grid's council day and usual place), and who is invited.
 */
export function ScheduleForm({
  places,
  thinkTanks,
  initialPlace,
  initialTopicIds,
  initialTitle,
}: {
  places: SchedulePlace[];
  thinkTanks: Record<number, { id: number; name: string }[]>;
  initialPlace: string;
  initialTopicIds: number[];
  initialTitle: string;
}) {
  const t = useTranslations("meetings");
  const tt = useTranslations("topics");
  const [state, action, pending] = useActionState(scheduleMeetingAction, null);
  const [, startTransition] = useTransition();
  const byKey = (k: string) => places.find((p) => p.key === k) ?? places[0]!;
  const [placeKey, setPlaceKey] = useState(initialPlace);
  const where = byKey(placeKey);
  const [details, setDetails] = useState<MeetingDetails>({
    title: initialTitle,
    startsAt: where.suggestedStart ?? "",
    durationMinutes: "90",
    place: where.usualPlace,
    onlineUrl: "",
    quorumRequired: "",
  });
  const [topicIds, setTopicIds] = useState<number[]>(initialTopicIds.filter((id) => where.topics.some((x) => x.id === id)));
  const [roles, setRoles] = useState<string[]>([]);
  const [tanks, setTanks] = useState<number[]>([]);

  // Moving to another grid proposes its council day and usual place, unless the person typed their own.
  const choosePlace = (key: string) => {
    const next = byKey(key);
    setDetails({
      ...details,
      startsAt: details.startsAt === (where.suggestedStart ?? "") ? (next.suggestedStart ?? "") : details.startsAt,
      place: details.place === where.usualPlace ? next.usualPlace : details.place,
    });
    setTopicIds(topicIds.filter((id) => next.topics.some((x) => x.id === id)));
    if (next.communityId !== where.communityId) setTanks([]);
    setPlaceKey(key);
  };
  const toggleTopic = (id: number) => setTopicIds(topicIds.includes(id) ? topicIds.filter((x) => x !== id) : [...topicIds, id]);
  const topicsError = fieldError(state, "topicIds");

  return (
    <form onSubmit={submitKeepingValues(action, startTransition)} className="flex flex-col gap-4" noValidate>
      <FormAlert state={state} />
      {places.length > 1 ? (
        <div className="fieldset py-1">
          <label htmlFor="where" className="fieldset-legend text-base font-medium pb-1">
            {t("form.where")}
          </label>
          <select id="where" value={placeKey} onChange={(e) => choosePlace(e.target.value)} className="select select-lg w-full">
            {places.map((p) => (
              <option key={p.key} value={p.key}>
                {p.gridId == null ? t("form.communityLevelOption", { name: p.label }) : p.label}
              </option>
            ))}
          </select>
        </div>
      ) : (
        <p className="text-lg">
          {t("form.where")}：<strong>{where.gridId == null ? t("form.communityLevelOption", { name: where.label }) : where.label}</strong>
        </p>
      )}
      {where.gridId != null ? <input type="hidden" name="gridId" value={where.gridId} /> : <input type="hidden" name="communityId" value={where.communityId} />}
      {where.councilDay ? <p className="text-sm text-base-content/70">{t("form.councilDayNote", { day: where.councilDay })}</p> : null}

      <fieldset className="fieldset text-base" aria-describedby={topicsError ? "topicIds-error" : undefined}>
        <legend className="fieldset-legend text-base font-medium">{t("form.agenda")}</legend>
        {where.topics.length === 0 ? (
          <p className="text-base-content/60">{t("form.noTopics")}</p>
        ) : (
          <ol className="flex flex-col gap-1">
            {where.topics.map((topic) => {
              const pos = topicIds.indexOf(topic.id);
              return (
                <li key={topic.id}>
                  <label className="flex items-center gap-3 py-1 cursor-pointer">
                    <input type="checkbox" value={topic.id} checked={pos >= 0} onChange={() => toggleTopic(topic.id)} className="checkbox checkbox-primary" />
                    <span className="flex-1">{topic.title}</span>
                    <span className="badge badge-outline">{tt(`states.${topic.state}` as never)}</span>
                    {pos >= 0 && <span className="badge badge-primary" aria-label={t("form.agendaPosition", { n: pos + 1 })}>{pos + 1}</span>}
                  </label>
                </li>
              );
            })}
          </ol>
        )}
        {/* The agenda follows the order in which the topics were ticked, not the order of the list. */}
        {topicIds.map((id) => (
          <input key={id} type="hidden" name="topicIds" value={id} />
        ))}
        <p className="text-sm text-base-content/60">{t("form.agendaHint")}</p>
        {topicsError && (
          <p id="topicIds-error" className="text-error text-sm" role="alert">
            {topicsError}
          </p>
        )}
      </fieldset>

      <div className="flex flex-col gap-1">
        <MeetingDetailFields values={details} onChange={setDetails} state={state} />
      </div>

      <InviteeFields
        communityId={where.communityId}
        thinkTanks={thinkTanks[where.communityId] ?? []}
        state={state}
        roleValues={roles}
        onRoleChange={setRoles}
        tankValues={tanks}
        onTankChange={setTanks}
      />
      <p className="text-sm text-base-content/60">{t("form.notifyHint")}</p>
      <div>
        <SubmitButton pending={pending} pendingLabel={t("form.scheduling")}>
          {t("form.schedule")}
        </SubmitButton>
      </div>
    </form>
  );
}
