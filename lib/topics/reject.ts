import { eq } from "drizzle-orm";
import { topics } from "@/db/schema";
import { authorize } from "@/lib/auth/policy";
import type { ActorCtx } from "@/lib/context";
import { recordEvent } from "@/lib/events/record";
import { notify } from "@/lib/notifications/notify";
import { rejectTopicInput } from "@/lib/validation/topics";
import { loadVisibleTopic, topicResource } from "./access";
import { applyTransition, checkTransition } from "./apply-transition";
import { topicFollowerIds } from "./staff-of-topic";
import { unitOfWork } from "@/db/unit-of-work";

async function loadReject(ctx: ActorCtx, raw: unknown) {
  const input = rejectTopicInput.parse(raw);
  const { db, actor } = ctx;
  const topic = await loadVisibleTopic(db, actor, input.topicId);
  authorize(actor, "topic.manage", topicResource(topic));
  return { input, topic, actor };
}

/**
 * What rejecting would do, for the confirmation step: the topic ends as not admitted and this
 * reason is published to everyone who can see it; its followers are told. Writes nothing; refuses
 * exactly when the rejection would (a missing or one-letter reason included).
 */
export async function previewReject(ctx: ActorCtx, raw: unknown) {
  const { input, topic, actor } = await loadReject(ctx, raw);
  const moved = await checkTransition(ctx.db, topic, "reject", actor, { reason: input.reason });
  return { topicId: topic.id, title: topic.title, from: moved.from, to: moved.to, reason: input.reason.trim(), notified: new Set(await topicFollowerIds(ctx.db, topic)).size };
}

/** Staff reject a topic with a reason that everyone who can see the topic reads. */
export async function rejectTopic(ctx: ActorCtx, raw: unknown, now = new Date()) {
  const { input, topic, actor } = await loadReject(ctx, raw);
  const { db } = ctx;
  return await unitOfWork(db, async (tx) => {
    const moved = await applyTransition(tx, topic, "reject", actor, { reason: input.reason, now });
    await tx.update(topics).set({ rejectReason: input.reason.trim() }).where(eq(topics.id, topic.id));
    await notify(tx, await topicFollowerIds(tx, topic), "rejected", { at: now, topicId: topic.id, actorId: actor.personId, data: { title: topic.title, reason: input.reason.trim() } });
    await recordEvent(tx, { actorId: actor.personId, kind: "topic.rejected", subjectType: "topic", subjectId: topic.id, data: { reason: input.reason.trim() } });
    return { topicId: topic.id, state: moved.to };
  });
}
