import { eq, sql } from "drizzle-orm";
import type { DB, Tx } from "@/db/client";
import { plans, topicEvents, topics, type Topic } from "@/db/schema";
import { mayTakeTransition, type Resource, type StepTaker } from "@/lib/auth/policy";
import {
  canFollow,
  transition,
  transitionRules,
  type TopicTransition,
  type TopicTransitionInput,
  type TransitionResult,
} from "@/lib/domain/topic-state-machine";
import { AppError } from "@/lib/errors";
import { openTaskCount } from "@/lib/tasks/open-task-count";
import { closeRuleMetFor } from "@/lib/ratings/close-rule-facts";
import { transitionInputSchemas } from "@/lib/validation/topics";
import { topicResource } from "./access";
import { supporters } from "./supporters";
import { first } from "@/db/query";

const statusByError = {
  illegalTransition: "conflict",
  preconditionFailed: "conflict",
  reasonRequired: "invalid_input",
  levelRequired: "invalid_input",
  mergeTargetRequired: "invalid_input",
} as const;

/**
 * Whether the step may be taken now, judged on the same facts as applyTransition, without writing:
 * for a confirmation step that must refuse exactly when the step itself would. Throws the same errors.
 *
 * Three layers answer, in a fixed order so the caller hears the most fundamental problem first:
 * the machine whether the step may follow the topic's state (409), the policy whether this person
 * owns the topic or the system may record it (403), the zod schemas whether the data it carries
 * is good (422, on the field), and the machine again whether the topic's facts allow it (409).
 */
export async function checkTransition(
  tx: DB | Tx,
  topic: Topic,
  name: TopicTransition,
  who: StepTaker,
  input: TopicTransitionInput = {},
  /** What the caller established beyond the topic itself (a meeting's chair opening its vote). */
  scope: Pick<Resource, "chairsMeetingVote"> = {},
): Promise<Extract<TransitionResult, { ok: true }>> {
  if (!canFollow(topic.state, name)) throw new AppError("conflict", "topicIllegalTransition");
  if (!mayTakeTransition(who, name, { ...topicResource(topic), ...scope })) throw new AppError("forbidden", "topicNotAllowed");
  const schemas = transitionInputSchemas(topic.id);
  for (const need of transitionRules[name].input) {
    const parsed = schemas[need].safeParse(input[need]);
    if (!parsed.success) {
      const key = parsed.error.issues[0]?.message ?? "invalidInput";
      throw new AppError("invalid_input", key, {}, { [need]: key });
    }
  }
  const result = transition(
    {
      id: topic.id,
      state: topic.state,
      level: topic.level,
      cosignCount: supporters(topic),
      cosignThreshold: topic.cosignThreshold,
      cosignDeadline: topic.cosignDeadline,
      planCount: (await first(tx.select({ n: sql<number>`count(*)` }).from(plans).where(eq(plans.topicId, topic.id))))?.n ?? 0,
      openTaskCount: await openTaskCount(tx, topic),
      closeRuleMet: await closeRuleMetFor(tx, topic),
    },
    name,
    input,
  );
  if (!result.ok) {
    const field = result.error === "reasonRequired" ? "reason" : result.error === "levelRequired" ? "level" : result.error === "mergeTargetRequired" ? "mergeIntoTopicId" : undefined;
    throw new AppError(statusByError[result.error], result.messageKey, {}, field ? { [field]: result.messageKey } : {});
  }
  return result;
}

/**
 * Takes one step of the topic's state machine inside the caller's transaction: asks the machine,
 * the policy and the schemas whether the move is legal for this person or the system
 * (checkTransition), stores the new state and the timeline event.
 * The facts the machine needs (plans, open tasks of the current round, the close rule) are read
 * here, in the same transaction, so a precondition is never judged on stale data.
 */
export async function applyTransition(
  tx: Tx,
  topic: Topic,
  name: TopicTransition,
  who: StepTaker,
  input: TopicTransitionInput = {},
  scope: Pick<Resource, "chairsMeetingVote"> = {},
): Promise<Extract<TransitionResult, { ok: true }>> {
  const result = await checkTransition(tx, topic, name, who, input, scope);
  const now = input.now ?? new Date();
  await tx.update(topics).set({ state: result.to, level: result.level, updatedAt: now }).where(eq(topics.id, topic.id));
  await tx.insert(topicEvents)
    .values({
      topicId: topic.id,
      actorId: who === "system" ? null : who.personId,
      kind: name,
      fromState: result.from,
      toState: result.to,
      note: input.reason?.trim() || null,
      data: name === "admit" || name === "escalate" ? { level: result.level } : name === "merge" ? { into: input.mergeIntoTopicId ?? null } : null,
      at: now,
    });
  return result;
}
