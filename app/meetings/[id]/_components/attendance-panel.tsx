import { getTranslations } from "next-intl/server";
import type { MeetingView } from "@/lib/meetings/get-meeting";
import type { PersonHit } from "@/lib/meetings/search-people";
import { attendanceList } from "@/lib/domain/attendance-list";
import { InlineAction } from "../../_components/inline-action";
import { attendanceAction } from "../actions";

/**
 * Staff tick-off: the invitation list with answers and a present/absent toggle, the people present
 * who were not invited, and a search of everyone verified in the community (a GET form, so it
 * works without JavaScript and the search stays in the address bar).
 */
export async function AttendancePanel({ view, who, hits, open }: { view: MeetingView; who: string; hits: PersonHit[] | null; open: boolean }) {
  const t = await getTranslations("meetings");
  const tc = await getTranslations("common");
  const present = new Set(view.attendees.map((a) => a.personId));
  const invited = new Set(view.invitees.map((i) => i.personId));
  const roles = (r: string[]) => r.map((x) => tc(`roles.${x}` as never)).join("、");
  // Present first, and the search box narrows these lists too (lib/domain/attendance-list.ts).
  const invitees = attendanceList(view.invitees.map((i) => ({ ...i, words: [roles(i.roles)] })), present, who);
  const walkIns = attendanceList(view.attendees.filter((a) => !invited.has(a.personId)).map((a) => ({ ...a, words: [roles(a.roles)] })), present, who);
  const toggle = (personId: number, name: string) =>
    open ? (
      present.has(personId) ? (
        <InlineAction action={attendanceAction.bind(null, view.id, personId, false)} label={t("attendance.unmark")} className="btn-ghost btn-sm" />
      ) : (
        <InlineAction action={attendanceAction.bind(null, view.id, personId, true)} label={t("attendance.mark", { name })} className="btn-outline btn-sm" />
      )
    ) : null;

  return (
    <div className="flex flex-col gap-4">
      <p className="text-lg" role="status">
        {t("attendance.summary", { present: view.attendees.length, invited: view.inviteeCounts.total, attending: view.inviteeCounts.attending, declined: view.inviteeCounts.declined })}
      </p>
      {invitees.length > 0 && (
        <ul className="flex flex-col divide-y divide-base-300" aria-label={t("attendance.invitees")}>
          {invitees.map((i) => (
            <li key={i.personId} className="py-2 flex flex-wrap items-center gap-2">
              <span className="flex-1 min-w-40">
                <span className="font-medium">{i.name}</span> <span className="text-sm text-base-content/60">{roles(i.roles)}</span>
                <span className={`ml-2 badge badge-sm ${i.response === "attending" ? "badge-success" : i.response === "declined" ? "badge-ghost" : "badge-warning"}`}>{t(`myResponse.${i.response}`)}</span>
                {present.has(i.personId) && <span className="ml-2 badge badge-sm badge-primary">{t("attendance.present")}</span>}
              </span>
              {toggle(i.personId, i.name)}
            </li>
          ))}
        </ul>
      )}
      {walkIns.length > 0 && (
        <div>
          <h3 className="font-semibold">{t("attendance.walkIns")}</h3>
          <ul className="flex flex-col divide-y divide-base-300">
            {walkIns.map((a) => (
              <li key={a.personId} className="py-2 flex flex-wrap items-center gap-2">
                <span className="flex-1 min-w-40">
                  <span className="font-medium">{a.name}</span> <span className="text-sm text-base-content/60">{roles(a.roles)}</span>
                  <span className="ml-2 badge badge-sm badge-outline">{t(`attendance.method.${a.method}`)}</span>
                </span>
                {toggle(a.personId, a.name)}
              </li>
            ))}
          </ul>
        </div>
      )}
      {open && (
        <div className="flex flex-col gap-2">
          <form method="get" className="flex flex-wrap items-end gap-2" role="search">
            <div className="flex flex-col flex-1 min-w-48">
              <label htmlFor="who" className="font-medium">
                {t("attendance.searchLabel")}
              </label>
              <input id="who" name="who" type="search" defaultValue={who} placeholder={t("form.searchPeoplePlaceholder")} className="input input-md w-full" />
            </div>
            <button type="submit" className="btn btn-outline btn-md">
              {t("attendance.search")}
            </button>
          </form>
          {hits && (
            <ul className="flex flex-col divide-y divide-base-300 border border-base-300 rounded-box" aria-live="polite">
              {hits.length === 0 && <li className="p-2 text-base-content/60">{t("form.noPeopleFound")}</li>}
              {hits.map((p) => (
                <li key={p.personId} className="p-2 flex flex-wrap items-center gap-2">
                  <span className="flex-1 min-w-40">
                    <span className="font-medium">{p.name}</span> <span className="text-sm text-base-content/60">{roles(p.roles)} · {p.displayNumber}</span>
                  </span>
                  {present.has(p.personId) ? <span className="badge badge-primary">{t("attendance.present")}</span> : toggle(p.personId, p.name)}
                </li>
              ))}
            </ul>
          )}
        </div>
      )}
    </div>
  );
}
