import type { ElectorateKind } from "@/db/schema";
import {
  isOwnersRule,
  tally,
  tallyChoice,
  type BallotChoice,
  type ChoiceResult,
  type Electorate,
  type Figure,
  type OwnerBallot,
  type Quorum,
  type ReasonKey,
  type TallyResult,
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
};
export type TallyElector = { electorKey: string; areaHundredths: number; memberIds: number[] };
export type TallyVote = { electorKey: string; choice: BallotChoice | null; planId: number | null };

function electorateOf(electors: readonly TallyElector[]): Electorate {
  const owners = electors.map((e) => ({ ownerKey: e.electorKey, areaHundredths: e.areaHundredths, unitIds: [], ownerIds: [...e.memberIds], developer: e.electorKey === "developer" }));
  return { owners, totalAreaHundredths: owners.reduce((s, o) => s + o.areaHundredths, 0), totalOwners: owners.length };
}

/**
 * Tallies a ballot. Single ballots go straight to the rule. A choice among plans needs a plan with
 * more than half of the votes cast (tallyChoice); that plan must then also meet the ballot's rule,
 * counting a vote for it as agreement and a vote for another plan as disagreement — so an owners'
 * choice still needs art. 278's participation and approval by area and headcount.
 */
export function computeBallotResult(ballot: TallyBallot, electors: readonly TallyElector[], votes: readonly TallyVote[], present: number | null): BallotResult {
  const area = new Map(electors.map((e) => [e.electorKey, e.areaHundredths]));
  const quorum: Quorum | null =
    ballot.electorateKind === "meetingAttendees" && ballot.quorumRequired != null && ballot.quorumRequired >= 1 ? { required: ballot.quorumRequired, present: present ?? 0 } : null;
  const owners = isOwnersRule(ballot.rule);
  const base = {
    kind: ballot.kind,
    rule: ballot.rule,
    electorCount: electors.length,
    electorAreaHundredths: electors.reduce((s, e) => s + e.areaHundredths, 0),
    quorum,
  };

  const run = (ownerBallots: OwnerBallot[]): TallyResult => {
    if (owners) return tally(ballot.rule, { electorate: electorateOf(electors), ballots: ownerBallots } as never);
    const counts = { agree: 0, disagree: 0, abstain: 0 };
    for (const b of ownerBallots) counts[b.choice] += 1;
    return tally(ballot.rule, (quorum ? { counts, quorum } : { counts }) as never);
  };

  if (ballot.kind === "single") {
    const valid = votes.filter((v): v is TallyVote & { choice: BallotChoice } => v.choice != null && area.has(v.electorKey));
    const counts = { agree: 0, disagree: 0, abstain: 0 };
    for (const v of valid) counts[v.choice] += 1;
    const t = run(valid.map((v) => ({ ownerKey: v.electorKey, choice: v.choice })));
    return {
      ...base,
      passed: t.passed,
      reasonKey: t.reasonKey,
      figures: t.figures,
      votesCast: valid.length,
      votedAreaHundredths: valid.reduce((s, v) => s + (area.get(v.electorKey) ?? 0), 0),
      counts,
      optionCounts: null,
      choice: null,
      winningPlanId: t.passed ? (ballot.planIds[0] ?? null) : null,
    };
  }

  const valid = votes.filter((v): v is TallyVote & { planId: number } => v.planId != null && ballot.planIds.includes(v.planId) && area.has(v.electorKey));
  const perPlan: Record<number, number> = {};
  for (const v of valid) perPlan[v.planId] = (perPlan[v.planId] ?? 0) + 1;
  const choice = tallyChoice(ballot.planIds, perPlan);
  // The figures are shown for the plan in front even when nobody won, so the reader sees how far it got.
  const candidate = choice.winner ?? choice.leading[0] ?? null;
  const t = run(valid.map((v) => ({ ownerKey: v.electorKey, choice: v.planId === candidate ? "agree" : "disagree" })));
  const passed = choice.winner != null && t.passed;
  return {
    ...base,
    passed,
    reasonKey: choice.winner == null ? (choice.reasonKey as Exclude<ChoiceResult["reasonKey"], "majority">) : t.reasonKey,
    figures: t.figures,
    votesCast: valid.length,
    votedAreaHundredths: valid.reduce((s, v) => s + (area.get(v.electorKey) ?? 0), 0),
    counts: null,
    optionCounts: ballot.planIds.map((planId) => ({ planId, votes: perPlan[planId] ?? 0 })),
    choice,
    winningPlanId: passed ? choice.winner : null,
  };
}
