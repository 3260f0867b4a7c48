import { getTranslations } from "next-intl/server";
import type { MeetingView } from "@/lib/meetings/get-meeting";
import { MeetingWhen, MeetingWhere } from "../../_components/meeting-bits";

const BLANK_ROWS = 10;

/**
 * 签到表: the paper sign-in sheet for the room, on A4. Invitees first, then people already present
 * who were not invited, then blank rows for walk-ins; the signature column stays empty for ink.
 */
export async function SignInSheet({ view }: { view: MeetingView }) {
  const t = await getTranslations("meetings");
  const tc = await getTranslations("common");
  const invited = new Set(view.invitees.map((i) => i.personId));
  const presentAt = new Map(view.attendees.map((a) => [a.personId, a]));
  const rows = [
    ...view.invitees.map((i) => ({ personId: i.personId, name: i.name, displayNumber: i.displayNumber, roles: i.roles as string[] })),
    ...view.attendees.filter((a) => !invited.has(a.personId)).map((a) => ({ personId: a.personId, name: a.name, displayNumber: a.displayNumber, roles: a.roles as string[] })),
  ];
  const cell = "border border-base-content/40 print:border-black px-2 py-2 align-middle";
  return (
    <div className="bg-base-100 print:bg-white p-4 print:p-0 rounded-box border border-base-300 print:border-0 print:text-[11pt]">
      <h1 className="text-2xl font-bold text-center">{t("print.signInTitle")}</h1>
      <p className="text-center text-lg font-semibold mt-1">{view.title}</p>
      <dl className="grid grid-cols-[auto_1fr] gap-x-3 mt-3 mb-3">
        <dt>{t("when")}：</dt>
        <dd>
          <MeetingWhen startsAt={view.startsAt} durationMinutes={view.durationMinutes} />
        </dd>
        <dt>{t("where")}：</dt>
        <dd>
          <MeetingWhere place={view.place} onlineUrl={view.onlineUrl} showLink={false} />
        </dd>
        <dt>{t("convenedBy")}：</dt>
        <dd>
          {view.communityName} · {view.gridName ?? t("communityLevel")}
        </dd>
      </dl>
      <table className="w-full border-collapse text-left" data-testid="sign-in-sheet">
        <thead>
          <tr>
            <th className={`${cell} w-14 whitespace-nowrap`}>{t("print.no")}</th>
            <th className={`${cell} w-32`}>{t("print.name")}</th>
            <th className={cell}>{t("print.identity")}</th>
            <th className={`${cell} w-20 whitespace-nowrap`}>{t("print.checkedIn")}</th>
            <th className={`${cell} w-[36%]`}>{t("print.signature")}</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r, i) => (
            <tr key={r.personId} className="break-inside-avoid h-12">
              <td className={cell}>{i + 1}</td>
              <td className={cell}>{r.name}</td>
              <td className={`${cell} text-sm`}>
                {r.roles.map((x) => tc(`roles.${x}` as never)).join("、")}
                <span className="block font-mono text-xs">{r.displayNumber}</span>
              </td>
              <td className={`${cell} text-center`}>{presentAt.has(r.personId) ? "✓" : ""}</td>
              <td className={cell} />
            </tr>
          ))}
          {Array.from({ length: BLANK_ROWS }, (_, i) => (
            <tr key={`blank-${i}`} className="break-inside-avoid h-12">
              <td className={cell}>{rows.length + i + 1}</td>
              <td className={cell} />
              <td className={cell} />
              <td className={cell} />
              <td className={cell} />
            </tr>
          ))}
        </tbody>
      </table>
      <p className="mt-3">{t("print.totals", { invited: view.invitees.length, present: view.attendees.length })}</p>
    </div>
  );
}
