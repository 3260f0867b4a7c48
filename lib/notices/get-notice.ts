import { and, eq, lte } from "drizzle-orm";
import { communities, grids, notices, resolutions, topics } from "@/db/schema";
import type { Ctx } from "@/lib/context";
import { notFound } from "@/lib/errors";
import { noticeRef } from "@/lib/validation/notices";
import { letterhead } from "@/lib/domain/letterhead";
import { first } from "@/db/query";

export type NoticeStatus = "current" | "ended";

export type NoticeView = {
  id: number;
  kind: "resolution" | "closure";
  title: string;
  /** Plain text (the resolution's text); shown with its line breaks, never as HTML. */
  body: string;
  resolution: { number: string; title: string } | null;
  topic: { id: number; title: string };
  /** letterhead: district, street office and community run together, as the printed notice is headed. */
  community: { id: number; name: string; letterhead: string };
  grid: { id: number; name: string } | null;
  publishedAt: Date;
  until: Date;
  status: NoticeStatus;
};

/**
 * One notice of the public board, for anyone: the resolution's number and text, the topic's title,
 * where and how long it is posted. Who proposed, drafted or voted is not part of it. A notice whose
 * publication has not begun does not exist yet for the public.
 */
export async function getNotice(ctx: Pick<Ctx, "db">, raw: unknown, now = new Date()): Promise<NoticeView> {
  const { noticeId } = noticeRef.parse(raw);
  const row = await first(ctx.db
    .select({
      id: notices.id,
      kind: notices.kind,
      title: notices.title,
      body: notices.body,
      resolutionNumber: resolutions.number,
      resolutionTitle: resolutions.title,
      topicId: topics.id,
      topicTitle: topics.title,
      communityId: communities.id,
      communityName: communities.name,
      communityDistrict: communities.district,
      communityStreet: communities.street,
      gridId: grids.id,
      gridName: grids.name,
      publishedAt: notices.publishedAt,
      until: notices.until,
    })
    .from(notices)
    .innerJoin(topics, eq(topics.id, notices.topicId))
    .innerJoin(communities, eq(communities.id, notices.communityId))
    .leftJoin(grids, eq(grids.id, notices.gridId))
    .leftJoin(resolutions, eq(resolutions.id, notices.resolutionId))
    .where(and(eq(notices.id, noticeId), lte(notices.publishedAt, now))));
  if (!row) throw notFound("noticeNotFound");
  return {
    id: row.id,
    kind: row.kind,
    title: row.title,
    body: row.body,
    resolution: row.resolutionNumber != null && row.resolutionTitle != null ? { number: row.resolutionNumber, title: row.resolutionTitle } : null,
    topic: { id: row.topicId, title: row.topicTitle },
    community: { id: row.communityId, name: row.communityName, letterhead: letterhead({ district: row.communityDistrict, street: row.communityStreet, name: row.communityName }) },
    grid: row.gridId != null && row.gridName != null ? { id: row.gridId, name: row.gridName } : null,
    publishedAt: row.publishedAt,
    until: row.until,
    status: row.until.getTime() > now.getTime() ? "current" : "ended",
  };
}
