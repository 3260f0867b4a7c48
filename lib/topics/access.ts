import { and, eq } from "drizzle-orm";
import type { DB, Tx } from "@/db/client";
import { topicInvitations, topics, type Topic } from "@/db/schema";
import type { Actor } from "@/lib/auth/actor";
import { authorize, can, type Resource } from "@/lib/auth/policy";
import { notFound } from "@/lib/errors";
import { first } from "@/db/query";

export function topicResource(topic: Pick<Topic, "communityId" | "gridId" | "level"> & { alternativesAllowed?: boolean }, invited = false): Resource {
  return { communityId: topic.communityId, gridId: topic.gridId, level: topic.level, invited, alternativesAllowed: topic.alternativesAllowed ?? false };
}

export async function isInvited(db: DB | Tx, topicId: number, personId: number): Promise<boolean> {
  return !!await first(db
    .select({ id: topicInvitations.id })
    .from(topicInvitations)
    .where(and(eq(topicInvitations.topicId, topicId), eq(topicInvitations.personId, personId))));
}

/**
 * Loads a topic the actor may see. A topic outside the actor's community is "not found" rather
 * than "forbidden", so its existence does not leak.
 */
export async function loadVisibleTopic(db: DB | Tx, actor: Actor, topicId: number): Promise<Topic> {
  const topic = await first(db.select().from(topics).where(eq(topics.id, topicId)));
  if (!topic) throw notFound("topicNotFound");
  if (actor.status === "verified" && !can(actor, "topic.view", topicResource(topic))) throw notFound("topicNotFound");
  authorize(actor, "topic.view", topicResource(topic));
  return topic;
}
