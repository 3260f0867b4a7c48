import { eq, sql } from "drizzle-orm";
import type { DB, Tx } from "@/db/client";
import { plans, topicEvents, topics, type Topic } from "@/db/schema";
import {
  transition,
  type TopicActor,
  type TopicTransition,
  type TopicTransitionInput,
  type TransitionResult,
} from "@/lib/domain/topic-state-machine";
import { AppError } from "@/lib/errors";
import { openTaskCount } from "@/lib/tasks/open-task-count";
import { closeRuleMetFor } from "@/lib/ratings/close-rule-facts";
import { supporters } from "./supporters";

const statusByError = {
  illegalTransition: "conflict",
  preconditionFailed: "conflict",
  notAllowed: "forbidden",
  reasonRequired: "invalid_input",
  levelRequired: "invalid_input",
  mergeTargetRequired: "invalid_input",
} as const;

/**
 * Whether the step may be taken now, judged on the same facts as applyTransition, without writing:
 * for a confirmation step that must refuse exactly when the step itself would. Throws the same errors.
 */
export function checkTransition(
  tx: DB | Tx,
  topic: Topic,
  name: TopicTransition,
  actor: { personId: number | null; relations: TopicActor },
  input: TopicTransitionInput = {},
): Extract<TransitionResult, { ok: true }> {
  const result = transition(
    {
      id: topic.id,
      state: topic.state,
      level: topic.level,
      cosignCount: supporters(topic),
      cosignThreshold: topic.cosignThreshold,
      cosignDeadline: topic.cosignDeadline,
      planCount: tx.select({ n: sql<number>`count(*)` }).from(plans).where(eq(plans.topicId, topic.id)).get()?.n ?? 0,
      openTaskCount: openTaskCount(tx, topic),
      closeRuleMet: closeRuleMetFor(tx, topic),
    },
    name,
    actor.relations,
    input,
  );
  if (!result.ok) {
    const field = result.error === "reasonRequired" ? "reason" : result.error === "levelRequired" ? "level" : result.error === "mergeTargetRequired" ? "mergeIntoTopicId" : undefined;
    throw new AppError(statusByError[result.error], result.messageKey, {}, field ? { [field]: result.messageKey } : {});
  }
  return result;
}

/**
 * Takes one step of the topic's state machine inside the caller's transaction: asks the pure
 * machine whether the move is legal for this actor, stores the new state and the timeline event.
 * The facts the machine needs (plans, open tasks of the current round, the close rule) are read
 * here, in the same transaction, so a precondition is never judged on stale data.
 */
export function applyTransition(
  tx: Tx,
  topic: Topic,
  name: TopicTransition,
  actor: { personId: number | null; relations: TopicActor },
  input: TopicTransitionInput = {},
): Extract<TransitionResult, { ok: true }> {
  const result = checkTransition(tx, topic, name, actor, input);
  const now = input.now ?? new Date();
  tx.update(topics).set({ state: result.to, level: result.level, updatedAt: now }).where(eq(topics.id, topic.id)).run();
  tx.insert(topicEvents)
    .values({
      topicId: topic.id,
      actorId: actor.personId,
      kind: name,
      fromState: result.from,
      toState: result.to,
      note: input.reason?.trim() || null,
      data: name === "admit" || name === "escalate" ? { level: result.level } : name === "merge" ? { into: input.mergeIntoTopicId ?? null } : null,
      at: now,
    })
    .run();
  return result;
}
