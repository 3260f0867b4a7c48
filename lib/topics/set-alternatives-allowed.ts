import { eq } from "drizzle-orm";
import { topicEvents, topics, type Topic } from "@/db/schema";
import { authorize } from "@/lib/auth/policy";
import type { ActorCtx } from "@/lib/context";
import { AppError } from "@/lib/errors";
import { recordEvent } from "@/lib/events/record";
import { setAlternativesAllowedInput } from "@/lib/validation/drafting";
import { loadVisibleTopic, topicResource } from "./access";
import { unitOfWork } from "@/db/unit-of-work";

/** Alternatives compete with the official plan while plans are still being talked about or drafted. */
export const alternativesStates: readonly Topic["state"][] = ["consulting", "drafting"];

/**
 * Staff let the grid's residents submit alternative plans (备选方案), or stop taking them. Setting
 * the value it already has changes nothing and records nothing. Plans already submitted stay.
 */
export async function setAlternativesAllowed(ctx: ActorCtx, raw: unknown, now = new Date()) {
  const input = setAlternativesAllowedInput.parse(raw);
  const { db, actor } = ctx;
  const topic = await loadVisibleTopic(db, actor, input.topicId);
  authorize(actor, "topic.manage", topicResource(topic));
  if (!alternativesStates.includes(topic.state)) throw new AppError("conflict", "alternativesStateInvalid");
  if (topic.alternativesAllowed === input.allowed) return { topicId: topic.id, alternativesAllowed: input.allowed, changed: false };
  const kind = input.allowed ? "alternativesAllowed" : "alternativesClosed";
  return await unitOfWork(db, async (tx) => {
    await tx.update(topics).set({ alternativesAllowed: input.allowed, updatedAt: now }).where(eq(topics.id, topic.id));
    await tx.insert(topicEvents).values({ topicId: topic.id, actorId: actor.personId, kind, at: now });
    await recordEvent(tx, { actorId: actor.personId, kind: `topic.${kind}`, subjectType: "topic", subjectId: topic.id });
    return { topicId: topic.id, alternativesAllowed: input.allowed, changed: true };
  });
}
