import { asc, eq } from "drizzle-orm";
import type { DB, Tx } from "@/db/client";
import { ballotOptions, ballots, topicEvents, topics, votes, type Ballot, type Topic } from "@/db/schema";
import { appendAudit } from "@/lib/audit/append";
import type { BallotTalliedPayload } from "@/lib/audit/payloads";
import type { Ctx } from "@/lib/context";
import type { TopicActorRelation } from "@/lib/domain/topic-state-machine";
import { AppError } from "@/lib/errors";
import { recordEvent } from "@/lib/events/record";
import { notify } from "@/lib/notifications/notify";
import { topicFollowerIds } from "@/lib/topics/staff-of-topic";
import { applyTransition } from "@/lib/topics/apply-transition";
import { ballotRef } from "@/lib/validation/ballots";
import { ballotPhase, loadManagedBallot, reloadBallot } from "./access";
import { createResolution } from "./create-resolution";
import { insertElectors, loadElectors, presentCount, snapshotElectorate } from "./electorate";
import { computeBallotResult, type BallotResult } from "./tally-ballot";

export type ClosedBallot = {
  ballotId: number;
  passed: boolean;
  winningPlanId: number | null;
  topicState: Topic["state"];
  resolution: { resolutionId: number; noticeId: number; number: string } | null;
};

const system: ReadonlySet<TopicActorRelation> = new Set(["system"]);

/**
 * Closes a ballot inside the caller's transaction: counts it under its rule, stores the result
 * with every figure, appends the tally to the audit chain, and lets the count move the topic —
 * passed: resolved, with the resolution posted on the notice board; failed: failed, for staff to
 * send back to drafting or close.
 */
export function closeInTx(tx: Tx, ballot: Ballot, actorId: number | null, now: Date, closedAt: Date): ClosedBallot {
  let present: number | null = null;
  if (ballot.electorateKind === "meetingAttendees" && ballot.meetingId != null) {
    // Everyone checked in at the close is in the electorate, whether they voted or not.
    present = presentCount(tx, ballot.meetingId);
    insertElectors(tx, ballot.id, snapshotElectorate(tx, { kind: "meetingAttendees", communityId: ballot.communityId, gridId: ballot.gridId ?? 0, buildingId: null, meetingId: ballot.meetingId }));
  }
  const electors = loadElectors(tx, ballot.id);
  const options = tx.select({ id: ballotOptions.id, planId: ballotOptions.planId }).from(ballotOptions).where(eq(ballotOptions.ballotId, ballot.id)).orderBy(asc(ballotOptions.position)).all();
  const planOf = new Map(options.map((o) => [o.id, o.planId]));
  const cast = tx.select({ electorKey: votes.electorKey, choice: votes.choice, optionId: votes.optionId }).from(votes).where(eq(votes.ballotId, ballot.id)).all();
  const result = computeBallotResult(
    { kind: ballot.kind, rule: ballot.rule, electorateKind: ballot.electorateKind, quorumRequired: ballot.quorumRequired, planIds: options.map((o) => o.planId) },
    electors,
    cast.map((v) => ({ electorKey: v.electorKey, choice: v.choice, planId: v.optionId != null ? (planOf.get(v.optionId) ?? null) : null })),
    present,
  );

  const stored = result as unknown as Record<string, unknown>;
  const closed = tx
    .update(ballots)
    .set({
      status: "closed",
      closedAt,
      result: stored,
      passed: result.passed,
      winningPlanId: result.winningPlanId,
      electorCount: result.electorCount,
      electorAreaHundredths: result.electorAreaHundredths,
    })
    .where(eq(ballots.id, ballot.id))
    .returning()
    .get();
  const payload: BallotTalliedPayload = { ballotId: ballot.id, result: stored, passed: result.passed, winningPlanId: result.winningPlanId, closedBy: actorId, present };
  appendAudit(tx, { kind: "ballot.tallied", ballotId: ballot.id, actorId, at: now, payload });
  tx.insert(topicEvents).values({ topicId: ballot.topicId, actorId, kind: "ballotClosed", data: { ballotId: ballot.id, passed: result.passed }, at: now }).run();

  const topic = tx.select().from(topics).where(eq(topics.id, ballot.topicId)).get()!;
  let topicState = topic.state;
  if (topic.state === "voting") {
    // The count decides, not a person: the transition is the system's.
    topicState = applyTransition(tx, topic, result.passed ? "passVote" : "failVote", { personId: null, relations: system }, { now }).to;
  }
  const resolution =
    result.passed && result.winningPlanId != null
      ? createResolution(tx, { ballot: closed, topic, result, planId: result.winningPlanId, closedAt, now, actorId })
      : null;
  if (!result.passed) {
    // Followers hear of a failed vote too; staff then decide to redraft or close the topic.
    notify(tx, topicFollowerIds(tx, topic), "voteFailed", { topicId: topic.id, at: now, data: { title: topic.title } });
  }
  recordEvent(tx, {
    actorId,
    kind: "ballot.closed",
    subjectType: "ballot",
    subjectId: ballot.id,
    data: { passed: result.passed, reasonKey: result.reasonKey, winningPlanId: result.winningPlanId, lazy: actorId == null, resolutionId: resolution?.resolutionId ?? null },
  });
  return { ballotId: ballot.id, passed: result.passed, winningPlanId: result.winningPlanId, topicState, resolution };
}

/**
 * Closes a ballot whose closing time has passed, the first time anyone reads or touches it — in
 * one transaction, so two readers cannot both close it. Returns whether the ballot is closed.
 */
export function closeIfDue(db: DB, ballot: Pick<Ballot, "id" | "status" | "opensAt" | "closesAt">, now = new Date()): boolean {
  if (ballot.status === "closed") return true;
  if (now.getTime() < ballot.closesAt.getTime()) return false;
  db.transaction((tx) => {
    const fresh = reloadBallot(tx, ballot.id);
    if (fresh.status === "open") closeInTx(tx, fresh, null, now, fresh.closesAt);
  });
  return true;
}

/** Staff close the ballot (at its closing time, or earlier once everyone present has voted). */
export function closeBallot(ctx: Ctx, raw: unknown, now = new Date()): ClosedBallot {
  const input = ballotRef.parse(raw);
  const { ballot, actor } = loadManagedBallot(ctx.db, ctx.actor, input.ballotId);
  if (ballot.status === "closed") throw new AppError("conflict", "ballotAlreadyClosed");
  if (ballotPhase(ballot, now) === "upcoming") throw new AppError("conflict", "ballotNotOpen");
  return ctx.db.transaction((tx) => {
    const fresh = reloadBallot(tx, ballot.id);
    if (fresh.status === "closed") throw new AppError("conflict", "ballotAlreadyClosed");
    const closedAt = now.getTime() < fresh.closesAt.getTime() ? now : fresh.closesAt;
    return closeInTx(tx, fresh, actor.personId, now, closedAt);
  });
}

export type { BallotResult };
