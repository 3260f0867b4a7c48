/**
 * Resolution vote rules (决议表决规则). Pure functions: no database, no clock, no I/O.
 *
 * Every decision is made with exact integer arithmetic: a fraction `n/d` is compared with a
 * threshold `tn/td` by cross-multiplication (`n*td >= d*tn`), done in BigInt so no product can
 * lose precision. Percent strings are for display only; the pass/fail decision never reads them,
 * so a figure shown as "66.7%" may fail a two-thirds threshold that is also shown as "66.7%".
 */

/** The rule ids stored in `agenda_items.default_vote_rule` (kept in step with `voteRules` in db/schema). */
export const voteRuleIds = ["simpleMajority", "twoThirds", "ownersMajority", "ownersSupermajority"] as const;
export type VoteRuleId = (typeof voteRuleIds)[number];

export type SimpleRuleId = "simpleMajority" | "twoThirds";
export type OwnersRuleId = "ownersMajority" | "ownersSupermajority";

export const ballotChoices = ["agree", "disagree", "abstain"] as const;
export type BallotChoice = (typeof ballotChoices)[number];

export function isVoteRuleId(value: unknown): value is VoteRuleId {
  return typeof value === "string" && (voteRuleIds as readonly string[]).includes(value);
}

export function isOwnersRule(rule: VoteRuleId): rule is OwnersRuleId {
  return rule === "ownersMajority" || rule === "ownersSupermajority";
}

// ---------------------------------------------------------------------------------------------
// Figures
// ---------------------------------------------------------------------------------------------

/** A threshold fraction; `strict` means the figure must be greater than it, otherwise at least it. */
export interface Threshold {
  num: number;
  den: number;
  strict: boolean;
}

export const figureKeys = [
  "quorum",
  "turnout",
  "participationArea",
  "participationHeadcount",
  "approvalArea",
  "approvalHeadcount",
  "approvalVotes",
] as const;
export type FigureKey = (typeof figureKeys)[number];

export type ReasonKey = "passed" | `${FigureKey}Short`;

export interface Figure {
  /** i18n key of the figure's label, e.g. "participationArea" (参与面积). */
  key: FigureKey;
  numerator: number;
  denominator: number;
  threshold: Threshold;
  met: boolean;
  /** numerator/denominator as a percent with one decimal, rounded half up; "—" when the denominator is 0. */
  percent: string;
  /** The threshold as a percent with one decimal, e.g. "66.7%". */
  thresholdPercent: string;
  /** ">" for a strict threshold, "≥" otherwise — so "参与面积 68.2% ≥ 66.7%" can be written from the figure. */
  comparator: ">" | "≥";
}

export interface TallyResult<R extends VoteRuleId = VoteRuleId> {
  passed: boolean;
  rule: R;
  /** In the fixed order quorum → participation → approval; `reasonKey` names the first one not met. */
  figures: Figure[];
  reasonKey: ReasonKey;
}

/** Shown instead of a percent when there is nothing to divide by (no votes cast, empty electorate). */
export const noPercent = "—";

const twoThirds: Threshold = { num: 2, den: 3, strict: false };
const moreThanHalf: Threshold = { num: 1, den: 2, strict: true };
const threeQuarters: Threshold = { num: 3, den: 4, strict: false };
const all: Threshold = { num: 1, den: 1, strict: false };

/**
 * Formats n/d as a percent with one decimal, rounded half up from the exact fraction
 * (1363/2000 = 68.15% → "68.2%", 2/3 → "66.7%"). Display only — never used to decide.
 */
export function formatPercent(numerator: number, denominator: number): string {
  assertCount(numerator, "numerator");
  assertCount(denominator, "denominator");
  if (denominator === 0) return noPercent;
  const n = BigInt(numerator);
  const d = BigInt(denominator);
  // Tenths of a percent, half up: floor((n*1000*2 + d) / (2d)).
  const tenths = (n * 2000n + d) / (2n * d);
  return `${tenths / 10n}.${tenths % 10n}%`;
}

/**
 * Whether n/d meets the threshold, exactly. A zero denominator never meets a threshold: with no
 * owners or no votes there is nothing to approve, and "0 ≥ 0" must not let a vote pass.
 */
export function meetsThreshold(numerator: number, denominator: number, t: Threshold): boolean {
  if (denominator === 0) return false;
  const lhs = BigInt(numerator) * BigInt(t.den);
  const rhs = BigInt(denominator) * BigInt(t.num);
  return t.strict ? lhs > rhs : lhs >= rhs;
}

function figure(key: FigureKey, numerator: number, denominator: number, threshold: Threshold): Figure {
  return {
    key,
    numerator,
    denominator,
    threshold,
    met: meetsThreshold(numerator, denominator, threshold),
    percent: formatPercent(numerator, denominator),
    thresholdPercent: formatPercent(threshold.num, threshold.den),
    comparator: threshold.strict ? ">" : "≥",
  };
}

function result<R extends VoteRuleId>(rule: R, figures: Figure[]): TallyResult<R> {
  const failing = figures.find((f) => !f.met);
  return { passed: failing === undefined, rule, figures, reasonKey: failing ? `${failing.key}Short` : "passed" };
}

function assertThreshold(t: Threshold): void {
  if (!Number.isSafeInteger(t.num) || !Number.isSafeInteger(t.den) || t.num < 0 || t.den < 1 || t.num > t.den) {
    throw new RangeError(`threshold must be a fraction between 0 and 1, got ${t.num}/${t.den}`);
  }
}

function assertCount(value: number, what: string): void {
  if (!Number.isSafeInteger(value) || value < 0) throw new RangeError(`${what} must be a non-negative integer, got ${value}`);
}

// ---------------------------------------------------------------------------------------------
// Owners' electorate (业主表决权人)
// ---------------------------------------------------------------------------------------------

export interface ElectorateUnit {
  unitId: number;
  /** Exclusive (专有部分) area in hundredths of m², e.g. 8912 = 89.12 m². */
  areaHundredths: number;
  /** Registered owners of the unit; several ids = co-owners (共有). */
  ownerIds: number[];
  /** Unsold (or sold but not delivered) unit still held by the developer (建设单位). */
  developerHeld: boolean;
}

export interface CountedOwner {
  /**
   * Stable key for ballots: "developer" for the developer's units, "owner:<smallest owner id>" for a
   * group of owners, "unit:<unit id>" for a unit with no registered owner.
   */
  ownerKey: string;
  areaHundredths: number;
  unitIds: number[];
  /** The people counted in this one owner (sorted); empty for the developer-only or unregistered case. */
  ownerIds: number[];
  developer: boolean;
}

export interface Electorate {
  owners: CountedOwner[];
  totalAreaHundredths: number;
  totalOwners: number;
}

export const developerOwnerKey = "developer";

/**
 * Counts owners per the Supreme People's Court interpretation on building-unit ownership
 * (建筑物区分所有权司法解释 第九条): one unit is one owner, but an owner of several units counts once,
 * and the developer's unsold units count together as one owner. Co-owners of one unit are one owner.
 *
 * Grouping: owners and units form a graph (an owner is linked to each unit they own or co-own; every
 * developer-held unit is linked to a single developer node). Each connected component is ONE counted
 * owner, with the area of all its units. So if A owns units 1 and 2 and co-owns unit 3 with B,
 * {A, B} with units 1–3 count as one owner.
 *
 * Why components are the conservative reading: any finer split would count some person twice
 * (A alone for units 1–2 and again as part of "A+B" for unit 3), giving A more than one head in the
 * headcount test. Merging guarantees that no person ever weighs more than one head and that every
 * unit's area is counted exactly once; the totals and the votes are measured over the same groups,
 * so merging cannot manufacture agreement. The result is also independent of input order.
 *
 * A unit with no registered owner (and not developer-held) still counts in the totals as its own
 * owner, keyed "unit:<id>": the legal denominator is all exclusive area and all owners, and leaving
 * it out would make a vote easier to pass. It simply cannot vote until its owner is registered.
 *
 * Output is sorted by the smallest unit id of each group; unit and owner ids inside are sorted.
 */
export function ownersElectorate(units: readonly ElectorateUnit[]): Electorate {
  const seenUnits = new Set<number>();
  for (const u of units) {
    if (!Number.isSafeInteger(u.unitId)) throw new RangeError(`unitId must be an integer, got ${u.unitId}`);
    if (seenUnits.has(u.unitId)) throw new RangeError(`unit ${u.unitId} is listed twice`);
    seenUnits.add(u.unitId);
    assertCount(u.areaHundredths, `area of unit ${u.unitId}`);
    for (const o of u.ownerIds) {
      if (!Number.isSafeInteger(o)) throw new RangeError(`owner id must be an integer, got ${o}`);
    }
  }

  // Union-find over node names: "u<id>" for units, "o<id>" for owners, "d" for the developer.
  const parent = new Map<string, string>();
  const find = (x: string): string => {
    let root = x;
    for (let p = parent.get(root); p !== undefined && p !== root; p = parent.get(root)) root = p;
    // Path compression.
    for (let cur = x; cur !== root; ) {
      const next = parent.get(cur) ?? root;
      parent.set(cur, root);
      cur = next;
    }
    return root;
  };
  const add = (x: string) => {
    if (!parent.has(x)) parent.set(x, x);
  };
  const union = (a: string, b: string) => {
    add(a);
    add(b);
    const ra = find(a);
    const rb = find(b);
    if (ra !== rb) parent.set(ra, rb);
  };

  for (const u of units) {
    const node = `u${u.unitId}`;
    add(node);
    for (const o of u.ownerIds) union(node, `o${o}`);
    if (u.developerHeld) union(node, "d");
  }

  interface Group {
    unitIds: number[];
    ownerIds: Set<number>;
    area: number;
    developer: boolean;
  }
  const groups = new Map<string, Group>();
  for (const u of units) {
    const root = find(`u${u.unitId}`);
    let g = groups.get(root);
    if (!g) {
      g = { unitIds: [], ownerIds: new Set(), area: 0, developer: false };
      groups.set(root, g);
    }
    g.unitIds.push(u.unitId);
    for (const o of u.ownerIds) g.ownerIds.add(o);
    g.area += u.areaHundredths;
    if (u.developerHeld) g.developer = true;
  }

  const owners: CountedOwner[] = [...groups.values()]
    .map((g) => {
      const unitIds = [...g.unitIds].sort((a, b) => a - b);
      const ownerIds = [...g.ownerIds].sort((a, b) => a - b);
      const first = ownerIds[0];
      const ownerKey = g.developer
        ? developerOwnerKey
        : first !== undefined
          ? `owner:${first}`
          : `unit:${unitIds[0] ?? ""}`;
      return { ownerKey, areaHundredths: g.area, unitIds, ownerIds, developer: g.developer };
    })
    .sort((a, b) => (a.unitIds[0] ?? 0) - (b.unitIds[0] ?? 0));

  const totalAreaHundredths = owners.reduce((s, o) => s + o.areaHundredths, 0);
  if (!Number.isSafeInteger(totalAreaHundredths)) throw new RangeError("total area is too large");
  return { owners, totalAreaHundredths, totalOwners: owners.length };
}

/** The ownerKey under which a person's ballot is counted, or undefined if they own nothing here. */
export function ownerKeyOf(electorate: Electorate, ownerId: number): string | undefined {
  return electorate.owners.find((o) => o.ownerIds.includes(ownerId))?.ownerKey;
}

// ---------------------------------------------------------------------------------------------
// Tally
// ---------------------------------------------------------------------------------------------

export interface VoteCounts {
  agree: number;
  disagree: number;
  abstain: number;
}

export interface Quorum {
  /** People present (签到) at the meeting. */
  present: number;
  /** People required for the meeting to decide; at least 1 (omit the quorum when there is none). */
  required: number;
}

/**
 * A participation floor (参与人数下限): the votes cast, abstentions included, must meet `floor` as a
 * share of the electorate. A figure like the others, shown while open and at the close.
 */
export interface TurnoutFloor {
  /** Electors: the residents snapshotted at the opening, or the attendees present at the close. */
  electors: number;
  floor: Threshold;
}

/** Meeting and residents' ballots: counts of hands, optionally with a presence quorum and a participation floor. */
export interface SimpleVoteInput {
  counts: VoteCounts;
  quorum?: Quorum;
  turnout?: TurnoutFloor;
}

export interface OwnerBallot {
  ownerKey: string;
  choice: BallotChoice;
}

/** Owners' ballots: one per counted owner of the electorate (see ownersElectorate). */
export interface OwnersVoteInput {
  electorate: Electorate;
  ballots: readonly OwnerBallot[];
}

export type TallyInput<R extends VoteRuleId> = R extends OwnersRuleId ? OwnersVoteInput : SimpleVoteInput;

/**
 * Tallies a vote under a rule. Figures come in a fixed order (quorum, participation, approval) and
 * `reasonKey` is "passed" or "<first failing figure>Short".
 */
export function tally<R extends VoteRuleId>(rule: R, input: TallyInput<R>): TallyResult<R> {
  const i: SimpleVoteInput | OwnersVoteInput = input;
  if (isOwnersRule(rule)) {
    if (!("electorate" in i)) throw new TypeError(`rule ${rule} needs an electorate and owners' ballots`);
    return tallyOwners(rule, i);
  }
  if (!("counts" in i)) throw new TypeError(`rule ${rule} needs vote counts`);
  return tallySimple(rule, i);
}

function tallySimple<R extends VoteRuleId>(rule: R, input: SimpleVoteInput): TallyResult<R> {
  const { agree, disagree, abstain } = input.counts;
  assertCount(agree, "agree");
  assertCount(disagree, "disagree");
  assertCount(abstain, "abstain");
  const figures: Figure[] = [];
  if (input.quorum) {
    const { present, required } = input.quorum;
    assertCount(present, "present");
    assertCount(required, "required");
    if (required < 1) throw new RangeError("quorum.required must be at least 1; omit the quorum when there is none");
    figures.push(figure("quorum", present, required, all));
  }
  // Abstentions are votes cast: they count in the denominator, never as agreement.
  const cast = agree + disagree + abstain;
  if (input.turnout) {
    assertCount(input.turnout.electors, "electors");
    assertThreshold(input.turnout.floor);
    figures.push(figure("turnout", cast, input.turnout.electors, input.turnout.floor));
  }
  figures.push(figure("approvalVotes", agree, cast, rule === "twoThirds" ? twoThirds : moreThanHalf));
  return result(rule, figures);
}

function tallyOwners<R extends VoteRuleId>(rule: R, input: OwnersVoteInput): TallyResult<R> {
  const { electorate, ballots } = input;
  const byKey = new Map(electorate.owners.map((o) => [o.ownerKey, o]));
  const voted = new Set<string>();
  let participatingArea = 0;
  let participatingOwners = 0;
  let agreeArea = 0;
  let agreeOwners = 0;
  for (const b of ballots) {
    const owner = byKey.get(b.ownerKey);
    if (!owner) throw new RangeError(`ballot from ${b.ownerKey}, who is not in the electorate`);
    // One counted owner, one ballot: co-owners must settle on one choice before it reaches the tally.
    if (voted.has(b.ownerKey)) throw new RangeError(`${b.ownerKey} has more than one ballot`);
    if (!(ballotChoices as readonly string[]).includes(b.choice)) throw new RangeError(`unknown choice ${String(b.choice)}`);
    voted.add(b.ownerKey);
    // Any ballot, abstain included, is participation (参与表决).
    participatingArea += owner.areaHundredths;
    participatingOwners += 1;
    if (b.choice === "agree") {
      agreeArea += owner.areaHundredths;
      agreeOwners += 1;
    }
  }
  // Art. 278: approval is measured against the PARTICIPATING area and owners, not the totals.
  const approval = rule === "ownersSupermajority" ? threeQuarters : moreThanHalf;
  return result(rule, [
    figure("participationArea", participatingArea, electorate.totalAreaHundredths, twoThirds),
    figure("participationHeadcount", participatingOwners, electorate.totalOwners, twoThirds),
    figure("approvalArea", agreeArea, participatingArea, approval),
    figure("approvalHeadcount", agreeOwners, participatingOwners, approval),
  ]);
}

/**
 * Whether rule a is at least as strict as rule b. Staff may only replace a catalog item's rule by
 * one at least as strict. Owners' rules and meeting rules measure different things (area and
 * owners vs. hands at a meeting), so they are not comparable: false either way.
 */
export function stricterOrEqual(a: VoteRuleId, b: VoteRuleId): boolean {
  if (a === b) return true;
  return (a === "ownersSupermajority" && b === "ownersMajority") || (a === "twoThirds" && b === "simpleMajority");
}

// ---------------------------------------------------------------------------------------------
// Multi-option ballots (several competing plans)
// ---------------------------------------------------------------------------------------------

export interface ChoiceResult {
  /** The option with more than half of the votes cast, or null. */
  winner: number | null;
  votesCast: number;
  /** The option(s) with the most votes (several on a tie; empty when no votes). */
  leading: number[];
  reasonKey: "majority" | "noMajority" | "tie" | "noVotes";
}

/**
 * One-of-several-plans ballot: an option wins only with more than half of the votes cast
 * (votes*2 > cast). A plurality is not enough — the meeting must run off or revise the plans.
 * Options absent from `counts` have 0 votes; a count for an option not offered throws.
 */
export function tallyChoice(options: readonly number[], counts: Readonly<Record<number, number>>): ChoiceResult {
  if (new Set(options).size !== options.length) throw new RangeError("options must be distinct");
  for (const key of Object.keys(counts)) {
    if (!options.includes(Number(key))) throw new RangeError(`votes for option ${key}, which is not offered`);
  }
  const votes = options.map((option) => {
    const n = counts[option] ?? 0;
    assertCount(n, `votes for option ${option}`);
    return { option, n };
  });
  const cast = votes.reduce((s, v) => s + v.n, 0);
  if (cast === 0) return { winner: null, votesCast: 0, leading: [], reasonKey: "noVotes" };
  const top = Math.max(...votes.map((v) => v.n));
  const leading = votes.filter((v) => v.n === top).map((v) => v.option);
  if (leading.length > 1) return { winner: null, votesCast: cast, leading, reasonKey: "tie" };
  const winner = leading[0] ?? null;
  if (winner !== null && top * 2 > cast) return { winner, votesCast: cast, leading, reasonKey: "majority" };
  return { winner: null, votesCast: cast, leading, reasonKey: "noMajority" };
}

// ---------------------------------------------------------------------------------------------
// Participation floor (参与人数下限)
// ---------------------------------------------------------------------------------------------

/** The participation figure of a ballot still open: votes cast so far against its floor. */
export function turnoutFigure(cast: number, electors: number, floor: Threshold): Figure {
  assertCount(cast, "cast");
  assertCount(electors, "electors");
  assertThreshold(floor);
  return figure("turnout", cast, electors, floor);
}

/** The default floor: more than half of the electorate voted. */
export const defaultTurnoutFloor: Threshold = moreThanHalf;

/**
 * The participation floor a ballot opens with. Only simple-majority and two-thirds ballots of a
 * grid's residents or a meeting's attendees have one (an owners' vote has art. 278's two-thirds
 * participation by area and headcount instead; a simple rule put to owners keeps no floor, as
 * before). The catalog item's percent wins over the community's; neither set: more than half.
 * A percent p means "at least p% voted".
 */
export function turnoutFloorFor(
  rule: VoteRuleId,
  electorateKind: string,
  itemPercent: number | null | undefined,
  communityPercent: number | null | undefined,
): Threshold | null {
  if (isOwnersRule(rule)) return null;
  if (electorateKind !== "gridResidents" && electorateKind !== "meetingAttendees") return null;
  const percent = itemPercent ?? communityPercent;
  if (percent == null) return defaultTurnoutFloor;
  if (!Number.isSafeInteger(percent) || percent < 1 || percent > 100) throw new RangeError(`turnout percent must be 1–100, got ${percent}`);
  return { num: percent, den: 100, strict: false };
}

// ---------------------------------------------------------------------------------------------
// A whole ballot: its verdict, and whether the verdict is already settled
// ---------------------------------------------------------------------------------------------

export interface VerdictBallot {
  kind: "single" | "choice";
  rule: VoteRuleId;
  /** The plans on the ballot, in ballot order. */
  planIds: readonly number[];
  quorum: Quorum | null;
  turnoutFloor: Threshold | null;
}
/** One counted elector: its key and, under the owners' rules, its exclusive area (0 otherwise). */
export interface VerdictElector {
  electorKey: string;
  areaHundredths: number;
}
export interface VerdictVote {
  electorKey: string;
  choice: BallotChoice | null;
  planId: number | null;
}
export interface Verdict {
  passed: boolean;
  winningPlanId: number | null;
  reasonKey: ReasonKey | Exclude<ChoiceResult["reasonKey"], "majority">;
  figures: Figure[];
  /** Choice ballots only: the plain majority among the plans. */
  choice: ChoiceResult | null;
  /** The votes that count: from electors of the electorate, for a choice the ballot offers. */
  valid: VerdictVote[];
}

/**
 * The verdict of a ballot from its electorate and its votes. Single ballots go straight to the
 * rule. A choice among plans needs a plan with more than half of the votes cast (tallyChoice);
 * that plan must then also meet the ballot's rule, counting a vote for it as agreement and a vote
 * for another plan as disagreement — so an owners' choice still needs art. 278's participation
 * and approval by area and headcount, and a residents' choice its participation floor.
 * Votes from outside the electorate, or for a plan not offered, are ignored.
 */
export function ballotVerdict(ballot: VerdictBallot, electors: readonly VerdictElector[], votes: readonly VerdictVote[]): Verdict {
  const keys = new Set(electors.map((e) => e.electorKey));
  const run = (ownerBallots: OwnerBallot[]): TallyResult => {
    if (isOwnersRule(ballot.rule)) {
      const owners = electors.map((e) => ({ ownerKey: e.electorKey, areaHundredths: e.areaHundredths, unitIds: [], ownerIds: [], developer: e.electorKey === developerOwnerKey }));
      const electorate = { owners, totalAreaHundredths: owners.reduce((s, o) => s + o.areaHundredths, 0), totalOwners: owners.length };
      return tally(ballot.rule, { electorate, ballots: ownerBallots });
    }
    const counts = { agree: 0, disagree: 0, abstain: 0 };
    for (const b of ownerBallots) counts[b.choice] += 1;
    const input: SimpleVoteInput = { counts };
    if (ballot.quorum) input.quorum = ballot.quorum;
    if (ballot.turnoutFloor) input.turnout = { electors: electors.length, floor: ballot.turnoutFloor };
    return tally(ballot.rule, input);
  };

  if (ballot.kind === "single") {
    const valid = votes.filter((v) => v.choice != null && keys.has(v.electorKey));
    const t = run(valid.map((v) => ({ ownerKey: v.electorKey, choice: v.choice! })));
    return { passed: t.passed, winningPlanId: t.passed ? (ballot.planIds[0] ?? null) : null, reasonKey: t.reasonKey, figures: t.figures, choice: null, valid };
  }

  const valid = votes.filter((v) => v.planId != null && ballot.planIds.includes(v.planId) && keys.has(v.electorKey));
  const perPlan: Record<number, number> = {};
  for (const v of valid) perPlan[v.planId!] = (perPlan[v.planId!] ?? 0) + 1;
  const choice = tallyChoice(ballot.planIds, perPlan);
  // The figures are shown for the plan in front even when nobody won, so the reader sees how far it got.
  const candidate = choice.winner ?? choice.leading[0] ?? null;
  const t = run(valid.map((v) => ({ ownerKey: v.electorKey, choice: v.planId === candidate ? "agree" : "disagree" })));
  const passed = choice.winner != null && t.passed;
  return {
    passed,
    winningPlanId: passed ? choice.winner : null,
    reasonKey: choice.winner == null ? (choice.reasonKey as Exclude<ChoiceResult["reasonKey"], "majority">) : t.reasonKey,
    figures: t.figures,
    choice,
    valid,
  };
}

/** A way the electors who have not voted yet could all go: nobody votes, all agree, all disagree, all for one plan. */
export type Completion = { kind: "noneVote" } | { kind: "allAgree" } | { kind: "allDisagree" } | { kind: "allFor"; planId: number };

export interface Settlement {
  /** True when every way the outstanding electors could vote (or not) gives the same verdict. */
  settled: boolean;
  /** The settled verdict (null while it is open). */
  passed: boolean | null;
  winningPlanId: number | null;
  /** Electors with no vote yet, and their area (owners' rules). */
  outstanding: number;
  outstandingAreaHundredths: number;
  /**
   * The extreme completions that decide it, each with its verdict and figures: when the ballot is
   * settled to pass, the ones least favourable to the winner (still passing); when settled to fail,
   * the most favourable ones (still failing); when open, two that disagree.
   */
  witnesses: { completion: Completion; verdict: Verdict }[];
}

/**
 * Whether the verdict of an open ballot is already settled (结果已确定): no way the electors who
 * have not voted could vote — or abstain from voting — changes it, so it may be closed before its
 * announced time. The electorate is taken as fixed (for a meeting: those present now, who are the
 * electorate of a close now).
 *
 * It is enough to try a few extreme completions, because every figure moves one way with each
 * outstanding vote (approval and participation never depend on a vote in opposite directions for
 * the same completion):
 * - A pass is possible at all iff it is reached when every outstanding elector votes for the same
 *   outcome (all agree; for a choice, all for one plan P — tried for every P): that maximizes the
 *   participation figures, the quorum is fixed, and adding an agreeing vote never lowers an
 *   approval ratio (a/c ≤ 1 ⇒ (a+x)/(c+x) ≥ a/c), by headcount or by area, nor the plan's share.
 * - A given verdict "P passes" can be defeated iff it is defeated when nobody else votes (the
 *   participation figures at their lowest) or when every outstanding elector votes against P (all
 *   disagree; for a choice, all for another plan): adding a vote that is not for P never raises an
 *   approval ratio or P's share of the votes cast, and adding one for P never lowers them.
 * So: the verdict is settled to fail iff no "all for" completion passes, and settled to pass with
 * P iff "all for P" passes and neither "none vote" nor "all against P" (each other plan) defeats it.
 */
export function settledVerdict(ballot: VerdictBallot, electors: readonly VerdictElector[], votes: readonly VerdictVote[]): Settlement {
  const now = ballotVerdict(ballot, electors, votes);
  const votedKeys = new Set(now.valid.map((v) => v.electorKey));
  // A vote that does not count (an invalid choice) leaves its elector free to vote validly still.
  const open = electors.filter((e) => !votedKeys.has(e.electorKey));
  const base = now.valid;
  const complete = (c: Completion): { completion: Completion; verdict: Verdict } => {
    if (c.kind === "noneVote") return { completion: c, verdict: now };
    const extra: VerdictVote[] = open.map((e) =>
      c.kind === "allFor" ? { electorKey: e.electorKey, choice: null, planId: c.planId } : { electorKey: e.electorKey, choice: c.kind === "allAgree" ? "agree" : "disagree", planId: null },
    );
    return { completion: c, verdict: ballotVerdict(ballot, electors, [...base, ...extra]) };
  };
  const outstanding = open.length;
  const outstandingAreaHundredths = open.reduce((s, e) => s + e.areaHundredths, 0);
  const none = complete({ kind: "noneVote" });
  const settledTo = (passed: boolean, winningPlanId: number | null, witnesses: Settlement["witnesses"]): Settlement => ({
    settled: true,
    passed,
    winningPlanId,
    outstanding,
    outstandingAreaHundredths,
    witnesses,
  });
  const unsettled = (witnesses: Settlement["witnesses"]): Settlement => ({ settled: false, passed: null, winningPlanId: null, outstanding, outstandingAreaHundredths, witnesses });

  if (ballot.kind === "single") {
    const best = complete({ kind: "allAgree" });
    if (!best.verdict.passed) return settledTo(false, null, [best]);
    if (!none.verdict.passed) return unsettled([best, none]);
    const worst = complete({ kind: "allDisagree" });
    if (!worst.verdict.passed) return unsettled([best, worst]);
    return settledTo(true, best.verdict.winningPlanId, [none, worst]);
  }

  const allFor = ballot.planIds.map((planId) => complete({ kind: "allFor", planId }));
  // "All for Q" may still let another plan P win: group the passing completions by their winner.
  const passing = allFor.filter((w) => w.verdict.passed);
  if (passing.length === 0) return settledTo(false, null, allFor);
  const winners = [...new Set(passing.map((w) => w.verdict.winningPlanId))];
  if (winners.length > 1) return unsettled([passing[0]!, passing.find((w) => w.verdict.winningPlanId !== winners[0])!]);
  const winner = winners[0]!;
  const forWinner = allFor.find((w) => (w.completion as { planId: number }).planId === winner)!;
  const defeats = (w: { verdict: Verdict }) => !w.verdict.passed || w.verdict.winningPlanId !== winner;
  if (defeats(none)) return unsettled([forWinner, none]);
  const against = allFor.filter((w) => (w.completion as { planId: number }).planId !== winner);
  const defeat = against.find(defeats);
  if (defeat) return unsettled([forWinner, defeat]);
  return settledTo(true, winner, [none, ...against]);
}

/** A threshold of the rule that the settled verdict has already decided: met however the others vote, or met in no way they could. */
export interface DecidedThreshold {
  key: FigureKey;
  met: boolean;
}

/**
 * The thresholds a settled verdict has decided, by name only — what may be said of an open secret
 * ballot without a count. Settled to pass: a threshold met in every witness (the completions least
 * favourable to the winner) is met in every completion — with a pass, all of them. Settled to
 * fail: a threshold not met even in the most favourable completions (all agree, all for one plan)
 * can never be met; the others could still go either way and are not named. Not settled: none.
 */
export function decidedThresholds(s: Settlement): DecidedThreshold[] {
  if (!s.settled || s.passed == null || s.witnesses.length === 0) return [];
  const metIn = (key: FigureKey, w: Settlement["witnesses"][number]) => w.verdict.figures.find((f) => f.key === key)?.met;
  const met = s.passed;
  return s.witnesses[0]!.verdict.figures.filter((f) => s.witnesses.every((w) => metIn(f.key, w) === met)).map((f) => ({ key: f.key, met }));
}
