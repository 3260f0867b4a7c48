import { and, eq, isNull, sql } from "drizzle-orm";
import { plans, topicEvents, topics } from "@/db/schema";
import type { ActorCtx } from "@/lib/context";
import { AppError } from "@/lib/errors";
import { recordEvent } from "@/lib/events/record";
import { renderRichText } from "@/lib/richtext/render";
import { revisePlanInput } from "@/lib/validation/plans";
import { checkResponsible, insertRevision, loadVisiblePlan, mayRevisePlan, planFrozen, plansClosed, plansOpen } from "./shared";
import { unitOfWork } from "@/db/unit-of-work";
import { first } from "@/db/query";

export type RevisedPlan = { planId: number; topicId: number; revision: number };

/**
 * Saves a new revision of a plan: the author, or staff who own the topic, write revision n+1 and
 * the plan points at it. Nothing is overwritten, so any two revisions can be compared later. A plan
 * frozen for a vote takes no more revisions.
 */
export async function revisePlan(ctx: ActorCtx, raw: unknown, now = new Date()): Promise<RevisedPlan> {
  const input = revisePlanInput.parse(raw);
  const { db, actor } = ctx;
  const { plan, topic } = await loadVisiblePlan(db, actor, input.planId);
  if (!mayRevisePlan(actor, plan, topic)) throw new AppError("forbidden", "planNotYours");
  if (plan.frozenAt) throw planFrozen();
  if (!plansOpen(topic.state)) throw plansClosed();
  if (input.baseRevision != null && input.baseRevision !== plan.currentRevision) {
    throw new AppError("conflict", "planChangedMeanwhile", { revision: plan.currentRevision });
  }
  await checkResponsible(db, topic.communityId, input);
  const bodyHtml = renderRichText(input.body);

  return await unitOfWork(db, async (tx) => {
    // Taking the next number and checking "not frozen, not moved on" in one UPDATE keeps two saves
    // (or a save and the ballot's freeze) from racing each other: the loser changes nothing.
    const bumped = await first(tx
      .update(plans)
      .set({ currentRevision: sql`${plans.currentRevision} + 1`, updatedAt: now })
      .where(and(eq(plans.id, plan.id), isNull(plans.frozenAt), eq(plans.currentRevision, plan.currentRevision)))
      .returning({ revision: plans.currentRevision }));
    if (!bumped) {
      const fresh = await first(tx.select({ frozenAt: plans.frozenAt, currentRevision: plans.currentRevision }).from(plans).where(eq(plans.id, plan.id)));
      if (fresh?.frozenAt) throw planFrozen();
      throw new AppError("conflict", "planChangedMeanwhile", { revision: fresh?.currentRevision ?? plan.currentRevision });
    }
    const revision = bumped.revision;
    await insertRevision(tx, { planId: plan.id, number: revision, authorId: actor.personId, bodyHtml, at: now }, input);
    await tx.update(topics).set({ updatedAt: now }).where(eq(topics.id, topic.id));
    await tx.insert(topicEvents)
      .values({ topicId: topic.id, actorId: actor.personId, kind: "planRevised", note: input.note || null, data: { planId: plan.id, title: plan.title, revision }, at: now });
    await recordEvent(tx, {
      actorId: actor.personId,
      kind: "plan.revised",
      subjectType: "plan",
      subjectId: plan.id,
      data: { topicId: topic.id, revision, budgetFen: input.budget, budgetSource: input.budgetSource },
    });
    return { planId: plan.id, topicId: topic.id, revision };
  });
}
