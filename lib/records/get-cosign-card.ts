import { eq } from "drizzle-orm";
import { communities, grids, topics } from "@/db/schema";
import type { ActorCtx, Ctx } from "@/lib/context";
import { notFound } from "@/lib/errors";
import { loadVisibleTopic } from "@/lib/topics/access";
import { cosignCardRef, publicRecordRef } from "@/lib/validation/records";
import { cosignSharePath, isCosignShareKey } from "./share-key";
import { first } from "@/db/query";

export type CosignCard = {
  topicId: number;
  title: string;
  community: string;
  grid: string;
  cosignCount: number;
  cosignThreshold: number;
  deadline: Date;
};

/**
 * The co-sign invitation's share card (Open Graph tags, the poster): for whoever holds the share
 * link, signed in or not, and only while the topic collects co-signatures. It says what the topic
 * is called, where, and how far co-signing has got — never who proposed or co-signed it, nor the
 * proposer's description. A wrong key, another stage or a past deadline is one 404.
 */
export async function getCosignCard(ctx: Pick<Ctx, "db">, raw: unknown, now = new Date()): Promise<CosignCard> {
  const { topicId, key } = cosignCardRef.parse(raw);
  if (!isCosignShareKey(topicId, key)) throw notFound("shareLinkInvalid");
  const row = await first(ctx.db
    .select({
      topicId: topics.id,
      title: topics.title,
      state: topics.state,
      community: communities.name,
      grid: grids.name,
      cosignCount: topics.cosignCount,
      cosignThreshold: topics.cosignThreshold,
      deadline: topics.cosignDeadline,
    })
    .from(topics)
    .innerJoin(communities, eq(communities.id, topics.communityId))
    .innerJoin(grids, eq(grids.id, topics.gridId))
    .where(eq(topics.id, topicId)));
  if (!row || !isSharable(row, now)) throw notFound("shareLinkInvalid");
  const { state: _state, ...card } = row;
  return card;
}

function isSharable(t: { state: string; deadline: Date }, now: Date): boolean {
  return t.state === "proposed" && t.deadline.getTime() > now.getTime();
}

/**
 * The share link of a topic collecting co-signatures, for whoever may see the topic (they could
 * tell their neighbours about it anyway); null once co-signing is over.
 */
export async function cosignShareLink(ctx: ActorCtx, raw: unknown, now = new Date()): Promise<string | null> {
  const { topicId } = publicRecordRef.parse(raw);
  const topic = await loadVisibleTopic(ctx.db, ctx.actor, topicId);
  return isSharable({ state: topic.state, deadline: topic.cosignDeadline }, now) ? cosignSharePath(topic.id) : null;
}
