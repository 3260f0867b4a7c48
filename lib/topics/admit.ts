import { authorize } from "@/lib/auth/policy";
import type { ActorCtx } from "@/lib/context";
import { recordEvent } from "@/lib/events/record";
import { notify } from "@/lib/notifications/notify";
import { admitTopicInput } from "@/lib/validation/topics";
import { loadVisibleTopic, topicResource } from "./access";
import { applyTransition } from "./apply-transition";
import { topicFollowerIds } from "./staff-of-topic";
import { unitOfWork } from "@/db/unit-of-work";

/** The grid's chief or worker admits a topic (准入) and decides its level: grid, or community for big matters. */
export async function admitTopic(ctx: ActorCtx, raw: unknown, now = new Date()) {
  const input = admitTopicInput.parse(raw);
  const { db, actor } = ctx;
  const topic = await loadVisibleTopic(db, actor, input.topicId);
  authorize(actor, "topic.manage", topicResource(topic));
  return await unitOfWork(db, async (tx) => {
    const moved = await applyTransition(tx, topic, "admit", actor, { level: input.level, reason: input.note || undefined, now });
    await notify(tx, await topicFollowerIds(tx, topic), "admitted", { at: now, topicId: topic.id, actorId: actor.personId, data: { title: topic.title, level: moved.level } });
    await recordEvent(tx, { actorId: actor.personId, kind: "topic.admitted", subjectType: "topic", subjectId: topic.id, data: { level: moved.level } });
    return { topicId: topic.id, state: moved.to, level: moved.level };
  });
}
