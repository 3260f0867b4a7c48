import { and, asc, countDistinct, eq } from "drizzle-orm";
import { alias } from "drizzle-orm/sqlite-core";
import { organisations, people, roles, topicInvitations } from "@/db/schema";
import { authorize } from "@/lib/auth/policy";
import type { ActorCtx } from "@/lib/context";
import { loadVisibleTopic, topicResource } from "@/lib/topics/access";
import { topicOpinionsQuery } from "@/lib/validation/opinions";

export type TopicInvitee = { personId: number; name: string; displayNumber: string; invitedBy: string; invitedAt: Date };
export type ThinkTankOption = { id: number; name: string; memberCount: number };
export type TopicInvitations = { topicId: number; invitees: TopicInvitee[]; thinkTanks: ThinkTankOption[] };

/** For the topic's staff: who has been invited, and the community's think tanks to invite from. */
export async function listInvitations(ctx: ActorCtx, raw: unknown): Promise<TopicInvitations> {
  const { topicId } = topicOpinionsQuery.parse(raw);
  const { db, actor } = ctx;
  const topic = await loadVisibleTopic(db, actor, topicId);
  authorize(actor, "topic.manage", topicResource(topic));

  const inviter = alias(people, "inviter");
  const invitees = await db
    .select({
      personId: people.id,
      name: people.name,
      displayNumber: people.displayNumber,
      invitedBy: inviter.name,
      invitedAt: topicInvitations.createdAt,
    })
    .from(topicInvitations)
    .innerJoin(people, eq(topicInvitations.personId, people.id))
    .innerJoin(inviter, eq(topicInvitations.invitedBy, inviter.id))
    .where(eq(topicInvitations.topicId, topic.id))
    .orderBy(asc(topicInvitations.createdAt), asc(topicInvitations.id));

  const thinkTanks = await db
    .select({ id: organisations.id, name: organisations.name, memberCount: countDistinct(people.id) })
    .from(organisations)
    .leftJoin(roles, and(eq(roles.organisationId, organisations.id), eq(roles.role, "thinkTankMember")))
    .leftJoin(people, and(eq(roles.personId, people.id), eq(people.status, "verified")))
    .where(and(eq(organisations.communityId, topic.communityId), eq(organisations.kind, "thinkTank")))
    .groupBy(organisations.id)
    .orderBy(asc(organisations.name), asc(organisations.id));

  return { topicId: topic.id, invitees, thinkTanks };
}
