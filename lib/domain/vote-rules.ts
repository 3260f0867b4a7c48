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

/** Meeting ballots: counts of hands, optionally with a presence quorum. */
export interface SimpleVoteInput {
  counts: VoteCounts;
  quorum?: Quorum;
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
