import { and, eq, sql } from "drizzle-orm";
import { cosigns, opinions, topicEvents, topics, type Opinion } from "@/db/schema";
import { authorize } from "@/lib/auth/policy";
import type { ActorCtx } from "@/lib/context";
import { AppError, notFound } from "@/lib/errors";
import { recordEvent } from "@/lib/events/record";
import { notify } from "@/lib/notifications/notify";
import { reindexTopic } from "@/lib/search/index-topic";
import { isInvited, loadVisibleTopic, topicResource } from "@/lib/topics/access";
import { postOpinionInput } from "@/lib/validation/opinions";
import { opinionsOpen, organisationsActorSpeaksFor } from "./consultation";
import { unitOfWork } from "@/db/unit-of-work";
import { first } from "@/db/query";

export type PostedOpinion = {
  opinionId: number;
  topicId: number;
  parentId: number | null;
  stance: Opinion["stance"];
  official: { organisationId: number; name: string } | null;
};

/**
 * Someone who may take part gives an opinion on a topic under consultation (支持/反对/建议), or
 * replies to one. Property-firm staff and owners' committee members may answer on behalf of their
 * organisation: the answer is then the organisation's official response (官方回应), goes into the
 * topic's timeline, and the proposer and co-signers are told about it.
 */
export async function postOpinion(ctx: ActorCtx, raw: unknown, now = new Date()): Promise<PostedOpinion> {
  const input = postOpinionInput.parse(raw);
  const { db, actor } = ctx;
  const topic = await loadVisibleTopic(db, actor, input.topicId);
  // Invited people (think-tank members, anyone staff asked in) may speak outside their own grid.
  authorize(actor, "opinion.post", topicResource(topic, await isInvited(db, topic.id, actor.personId)));

  let official: PostedOpinion["official"] = null;
  if (input.officialOrganisationId != null) {
    const org = (await organisationsActorSpeaksFor(db, actor, topic.communityId)).find((o) => o.id === input.officialOrganisationId);
    if (!org) throw new AppError("forbidden", "notOrganisationMember", {}, { officialOrganisationId: "notOrganisationMember" });
    official = { organisationId: org.id, name: org.name };
  }

  if (!opinionsOpen(topic.state)) throw new AppError("conflict", "opinionsClosed");

  let parentId: number | null = null;
  if (input.parentId != null) {
    const parent = await first(db
      .select({ id: opinions.id, parentId: opinions.parentId, hiddenAt: opinions.hiddenAt })
      .from(opinions)
      .where(and(eq(opinions.id, input.parentId), eq(opinions.topicId, topic.id))));
    if (!parent) throw notFound("opinionNotFound");
    if (parent.hiddenAt) throw new AppError("conflict", "opinionHidden");
    // One level of replies: answering a reply continues the thread of the opinion it answers.
    parentId = parent.parentId ?? parent.id;
  }
  const stance = parentId == null ? (input.stance ?? null) : null;

  return await unitOfWork(db, async (tx) => {
    const opinion = await first(tx
      .insert(opinions)
      .values({
        topicId: topic.id,
        authorId: actor.personId,
        parentId,
        stance,
        body: input.body,
        officialOrganisationId: official?.organisationId ?? null,
        createdAt: now,
      })
      .returning({ id: opinions.id }));
    await tx.update(topics)
      .set({ opinionCount: sql`${topics.opinionCount} + 1`, updatedAt: now })
      .where(eq(topics.id, topic.id));
    await reindexTopic(tx, topic.id);

    if (official) {
      // Only official responses go into the timeline: a list of every remark would bury the steps.
      await tx.insert(topicEvents)
        .values({
          topicId: topic.id,
          actorId: actor.personId,
          kind: "opinionPosted",
          data: { opinionId: opinion.id, stance, official: official.name },
          at: now,
        });
      const signers = await tx.select({ personId: cosigns.personId }).from(cosigns).where(eq(cosigns.topicId, topic.id));
      await notify(tx, [topic.proposerId, ...signers.map((s) => s.personId)], "officialResponse", {
        topicId: topic.id,
        at: now,
        actorId: actor.personId,
        data: { title: topic.title, organisation: official.name, opinionId: opinion.id },
      });
    } else {
      await notify(tx, [topic.proposerId], "newOpinion", {
        topicId: topic.id,
        at: now,
        actorId: actor.personId,
        data: { title: topic.title, opinionId: opinion.id, ...(stance ? { stance } : {}) },
      });
    }

    await recordEvent(tx, {
      actorId: actor.personId,
      kind: "opinion.posted",
      subjectType: "opinion",
      subjectId: opinion.id,
      data: { topicId: topic.id, stance, parentId, officialOrganisationId: official?.organisationId ?? null },
    });
    return { opinionId: opinion.id, topicId: topic.id, parentId, stance, official };
  });
}
