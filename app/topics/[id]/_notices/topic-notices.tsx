import Link from "next/link";
import { getFormatter, getTranslations } from "next-intl/server";
import { Refusal, signedInPage } from "@/app/_lib/page";
import { lastDayOf } from "@/lib/notices/period";
import { topicResolutions, type ResolutionPublication } from "@/lib/notices/topic-resolutions";
import { Card } from "@/app/_components/ui";

const tone: Record<ResolutionPublication, string> = {
  unpublished: "badge-warning",
  scheduled: "badge-info",
  current: "badge-success",
  ended: "badge-ghost",
};

/**
 * The topic's resolutions (决议) on the topic page: number, title, the start of the text, whether
 * the notice is on the board, and a link to it. Nothing at all when the topic has none.
 */
export async function TopicNotices({ topicId }: { topicId: number }) {
  const page = await signedInPage(`/topics/${topicId}`, { signedOut: "null" });
  // The topic page itself answers for a topic the reader may not see; this part stays silent.
  const rows = await page?.attempt((ctx) => topicResolutions(ctx, { topicId }));
  if (!rows || rows instanceof Refusal || rows.length === 0) return null;
  const t = await getTranslations("notices.topic");
  const format = await getFormatter();

  return (
    <Card title={t("heading")}>
      <ul className="flex flex-col gap-3" data-testid="topic-notices">
        {rows.map((r) => (
          <li key={r.id} className="rounded-box border border-base-300 bg-base-100 p-3 flex flex-col gap-1">
            <div className="flex flex-wrap items-center gap-2">
              <span className="font-mono text-sm text-base-content/70">{r.number}</span>
              <span className={`badge badge-md whitespace-nowrap ${tone[r.publication]}`}>{t(`status.${r.publication}`)}</span>
              {r.publication === "current" && r.until && <span className="text-sm text-base-content/70">{t("until", { date: format.dateTime(lastDayOf(r.until), "date") })}</span>}
            </div>
            <div className="font-semibold text-lg leading-snug">{r.title}</div>
            <p className="text-base-content/80">{r.preview}</p>
            {r.noticeId != null && (
              <Link href={`/notices/${r.noticeId}`} className="link link-primary self-start">
                {t("viewNotice")}
              </Link>
            )}
          </li>
        ))}
      </ul>
    </Card>
  );
}
