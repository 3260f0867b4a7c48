import { authorize } from "@/lib/auth/policy";
import type { ActorCtx } from "@/lib/context";
import { recordEvent } from "@/lib/events/record";
import { startDraftingInput } from "@/lib/validation/drafting";
import { loadVisibleTopic, topicResource } from "./access";
import { applyTransition } from "./apply-transition";

/** Staff who own the topic close the consultation and open plan drafting (议事协商 → 方案制定). */
export function startDrafting(ctx: ActorCtx, raw: unknown, now = new Date()) {
  const input = startDraftingInput.parse(raw);
  const { db, actor } = ctx;
  const topic = loadVisibleTopic(db, actor, input.topicId);
  authorize(actor, "topic.manage", topicResource(topic));
  return db.transaction((tx) => {
    const moved = applyTransition(tx, topic, "startDrafting", actor, { now });
    recordEvent(tx, { actorId: actor.personId, kind: "topic.draftingStarted", subjectType: "topic", subjectId: topic.id });
    return { topicId: topic.id, state: moved.to };
  });
}
