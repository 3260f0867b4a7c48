import { and, desc, eq, gt, isNull, lte, or, sql, type SQL } from "drizzle-orm";
import type { DB } from "@/db/client";
import { communities, grids, notices, resolutions } from "@/db/schema";
import type { Ctx } from "@/lib/context";
import { noticeListQuery } from "@/lib/validation/notices";
import { first } from "@/db/query";

export const NOTICES_PER_PAGE = 20;
/** A board holds a week's resolutions; the cap only guards against a runaway import. */
const CURRENT_LIMIT = 200;
const EXCERPT_CHARS = 160;

export type NoticeCard = {
  id: number;
  kind: "resolution" | "closure";
  title: string;
  /** The start of the text, for the card; the whole text is on the notice's own page. */
  excerpt: string;
  resolutionNumber: string | null;
  topicId: number;
  communityId: number;
  communityName: string;
  gridId: number | null;
  gridName: string | null;
  publishedAt: Date;
  until: Date;
};

export type NoticeBoard = {
  /** Notices in their publication period now (publishedAt ≤ now < until), newest first. */
  current: NoticeCard[];
  /** Notices whose period has ended, newest first, a page at a time. */
  archive: { items: NoticeCard[]; total: number; page: number; pages: number };
};

/**
 * The public notice board (公示栏): anyone, signed in or not, reads it, as on the paper board in the
 * courtyard. Only what was published is shown — a notice whose period has not begun stays hidden —
 * and nothing about the people involved beyond the resolution's own text.
 *
 * A grid's board carries the grid's own notices and the community-wide ones of its community: a
 * community-level resolution is posted on every grid's board.
 */
export async function listNotices(ctx: Pick<Ctx, "db">, raw: unknown, now = new Date()): Promise<NoticeBoard> {
  const q = noticeListQuery.parse(raw);
  const { db } = ctx;
  const scope = await boardScope(db, q);
  if (scope === "none") return { current: [], archive: { items: [], total: 0, page: 1, pages: 0 } };

  const isCurrent = and(lte(notices.publishedAt, now), gt(notices.until, now));
  const isExpired = and(lte(notices.publishedAt, now), lte(notices.until, now));

  const current = q.archive ? [] : (await select(db, and(scope, isCurrent)).limit(CURRENT_LIMIT)).map(card);

  const total = (await first(db.select({ n: sql<number>`count(*)` }).from(notices).where(and(scope, isExpired))))?.n ?? 0;
  const pages = Math.ceil(total / NOTICES_PER_PAGE);
  const page = Math.min(q.page, Math.max(pages, 1));
  const items = total === 0 ? [] : (await select(db, and(scope, isExpired)).limit(NOTICES_PER_PAGE).offset((page - 1) * NOTICES_PER_PAGE)).map(card);

  return { current, archive: { items, total, page, pages } };
}

async function boardScope(db: DB, q: { communityId?: number; gridId?: number }): Promise<SQL | undefined | "none"> {
  if (q.gridId == null) return q.communityId != null ? eq(notices.communityId, q.communityId) : undefined;
  const grid = await first(db.select({ communityId: grids.communityId }).from(grids).where(eq(grids.id, q.gridId)));
  if (!grid || (q.communityId != null && q.communityId !== grid.communityId)) return "none";
  return and(eq(notices.communityId, grid.communityId), or(eq(notices.gridId, q.gridId), isNull(notices.gridId)));
}

function select(db: DB, where: SQL | undefined) {
  return db
    .select({
      id: notices.id,
      kind: notices.kind,
      title: notices.title,
      excerpt: sql<string>`substr(${notices.body}, 1, ${EXCERPT_CHARS + 1})`,
      resolutionNumber: resolutions.number,
      topicId: notices.topicId,
      communityId: notices.communityId,
      communityName: communities.name,
      gridId: notices.gridId,
      gridName: grids.name,
      publishedAt: notices.publishedAt,
      until: notices.until,
    })
    .from(notices)
    .innerJoin(communities, eq(communities.id, notices.communityId))
    .leftJoin(grids, eq(grids.id, notices.gridId))
    .leftJoin(resolutions, eq(resolutions.id, notices.resolutionId))
    .where(where)
    .orderBy(desc(notices.publishedAt), desc(notices.id))
    .$dynamic();
}

function card(row: NoticeCard): NoticeCard {
  const text = row.excerpt.slice(0, EXCERPT_CHARS).replace(/\s+/g, " ").trim();
  return { ...row, excerpt: row.excerpt.length > EXCERPT_CHARS ? `${text}…` : text };
}
