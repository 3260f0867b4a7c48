import "server-only";
import { and, desc, eq, sql } from "drizzle-orm";
import { grids, supervisionRatings, topicSupervisors, topics } from "@/db/schema";
import { requireVerified } from "@/lib/auth/policy";
import type { ActorCtx } from "@/lib/context";

/**
 * The topics a supervisor is assigned to, those awaiting their rating of the current round first.
 * Scoped in the WHERE clause by the actor's own assignments.
 */
export async function listMyRatings(ctx: ActorCtx) {
  const { db, actor } = ctx;
  requireVerified(actor);
  const rows = (await db
    .select({
      topicId: topics.id,
      title: topics.title,
      state: topics.state,
      round: topics.rectificationRound,
      gridName: grids.name,
      updatedAt: topics.updatedAt,
      rated: sql<number>`exists (select 1 from ${supervisionRatings} r where r.topic_id = ${topics.id} and r.round = ${topics.rectificationRound} and r.supervisor_id = ${actor.personId})`,
    })
    .from(topicSupervisors)
    .innerJoin(topics, eq(topics.id, topicSupervisors.topicId))
    .innerJoin(grids, eq(grids.id, topics.gridId))
    .where(and(eq(topicSupervisors.personId, actor.personId)))
    .orderBy(desc(topics.updatedAt), desc(topics.id))
    .limit(200))
    .map((r) => ({ ...r, rated: !!r.rated, awaiting: r.state === "underReview" && !r.rated }));
  return { awaiting: rows.filter((r) => r.awaiting), others: rows.filter((r) => !r.awaiting) };
}
