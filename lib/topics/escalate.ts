import { authorize } from "@/lib/auth/policy";
import type { ActorCtx } from "@/lib/context";
import { recordEvent } from "@/lib/events/record";
import { notify } from "@/lib/notifications/notify";
import { escalateTopicInput } from "@/lib/validation/topics";
import { loadVisibleTopic, topicResource } from "./access";
import { applyTransition } from "./apply-transition";
import { topicFollowerIds, topicStaffIds } from "./staff-of-topic";
import { unitOfWork } from "@/db/unit-of-work";

/** A grid-level topic turns out to be a big matter: it goes up to the community, whose staff then own it (大事不出社区). */
export async function escalateTopic(ctx: ActorCtx, raw: unknown, now = new Date()) {
  const input = escalateTopicInput.parse(raw);
  const { db, actor } = ctx;
  const topic = await loadVisibleTopic(db, actor, input.topicId);
  authorize(actor, "topic.manage", topicResource(topic));
  return await unitOfWork(db, async (tx) => {
    const moved = await applyTransition(tx, topic, "escalate", actor, { reason: input.reason || undefined, now });
    const communityStaff = await topicStaffIds(tx, { ...topic, level: "community" });
    await notify(tx, [...await topicFollowerIds(tx, topic), ...communityStaff], "escalated", { at: now, topicId: topic.id, actorId: actor.personId, data: { title: topic.title } });
    await recordEvent(tx, { actorId: actor.personId, kind: "topic.escalated", subjectType: "topic", subjectId: topic.id });
    return { topicId: topic.id, state: moved.to, level: moved.level };
  });
}
