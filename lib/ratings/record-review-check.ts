import "server-only";
import { eq } from "drizzle-orm";
import { topicEvents, topics } from "@/db/schema";
import { authorize } from "@/lib/auth/policy";
import type { ActorCtx } from "@/lib/context";
import { AppError } from "@/lib/errors";
import { recordEvent } from "@/lib/events/record";
import { notify } from "@/lib/notifications/notify";
import { loadVisibleTopic, topicResource } from "@/lib/topics/access";
import { applyTransition } from "@/lib/topics/apply-transition";
import { topicFollowerIds, topicStaffIds } from "@/lib/topics/staff-of-topic";
import { recordReviewCheckInput } from "@/lib/validation/ratings";
import { assignedSupervisorIds } from "./close-rule-facts";
import { unitOfWork } from "@/db/unit-of-work";

/**
 * Staff record the follow-up check (回访) of a closed topic. Held: the result stands, a timeline
 * entry says so. Failed: the topic is reopened for rectification (a reason is required) and a new
 * round of rating begins.
 */
export async function recordReviewCheck(ctx: ActorCtx, raw: unknown, now = new Date()) {
  const input = recordReviewCheckInput.parse(raw);
  const { db, actor } = ctx;
  const topic = await loadVisibleTopic(db, actor, input.topicId);
  authorize(actor, "topic.manage", topicResource(topic));
  if (topic.state !== "closed") throw new AppError("conflict", "reviewCheckNotOpen");
  const note = input.note.trim();

  return await unitOfWork(db, async (tx) => {
    if (input.outcome === "held") {
      await tx.insert(topicEvents).values({ topicId: topic.id, actorId: actor.personId, kind: "reviewHeld", note: note || null, data: { reviewOn: topic.reviewOn }, at: now });
      await recordEvent(tx, { actorId: actor.personId, kind: "topic.reviewHeld", subjectType: "topic", subjectId: topic.id, data: { reviewOn: topic.reviewOn } });
      return { topicId: topic.id, outcome: "held" as const, state: topic.state, round: topic.rectificationRound };
    }
    const moved = await applyTransition(tx, topic, "reopen", actor, { reason: note, now });
    const round = topic.rectificationRound + 1;
    await tx.update(topics).set({ rectificationRound: round, closedAt: null, reviewOn: null, reviewRemindedAt: null }).where(eq(topics.id, topic.id));
    await notify(tx, [...await topicFollowerIds(tx, topic), ...await topicStaffIds(tx, topic), ...await assignedSupervisorIds(tx, topic.id)], "reopened", { at: now, topicId: topic.id, actorId: actor.personId, data: { topic: topic.title, round } });
    await recordEvent(tx, { actorId: actor.personId, kind: "topic.reopened", subjectType: "topic", subjectId: topic.id, data: { round, reason: note } });
    return { topicId: topic.id, outcome: "failed" as const, state: moved.to, round };
  });
}
