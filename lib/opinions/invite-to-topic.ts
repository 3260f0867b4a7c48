import { and, eq, inArray } from "drizzle-orm";
import { organisations, people, roles, topicEvents, topicInvitations } from "@/db/schema";
import { authorize } from "@/lib/auth/policy";
import type { ActorCtx } from "@/lib/context";
import { AppError, invalid, notFound } from "@/lib/errors";
import { recordEvent } from "@/lib/events/record";
import { notify } from "@/lib/notifications/notify";
import { loadVisibleTopic, topicResource } from "@/lib/topics/access";
import { inviteToTopicInput, MAX_INVITEES } from "@/lib/validation/opinions";
import { opinionsOpen } from "./consultation";
import { inviteableIn } from "./invitees";
import { unitOfWork } from "@/db/unit-of-work";
import { first } from "@/db/query";

export type TopicInvitationResult = {
  topicId: number;
  /** People invited by this call, who were told about it. */
  invited: number[];
  /** People asked for who had been invited before: left as they were. */
  alreadyInvited: number[];
};

/**
 * The topic's staff invite people into the consultation: named people of the community, or all
 * members of a think tank (议事智囊团). Invitees are told and may then give opinions even if they do
 * not live in the topic's grid. Inviting someone twice changes nothing.
 */
export async function inviteToTopic(ctx: ActorCtx, raw: unknown, now = new Date()): Promise<TopicInvitationResult> {
  const input = inviteToTopicInput.parse(raw);
  const { db, actor } = ctx;
  const topic = await loadVisibleTopic(db, actor, input.topicId);
  authorize(actor, "topic.manage", topicResource(topic));
  if (!opinionsOpen(topic.state)) throw new AppError("conflict", "invitationsClosed");

  const wanted = new Set(input.personIds);
  if (wanted.size > 0) {
    const found = await db
      .select({ id: people.id })
      .from(people)
      .where(and(inArray(people.id, [...wanted]), inviteableIn(topic.communityId)));
    if (found.length !== wanted.size) throw invalid("inviteeNotFound", { personIds: "inviteeNotFound" });
  }

  let thinkTank: { id: number; name: string } | null = null;
  if (input.organisationId != null) {
    thinkTank =
      await first(db
        .select({ id: organisations.id, name: organisations.name })
        .from(organisations)
        .where(and(eq(organisations.id, input.organisationId), eq(organisations.communityId, topic.communityId), eq(organisations.kind, "thinkTank")))) ?? null;
    if (!thinkTank) throw notFound("thinkTankNotFound");
    const members = await db
      .select({ id: people.id })
      .from(roles)
      .innerJoin(people, eq(roles.personId, people.id))
      .where(and(eq(roles.organisationId, thinkTank.id), eq(roles.role, "thinkTankMember"), eq(people.status, "verified")));
    if (members.length === 0) throw invalid("thinkTankEmpty", { organisationId: "thinkTankEmpty" });
    for (const m of members) wanted.add(m.id);
  }
  if (wanted.size > MAX_INVITEES) throw invalid("tooManyInvitees", {}, { max: MAX_INVITEES });

  return await unitOfWork(db, async (tx) => {
    // The unique (topic, person) index makes a repeated invitation a no-op, even when two staff
    // invite the same person at the same moment.
    const inserted = (await tx
      .insert(topicInvitations)
      .values([...wanted].map((personId) => ({ topicId: topic.id, personId, invitedBy: actor.personId, note: input.note, createdAt: now })))
      .onConflictDoNothing({ target: [topicInvitations.topicId, topicInvitations.personId] })
      .returning({ personId: topicInvitations.personId }))
      .map((r) => r.personId);
    const invited = new Set(inserted);
    const alreadyInvited = [...wanted].filter((p) => !invited.has(p));

    if (inserted.length > 0) {
      await notify(tx, inserted, "invited", { at: now, topicId: topic.id, actorId: actor.personId, data: { title: topic.title } });
      await tx.insert(topicEvents)
        .values({
          topicId: topic.id,
          actorId: actor.personId,
          kind: "invited",
          note: input.note || null,
          data: { count: inserted.length, thinkTank: thinkTank?.name ?? null },
          at: now,
        });
    }
    await recordEvent(tx, {
      actorId: actor.personId,
      kind: "topic.invited",
      subjectType: "topic",
      subjectId: topic.id,
      data: { invited: inserted, alreadyInvited, thinkTankId: thinkTank?.id ?? null },
    });
    return { topicId: topic.id, invited: inserted, alreadyInvited };
  });
}
