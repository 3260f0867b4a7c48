import { eq } from "drizzle-orm";
import { plans, topicEvents, topics, type Plan } from "@/db/schema";
import { authorize, can } from "@/lib/auth/policy";
import type { ActorCtx } from "@/lib/context";
import { AppError } from "@/lib/errors";
import { recordEvent } from "@/lib/events/record";
import { notify } from "@/lib/notifications/notify";
import { organisationsActorSpeaksFor } from "@/lib/opinions/consultation";
import { renderRichText } from "@/lib/richtext/render";
import { loadVisibleTopic, topicResource } from "@/lib/topics/access";
import { topicFollowerIds } from "@/lib/topics/staff-of-topic";
import { draftPlanInput } from "@/lib/validation/plans";
import { checkResponsible, insertRevision, planKindFor, plansClosed, plansOpen } from "./shared";
import { unitOfWork } from "@/db/unit-of-work";
import { first } from "@/db/query";

export type DraftedPlan = { planId: number; topicId: number; kind: Plan["kind"]; organisationId: number | null; revision: 1 };

/**
 * Staff who own the topic, property-firm staff and owners' committee members draft an official plan
 * (方案) for a topic under consultation; when staff allow it, residents and owners of the grid
 * submit an alternative (备选方案). The plan starts at revision 1; the proposer and co-signers are
 * told, and the topic's timeline shows it.
 */
export async function draftPlan(ctx: ActorCtx, raw: unknown, now = new Date()): Promise<DraftedPlan> {
  const input = draftPlanInput.parse(raw);
  const { db, actor } = ctx;
  const topic = await loadVisibleTopic(db, actor, input.topicId);
  const resource = topicResource(topic);
  // A resident who may not submit alternatives is told why, rather than a bare "forbidden".
  if (actor.status === "verified" && !can(actor, "plan.draft", resource)) throw new AppError("forbidden", "planDraftNotAllowed");
  authorize(actor, "plan.draft", resource);

  const speaksFor = await organisationsActorSpeaksFor(db, actor, topic.communityId);
  let organisationId: number | null = null;
  if (input.organisationId != null) {
    if (!speaksFor.some((o) => o.id === input.organisationId)) throw new AppError("forbidden", "planOrganisationNotYours", {}, { organisationId: "planOrganisationNotYours" });
    organisationId = input.organisationId;
  } else if (speaksFor.length === 1) {
    organisationId = speaksFor[0]!.id;
  }
  const kind = planKindFor(actor, topic);

  if (!plansOpen(topic.state)) throw plansClosed();
  await checkResponsible(db, topic.communityId, input);
  const bodyHtml = renderRichText(input.body);

  return await unitOfWork(db, async (tx) => {
    const plan = await first(tx
      .insert(plans)
      .values({ topicId: topic.id, title: input.title, kind, authorId: actor.personId, organisationId, currentRevision: 1, createdAt: now, updatedAt: now })
      .returning({ id: plans.id }));
    await insertRevision(tx, { planId: plan.id, number: 1, authorId: actor.personId, bodyHtml, at: now }, input);
    await tx.update(topics).set({ updatedAt: now }).where(eq(topics.id, topic.id));
    await tx.insert(topicEvents)
      .values({ topicId: topic.id, actorId: actor.personId, kind: "planDrafted", data: { planId: plan.id, title: input.title }, at: now });
    await notify(tx, await topicFollowerIds(tx, topic), "planDrafted", {
      topicId: topic.id,
      at: now,
      actorId: actor.personId,
      data: { title: topic.title, planId: plan.id, plan: input.title },
    });
    await recordEvent(tx, {
      actorId: actor.personId,
      kind: "plan.drafted",
      subjectType: "plan",
      subjectId: plan.id,
      data: { topicId: topic.id, kind, organisationId, budgetFen: input.budget, budgetSource: input.budgetSource },
    });
    return { planId: plan.id, topicId: topic.id, kind, organisationId, revision: 1 as const };
  });
}
