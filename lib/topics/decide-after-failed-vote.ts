import { authorize } from "@/lib/auth/policy";
import type { ActorCtx } from "@/lib/context";
import { recordEvent } from "@/lib/events/record";
import { notify } from "@/lib/notifications/notify";
import { afterFailedVoteInput } from "@/lib/validation/drafting";
import { loadVisibleTopic, topicResource } from "./access";
import { applyTransition } from "./apply-transition";
import { topicFollowerIds } from "./staff-of-topic";
import { unitOfWork } from "@/db/unit-of-work";

const outcome = {
  redraft: { notification: "redrafted", event: "topic.redrafted" },
  closeFailed: { notification: "closedAfterVote", event: "topic.closedAfterVote" },
} as const;

/**
 * After a failed ballot (表决未通过) the staff who own the topic decide: draft the plan again, or
 * close the matter. Either way with a reason, which the proposer and co-signers are told.
 */
export async function decideAfterFailedVote(ctx: ActorCtx, raw: unknown, now = new Date()) {
  const input = afterFailedVoteInput.parse(raw);
  const { db, actor } = ctx;
  const topic = await loadVisibleTopic(db, actor, input.topicId);
  authorize(actor, "topic.manage", topicResource(topic));
  const { notification, event } = outcome[input.decision];
  return await unitOfWork(db, async (tx) => {
    const moved = await applyTransition(tx, topic, input.decision, actor, { reason: input.reason, now });
    await notify(tx, await topicFollowerIds(tx, topic), notification, { at: now, topicId: topic.id, actorId: actor.personId, data: { title: topic.title, reason: input.reason } });
    await recordEvent(tx, { actorId: actor.personId, kind: event, subjectType: "topic", subjectId: topic.id, data: { reason: input.reason } });
    return { topicId: topic.id, decision: input.decision, state: moved.to };
  });
}
