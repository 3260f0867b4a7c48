import { asc, eq } from "drizzle-orm";
import type { DB, Tx } from "@/db/client";
import { ballotOptions, ballots, meetings, topicEvents, topics, votes, type Ballot, type Meeting, type Topic } from "@/db/schema";
import { appendAudit } from "@/lib/audit/append";
import type { BallotTalliedPayload } from "@/lib/audit/payloads";
import type { Actor } from "@/lib/auth/actor";
import type { ActorCtx } from "@/lib/context";
import { settledVerdict, type Settlement } from "@/lib/domain/vote-rules";
import { AppError } from "@/lib/errors";
import { recordEvent } from "@/lib/events/record";
import { notify } from "@/lib/notifications/notify";
import { topicFollowerIds } from "@/lib/topics/staff-of-topic";
import { applyTransition } from "@/lib/topics/apply-transition";
import { mayManageMeeting } from "@/lib/meetings/access";
import { bumpRoomVersion } from "@/lib/meetings/room/changes";
import { ballotRef } from "@/lib/validation/ballots";
import { authorize } from "@/lib/auth/policy";
import { topicResource } from "@/lib/topics/access";
import { ballotPhase, loadVisibleBallot, reloadBallot } from "./access";
import type { MeetingChairCall } from "./open-ballot";
import { createResolution } from "./create-resolution";
import { electorsNow, insertElectors, loadElectors, presentCount, snapshotElectorate } from "./electorate";
import { computeBallotResult, verdictBallot, type BallotResult, type TallyBallot, type TallyVote } from "./tally-ballot";
import { unitOfWork } from "@/db/unit-of-work";
import { first } from "@/db/query";

export type ClosedBallot = {
  ballotId: number;
  passed: boolean;
  winningPlanId: number | null;
  topicState: Topic["state"];
  resolution: { resolutionId: number; noticeId: number; number: string } | null;
};

/** What the vote rules count of a ballot besides its electorate: its rule, plans and floor, and the votes cast. */
async function tallyFacts(tx: DB | Tx, ballot: Ballot): Promise<{ ballot: TallyBallot; votes: TallyVote[] }> {
  const options = await tx.select({ id: ballotOptions.id, planId: ballotOptions.planId }).from(ballotOptions).where(eq(ballotOptions.ballotId, ballot.id)).orderBy(asc(ballotOptions.position));
  const planOf = new Map(options.map((o) => [o.id, o.planId]));
  const cast = await tx.select({ electorKey: votes.electorKey, choice: votes.choice, optionId: votes.optionId }).from(votes).where(eq(votes.ballotId, ballot.id));
  return {
    ballot: { kind: ballot.kind, rule: ballot.rule, electorateKind: ballot.electorateKind, quorumRequired: ballot.quorumRequired, planIds: options.map((o) => o.planId), turnoutFloor: ballot.turnoutFloor },
    votes: cast.map((v) => ({ electorKey: v.electorKey, choice: v.choice, planId: v.optionId != null ? (planOf.get(v.optionId) ?? null) : null })),
  };
}

/**
 * Closes a ballot inside the caller's transaction: counts it under its rule, stores the result
 * with every figure, appends the tally to the audit chain, and lets the count move the topic —
 * passed: resolved, with the resolution posted on the notice board; failed: failed, for staff to
 * send back to drafting or close.
 */
export async function closeInTx(tx: Tx, ballot: Ballot, actorId: number | null, now: Date, closedAt: Date, earlyGround: EarlyCloseGround | null = null): Promise<ClosedBallot> {
  let present: number | null = null;
  if (ballot.electorateKind === "meetingAttendees" && ballot.meetingId != null) {
    // Everyone checked in at the close is in the electorate, whether they voted or not.
    present = await presentCount(tx, ballot.meetingId);
    await insertElectors(tx, ballot.id, await snapshotElectorate(tx, { kind: "meetingAttendees", communityId: ballot.communityId, gridId: ballot.gridId ?? 0, buildingId: null, meetingId: ballot.meetingId }));
  }
  // The meeting's screens show the result once counted (the live stream polls the version).
  if (ballot.meetingId != null) await bumpRoomVersion(tx, ballot.meetingId);
  const electors = await loadElectors(tx, ballot.id);
  const facts = await tallyFacts(tx, ballot);
  const result = computeBallotResult(facts.ballot, electors, facts.votes, present);

  const stored = result as unknown as Record<string, unknown>;
  const closed = await first(tx
    .update(ballots)
    .set({
      status: "closed",
      closedAt,
      result: stored,
      passed: result.passed,
      winningPlanId: result.winningPlanId,
      electorCount: result.electorCount,
      electorAreaHundredths: result.electorAreaHundredths,
      // closesAt stays as announced; an early close is recorded beside it.
      earlyCloseGround: earlyGround,
      earlyClosedAt: earlyGround ? now : null,
    })
    .where(eq(ballots.id, ballot.id))
    .returning());
  const payload: BallotTalliedPayload = {
    ballotId: ballot.id,
    result: stored,
    passed: result.passed,
    winningPlanId: result.winningPlanId,
    closedBy: actorId,
    present,
    earlyClose: earlyGround ? { ground: earlyGround, at: now.getTime() } : null,
  };
  await appendAudit(tx, { kind: "ballot.tallied", ballotId: ballot.id, actorId, at: now, payload });
  await tx.insert(topicEvents).values({ topicId: ballot.topicId, actorId, kind: "ballotClosed", data: { ballotId: ballot.id, passed: result.passed }, at: now });

  const topic = (await first(tx.select().from(topics).where(eq(topics.id, ballot.topicId))))!;
  let topicState = topic.state;
  if (topic.state === "voting") {
    // The count decides, not a person: the transition is the system's.
    topicState = (await applyTransition(tx, topic, result.passed ? "passVote" : "failVote", "system", { now })).to;
  }
  const resolution =
    result.passed && result.winningPlanId != null
      ? await createResolution(tx, { ballot: closed, topic, result, planId: result.winningPlanId, closedAt, now, actorId })
      : null;
  if (!result.passed) {
    // Followers hear of a failed vote too; staff then decide to redraft or close the topic.
    await notify(tx, await topicFollowerIds(tx, topic), "voteFailed", { topicId: topic.id, at: now, data: { title: topic.title } });
  }
  await recordEvent(tx, {
    actorId,
    kind: "ballot.closed",
    subjectType: "ballot",
    subjectId: ballot.id,
    data: { passed: result.passed, reasonKey: result.reasonKey, winningPlanId: result.winningPlanId, scheduled: actorId == null, resolutionId: resolution?.resolutionId ?? null, earlyGround },
  });
  return { ballotId: ballot.id, passed: result.passed, winningPlanId: result.winningPlanId, topicState, resolution };
}

/** Why an open ballot may be closed before its announced closing time. */
export type EarlyCloseGround = "allVoted" | "settled" | "meetingChair";

export type EarlyCloseCheck = {
  /** The first ground that holds (all voted, then settled, then the chair in the meeting), or null. */
  ground: EarlyCloseGround | null;
  electorCount: number;
  /** Whether the verdict is settled, with the figures that show it. */
  settlement: Settlement;
};

/** A meeting runs late more often than not: the chair may close its ballot until two hours after the planned end. */
const MEETING_OVERRUN_MS = 2 * 60 * 60_000;
/** …and from half an hour before the planned start, when the room is already checking in. */
const MEETING_EARLY_MS = 30 * 60_000;

/** Whether the meeting is under way: not cancelled, no minutes published yet, and now within its time. */
function meetingInSession(meeting: Pick<Meeting, "status" | "minutesPublishedAt" | "startsAt" | "durationMinutes">, now: Date): boolean {
  if (meeting.status === "cancelled" || meeting.minutesPublishedAt != null) return false;
  const start = meeting.startsAt.getTime() - MEETING_EARLY_MS;
  const end = meeting.startsAt.getTime() + meeting.durationMinutes * 60_000 + MEETING_OVERRUN_MS;
  return now.getTime() >= start && now.getTime() <= end;
}

/**
 * Which ground, if any, lets this actor close the open ballot now, before its closing time: every
 * elector has voted; or the verdict is settled (no way the others could vote changes it — the
 * pure rule settledVerdict decides); or it is a meeting ballot and the actor chairs the meeting
 * (manages it) while it is in session. The electorate is the one a close now would count (see
 * electorsNow): for a meeting, the people checked in now and those who voted and have left.
 */
export async function checkEarlyClose(tx: DB | Tx, ballot: Ballot, actor: Actor, now: Date, chairsMeeting = false): Promise<EarlyCloseCheck> {
  const electors = await electorsNow(tx, ballot);
  const present = ballot.electorateKind === "meetingAttendees" && ballot.meetingId != null ? await presentCount(tx, ballot.meetingId) : null;
  const facts = await tallyFacts(tx, ballot);
  const settlement = settledVerdict(verdictBallot(facts.ballot, present), electors, facts.votes);
  let ground: EarlyCloseGround | null = null;
  if (electors.length > 0 && settlement.outstanding === 0) ground = "allVoted";
  else if (settlement.settled) ground = "settled";
  else if (ballot.electorateKind === "meetingAttendees" && ballot.meetingId != null) {
    const meeting = await first(tx.select().from(meetings).where(eq(meetings.id, ballot.meetingId)));
    // The meeting's staff, or its designated chair closing from the room (chairsMeeting).
    if (meeting && (mayManageMeeting(actor, meeting) || chairsMeeting) && meetingInSession(meeting, now)) ground = "meetingChair";
  }
  return { ground, electorCount: electors.length, settlement };
}

/**
 * Staff close the ballot. At or after its closing time, always. Before it, only on a ground (see
 * checkEarlyClose) — otherwise 409 saying how many electors have not voted: an announced voting
 * period is kept. The announced closesAt is never rewritten; an early close records its ground and
 * time on the ballot and in the audit chain.
 */
export async function closeBallot(ctx: ActorCtx, raw: unknown, now = new Date(), from?: MeetingChairCall): Promise<ClosedBallot> {
  const input = ballotRef.parse(raw);
  const { ballot, actor, chairsMeeting } = await loadBallotToClose(ctx, input.ballotId, from);
  if (ballot.status === "closed") throw new AppError("conflict", "ballotAlreadyClosed");
  if (ballotPhase(ballot, now) === "upcoming") throw new AppError("conflict", "ballotNotOpen");
  return await unitOfWork(ctx.db, async (tx) => {
    const fresh = await reloadBallot(tx, ballot.id);
    if (fresh.status === "closed") throw new AppError("conflict", "ballotAlreadyClosed");
    if (now.getTime() >= fresh.closesAt.getTime()) return closeInTx(tx, fresh, actor.personId, now, fresh.closesAt);
    const check = await checkEarlyClose(tx, fresh, actor, now, chairsMeeting);
    if (!check.ground) {
      throw new AppError("conflict", fresh.electorateKind === "meetingAttendees" ? "ballotCloseTooEarlyMeeting" : "ballotCloseTooEarly", {
        outstanding: check.settlement.outstanding,
        electors: check.electorCount,
      });
    }
    return closeInTx(tx, fresh, actor.personId, now, now, check.ground);
  });
}

/**
 * The ballot staff may close (ballot.manage on its topic) — or, called from a meeting's room after
 * the policy let the actor chair that meeting, that meeting's own attendee ballot: the policy is
 * asked again with chairsMeetingVote, which counts for nothing else.
 */
async function loadBallotToClose(ctx: ActorCtx, ballotId: number, from: MeetingChairCall | undefined): Promise<{ ballot: Ballot; actor: Actor; chairsMeeting: boolean }> {
  const { ballot, topic } = await loadVisibleBallot(ctx.db, ctx.actor, ballotId);
  const chairsMeeting = !!from && ballot.electorateKind === "meetingAttendees" && ballot.meetingId === from.chairedMeetingId;
  authorize(ctx.actor, "ballot.manage", { ...topicResource(topic), ...(chairsMeeting ? { chairsMeetingVote: true } : {}) });
  return { ballot, actor: ctx.actor, chairsMeeting };
}

export type { BallotResult };
