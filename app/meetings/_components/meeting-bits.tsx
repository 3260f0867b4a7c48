import { getFormatter, getTranslations } from "next-intl/server";

type Status = "scheduled" | "held" | "cancelled";

const tone: Record<Status, string> = { scheduled: "badge-primary", held: "badge-success", cancelled: "badge-ghost" };

export async function MeetingStatusBadge({ status, minutesPublished, ended }: { status: Status; minutesPublished?: boolean; ended?: boolean }) {
  const t = await getTranslations("meetings");
  // A scheduled meeting whose time has passed but whose minutes are not out yet is "awaiting minutes".
  const key = status === "scheduled" && ended && !minutesPublished ? "awaitingMinutes" : status;
  return <span className={`badge ${key === "awaitingMinutes" ? "badge-warning" : tone[status]} badge-md whitespace-nowrap`}>{t(`status.${key}`)}</span>;
}

/** "2030年3月15日星期五 19:00–20:30" in the reader's language, always in Shanghai time. */
export async function MeetingWhen({ startsAt, durationMinutes }: { startsAt: Date; durationMinutes: number }) {
  const format = await getFormatter();
  const ends = new Date(startsAt.getTime() + durationMinutes * 60_000);
  return (
    <time dateTime={startsAt.toISOString()}>
      {format.dateTimeRange(startsAt, ends, "weekdayDateTime")}
    </time>
  );
}

/** The room and, for an online meeting, its link (validated as http(s) when it was stored). */
export async function MeetingWhere({ place, onlineUrl, showLink = true }: { place: string; onlineUrl: string; showLink?: boolean }) {
  const t = await getTranslations("meetings");
  return (
    <span className="inline-flex flex-wrap gap-x-3">
      {place && <span>{place}</span>}
      {onlineUrl &&
        (showLink ? (
          <a href={onlineUrl} className="link link-primary break-all" target="_blank" rel="noopener noreferrer nofollow">
            {t("onlineLink")}
          </a>
        ) : (
          <span>{t("online")}</span>
        ))}
    </span>
  );
}
