import { and, eq } from "drizzle-orm";
import type { DB, Tx } from "@/db/client";
import { communities, satisfactionVotes, supervisionRatings, supervisorExcusals, topicSupervisors, type Topic } from "@/db/schema";
import { defaultCloseRule, evaluateCloseRule, ratingDimensions, type CloseRule, type CloseRuleResult, type Dimension } from "@/lib/domain/close-rule";
import { first } from "@/db/query";

/** The community's close rule (办结条件); null in the database means the default. */
export async function communityCloseRule(tx: DB | Tx, communityId: number): Promise<CloseRule> {
  const row = await first(tx.select({ rule: communities.closeRule }).from(communities).where(eq(communities.id, communityId)));
  return row?.rule ? { ...row.rule } : { ...defaultCloseRule };
}

export async function assignedSupervisorIds(tx: DB | Tx, topicId: number): Promise<number[]> {
  return (await tx.select({ personId: topicSupervisors.personId }).from(topicSupervisors).where(eq(topicSupervisors.topicId, topicId))).map((r) => r.personId);
}

/** Assigned supervisors whom staff recorded as unable to rate this round. */
export async function excusedSupervisorIds(tx: DB | Tx, topicId: number, round: number): Promise<number[]> {
  return (await tx
    .select({ personId: supervisorExcusals.personId })
    .from(supervisorExcusals)
    .where(and(eq(supervisorExcusals.topicId, topicId), eq(supervisorExcusals.round, round))))
    .map((r) => r.personId);
}

/** The ratings and resident answers of one round, in the pure rule's terms. */
export async function roundFacts(tx: DB | Tx, topicId: number, round: number) {
  const ratings = (await tx
    .select()
    .from(supervisionRatings)
    .where(and(eq(supervisionRatings.topicId, topicId), eq(supervisionRatings.round, round))))
    .map((r) => ({ supervisorId: r.supervisorId, scores: Object.fromEntries(ratingDimensions.map((d) => [d, r[d]])) as Record<Dimension, number> }));
  const answers = (await tx
    .select({ answer: satisfactionVotes.answer })
    .from(satisfactionVotes)
    .where(and(eq(satisfactionVotes.topicId, topicId), eq(satisfactionVotes.round, round))))
    .map((a) => a.answer);
  return { ratings, residentAnswers: answers };
}

/** The close rule evaluated on the topic's current round. */
export async function evaluateTopicCloseRule(tx: DB | Tx, topic: Pick<Topic, "id" | "communityId" | "rectificationRound">): Promise<{ rule: CloseRule; result: CloseRuleResult }> {
  const rule = await communityCloseRule(tx, topic.communityId);
  const facts = await roundFacts(tx, topic.id, topic.rectificationRound);
  const round = topic.rectificationRound;
  return { rule, result: evaluateCloseRule({ assignedSupervisorIds: await assignedSupervisorIds(tx, topic.id), excusedSupervisorIds: await excusedSupervisorIds(tx, topic.id, round), ...facts }, rule) };
}

/**
 * The state machine's `closeRuleMet` fact. Only a topic under review can be closed, so the other
 * states skip the queries (and stay false: nothing is closed without a rating).
 */
export async function closeRuleMetFor(tx: DB | Tx, topic: Pick<Topic, "id" | "communityId" | "rectificationRound" | "state">): Promise<boolean> {
  if (topic.state !== "underReview") return false;
  return (await evaluateTopicCloseRule(tx, topic)).result.met;
}

export const dimensionNamesZh: Record<Dimension, string> = {
  process: "过程规范",
  timeliness: "办理时效",
  quality: "完成质量",
  transparency: "公开透明",
  satisfaction: "群众满意",
};

const checkNamesZh: Record<string, string> = {
  ratings: "督导员评价",
  allSupervisorsRated: "督导员全部评价",
  residentAnswers: "居民满意度答复人数",
  satisfiedShare: "满意及基本满意比例",
  ...Object.fromEntries(ratingDimensions.map((d) => [`${d}Mean`, `${dimensionNamesZh[d]}平均分`])),
};

/**
 * The failing checks as one line of text, kept in the timeline (and so in the audit trail) as the
 * reason for rectification. Written in Chinese, the language of the record.
 */
export function failingChecksText(result: CloseRuleResult): string {
  return result.checks
    .filter((c) => !c.met)
    .map((c) => `${checkNamesZh[c.key] ?? c.key}：${c.value}（要求 ≥ ${c.threshold}）`)
    .join("；");
}
