import Link from "next/link";
import { getFormatter, getTranslations } from "next-intl/server";
import type { MeetingView } from "@/lib/meetings/get-meeting";
import { fromShanghaiDate } from "@/lib/time";
import { MeetingWhen, MeetingWhere } from "../../_components/meeting-bits";

/**
 * The minutes with their structure: who was there and which organisations, each agenda topic's
 * discussion and conclusion, the follow-ups, then the free text. The same markup is shown on the
 * page and printed on A4.
 */
export async function MinutesDocument({ view, linkTopics = true }: { view: MeetingView; linkTopics?: boolean }) {
  const t = await getTranslations("meetings");
  const tc = await getTranslations("common");
  const format = await getFormatter();
  const minutes = view.minutes;
  if (!minutes) return null;
  const topicTitle = new Map(view.agenda.map((a) => [a.topicId, a.title]));
  const roleText = (roles: string[]) => roles.map((r) => tc(`roles.${r}` as never)).join("、");

  return (
    <div className="flex flex-col gap-4 print:gap-3 print:text-[11pt]">
      <dl className="grid grid-cols-[auto_1fr] gap-x-4 gap-y-1">
        <dt className="text-base-content/70 print:text-black">{t("meetingName")}</dt>
        <dd>{view.title}</dd>
        <dt className="text-base-content/70 print:text-black">{t("when")}</dt>
        <dd>
          <MeetingWhen startsAt={view.startsAt} durationMinutes={view.durationMinutes} />
        </dd>
        <dt className="text-base-content/70 print:text-black">{t("where")}</dt>
        <dd>
          <MeetingWhere place={view.place} onlineUrl={view.onlineUrl} showLink={false} />
        </dd>
        <dt className="text-base-content/70 print:text-black">{t("convenedBy")}</dt>
        <dd>
          {view.gridName ?? t("communityLevel")} · {view.createdByName}
        </dd>
        <dt className="text-base-content/70 print:text-black">{t("minutes.attendees", { count: view.attendees.length })}</dt>
        <dd data-testid="minutes-attendees">
          {view.attendees.length === 0
            ? tc("none")
            : view.attendees.map((a, i) => (
                <span key={a.personId}>
                  {i > 0 && "、"}
                  {a.name}
                  <span className="text-base-content/70 print:text-black">（{[roleText(a.roles), ...a.organisations].filter(Boolean).join(" · ")}）</span>
                </span>
              ))}
        </dd>
        <dt className="text-base-content/70 print:text-black">{t("minutes.organisations")}</dt>
        <dd>{view.organisationsPresent.length === 0 ? tc("none") : view.organisationsPresent.map((o) => o.name).join("、")}</dd>
      </dl>

      <section className="break-inside-avoid-page">
        <h3 className="text-lg font-bold mb-1">{t("minutes.topics")}</h3>
        <ol className="flex flex-col gap-3">
          {view.agenda.map((a, i) => (
            <li key={a.topicId} className="break-inside-avoid">
              <div className="font-semibold">
                {i + 1}.{" "}
                {linkTopics ? (
                  <Link href={`/topics/${a.topicId}`} className="link link-hover">
                    {a.title}
                  </Link>
                ) : (
                  a.title
                )}
              </div>
              <div className="pl-5">
                <p>
                  <span className="font-medium">{t("minutes.discussion")}：</span>
                  <span className="whitespace-pre-line">{a.discussion || t("minutes.notRecorded")}</span>
                </p>
                {a.turns.length > 0 && (
                  <p data-testid="minutes-turns">
                    <span className="font-medium">{t("minutes.turns")}：</span>
                    {a.turns.map((turn) => t("minutes.turn", { name: turn.name, minutes: Math.floor(turn.seconds / 60), seconds: turn.seconds % 60 })).join("、")}
                  </p>
                )}
                <p>
                  <span className="font-medium">{t("minutes.conclusion")}：</span>
                  <span className="whitespace-pre-line">{a.conclusion || t("minutes.notRecorded")}</span>
                </p>
              </div>
            </li>
          ))}
        </ol>
      </section>

      <section>
        <h3 className="text-lg font-bold mb-1">{t("minutes.followUps")}</h3>
        {minutes.followUps.length === 0 ? (
          <p>{tc("none")}</p>
        ) : (
          <div className="overflow-x-auto">
            <table className="table table-sm print:rounded-none print:border-collapse print:border print:border-black [&_td]:print:border [&_td]:print:border-black [&_th]:print:border [&_th]:print:border-black [&_th]:print:text-black">
              <thead>
                <tr>
                  <th>{t("minutes.action")}</th>
                  <th>{t("minutes.owner")}</th>
                  <th>{t("minutes.dueOn")}</th>
                  <th>{t("minutes.forTopic")}</th>
                </tr>
              </thead>
              <tbody>
                {minutes.followUps.map((f) => (
                  <tr key={f.id}>
                    <td>{f.action}</td>
                    <td>{f.owner}</td>
                    <td>{f.dueOn ? format.dateTime(fromShanghaiDate(f.dueOn, 12), "date") : ""}</td>
                    <td>{f.topicId ? topicTitle.get(f.topicId) : ""}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>

      {minutes.html && (
        <section>
          <h3 className="text-lg font-bold mb-1">{t("minutes.body")}</h3>
          {/* Rendered from validated tiptap JSON and sanitized on the server (lib/richtext/render.ts). */}
          <div className="prose-content" dangerouslySetInnerHTML={{ __html: minutes.html }} />
        </section>
      )}

      <p className="text-sm text-base-content/70 print:text-black">
        {minutes.publishedAt ? t("minutes.publishedAt", { date: format.dateTime(minutes.publishedAt, "dateTime") }) : t("minutes.draftNote")}
      </p>
    </div>
  );
}
