import type { ActorCtx } from "@/lib/context";
import { decidedThresholds, turnoutFigure, type DecidedThreshold, type Figure } from "@/lib/domain/vote-rules";
import { ballotRef } from "@/lib/validation/ballots";
import { ballotPhase, loadVisibleBallot, mayManageBallot } from "./access";
import { checkEarlyClose, type EarlyCloseGround } from "./close-ballot";
import { electorsNow } from "./electorate";

/**
 * 结果已确定 as staff see it while the secret ballot is open: the verdict, who is still to vote (a
 * turnout, shown anyway) and which thresholds are decided — and deliberately no figure of agreement.
 * The settled check's figures include "nobody else votes", which is the live count: staff also see
 * who has voted, so a count here after each vote would give that person's choice away. The full
 * figures are published with the result at the close.
 */
export type SettlementView = {
  passed: boolean;
  /** Choice ballots: the plan that wins however the others vote. */
  winningPlanId: number | null;
  outstanding: number;
  outstandingAreaHundredths: number;
  decided: DecidedThreshold[];
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
  early: { ground: EarlyCloseGround | null; electorCount: number; outstanding: number; settlement: SettlementView | null } | null;
  /** Once closed early: the ground and the time (closesAt, the announced time, is unchanged). */
  earlyClose: { ground: EarlyCloseGround; at: Date } | null;
};

/**
 * What the ballot page shows about the participation floor and the close. The floor is public
 * like the turnout. Whether the result is settled is shown to the staff who may close the ballot
 * and only once it is settled, as its verdict without counts: until the close nothing is said about
 * how the votes stand (a settled verdict is what the close is about to publish anyway).
 */
export async function ballotCloseStatus(ctx: ActorCtx, raw: unknown, now = new Date()): Promise<BallotCloseStatus> {
  const input = ballotRef.parse(raw);
  const { db, actor } = ctx;
  const { ballot, topic } = await loadVisibleBallot(db, actor, input.ballotId);
  const phase = ballotPhase(ballot, now);
  const earlyClose = ballot.earlyCloseGround && ballot.earlyClosedAt ? { ground: ballot.earlyCloseGround, at: ballot.earlyClosedAt } : null;
  if (phase !== "open") return { floor: null, hasFloor: ballot.turnoutFloor != null, early: null, earlyClose };

  // Against the electorate the close would count: at a meeting, those present and those who voted and left.
  const electors = ballot.electorateKind === "meetingAttendees" ? (await electorsNow(db, ballot)).length : ballot.electorCount;
  const floor = ballot.turnoutFloor ? turnoutFigure(ballot.votedCount, electors, ballot.turnoutFloor) : null;
  let early: BallotCloseStatus["early"] = null;
  if (mayManageBallot(actor, topic)) {
    const check = await checkEarlyClose(db, ballot, actor, now);
    const s = check.settlement;
    early = {
      ground: check.ground,
      electorCount: check.electorCount,
      outstanding: s.outstanding,
      // Field by field, never the witnesses: their figures are counts of choices (see SettlementView).
      settlement:
        s.settled && s.passed != null
          ? { passed: s.passed, winningPlanId: s.winningPlanId, outstanding: s.outstanding, outstandingAreaHundredths: s.outstandingAreaHundredths, decided: decidedThresholds(s) }
          : null,
    };
  }
  return { floor, hasFloor: ballot.turnoutFloor != null, early, earlyClose };
}
