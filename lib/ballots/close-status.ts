import type { Ctx } from "@/lib/context";
import { turnoutFigure, type Completion, type Figure } from "@/lib/domain/vote-rules";
import { ballotRef } from "@/lib/validation/ballots";
import { ballotPhase, loadVisibleBallot, mayManageBallot, reloadBallot } from "./access";
import { checkEarlyClose, closeIfDue, type EarlyCloseGround } from "./close-ballot";
import { presentCount } from "./electorate";

export type SettlementView = {
  settled: boolean;
  passed: boolean | null;
  winningPlanId: number | null;
  outstanding: number;
  outstandingAreaHundredths: number;
  /** The completions that show it is settled, with their figures; only when it is settled. */
  witnesses: { completion: Completion; passed: boolean; figures: Figure[] }[];
};

export type BallotCloseStatus = {
  /** While open: votes cast so far against the participation floor (null: the ballot has none). */
  floor: Figure | null;
  /** Once closed: the floor the ballot was counted with, as a fraction (its figure is in the result). */
  hasFloor: boolean;
  /**
   * For the topic's staff while the ballot is open: whether it may close early, on which ground,
   * and whether the result is settled (结果已确定).
   */
  early: { ground: EarlyCloseGround | null; electorCount: number; settlement: SettlementView } | null;
  /** Once closed early: the ground and the time (closesAt, the announced time, is unchanged). */
  earlyClose: { ground: EarlyCloseGround; at: Date } | null;
};

/**
 * What the ballot page shows about the participation floor and the close. The floor is public
 * like the turnout. Whether the result is settled, with its figures, is shown to the staff who may
 * close the ballot and only once it is settled: until then nothing is said about how the votes
 * stand (a settled verdict is what the close is about to publish anyway).
 */
export function ballotCloseStatus(ctx: Ctx, raw: unknown, now = new Date()): BallotCloseStatus {
  const input = ballotRef.parse(raw);
  const { db, actor } = ctx;
  const loaded = loadVisibleBallot(db, actor, input.ballotId);
  closeIfDue(db, loaded.ballot, now);
  const ballot = reloadBallot(db, loaded.ballot.id);
  const phase = ballotPhase(ballot, now);
  const earlyClose = ballot.earlyCloseGround && ballot.earlyClosedAt ? { ground: ballot.earlyCloseGround, at: ballot.earlyClosedAt } : null;
  if (phase !== "open") return { floor: null, hasFloor: ballot.turnoutFloor != null, early: null, earlyClose };

  const electors = ballot.electorateKind === "meetingAttendees" && ballot.meetingId != null ? presentCount(db, ballot.meetingId) : ballot.electorCount;
  const floor = ballot.turnoutFloor ? turnoutFigure(Math.min(ballot.votedCount, electors), electors, ballot.turnoutFloor) : null;
  let early: BallotCloseStatus["early"] = null;
  if (mayManageBallot(actor, loaded.topic)) {
    const check = checkEarlyClose(db, ballot, actor, now);
    const s = check.settlement;
    early = {
      ground: check.ground,
      electorCount: check.electorCount,
      settlement: {
        settled: s.settled,
        passed: s.passed,
        winningPlanId: s.winningPlanId,
        outstanding: s.outstanding,
        outstandingAreaHundredths: s.outstandingAreaHundredths,
        // Never the votes themselves: only the verdict and figures of each extreme completion.
        witnesses: s.settled ? s.witnesses.map((w) => ({ completion: w.completion, passed: w.verdict.passed, figures: w.verdict.figures })) : [],
      },
    };
  }
  return { floor, hasFloor: ballot.turnoutFloor != null, early, earlyClose };
}
