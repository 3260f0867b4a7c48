/**
 * Supervision rating (监督评价) and the rule that decides whether a matter may be closed. Pure code.
 *
 * Thresholds are configured as plain decimals (3.5, 0.8) but compared exactly: a decimal is read
 * from its shortest written form as an exact fraction (3.5 = 7/2, 0.8 = 4/5 — not the binary double
 * 0.8000000000000000444…), and means and shares are compared by integer cross-multiplication,
 * e.g. mean ≥ 3.5 ⇔ sum*2 ≥ 7*count.
 */

/** 过程规范, 办理时效, 完成质量, 公开透明, 群众满意. */
export const ratingDimensions = ["process", "timeliness", "quality", "transparency", "satisfaction"] as const;
export type Dimension = (typeof ratingDimensions)[number];

export const residentAnswers = ["satisfied", "basicallySatisfied", "notSatisfied"] as const;
export type ResidentAnswer = (typeof residentAnswers)[number];

export const minScore = 1;
export const maxScore = 5;

export interface CloseRule {
  /** Each dimension's mean over the supervisors' ratings must be at least this (1–5, ≤ 2 decimals). */
  minDimensionMean: number;
  /** (satisfied + basicallySatisfied) / answers must be at least this (0–1, ≤ 3 decimals). */
  minSatisfiedShare: number;
  /** At least this many residents must have answered (integer ≥ 0). */
  minResidentAnswers: number;
  /** Every assigned supervisor must have rated. */
  requireAllSupervisors: boolean;
}

export const defaultCloseRule: Readonly<CloseRule> = {
  minDimensionMean: 3.5,
  minSatisfiedShare: 0.8,
  minResidentAnswers: 5,
  requireAllSupervisors: true,
};

export interface SupervisorRating {
  supervisorId: number;
  scores: Record<Dimension, number>;
}

export interface CloseRuleInput {
  assignedSupervisorIds: readonly number[];
  /**
   * Assigned supervisors whom staff recorded as unable to rate this round (ill, moved away), with
   * the reason kept elsewhere. They are not missing; a rating they give anyway still counts.
   */
  excusedSupervisorIds?: readonly number[];
  ratings: readonly SupervisorRating[];
  residentAnswers: readonly ResidentAnswer[];
}

export type CheckKey = "ratings" | "allSupervisorsRated" | `${Dimension}Mean` | "residentAnswers" | "satisfiedShare";

export type CloseReasonKey =
  | "noRatings"
  | "supervisorsMissing"
  | `${Dimension}MeanLow`
  | "tooFewResidentAnswers"
  | "satisfiedShareLow";

export interface CloseCheck {
  key: CheckKey;
  met: boolean;
  /** The measured value for display ("3.33", "79.1%", "4", "2/3"); "—" when nothing was measured. */
  value: string;
  /** The threshold for display ("3.5", "80.0%", "5", "3/3"). */
  threshold: string;
}

export interface CloseRuleResult {
  met: boolean;
  /** Fixed order: ratings, allSupervisorsRated (only when required), the five means, answers, share. */
  checks: CloseCheck[];
  /** Mean of each dimension over the counted ratings, for display; null when there is none. Not used to decide. */
  dimensionMeans: Record<Dimension, number | null>;
  /** Assigned supervisors who have neither rated nor been excused (sorted), reported even when not required. */
  missingSupervisorIds: number[];
  /** One key per failing check, in check order. */
  reasonKeys: CloseReasonKey[];
}

const reasonOf: Record<CheckKey, CloseReasonKey> = {
  ratings: "noRatings",
  allSupervisorsRated: "supervisorsMissing",
  processMean: "processMeanLow",
  timelinessMean: "timelinessMeanLow",
  qualityMean: "qualityMeanLow",
  transparencyMean: "transparencyMeanLow",
  satisfactionMean: "satisfactionMeanLow",
  residentAnswers: "tooFewResidentAnswers",
  satisfiedShare: "satisfiedShareLow",
};

const nothing = "—";

// ---------------------------------------------------------------------------------------------
// Exact decimals
// ---------------------------------------------------------------------------------------------

interface Fraction {
  num: bigint;
  den: bigint;
}

/** Number of decimals in the shortest written form of a finite number (3.5 → 1, 0.805 → 3, 1e-7 → 7). */
function decimalsOf(value: number): number {
  const [mantissa = "", exponent] = String(value).split("e");
  const fractionDigits = mantissa.split(".")[1]?.length ?? 0;
  return Math.max(0, fractionDigits - Number(exponent ?? 0));
}

/** The exact fraction written by a decimal number with at most `maxDecimals` decimals. */
function exactDecimal(value: number, maxDecimals: number): Fraction {
  const d = decimalsOf(value);
  if (d > maxDecimals) throw new RangeError(`${value} has more than ${maxDecimals} decimals`);
  const den = 10 ** d;
  // value*den is within half an ulp of an integer because value was written with d decimals.
  return { num: BigInt(Math.round(value * den)), den: BigInt(den) };
}

/** Formats n/d with `decimals` decimals, rounded DOWN, so a failing value never displays as reaching its threshold. */
function formatFloor(num: bigint, den: bigint, decimals: number): string {
  const scale = 10n ** BigInt(decimals);
  const scaled = (num * scale) / den;
  if (decimals === 0) return scaled.toString();
  const whole = scaled / scale;
  const frac = (scaled % scale).toString().padStart(decimals, "0");
  return `${whole}.${frac}`;
}

const meanDecimals = 2;
/** Share thresholds are shown as percents with one decimal, i.e. three decimals of the share. */
const shareDecimals = 3;

// ---------------------------------------------------------------------------------------------
// Config validation
// ---------------------------------------------------------------------------------------------

export interface CloseRuleConfigIssue {
  field: keyof CloseRule;
  /** i18n key under `errors.` */
  key: "closeRuleMeanRange" | "closeRuleShareRange" | "closeRuleMinAnswers" | "closeRuleTooPrecise" | "closeRuleRequireAll";
}

/**
 * Checks a community's close rule: mean in [1, 5] with ≤ 2 decimals, share in [0, 1] with
 * ≤ 3 decimals (so it displays exactly as a one-decimal percent), min answers an integer ≥ 0.
 * The decimal limits keep the displayed threshold identical to the one applied. Returns the issues;
 * an empty list means the rule is valid.
 */
export function validateCloseRuleConfig(rule: CloseRule): CloseRuleConfigIssue[] {
  const issues: CloseRuleConfigIssue[] = [];
  const mean = rule.minDimensionMean;
  if (typeof mean !== "number" || !Number.isFinite(mean) || mean < minScore || mean > maxScore) {
    issues.push({ field: "minDimensionMean", key: "closeRuleMeanRange" });
  } else if (decimalsOf(mean) > meanDecimals) {
    issues.push({ field: "minDimensionMean", key: "closeRuleTooPrecise" });
  }
  const share = rule.minSatisfiedShare;
  if (typeof share !== "number" || !Number.isFinite(share) || share < 0 || share > 1) {
    issues.push({ field: "minSatisfiedShare", key: "closeRuleShareRange" });
  } else if (decimalsOf(share) > shareDecimals) {
    issues.push({ field: "minSatisfiedShare", key: "closeRuleTooPrecise" });
  }
  if (!Number.isSafeInteger(rule.minResidentAnswers) || rule.minResidentAnswers < 0) {
    issues.push({ field: "minResidentAnswers", key: "closeRuleMinAnswers" });
  }
  if (typeof rule.requireAllSupervisors !== "boolean") {
    issues.push({ field: "requireAllSupervisors", key: "closeRuleRequireAll" });
  }
  return issues;
}

// ---------------------------------------------------------------------------------------------
// Evaluation
// ---------------------------------------------------------------------------------------------

function assertScore(value: unknown, supervisorId: number, dimension: Dimension): asserts value is number {
  if (typeof value !== "number" || !Number.isInteger(value) || value < minScore || value > maxScore) {
    throw new RangeError(`supervisor ${supervisorId}: ${dimension} must be an integer ${minScore}–${maxScore}, got ${String(value)}`);
  }
}

/**
 * Decides whether a matter may be closed (办结) or goes back for rectification (整改).
 *
 * - Nothing is closed without a rating: no assigned supervisor, or no rating from one → "noRatings".
 * - A rating from a supervisor not assigned to the matter is ignored (it is still validated).
 * - An excused supervisor (recorded as unable to rate) is not missing; "all rated" means all of
 *   the others, and needs at least one of them: 0 of 0 is not met.
 * - Each dimension's mean must reach `minDimensionMean`; residents must have answered at least
 *   `minResidentAnswers` times, and the satisfied + basically satisfied share must reach
 *   `minSatisfiedShare`. A share of no answers is not met, whatever the threshold: a check with
 *   nothing measured is never ticked by default.
 *
 * Throws RangeError on a score that is not an integer 1–5, an unknown resident answer, two ratings
 * from one supervisor, or an invalid rule.
 */
export function evaluateCloseRule(input: CloseRuleInput, rule: CloseRule = defaultCloseRule): CloseRuleResult {
  const issues = validateCloseRuleConfig(rule);
  if (issues.length > 0) throw new RangeError(`invalid close rule: ${issues.map((i) => `${i.field} ${i.key}`).join(", ")}`);

  const assigned = new Set(input.assignedSupervisorIds);
  const seen = new Set<number>();
  const counted: SupervisorRating[] = [];
  for (const r of input.ratings) {
    if (seen.has(r.supervisorId)) throw new RangeError(`supervisor ${r.supervisorId} rated twice`);
    seen.add(r.supervisorId);
    for (const d of ratingDimensions) assertScore(r.scores[d], r.supervisorId, d);
    if (assigned.has(r.supervisorId)) counted.push(r);
  }
  for (const a of input.residentAnswers) {
    if (!(residentAnswers as readonly string[]).includes(a)) throw new RangeError(`unknown resident answer ${String(a)}`);
  }

  const checks: CloseCheck[] = [];
  const ratedCount = counted.length;
  const excused = new Set((input.excusedSupervisorIds ?? []).filter((id) => assigned.has(id) && !seen.has(id)));
  const missingSupervisorIds = [...assigned].filter((id) => !seen.has(id) && !excused.has(id)).sort((a, b) => a - b);
  /** Supervisors expected to rate: the assigned ones not excused (an excused one who rated anyway counts). */
  const expected = assigned.size - excused.size;

  checks.push({ key: "ratings", met: assigned.size > 0 && ratedCount > 0, value: String(ratedCount), threshold: "1" });
  if (rule.requireAllSupervisors) {
    checks.push({
      key: "allSupervisorsRated",
      met: expected > 0 && missingSupervisorIds.length === 0,
      value: `${ratedCount}/${expected}`,
      threshold: `${expected}/${expected}`,
    });
  }

  const minMean = exactDecimal(rule.minDimensionMean, meanDecimals);
  const minMeanText = formatFloor(minMean.num, minMean.den, decimalsOf(rule.minDimensionMean));
  const dimensionMeans = {} as Record<Dimension, number | null>;
  for (const d of ratingDimensions) {
    const sum = counted.reduce((s, r) => s + r.scores[d], 0);
    dimensionMeans[d] = ratedCount === 0 ? null : sum / ratedCount;
    // sum/count ≥ num/den ⇔ sum*den ≥ num*count.
    const met = ratedCount > 0 && BigInt(sum) * minMean.den >= minMean.num * BigInt(ratedCount);
    checks.push({
      key: `${d}Mean`,
      met,
      value: ratedCount === 0 ? nothing : formatFloor(BigInt(sum), BigInt(ratedCount), meanDecimals),
      threshold: minMeanText,
    });
  }

  const answers = input.residentAnswers.length;
  checks.push({
    key: "residentAnswers",
    met: answers >= rule.minResidentAnswers,
    value: String(answers),
    threshold: String(rule.minResidentAnswers),
  });

  const satisfied = input.residentAnswers.filter((a) => a !== "notSatisfied").length;
  const minShare = exactDecimal(rule.minSatisfiedShare, shareDecimals);
  checks.push({
    key: "satisfiedShare",
    // No answers measure no share: 0 of 0 is not met, even against a 0% threshold.
    met: answers > 0 && BigInt(satisfied) * minShare.den >= minShare.num * BigInt(answers),
    value: answers === 0 ? nothing : `${formatFloor(BigInt(satisfied) * 100n, BigInt(answers), 1)}%`,
    threshold: `${formatFloor(minShare.num * 100n, minShare.den, 1)}%`,
  });

  const reasonKeys = checks.filter((c) => !c.met).map((c) => reasonOf[c.key]);
  return { met: reasonKeys.length === 0, checks, dimensionMeans, missingSupervisorIds, reasonKeys };
}

// ---------------------------------------------------------------------------------------------
// Concluding a round
// ---------------------------------------------------------------------------------------------

export type ConcludeBlocker = "supervisorsPending" | "noRatings";

/**
 * Whether staff may conclude the round now, whatever the outcome would be: not while an assigned
 * supervisor has neither rated nor been excused (their rating could change the verdict), and not
 * without a single counted rating (there is nothing to conclude on). Independent of
 * `requireAllSupervisors`, which decides the verdict, not when it may be given.
 */
export function concludeBlocker(result: Pick<CloseRuleResult, "missingSupervisorIds" | "checks">): ConcludeBlocker | null {
  if (result.missingSupervisorIds.length > 0) return "supervisorsPending";
  const ratings = result.checks.find((c) => c.key === "ratings");
  if (!ratings?.met) return "noRatings";
  return null;
}

/**
 * Why staff may not take an assigned supervisor off a topic now (null: they may). Once ratings
 * are being collected — under review, in rectification between rounds, or any rating on record —
 * dropping a supervisor who has not rated would get round the conclude gate above without a
 * word: staff record why they cannot rate instead (an excusal). A rating given stands, so its
 * author stays too. Before the review, the choice of supervisors is staff's to change.
 */
export type SupervisorRemovalBlocker = "supervisorRated" | "reviewUnderway";

export function supervisorRemovalBlocker(facts: { state: string; topicHasRatings: boolean; supervisorHasRated: boolean }): SupervisorRemovalBlocker | null {
  if (facts.supervisorHasRated) return "supervisorRated";
  if (facts.state === "underReview" || facts.state === "rectifying" || facts.topicHasRatings) return "reviewUnderway";
  return null;
}
