import { eq } from "drizzle-orm";
import { planComments, plans } from "@/db/schema";
import { authorize } from "@/lib/auth/policy";
import type { ActorCtx } from "@/lib/context";
import { recordEvent } from "@/lib/events/record";
import { isInvited, topicResource } from "@/lib/topics/access";
import { commentOnPlanInput } from "@/lib/validation/plans";
import { loadVisiblePlan, planFrozen, plansClosed, plansOpen } from "./shared";
import { unitOfWork } from "@/db/unit-of-work";
import { first } from "@/db/query";

export type PlanComment = { commentId: number; planId: number; revisionNumber: number };

/**
 * Residents of the grid, staff, the property firm, the owners' committee, supervisors and invited
 * people (think-tank members among them) comment on a plan. The comment is tied to the revision it
 * was written against, so a later reader knows which text it is about. Comments stay off the topic's
 * timeline: they are the discussion, not a step.
 */
export async function commentOnPlan(ctx: ActorCtx, raw: unknown, now = new Date()): Promise<PlanComment> {
  const input = commentOnPlanInput.parse(raw);
  const { db, actor } = ctx;
  const { plan, topic } = await loadVisiblePlan(db, actor, input.planId);
  authorize(actor, "plan.comment", topicResource(topic, await isInvited(db, topic.id, actor.personId)));
  if (plan.frozenAt) throw planFrozen();
  if (!plansOpen(topic.state)) throw plansClosed();

  return await unitOfWork(db, async (tx) => {
    // Read again inside the transaction: a ballot opened since the check has frozen the plan.
    const fresh = (await first(tx.select({ frozenAt: plans.frozenAt, currentRevision: plans.currentRevision }).from(plans).where(eq(plans.id, plan.id))))!;
    if (fresh.frozenAt) throw planFrozen();
    const comment = await first(tx
      .insert(planComments)
      .values({ planId: plan.id, revisionNumber: fresh.currentRevision, authorId: actor.personId, body: input.body, createdAt: now })
      .returning({ id: planComments.id }));
    await recordEvent(tx, {
      actorId: actor.personId,
      kind: "plan.commented",
      subjectType: "plan",
      subjectId: plan.id,
      data: { topicId: topic.id, commentId: comment.id, revision: fresh.currentRevision },
    });
    return { commentId: comment.id, planId: plan.id, revisionNumber: fresh.currentRevision };
  });
}
