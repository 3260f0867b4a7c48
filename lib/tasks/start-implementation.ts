import { authorize } from "@/lib/auth/policy";
import type { ActorCtx } from "@/lib/context";
import { recordEvent } from "@/lib/events/record";
import { notify } from "@/lib/notifications/notify";
import { loadVisibleTopic, topicResource } from "@/lib/topics/access";
import { applyTransition } from "@/lib/topics/apply-transition";
import { topicFollowerIds } from "@/lib/topics/staff-of-topic";
import { topicIdInput } from "@/lib/validation/tasks";
import { unitOfWork } from "@/db/unit-of-work";

/** Staff who own a resolved topic start carrying out the resolution (决议 → 办理); followers hear of it. */
export async function startImplementation(ctx: ActorCtx, raw: unknown, now = new Date()) {
  const input = topicIdInput.parse(raw);
  const { db, actor } = ctx;
  const topic = await loadVisibleTopic(db, actor, input.topicId);
  authorize(actor, "topic.manage", topicResource(topic));
  return await unitOfWork(db, async (tx) => {
    const moved = await applyTransition(tx, topic, "startImplementation", actor, { now });
    await notify(tx, await topicFollowerIds(tx, topic), "implementationStarted", { topicId: topic.id, data: { title: topic.title }, actorId: actor.personId, at: now });
    await recordEvent(tx, { actorId: actor.personId, kind: "topic.implementationStarted", subjectType: "topic", subjectId: topic.id });
    return { topicId: topic.id, state: moved.to };
  });
}
