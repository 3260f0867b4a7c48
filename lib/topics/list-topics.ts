import { and, desc, eq, inArray, notExists, or, sql, type SQL } from "drizzle-orm";
import { agendaCategories, agendaItems, cosigns, grids, people, topics } from "@/db/schema";
import { communitiesWhere, topicsOwnedBy } from "@/lib/auth/policy";
import type { ActorCtx } from "@/lib/context";
import { topicStage, topicStates, type TopicStage } from "@/lib/domain/topic-state-machine";
import { AppError } from "@/lib/errors";
import { matchingTopicIds } from "@/lib/search/search-topics";
import { topicListQuery } from "@/lib/validation/topics";
import { first } from "@/db/query";

export const TOPICS_PER_PAGE = 20;

export const statesOfStage = (stage: TopicStage) => topicStates.filter((s) => topicStage(s) === stage);

export type TopicListRow = {
  id: number;
  title: string;
  state: (typeof topicStates)[number];
  level: "grid" | "community";
  gridName: string;
  itemName: string;
  categoryName: string;
  proposerName: string;
  cosignCount: number;
  cosignThreshold: number;
  opinionCount: number;
  cosignDeadline: Date;
  updatedAt: Date;
};

/**
 * Topics the actor may see (their communities), filtered by grid, stage, category, full-text
 * search and "awaiting my action", a page at a time. Search results come best match first.
 */
export async function listTopics(ctx: ActorCtx, raw: unknown): Promise<{ rows: TopicListRow[]; total: number; page: number; pages: number }> {
  const q = topicListQuery.parse(raw);
  const { db, actor } = ctx;
  if (actor.status !== "verified") throw new AppError("forbidden", "notVerified");
  const communities = communitiesWhere(actor, "topic.view");
  if (communities.length === 0) return { rows: [], total: 0, page: 1, pages: 0 };

  const where: (SQL | undefined)[] = [inArray(topics.communityId, communities)];
  if (q.gridId) where.push(eq(topics.gridId, q.gridId));
  if (q.stage) where.push(inArray(topics.state, statesOfStage(q.stage)));
  if (q.categoryId) where.push(eq(agendaCategories.id, q.categoryId));

  if (q.view === "mine") {
    // Two index lookups (proposer; the person's co-signatures) instead of checking every topic of the community.
    where.push(
      or(
        eq(topics.proposerId, actor.personId),
        inArray(topics.id, db.select({ id: cosigns.topicId }).from(cosigns).where(eq(cosigns.personId, actor.personId))),
      ),
    );
  } else if (q.view === "awaitingMe") {
    // Topics waiting for admission by their owners (the policy's owner rule, turned around for a query).
    const owned = topicsOwnedBy(actor);
    const homeGrids = [...new Set(actor.roles.filter((r) => r.role === "resident" || r.role === "owner").map((r) => r.gridId).filter((g): g is number => g != null))];
    const awaiting: SQL[] = [];
    if (owned.gridLevelGrids.length) awaiting.push(and(eq(topics.state, "awaitingAdmission"), inArray(topics.gridId, owned.gridLevelGrids), eq(topics.level, "grid"))!);
    if (owned.communities.length) awaiting.push(and(eq(topics.state, "awaitingAdmission"), inArray(topics.communityId, owned.communities))!);
    if (homeGrids.length) {
      awaiting.push(
        and(
          eq(topics.state, "proposed"),
          inArray(topics.gridId, homeGrids),
          sql`${topics.proposerId} <> ${actor.personId}`,
          notExists(db.select({ one: sql`1` }).from(cosigns).where(and(eq(cosigns.topicId, topics.id), eq(cosigns.personId, actor.personId)))),
        )!,
      );
    }
    if (awaiting.length === 0) return { rows: [], total: 0, page: 1, pages: 0 };
    where.push(or(...awaiting));
  }

  let ranked: Map<number, number> | null = null;
  if (q.q) {
    const hits = await matchingTopicIds(db, q.q);
    if (hits.length === 0) return { rows: [], total: 0, page: 1, pages: 0 };
    ranked = new Map(hits.map((h, i) => [h.id, i]));
    where.push(inArray(topics.id, [...ranked.keys()]));
  }

  const rowsWhere = (cond: SQL | undefined) =>
    db
    .select({
      id: topics.id,
      title: topics.title,
      state: topics.state,
      level: topics.level,
      gridName: grids.name,
      itemName: agendaItems.name,
      categoryName: agendaCategories.name,
      proposerName: people.name,
      cosignCount: topics.cosignCount,
      cosignThreshold: topics.cosignThreshold,
      opinionCount: topics.opinionCount,
      cosignDeadline: topics.cosignDeadline,
      updatedAt: topics.updatedAt,
    })
    .from(topics)
    .innerJoin(grids, eq(topics.gridId, grids.id))
    .innerJoin(agendaItems, eq(topics.agendaItemId, agendaItems.id))
    .innerJoin(agendaCategories, eq(agendaItems.categoryId, agendaCategories.id))
    .innerJoin(people, eq(topics.proposerId, people.id))
    .where(cond);
  const base = rowsWhere(and(...where));

  const total =
    (await first(db
      .select({ n: sql<number>`count(*)` })
      .from(topics)
      .innerJoin(agendaItems, eq(topics.agendaItemId, agendaItems.id))
      .innerJoin(agendaCategories, eq(agendaItems.categoryId, agendaCategories.id))
      .where(and(...where))))?.n ?? 0;
  const pages = Math.ceil(total / TOPICS_PER_PAGE);
  const page = Math.min(q.page, Math.max(pages, 1));
  const offset = (page - 1) * TOPICS_PER_PAGE;

  let rows: TopicListRow[];
  if (ranked) {
    // Rank the matching ids (a narrow, indexed query), then join only the page's rows: a common
    // word matches up to a thousand topics, and joining all of them for 20 cost most of the time.
    const r = ranked;
    const ids = (await db
      .select({ id: topics.id })
      .from(topics)
      .innerJoin(agendaItems, eq(topics.agendaItemId, agendaItems.id))
      .innerJoin(agendaCategories, eq(agendaItems.categoryId, agendaCategories.id))
      .where(and(...where)))
      .map((x) => x.id)
      .sort((a, b) => (r.get(a) ?? 0) - (r.get(b) ?? 0))
      .slice(offset, offset + TOPICS_PER_PAGE);
    const byId = new Map((ids.length ? await rowsWhere(inArray(topics.id, ids)) : []).map((row) => [row.id, row]));
    rows = ids.map((id) => byId.get(id)).filter((row): row is TopicListRow => row != null);
  } else {
    rows = await base.orderBy(desc(topics.updatedAt), desc(topics.id)).limit(TOPICS_PER_PAGE).offset(offset);
  }
  return { rows, total, page, pages };
}

