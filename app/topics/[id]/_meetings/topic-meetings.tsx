import Link from "next/link";
import { getFormatter, getTranslations } from "next-intl/server";
import { Refusal, signedInPage } from "@/app/_lib/page";
import { meetingsForTopic } from "@/lib/meetings/meetings-for-topic";

/**
 * The topic's meetings (议事会) on the topic page: when and where, their status, a link to each,
 * and this topic's conclusion from every published set of minutes. Staff who own the topic get a
 * link to schedule a meeting with the topic already on the agenda.
 */
export async function TopicMeetings({ topicId }: { topicId: number }) {
  const page = await signedInPage(`/topics/${topicId}`, { signedOut: "null" });
  // The topic page itself answers for a topic the reader may not see; this part stays silent.
  const data = await page?.attempt((ctx) => meetingsForTopic(ctx, { topicId }));
  if (!data || data instanceof Refusal) return null;
  const t = await getTranslations("meetings");
  const format = await getFormatter();
  const now = Date.now();

  return (
    <section className="flex flex-col gap-3" aria-labelledby={`topic-meetings-${topicId}`} data-testid="topic-meetings">
      <div className="flex flex-wrap items-center gap-2">
        <h2 id={`topic-meetings-${topicId}`} className="text-xl font-semibold">
          {t("topic.title")}
        </h2>
        {data.maySchedule && (
          <Link href={`/meetings/new?topicId=${topicId}`} className="btn btn-outline btn-sm ml-auto no-print">
            {t("topic.schedule")}
          </Link>
        )}
      </div>
      {data.meetings.length === 0 ? (
        <p className="text-base-content/60">{t("topic.none")}</p>
      ) : (
        <ul className="flex flex-col gap-2">
          {data.meetings.map((m) => {
            const ended = m.startsAt.getTime() + m.durationMinutes * 60_000 <= now;
            const status = m.status === "scheduled" && ended && !m.minutesPublishedAt ? "awaitingMinutes" : m.status;
            return (
              <li key={m.meetingId} className="rounded-box border border-base-300 bg-base-100 p-3">
                <div className="flex flex-wrap items-center gap-2">
                  <Link href={`/meetings/${m.meetingId}`} className="link link-hover font-medium text-lg">
                    {m.title}
                  </Link>
                  <span className={`badge badge-md ${status === "held" ? "badge-success" : status === "cancelled" ? "badge-ghost" : status === "awaitingMinutes" ? "badge-warning" : "badge-primary"}`}>
                    {t(`status.${status}`)}
                  </span>
                </div>
                <div className="text-base-content/80">
                  <time dateTime={m.startsAt.toISOString()}>{format.dateTime(m.startsAt, "weekdayDateTime")}</time>
                  {(m.place || m.online) && <span> · {[m.place, m.online ? t("online") : ""].filter(Boolean).join(" / ")}</span>}
                </div>
                {m.minutesPublishedAt && (
                  <p className="mt-1">
                    <span className="font-medium">{t("topic.conclusion")}：</span>
                    <span className="whitespace-pre-line">{m.conclusion || t("minutes.notRecorded")}</span>{" "}
                    <Link href={`/meetings/${m.meetingId}#minutes`} className="link link-primary text-sm">
                      {t("topic.readMinutes")}
                    </Link>
                  </p>
                )}
              </li>
            );
          })}
        </ul>
      )}
    </section>
  );
}
