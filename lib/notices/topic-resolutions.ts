import { asc, desc, eq } from "drizzle-orm";
import { notices, resolutions } from "@/db/schema";
import type { ActorCtx } from "@/lib/context";
import { loadVisibleTopic } from "@/lib/topics/access";
import { topicNoticesRef } from "@/lib/validation/notices";

const PREVIEW_CHARS = 120;

/** Where a resolution stands on the notice board: not posted yet, posted now, or its period is over. */
export type ResolutionPublication = "unpublished" | "scheduled" | "current" | "ended";

export type TopicResolution = {
  id: number;
  number: string;
  title: string;
  preview: string;
  publication: ResolutionPublication;
  /** The notice to link to, once it is on the board. */
  noticeId: number | null;
  until: Date | null;
};

/**
 * The resolutions (决议) of a topic, for its page: number, title, the start of the text and how
 * its publication stands. Scoped like the topic itself: only for those who may see the topic.
 */
export async function topicResolutions(ctx: ActorCtx, raw: unknown, now = new Date()): Promise<TopicResolution[]> {
  const { topicId } = topicNoticesRef.parse(raw);
  const topic = await loadVisibleTopic(ctx.db, ctx.actor, topicId);
  const rows = await ctx.db
    .select({ id: resolutions.id, number: resolutions.number, title: resolutions.title, text: resolutions.text })
    .from(resolutions)
    .where(eq(resolutions.topicId, topic.id))
    .orderBy(asc(resolutions.createdAt), asc(resolutions.id));
  if (rows.length === 0) return [];
  const posted = await ctx.db
    .select({ id: notices.id, resolutionId: notices.resolutionId, publishedAt: notices.publishedAt, until: notices.until })
    .from(notices)
    .where(eq(notices.topicId, topic.id))
    .orderBy(desc(notices.publishedAt), desc(notices.id));

  return rows.map((r) => {
    // A resolution may be posted again (a corrected notice): the latest posting that has begun wins.
    const mine = posted.filter((n) => n.resolutionId === r.id);
    const live = mine.find((n) => n.publishedAt.getTime() <= now.getTime());
    const publication: ResolutionPublication = live ? (live.until.getTime() > now.getTime() ? "current" : "ended") : mine.length > 0 ? "scheduled" : "unpublished";
    const text = r.text.replace(/\s+/g, " ").trim();
    return {
      id: r.id,
      number: r.number,
      title: r.title,
      preview: text.length > PREVIEW_CHARS ? `${text.slice(0, PREVIEW_CHARS)}…` : text,
      publication,
      noticeId: live?.id ?? null,
      until: live?.until ?? null,
    };
  });
}
