import { and, eq, inArray } from "drizzle-orm";
import { grids, topics } from "@/db/schema";
import { authorize } from "@/lib/auth/policy";
import type { ActorCtx } from "@/lib/context";
import { notFound } from "@/lib/errors";
import { matchingTopicIds } from "@/lib/search/search-topics";
import { similarTopicsQuery } from "@/lib/validation/topics";
import { first } from "@/db/query";

const openStates = ["proposed", "awaitingAdmission", "consulting", "drafting", "voting", "resolved", "implementing", "underReview", "rectifying"] as const;

/** Open topics of a grid resembling a title being typed, so a neighbour co-signs instead of filing a duplicate. */
export async function similarTopics(ctx: ActorCtx, raw: unknown) {
  const input = similarTopicsQuery.parse(raw);
  const { db, actor } = ctx;
  const grid = await first(db.select({ communityId: grids.communityId }).from(grids).where(eq(grids.id, input.gridId)));
  if (!grid) throw notFound("gridNotFound");
  authorize(actor, "topic.view", { communityId: grid.communityId, gridId: input.gridId });
  const hits = await matchingTopicIds(db, input.q, { any: true, limit: 200 });
  if (hits.length === 0) return [];
  const rank = new Map(hits.map((h, i) => [h.id, i]));
  return (await db
    .select({ id: topics.id, title: topics.title, state: topics.state, cosignCount: topics.cosignCount, cosignThreshold: topics.cosignThreshold })
    .from(topics)
    .where(and(eq(topics.gridId, input.gridId), inArray(topics.state, [...openStates]), inArray(topics.id, [...rank.keys()]))))
    .sort((a, b) => (rank.get(a.id) ?? 0) - (rank.get(b.id) ?? 0))
    .slice(0, 5);
}
