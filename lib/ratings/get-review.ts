import "server-only";
import { and, asc, eq, inArray } from "drizzle-orm";
import type { DB, Tx } from "@/db/client";
import { people, ratingPhotos, satisfactionVotes, supervisionRatings, supervisorExcusals, topicEvents, topicSupervisors, type Topic } from "@/db/schema";
import type { Actor } from "@/lib/auth/actor";
import { can } from "@/lib/auth/policy";
import type { ActorCtx } from "@/lib/context";
import { concludeBlocker, ratingDimensions, residentAnswers, type CloseRule, type CloseRuleResult, type ConcludeBlocker, type Dimension, type ResidentAnswer } from "@/lib/domain/close-rule";
import { loadVisibleTopic, topicResource } from "@/lib/topics/access";
import { reviewQuery } from "@/lib/validation/ratings";
import { evaluateTopicCloseRule } from "./close-rule-facts";
import { eligibleSupervisors, endedStates, isAssignedSupervisor } from "./shared";

export type RoundSummary = {
  round: number;
  ratingCount: number;
  /** Mean per dimension over the round's ratings (2 decimals), null without ratings. */
  means: Record<Dimension, number | null>;
  satisfaction: Record<ResidentAnswer, number> & { total: number };
  /** Individual ratings: only for staff and the assigned supervisors; residents see the aggregates. */
  ratings: { id: number; supervisorName: string; scores: Record<Dimension, number>; comment: string; photoIds: number[]; at: Date }[] | null;
};

/**
 * Individual ratings (who gave which score) are for the topic's staff and its supervisors; every
 * other reader of the topic sees means and counts only.
 */
export async function mayReadRatings(db: DB | Tx, actor: Actor | null, topic: Topic): Promise<boolean> {
  if (!actor) return false;
  return can(actor, "topic.manage", topicResource(topic)) || await isAssignedSupervisor(db, topic.id, actor.personId);
}

const round2 = (n: number) => Math.round(n * 100) / 100;

/** Everything the review panel shows: supervisors, each round's ratings and satisfaction, the rule for staff. */
export async function getReview(ctx: ActorCtx, raw: unknown) {
  const { topicId } = reviewQuery.parse(raw);
  const { db, actor } = ctx;
  const topic = await loadVisibleTopic(db, actor, topicId);
  const mayManage = can(actor, "topic.manage", topicResource(topic));
  const isSupervisor = await isAssignedSupervisor(db, topic.id, actor.personId);
  const detailed = mayManage || isSupervisor;
  const isResident = can(actor, "topic.cosign", topicResource(topic));

  const supervisors = await db
    .select({ personId: people.id, name: people.name, displayNumber: people.displayNumber })
    .from(topicSupervisors)
    .innerJoin(people, eq(people.id, topicSupervisors.personId))
    .where(eq(topicSupervisors.topicId, topic.id))
    .orderBy(asc(topicSupervisors.createdAt), asc(topicSupervisors.id));

  const ratingRows = await db
    .select({
      id: supervisionRatings.id,
      round: supervisionRatings.round,
      supervisorId: supervisionRatings.supervisorId,
      supervisorName: people.name,
      process: supervisionRatings.process,
      timeliness: supervisionRatings.timeliness,
      quality: supervisionRatings.quality,
      transparency: supervisionRatings.transparency,
      satisfaction: supervisionRatings.satisfaction,
      comment: supervisionRatings.comment,
      at: supervisionRatings.createdAt,
    })
    .from(supervisionRatings)
    .innerJoin(people, eq(people.id, supervisionRatings.supervisorId))
    .where(eq(supervisionRatings.topicId, topic.id))
    .orderBy(asc(supervisionRatings.round), asc(supervisionRatings.id));
  const photos = detailed && ratingRows.length > 0
    ? await db.select({ id: ratingPhotos.id, ratingId: ratingPhotos.ratingId }).from(ratingPhotos).where(inArray(ratingPhotos.ratingId, ratingRows.map((r) => r.id))).orderBy(asc(ratingPhotos.id))
    : [];
  const votes = await db
    .select({ round: satisfactionVotes.round, personId: satisfactionVotes.personId, answer: satisfactionVotes.answer })
    .from(satisfactionVotes)
    .where(eq(satisfactionVotes.topicId, topic.id));

  const rounds: RoundSummary[] = [];
  for (let round = 0; round <= topic.rectificationRound; round++) {
    const rs = ratingRows.filter((r) => r.round === round);
    const vs = votes.filter((v) => v.round === round);
    const means = Object.fromEntries(ratingDimensions.map((d) => [d, rs.length ? round2(rs.reduce((s, r) => s + r[d], 0) / rs.length) : null])) as Record<Dimension, number | null>;
    const satisfaction = Object.fromEntries(residentAnswers.map((a) => [a, vs.filter((v) => v.answer === a).length])) as Record<ResidentAnswer, number>;
    rounds.push({
      round,
      ratingCount: rs.length,
      means,
      satisfaction: { ...satisfaction, total: vs.length },
      ratings: detailed
        ? rs.map((r) => ({
            id: r.id,
            supervisorName: r.supervisorName,
            scores: Object.fromEntries(ratingDimensions.map((d) => [d, r[d]])) as Record<Dimension, number>,
            comment: r.comment,
            photoIds: photos.filter((p) => p.ratingId === r.id).map((p) => p.id),
            at: r.at,
          }))
        : null,
    });
  }

  const current = topic.rectificationRound;
  const myRating = ratingRows.find((r) => r.round === current && r.supervisorId === actor.personId);
  const myAnswer = votes.find((v) => v.round === current && v.personId === actor.personId)?.answer ?? null;
  const evaluation: { rule: CloseRule; result: CloseRuleResult } | null = mayManage && topic.state === "underReview" ? await evaluateTopicCloseRule(db, topic) : null;
  const assignedIds = new Set(supervisors.map((s) => s.personId));
  const candidates = mayManage && !endedStates.includes(topic.state) ? (await eligibleSupervisors(db, topic)).filter((p) => !assignedIds.has(p.personId)) : [];
  const checks = await db
    .select({ kind: topicEvents.kind, note: topicEvents.note, at: topicEvents.at })
    .from(topicEvents)
    .where(and(eq(topicEvents.topicId, topic.id), inArray(topicEvents.kind, ["reviewHeld", "reopen"])))
    .orderBy(asc(topicEvents.at), asc(topicEvents.id));
  const underReview = topic.state === "underReview";
  // Excusals of the current round; the reason is for the same readers as the individual ratings.
  const excusals = await db
    .select({ personId: supervisorExcusals.personId, reason: supervisorExcusals.reason, at: supervisorExcusals.createdAt })
    .from(supervisorExcusals)
    .where(and(eq(supervisorExcusals.topicId, topic.id), eq(supervisorExcusals.round, current)));
  const blocker: ConcludeBlocker | null = evaluation ? concludeBlocker(evaluation.result) : null;

  return {
    topic: { id: topic.id, title: topic.title, state: topic.state, round: current, reviewOn: topic.reviewOn, reviewRemindedAt: topic.reviewRemindedAt, closedAt: topic.closedAt },
    supervisors: supervisors.map((s) => {
      const ratedCurrentRound = ratingRows.some((r) => r.round === current && r.supervisorId === s.personId);
      const excusal = excusals.find((e) => e.personId === s.personId);
      return {
        ...s,
        ratedCurrentRound,
        /** Recorded as unable to rate this round; the reason only for staff and supervisors. */
        excused: excusal ? { at: excusal.at, reason: detailed ? excusal.reason : null } : null,
        mayExcuse: mayManage && underReview && !ratedCurrentRound && !excusal,
      };
    }),
    rounds,
    evaluation,
    candidates,
    checks,
    me: {
      mayManage,
      isSupervisor,
      mayRate: isSupervisor && underReview && !myRating,
      hasRated: !!myRating,
      isResident,
      mayAnswer: isResident && underReview && !myAnswer,
      myAnswer,
      /** Why the round cannot be concluded yet (a supervisor still to rate, no rating at all), for staff. */
      concludeBlocker: blocker,
      mayConclude: mayManage && underReview && !!evaluation && blocker === null,
      mayCheckReview: mayManage && topic.state === "closed",
    },
  };
}
export type Review = Awaited<ReturnType<typeof getReview>>;
