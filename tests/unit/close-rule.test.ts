import { describe, expect, it } from "vitest";
import {
  concludeBlocker,
  defaultCloseRule,
  evaluateCloseRule,
  ratingDimensions,
  supervisorRemovalBlocker,
  validateCloseRuleConfig,
  type CloseRule,
  type Dimension,
  type ResidentAnswer,
  type SupervisorRating,
} from "@/lib/domain/close-rule";

/** A rating with every dimension at `score`, with some dimensions overridden. */
function rating(supervisorId: number, score: number, overrides: Partial<Record<Dimension, number>> = {}): SupervisorRating {
  const scores = Object.fromEntries(ratingDimensions.map((d) => [d, score])) as Record<Dimension, number>;
  return { supervisorId, scores: { ...scores, ...overrides } };
}

const answers = (satisfied: number, basically: number, not: number): ResidentAnswer[] => [
  ...Array<ResidentAnswer>(satisfied).fill("satisfied"),
  ...Array<ResidentAnswer>(basically).fill("basicallySatisfied"),
  ...Array<ResidentAnswer>(not).fill("notSatisfied"),
];

const fiveSatisfied = answers(5, 0, 0);

const check = (r: ReturnType<typeof evaluateCloseRule>, key: string) => {
  const c = r.checks.find((x) => x.key === key);
  if (!c) throw new Error(`no check ${key}`);
  return c;
};

describe("ratingDimensions and the default rule", () => {
  it("are the five published dimensions and thresholds", () => {
    expect([...ratingDimensions]).toEqual(["process", "timeliness", "quality", "transparency", "satisfaction"]);
    expect(defaultCloseRule).toEqual({ minDimensionMean: 3.5, minSatisfiedShare: 0.8, minResidentAnswers: 5, requireAllSupervisors: true });
    expect(validateCloseRuleConfig(defaultCloseRule)).toEqual([]);
  });
});

describe("evaluateCloseRule", () => {
  it("closes a well-rated matter with every check shown", () => {
    const r = evaluateCloseRule({ assignedSupervisorIds: [1, 2], ratings: [rating(1, 4), rating(2, 5)], residentAnswers: fiveSatisfied });
    expect(r.met).toBe(true);
    expect(r.reasonKeys).toEqual([]);
    expect(r.missingSupervisorIds).toEqual([]);
    expect(r.checks.map((c) => c.key)).toEqual([
      "ratings",
      "allSupervisorsRated",
      "processMean",
      "timelinessMean",
      "qualityMean",
      "transparencyMean",
      "satisfactionMean",
      "residentAnswers",
      "satisfiedShare",
    ]);
    expect(check(r, "processMean")).toEqual({ key: "processMean", met: true, value: "4.50", threshold: "3.5" });
    expect(check(r, "satisfiedShare")).toEqual({ key: "satisfiedShare", met: true, value: "100.0%", threshold: "80.0%" });
    expect(r.dimensionMeans.quality).toBe(4.5);
  });

  it("needs every assigned supervisor's rating, one missing is enough to refuse", () => {
    const input = { assignedSupervisorIds: [1, 2, 3], ratings: [rating(1, 5), rating(2, 5)], residentAnswers: fiveSatisfied };
    const r = evaluateCloseRule(input);
    expect(r.met).toBe(false);
    expect(r.missingSupervisorIds).toEqual([3]);
    expect(check(r, "allSupervisorsRated")).toEqual({ key: "allSupervisorsRated", met: false, value: "2/3", threshold: "3/3" });
    expect(r.reasonKeys).toEqual(["supervisorsMissing"]);
  });

  it("closes without every supervisor when the community does not require it, still naming the missing", () => {
    const rule: CloseRule = { ...defaultCloseRule, requireAllSupervisors: false };
    const r = evaluateCloseRule({ assignedSupervisorIds: [3, 1, 2], ratings: [rating(1, 5)], residentAnswers: fiveSatisfied }, rule);
    expect(r.met).toBe(true);
    expect(r.missingSupervisorIds).toEqual([2, 3]);
    expect(r.checks.some((c) => c.key === "allSupervisorsRated")).toBe(false);
  });

  it("passes a dimension mean of exactly 3.5 and fails 3.33", () => {
    const exact = evaluateCloseRule({
      assignedSupervisorIds: [1, 2],
      ratings: [rating(1, 4, { process: 3 }), rating(2, 4)],
      residentAnswers: fiveSatisfied,
    });
    expect(exact.met).toBe(true);
    expect(exact.dimensionMeans.process).toBe(3.5);
    expect(check(exact, "processMean")).toMatchObject({ met: true, value: "3.50" });

    const low = evaluateCloseRule({
      assignedSupervisorIds: [1, 2, 3],
      ratings: [rating(1, 4, { process: 3 }), rating(2, 4, { process: 3 }), rating(3, 4)],
      residentAnswers: fiveSatisfied,
    });
    expect(low.met).toBe(false);
    expect(check(low, "processMean")).toMatchObject({ met: false, value: "3.33", threshold: "3.5" });
    expect(low.reasonKeys).toEqual(["processMeanLow"]);
  });

  it("never shows a failing mean as 3.50 (3.495 is shown as 3.49)", () => {
    // 200 supervisors: 101 give 3, 99 give 4 → sum 699, mean 3.495.
    const ids = Array.from({ length: 200 }, (_, i) => i + 1);
    const ratings = ids.map((id) => rating(id, 4, { timeliness: id <= 101 ? 3 : 4 }));
    const r = evaluateCloseRule({ assignedSupervisorIds: ids, ratings, residentAnswers: fiveSatisfied });
    expect(check(r, "timelinessMean")).toMatchObject({ met: false, value: "3.49" });
    expect(r.reasonKeys).toEqual(["timelinessMeanLow"]);
  });

  it("passes exactly 80% satisfied or basically satisfied and fails 79.x%", () => {
    const base = { assignedSupervisorIds: [1], ratings: [rating(1, 5)] };
    const exact = evaluateCloseRule({ ...base, residentAnswers: answers(3, 1, 1) });
    expect(exact.met).toBe(true);
    expect(check(exact, "satisfiedShare")).toMatchObject({ met: true, value: "80.0%" });

    const low = evaluateCloseRule({ ...base, residentAnswers: answers(10, 9, 5) }); // 19 of 24 = 79.17%
    expect(low.met).toBe(false);
    expect(check(low, "satisfiedShare")).toMatchObject({ met: false, value: "79.1%", threshold: "80.0%" });
    expect(low.reasonKeys).toEqual(["satisfiedShareLow"]);
  });

  it("needs at least five answers: five pass, four fail even if all satisfied", () => {
    const base = { assignedSupervisorIds: [1], ratings: [rating(1, 5)] };
    expect(evaluateCloseRule({ ...base, residentAnswers: answers(5, 0, 0) }).met).toBe(true);
    const four = evaluateCloseRule({ ...base, residentAnswers: answers(4, 0, 0) });
    expect(four.met).toBe(false);
    expect(check(four, "residentAnswers")).toEqual({ key: "residentAnswers", met: false, value: "4", threshold: "5" });
    expect(four.reasonKeys).toEqual(["tooFewResidentAnswers"]);
  });

  it("closes nothing without ratings", () => {
    const none = evaluateCloseRule({ assignedSupervisorIds: [1, 2], ratings: [], residentAnswers: fiveSatisfied });
    expect(none.met).toBe(false);
    expect(none.reasonKeys[0]).toBe("noRatings");
    expect(none.missingSupervisorIds).toEqual([1, 2]);
    expect(none.dimensionMeans).toEqual({ process: null, timeliness: null, quality: null, transparency: null, satisfaction: null });
    expect(check(none, "qualityMean")).toMatchObject({ met: false, value: "—" });

    // No supervisor assigned: not met even though nobody is "missing" and a stray rating exists.
    const unassigned = evaluateCloseRule({ assignedSupervisorIds: [], ratings: [rating(9, 5)], residentAnswers: fiveSatisfied });
    expect(unassigned.met).toBe(false);
    expect(unassigned.reasonKeys[0]).toBe("noRatings");
    expect(unassigned.missingSupervisorIds).toEqual([]);

    // Even with a lenient rule.
    const lenient: CloseRule = { minDimensionMean: 1, minSatisfiedShare: 0, minResidentAnswers: 0, requireAllSupervisors: false };
    expect(evaluateCloseRule({ assignedSupervisorIds: [1], ratings: [], residentAnswers: [] }, lenient).reasonKeys).toContain("noRatings");
  });

  it("ignores a rating from a supervisor not assigned to the matter", () => {
    const r = evaluateCloseRule({ assignedSupervisorIds: [1], ratings: [rating(1, 4), rating(9, 1)], residentAnswers: fiveSatisfied });
    expect(r.met).toBe(true);
    expect(r.dimensionMeans.process).toBe(4);
    expect(check(r, "allSupervisorsRated").value).toBe("1/1");
  });

  it("throws on a score that is not an integer from 1 to 5", () => {
    const input = (scores: Partial<Record<Dimension, number>>) => ({
      assignedSupervisorIds: [1],
      ratings: [rating(1, 4, scores)],
      residentAnswers: fiveSatisfied,
    });
    for (const bad of [0, 6, 3.5, Number.NaN, -1]) {
      expect(() => evaluateCloseRule(input({ quality: bad }))).toThrow(RangeError);
    }
    const missing = rating(1, 4) as { supervisorId: number; scores: Partial<Record<Dimension, number>> };
    delete missing.scores.transparency;
    expect(() =>
      evaluateCloseRule({ assignedSupervisorIds: [1], ratings: [missing as SupervisorRating], residentAnswers: fiveSatisfied }),
    ).toThrow(RangeError);
    // Bounds are allowed.
    expect(evaluateCloseRule(input({ quality: 1, process: 5 })).checks.length).toBeGreaterThan(0);
  });

  it("throws on two ratings from one supervisor and on an unknown answer", () => {
    expect(() => evaluateCloseRule({ assignedSupervisorIds: [1], ratings: [rating(1, 4), rating(1, 5)], residentAnswers: fiveSatisfied })).toThrow(
      RangeError,
    );
    const odd = ["satisfied", "meh"] as unknown as ResidentAnswer[];
    expect(() => evaluateCloseRule({ assignedSupervisorIds: [1], ratings: [rating(1, 4)], residentAnswers: odd })).toThrow(RangeError);
  });

  it("lists every failing check in order", () => {
    const r = evaluateCloseRule({
      assignedSupervisorIds: [1, 2],
      ratings: [rating(1, 4, { quality: 2, satisfaction: 3 })],
      residentAnswers: answers(1, 1, 2),
    });
    expect(r.met).toBe(false);
    expect(r.reasonKeys).toEqual(["supervisorsMissing", "qualityMeanLow", "satisfactionMeanLow", "tooFewResidentAnswers", "satisfiedShareLow"]);
    expect(r.checks.filter((c) => !c.met)).toHaveLength(5);
  });

  it("applies a community's own rule, with decimals compared exactly", () => {
    // 0.07 × 100 is 7.000000000000001 in floating point; 7 of 100 must still meet 7%.
    const rule: CloseRule = { minDimensionMean: 4.25, minSatisfiedShare: 0.07, minResidentAnswers: 0, requireAllSupervisors: true };
    const base = { assignedSupervisorIds: [1, 2, 3, 4], ratings: [rating(1, 5), rating(2, 4), rating(3, 4), rating(4, 4)] }; // mean 4.25
    const r = evaluateCloseRule({ ...base, residentAnswers: answers(7, 0, 93) }, rule);
    expect(r.met).toBe(true);
    expect(check(r, "satisfiedShare")).toMatchObject({ value: "7.0%", threshold: "7.0%" });
    expect(check(r, "processMean")).toMatchObject({ value: "4.25", threshold: "4.25" });
    expect(evaluateCloseRule({ ...base, residentAnswers: answers(6, 0, 94) }, rule).reasonKeys).toEqual(["satisfiedShareLow"]);
    // No answers required and none given: the share has nothing to measure, so it is not met.
    const quiet = evaluateCloseRule({ ...base, residentAnswers: [] }, rule);
    expect(quiet.met).toBe(false);
    expect(check(quiet, "satisfiedShare")).toEqual({ key: "satisfiedShare", met: false, value: "—", threshold: "7.0%" });
    expect(quiet.reasonKeys).toEqual(["satisfiedShareLow"]);
  });

  it("never ticks a check that measured nothing: 0 of 0 is not met, under every rule", () => {
    // Every combination of thresholds, including the most lenient (0%, no answers required, mean 1).
    for (const minSatisfiedShare of [0, 0.001, 0.5, 0.8, 1]) {
      for (const minResidentAnswers of [0, 1, 5]) {
        for (const minDimensionMean of [1, 3.5, 5]) {
          for (const requireAllSupervisors of [true, false]) {
            const rule: CloseRule = { minDimensionMean, minSatisfiedShare, minResidentAnswers, requireAllSupervisors };
            const label = JSON.stringify(rule);
            const noAnswers = evaluateCloseRule({ assignedSupervisorIds: [1], ratings: [rating(1, 5)], residentAnswers: [] }, rule);
            expect(check(noAnswers, "satisfiedShare"), label).toMatchObject({ met: false, value: "—" });
            expect(noAnswers.met, label).toBe(false);
            const noRatings = evaluateCloseRule({ assignedSupervisorIds: [], ratings: [], residentAnswers: fiveSatisfied }, rule);
            for (const c of noRatings.checks.filter((x) => x.key !== "residentAnswers" && x.key !== "satisfiedShare")) expect(c.met, `${label} ${c.key}`).toBe(false);
            expect(noRatings.met, label).toBe(false);
          }
        }
      }
    }
  });

  it("decides the share exactly for every small count of answers", () => {
    // All splits of up to 12 answers into satisfied / basically / not, against several thresholds:
    // met ⇔ at least one answer and (satisfied + basically) / answers ≥ threshold.
    const thresholds: [number, number, number][] = [[0, 0, 1], [0.5, 1, 2], [0.8, 4, 5], [0.667, 667, 1000], [1, 1, 1]]; // value, num, den
    for (const [share, num, den] of thresholds) {
      const rule: CloseRule = { minDimensionMean: 1, minSatisfiedShare: share, minResidentAnswers: 0, requireAllSupervisors: true };
      for (let total = 0; total <= 12; total++) {
        for (let s = 0; s <= total; s++) {
          for (let b = 0; b <= total - s; b++) {
            const r = evaluateCloseRule({ assignedSupervisorIds: [1], ratings: [rating(1, 5)], residentAnswers: answers(s, b, total - s - b) }, rule);
            const expected = total > 0 && (s + b) * den >= num * total;
            expect(check(r, "satisfiedShare").met, `${s}+${b} of ${total} vs ${share}`).toBe(expected);
            expect(r.met).toBe(expected);
          }
        }
      }
    }
  });

  it("does not count an excused supervisor as missing, and needs at least one who rates", () => {
    const base = { assignedSupervisorIds: [1, 2, 3], residentAnswers: fiveSatisfied };
    const r = evaluateCloseRule({ ...base, excusedSupervisorIds: [3], ratings: [rating(1, 5), rating(2, 4)] });
    expect(r.met).toBe(true);
    expect(r.missingSupervisorIds).toEqual([]);
    expect(check(r, "allSupervisorsRated")).toEqual({ key: "allSupervisorsRated", met: true, value: "2/2", threshold: "2/2" });

    // Excusing one does not excuse the others.
    const stillMissing = evaluateCloseRule({ ...base, excusedSupervisorIds: [3], ratings: [rating(1, 5)] });
    expect(stillMissing.missingSupervisorIds).toEqual([2]);
    expect(check(stillMissing, "allSupervisorsRated")).toMatchObject({ met: false, value: "1/2" });
    expect(stillMissing.reasonKeys).toEqual(["supervisorsMissing"]);

    // An excused supervisor who rated anyway counts as any other.
    const ratedAnyway = evaluateCloseRule({ ...base, excusedSupervisorIds: [2, 3], ratings: [rating(1, 5), rating(2, 1)] });
    expect(check(ratedAnyway, "allSupervisorsRated")).toMatchObject({ met: true, value: "2/2" });
    expect(check(ratedAnyway, "processMean")).toMatchObject({ met: false, value: "3.00" });

    // Everyone excused, nobody rated: 0 of 0 is not met, and nothing is closed without a rating.
    const allExcused = evaluateCloseRule({ ...base, excusedSupervisorIds: [1, 2, 3], ratings: [] });
    expect(allExcused.missingSupervisorIds).toEqual([]);
    expect(check(allExcused, "allSupervisorsRated")).toEqual({ key: "allSupervisorsRated", met: false, value: "0/0", threshold: "0/0" });
    expect(allExcused.reasonKeys).toEqual(["noRatings", "supervisorsMissing", "processMeanLow", "timelinessMeanLow", "qualityMeanLow", "transparencyMeanLow", "satisfactionMeanLow"]);

    // Excusing someone who is not assigned changes nothing.
    const stranger = evaluateCloseRule({ ...base, excusedSupervisorIds: [9], ratings: [rating(1, 5), rating(2, 5)] });
    expect(stranger.missingSupervisorIds).toEqual([3]);
    expect(check(stranger, "allSupervisorsRated")).toMatchObject({ met: false, value: "2/3" });
  });

  it("no supervisor assigned: 'all rated' is 0 of 0, not met", () => {
    const r = evaluateCloseRule({ assignedSupervisorIds: [], ratings: [], residentAnswers: fiveSatisfied });
    expect(check(r, "allSupervisorsRated")).toEqual({ key: "allSupervisorsRated", met: false, value: "0/0", threshold: "0/0" });
  });

  it("throws on an invalid rule", () => {
    expect(() =>
      evaluateCloseRule({ assignedSupervisorIds: [1], ratings: [rating(1, 5)], residentAnswers: fiveSatisfied }, { ...defaultCloseRule, minSatisfiedShare: 1.2 }),
    ).toThrow(RangeError);
  });
});

describe("validateCloseRuleConfig", () => {
  const issues = (patch: Partial<CloseRule>) => validateCloseRuleConfig({ ...defaultCloseRule, ...patch });

  it("accepts the bounds", () => {
    expect(issues({ minDimensionMean: 1, minSatisfiedShare: 0, minResidentAnswers: 0 })).toEqual([]);
    expect(issues({ minDimensionMean: 5, minSatisfiedShare: 1 })).toEqual([]);
    expect(issues({ minDimensionMean: 3.75, minSatisfiedShare: 0.805 })).toEqual([]);
  });

  it("refuses a mean outside 1–5 or finer than hundredths", () => {
    expect(issues({ minDimensionMean: 0.99 })).toEqual([{ field: "minDimensionMean", key: "closeRuleMeanRange" }]);
    expect(issues({ minDimensionMean: 5.01 })).toEqual([{ field: "minDimensionMean", key: "closeRuleMeanRange" }]);
    expect(issues({ minDimensionMean: Number.NaN })).toEqual([{ field: "minDimensionMean", key: "closeRuleMeanRange" }]);
    expect(issues({ minDimensionMean: 3.555 })).toEqual([{ field: "minDimensionMean", key: "closeRuleTooPrecise" }]);
  });

  it("refuses a share outside 0–1 or finer than a tenth of a percent", () => {
    expect(issues({ minSatisfiedShare: -0.1 })).toEqual([{ field: "minSatisfiedShare", key: "closeRuleShareRange" }]);
    expect(issues({ minSatisfiedShare: 1.1 })).toEqual([{ field: "minSatisfiedShare", key: "closeRuleShareRange" }]);
    expect(issues({ minSatisfiedShare: 0.8125 })).toEqual([{ field: "minSatisfiedShare", key: "closeRuleTooPrecise" }]);
    expect(issues({ minSatisfiedShare: 1e-7 })).toEqual([{ field: "minSatisfiedShare", key: "closeRuleTooPrecise" }]);
  });

  it("refuses a minimum number of answers that is negative or fractional", () => {
    expect(issues({ minResidentAnswers: -1 })).toEqual([{ field: "minResidentAnswers", key: "closeRuleMinAnswers" }]);
    expect(issues({ minResidentAnswers: 2.5 })).toEqual([{ field: "minResidentAnswers", key: "closeRuleMinAnswers" }]);
  });

  it("reports every issue at once", () => {
    const bad = { minDimensionMean: 7, minSatisfiedShare: 2, minResidentAnswers: -3, requireAllSupervisors: "yes" } as unknown as CloseRule;
    expect(validateCloseRuleConfig(bad).map((i) => i.field)).toEqual(["minDimensionMean", "minSatisfiedShare", "minResidentAnswers", "requireAllSupervisors"]);
  });
});

describe("concludeBlocker", () => {
  const evaluate = (assigned: number[], rated: number[], excused: number[] = [], rule: CloseRule = defaultCloseRule) =>
    evaluateCloseRule({ assignedSupervisorIds: assigned, excusedSupervisorIds: excused, ratings: rated.map((id) => rating(id, 5)), residentAnswers: fiveSatisfied }, rule);

  it("holds the round open while an assigned supervisor has neither rated nor been excused, whatever the rule", () => {
    for (const requireAllSupervisors of [true, false]) {
      const rule = { ...defaultCloseRule, requireAllSupervisors };
      expect(concludeBlocker(evaluate([1, 2], [1], [], rule))).toBe("supervisorsPending");
      expect(concludeBlocker(evaluate([1, 2], [], [], rule))).toBe("supervisorsPending");
      expect(concludeBlocker(evaluate([1, 2], [1], [2], rule))).toBeNull();
      expect(concludeBlocker(evaluate([1, 2], [1, 2], [], rule))).toBeNull();
      expect(concludeBlocker(evaluate([1, 2], [1, 2], [2], rule))).toBeNull();
    }
  });

  it("needs at least one counted rating: none assigned, all excused, or only strangers rated", () => {
    expect(concludeBlocker(evaluate([], []))).toBe("noRatings");
    expect(concludeBlocker(evaluate([1, 2], [], [1, 2]))).toBe("noRatings");
    expect(concludeBlocker(evaluate([], [9]))).toBe("noRatings");
  });

  it("does not depend on the verdict: a failing round may be concluded (to rectification) once all have rated", () => {
    const poor = evaluateCloseRule({ assignedSupervisorIds: [1], ratings: [rating(1, 1)], residentAnswers: [] });
    expect(poor.met).toBe(false);
    expect(concludeBlocker(poor)).toBeNull();
  });
});

describe("supervisorRemovalBlocker: who may be taken off a topic", () => {
  const before = ["proposed", "awaitingAdmission", "consulting", "drafting", "voting", "resolved", "failed", "implementing", "rejected", "merged", "expired"];

  it("before the review any supervisor may go", () => {
    for (const state of before) expect(supervisorRemovalBlocker({ state, topicHasRatings: false, supervisorHasRated: false }), state).toBeNull();
  });

  it("once ratings are collected — under review, in rectification, or any rating on record — nobody unrated may go", () => {
    for (const state of ["underReview", "rectifying"]) expect(supervisorRemovalBlocker({ state, topicHasRatings: false, supervisorHasRated: false }), state).toBe("reviewUnderway");
    // Closed after a review (ratings exist); reopening must not find the set changed.
    expect(supervisorRemovalBlocker({ state: "closed", topicHasRatings: true, supervisorHasRated: false })).toBe("reviewUnderway");
    // Closed after a failed vote, never reviewed: nothing to protect.
    expect(supervisorRemovalBlocker({ state: "closed", topicHasRatings: false, supervisorHasRated: false })).toBeNull();
  });

  it("a supervisor who has rated stays, in any state", () => {
    for (const state of [...before, "underReview", "rectifying", "closed"]) expect(supervisorRemovalBlocker({ state, topicHasRatings: true, supervisorHasRated: true }), state).toBe("supervisorRated");
  });
});
