import type { ElectorateKind } from "@/db/schema";
import {
  ballotVerdict,
  type BallotChoice,
  type ChoiceResult,
  type Figure,
  type Quorum,
  type ReasonKey,
  type Threshold,
  type VerdictBallot,
  type VoteRuleId,
} from "@/lib/domain/vote-rules";

/**
 * The stored result of a ballot (ballots.result): the tally of its rule with every figure, and for
 * a choice among plans the choice's outcome too. Pure: the close and the audit checker both build
 * it from the same facts, so a stored result can be recomputed and compared.
 */
export type BallotResult = {
  kind: "single" | "choice";
  rule: VoteRuleId;
  passed: boolean;
  /** "passed", the first failing figure ("…Short"), or for a choice without a winner noMajority / tie / noVotes. */
  reasonKey: ReasonKey | Exclude<ChoiceResult["reasonKey"], "majority">;
  figures: Figure[];
  votesCast: number;
  electorCount: number;
  electorAreaHundredths: number;
  votedAreaHundredths: number;
  /** Single ballots: the votes by choice. */
  counts: Record<BallotChoice, number> | null;
  /** Choice ballots: the votes of every plan, in ballot order. */
  optionCounts: { planId: number; votes: number }[] | null;
  /** Choice ballots: the plain majority among the plans (winner and leading are plan ids). */
  choice: ChoiceResult | null;
  quorum: Quorum | null;
  winningPlanId: number | null;
};

export type TallyBallot = {
  kind: "single" | "choice";
  rule: VoteRuleId;
  electorateKind: ElectorateKind;
  quorumRequired: number | null;
  /** The plans on the ballot, in ballot order. */
  planIds: number[];
  /** The participation floor snapshotted at the opening; null or absent: none. */
  turnoutFloor?: Threshold | null;
};
export type TallyElector = { electorKey: string; areaHundredths: number; memberIds: number[] };
export type TallyVote = { electorKey: string; choice: BallotChoice | null; planId: number | null };

/** The ballot as the pure vote rules see it: its kind, rule, plans, quorum (with those present) and floor. */
export function verdictBallot(ballot: TallyBallot, present: number | null): VerdictBallot {
  const quorum: Quorum | null =
    ballot.electorateKind === "meetingAttendees" && ballot.quorumRequired != null && ballot.quorumRequired >= 1 ? { required: ballot.quorumRequired, present: present ?? 0 } : null;
  return { kind: ballot.kind, rule: ballot.rule, planIds: ballot.planIds, quorum, turnoutFloor: ballot.turnoutFloor ?? null };
}

/**
 * Tallies a ballot (lib/domain/vote-rules ballotVerdict decides) and adds the counts the result
 * page shows: votes by choice or by plan, turnout by headcount and area.
 */
export function computeBallotResult(ballot: TallyBallot, electors: readonly TallyElector[], votes: readonly TallyVote[], present: number | null): BallotResult {
  const area = new Map(electors.map((e) => [e.electorKey, e.areaHundredths]));
  const vb = verdictBallot(ballot, present);
  const v = ballotVerdict(vb, electors, votes);
  const base = {
    kind: ballot.kind,
    rule: ballot.rule,
    electorCount: electors.length,
    electorAreaHundredths: electors.reduce((s, e) => s + e.areaHundredths, 0),
    quorum: vb.quorum,
  };
  const common = {
    passed: v.passed,
    reasonKey: v.reasonKey,
    figures: v.figures,
    votesCast: v.valid.length,
    votedAreaHundredths: v.valid.reduce((s, x) => s + (area.get(x.electorKey) ?? 0), 0),
  };
  if (ballot.kind === "single") {
    const counts = { agree: 0, disagree: 0, abstain: 0 };
    for (const x of v.valid) counts[x.choice!] += 1;
    return { ...base, ...common, counts, optionCounts: null, choice: null, winningPlanId: v.winningPlanId };
  }
  const perPlan: Record<number, number> = {};
  for (const x of v.valid) perPlan[x.planId!] = (perPlan[x.planId!] ?? 0) + 1;
  return {
    ...base,
    ...common,
    counts: null,
    optionCounts: ballot.planIds.map((planId) => ({ planId, votes: perPlan[planId] ?? 0 })),
    choice: v.choice,
    winningPlanId: v.winningPlanId,
  };
}
