import { describe, expect, it } from "vitest";
import { voteRules } from "@/db/schema";
import {
  ballotVerdict,
  decidedThresholds,
  defaultTurnoutFloor,
  formatPercent,
  settledVerdict,
  turnoutFloorFor,
  type VerdictBallot,
  type VerdictElector,
  type VerdictVote,
  ownerKeyOf,
  ownersElectorate,
  stricterOrEqual,
  tally,
  tallyChoice,
  voteRuleIds,
  type BallotChoice,
  type ElectorateUnit,
  type Figure,
  type OwnerBallot,
  type SimpleVoteInput,
  type VoteRuleId,
} from "@/lib/domain/vote-rules";

/** One unit per owner: unit i (1-based) has owner 100+i and the given area. */
function soleOwners(areas: number[]): ElectorateUnit[] {
  return areas.map((areaHundredths, i) => ({ unitId: i + 1, areaHundredths, ownerIds: [101 + i], developerHeld: false }));
}

/** Ballots by unit number for an electorate built with soleOwners. */
function ballots(choices: Record<number, BallotChoice>): OwnerBallot[] {
  return Object.entries(choices).map(([unit, choice]) => ({ ownerKey: `owner:${100 + Number(unit)}`, choice }));
}

function ownersVote(rule: "ownersMajority" | "ownersSupermajority", areas: number[], choices: Record<number, BallotChoice>) {
  return tally(rule, { electorate: ownersElectorate(soleOwners(areas)), ballots: ballots(choices) });
}

const fig = (figures: Figure[], key: Figure["key"]) => {
  const f = figures.find((x) => x.key === key);
  if (!f) throw new Error(`no figure ${key}`);
  return f;
};

const allAgree = (units: number[]): Record<number, BallotChoice> => Object.fromEntries(units.map((u) => [u, "agree"]));

describe("voteRuleIds", () => {
  it("are exactly the ids the database schema stores", () => {
    expect([...voteRuleIds]).toEqual(["simpleMajority", "twoThirds", "ownersMajority", "ownersSupermajority"]);
    expect([...voteRuleIds]).toEqual([...voteRules]);
  });
});

describe("formatPercent", () => {
  it("rounds half up from the exact fraction, one decimal", () => {
    expect(formatPercent(1363, 2000)).toBe("68.2%"); // 68.15% exactly
    expect(formatPercent(136299, 200000)).toBe("68.1%"); // 68.1495%
    expect(formatPercent(2, 3)).toBe("66.7%");
    expect(formatPercent(1, 3)).toBe("33.3%");
    expect(formatPercent(1, 2)).toBe("50.0%");
    expect(formatPercent(3, 4)).toBe("75.0%");
    expect(formatPercent(1, 2000)).toBe("0.1%"); // 0.05% → half up
    expect(formatPercent(1, 1)).toBe("100.0%");
    expect(formatPercent(0, 7)).toBe("0.0%");
  });

  it("shows a dash when there is nothing to divide by", () => {
    expect(formatPercent(0, 0)).toBe("—");
  });

  it("refuses negative or fractional inputs", () => {
    expect(() => formatPercent(-1, 3)).toThrow(RangeError);
    expect(() => formatPercent(1.5, 3)).toThrow(RangeError);
  });
});

describe("ownersElectorate (司法解释 第九条 headcount)", () => {
  it("counts an owner of two units once, with the area of both", () => {
    const e = ownersElectorate([
      { unitId: 1, areaHundredths: 8912, ownerIds: [7], developerHeld: false },
      { unitId: 2, areaHundredths: 6500, ownerIds: [7], developerHeld: false },
      { unitId: 3, areaHundredths: 9000, ownerIds: [8], developerHeld: false },
    ]);
    expect(e.owners).toEqual([
      { ownerKey: "owner:7", areaHundredths: 15412, unitIds: [1, 2], ownerIds: [7], developer: false },
      { ownerKey: "owner:8", areaHundredths: 9000, unitIds: [3], ownerIds: [8], developer: false },
    ]);
    expect(e.totalOwners).toBe(2);
    expect(e.totalAreaHundredths).toBe(24412);
  });

  it("counts the developer's unsold units together as one owner", () => {
    const e = ownersElectorate([
      { unitId: 1, areaHundredths: 9000, ownerIds: [7], developerHeld: false },
      { unitId: 4, areaHundredths: 10000, ownerIds: [], developerHeld: true },
      { unitId: 5, areaHundredths: 11000, ownerIds: [], developerHeld: true },
      { unitId: 6, areaHundredths: 12000, ownerIds: [], developerHeld: true },
    ]);
    expect(e.totalOwners).toBe(2);
    expect(e.owners[1]).toEqual({ ownerKey: "developer", areaHundredths: 33000, unitIds: [4, 5, 6], ownerIds: [], developer: true });
    expect(e.totalAreaHundredths).toBe(42000);
  });

  it("counts the co-owners of one unit as one owner", () => {
    const e = ownersElectorate([
      { unitId: 1, areaHundredths: 9000, ownerIds: [8, 7], developerHeld: false },
      { unitId: 2, areaHundredths: 9000, ownerIds: [9], developerHeld: false },
    ]);
    expect(e.totalOwners).toBe(2);
    expect(e.owners[0]).toEqual({ ownerKey: "owner:7", areaHundredths: 9000, unitIds: [1], ownerIds: [7, 8], developer: false });
    expect(ownerKeyOf(e, 8)).toBe("owner:7");
    expect(ownerKeyOf(e, 7)).toBe("owner:7");
    expect(ownerKeyOf(e, 9)).toBe("owner:9");
    expect(ownerKeyOf(e, 42)).toBeUndefined();
  });

  it("merges owners connected through shared units into one owner, whatever the input order", () => {
    // A (1) owns units 1 and 2 and co-owns 3 with B (2); B also owns 4 alone; C (3) owns 5.
    const units: ElectorateUnit[] = [
      { unitId: 1, areaHundredths: 100, ownerIds: [1], developerHeld: false },
      { unitId: 2, areaHundredths: 200, ownerIds: [1], developerHeld: false },
      { unitId: 3, areaHundredths: 300, ownerIds: [1, 2], developerHeld: false },
      { unitId: 4, areaHundredths: 400, ownerIds: [2], developerHeld: false },
      { unitId: 5, areaHundredths: 500, ownerIds: [3], developerHeld: false },
    ];
    const e = ownersElectorate(units);
    expect(e.owners).toEqual([
      { ownerKey: "owner:1", areaHundredths: 1000, unitIds: [1, 2, 3, 4], ownerIds: [1, 2], developer: false },
      { ownerKey: "owner:3", areaHundredths: 500, unitIds: [5], ownerIds: [3], developer: false },
    ]);
    expect(e.totalOwners).toBe(2);
    expect(ownersElectorate([...units].reverse())).toEqual(e);
  });

  it("keeps a unit with no registered owner in the totals as its own owner", () => {
    const e = ownersElectorate([
      { unitId: 1, areaHundredths: 9000, ownerIds: [7], developerHeld: false },
      { unitId: 2, areaHundredths: 8000, ownerIds: [], developerHeld: false },
    ]);
    expect(e.totalOwners).toBe(2);
    expect(e.totalAreaHundredths).toBe(17000);
    expect(e.owners[1]?.ownerKey).toBe("unit:2");
  });

  it("refuses a unit listed twice and a fractional area", () => {
    const u = { unitId: 1, areaHundredths: 9000, ownerIds: [7], developerHeld: false };
    expect(() => ownersElectorate([u, u])).toThrow(RangeError);
    expect(() => ownersElectorate([{ ...u, areaHundredths: 90.5 }])).toThrow(RangeError);
    expect(() => ownersElectorate([{ ...u, areaHundredths: -1 }])).toThrow(RangeError);
  });
});

describe("owners' rules — participation (two-thirds by area and by headcount)", () => {
  it("passes at exactly two-thirds of the area", () => {
    const r = ownersVote("ownersMajority", [10000, 10000, 10000], allAgree([1, 2]));
    const area = fig(r.figures, "participationArea");
    expect(area).toMatchObject({ numerator: 20000, denominator: 30000, met: true, percent: "66.7%", thresholdPercent: "66.7%", comparator: "≥" });
    expect(r.passed).toBe(true);
    expect(r.reasonKey).toBe("passed");
  });

  it("fails one hundredth of a m² short of two-thirds of the area, though both show 66.7%", () => {
    const r = ownersVote("ownersMajority", [9999, 10000, 10001], allAgree([1, 2]));
    const area = fig(r.figures, "participationArea");
    expect(area).toMatchObject({ numerator: 19999, denominator: 30000, met: false, percent: "66.7%", thresholdPercent: "66.7%" });
    expect(fig(r.figures, "participationHeadcount").met).toBe(true);
    expect(r.passed).toBe(false);
    expect(r.reasonKey).toBe("participationAreaShort");
  });

  it("passes at exactly two-thirds of the owners and fails one owner short (area met both times)", () => {
    const areas = [5000, 5000, 5000, 100, 100, 100];
    const exact = ownersVote("ownersMajority", areas, allAgree([1, 2, 3, 4]));
    expect(fig(exact.figures, "participationHeadcount")).toMatchObject({ numerator: 4, denominator: 6, met: true });
    expect(exact.passed).toBe(true);

    const short = ownersVote("ownersMajority", areas, allAgree([1, 2, 3]));
    expect(fig(short.figures, "participationArea").met).toBe(true);
    expect(fig(short.figures, "participationHeadcount")).toMatchObject({ numerator: 3, denominator: 6, met: false, percent: "50.0%" });
    expect(short.reasonKey).toBe("participationHeadcountShort");
  });

  it("fails on area when many small owners take part but the large ones stay away", () => {
    const r = ownersVote("ownersMajority", [10000, 100, 100, 100, 100, 100], allAgree([2, 3, 4, 5, 6]));
    expect(fig(r.figures, "participationHeadcount").met).toBe(true);
    expect(fig(r.figures, "participationArea")).toMatchObject({ numerator: 500, denominator: 10500, met: false });
    expect(r.reasonKey).toBe("participationAreaShort");
  });

  it("reports participation before approval when both fail", () => {
    const r = ownersVote("ownersMajority", [100, 100, 100], { 1: "disagree" });
    expect(r.figures.map((f) => f.key)).toEqual(["participationArea", "participationHeadcount", "approvalArea", "approvalHeadcount"]);
    expect(r.figures.every((f) => !f.met)).toBe(true);
    expect(r.reasonKey).toBe("participationAreaShort");
  });

  it("counts abstentions as participation but not as agreement", () => {
    const areas = [1000, 1000, 1000, 1000, 1000, 1000];
    // Without the abstention only 3 of 6 take part: short.
    const without = ownersVote("ownersMajority", areas, allAgree([1, 2, 3]));
    expect([fig(without.figures, "participationArea").met, fig(without.figures, "participationHeadcount").met]).toEqual([false, false]);
    // With it, 4 of 6 take part and 3 of the 4 agree.
    const r = ownersVote("ownersMajority", areas, { 1: "agree", 2: "agree", 3: "agree", 4: "abstain" });
    expect(fig(r.figures, "participationHeadcount")).toMatchObject({ numerator: 4, denominator: 6, met: true });
    expect(fig(r.figures, "approvalHeadcount")).toMatchObject({ numerator: 3, denominator: 4, met: true });
    expect(r.passed).toBe(true);
    // Two agree, two abstain: exactly half of the participants agree — not more than half.
    const half = ownersVote("ownersMajority", areas, { 1: "agree", 2: "agree", 3: "abstain", 4: "abstain" });
    expect(fig(half.figures, "approvalArea")).toMatchObject({ numerator: 2000, denominator: 4000, met: false });
    expect(half.reasonKey).toBe("approvalAreaShort");
  });

  it("fails on an empty electorate instead of passing 0 ≥ 0", () => {
    const r = tally("ownersSupermajority", { electorate: ownersElectorate([]), ballots: [] });
    expect(r.passed).toBe(false);
    expect(fig(r.figures, "participationArea").percent).toBe("—");
    expect(r.reasonKey).toBe("participationAreaShort");
  });
});

describe("ownersMajority — more than half of the participating area and owners", () => {
  it("fails at exactly 50% and passes with one more owner of five", () => {
    const even = ownersVote("ownersMajority", [1000, 1000, 1000, 1000], { 1: "agree", 2: "agree", 3: "disagree", 4: "disagree" });
    expect(fig(even.figures, "approvalArea")).toMatchObject({ met: false, percent: "50.0%", thresholdPercent: "50.0%", comparator: ">" });
    expect(fig(even.figures, "approvalHeadcount").met).toBe(false);
    expect(even.reasonKey).toBe("approvalAreaShort");

    const more = ownersVote("ownersMajority", [1000, 1000, 1000, 1000, 1000], { 1: "agree", 2: "agree", 3: "agree", 4: "disagree", 5: "disagree" });
    expect(more.passed).toBe(true);
  });

  it("passes the area test with half + one hundredth, and still needs more than half of the owners", () => {
    // Agree: units 1 and 3 = 2001 of 4000 (area met), 2 of 4 owners (headcount exactly half: not met).
    const r = ownersVote("ownersMajority", [1001, 1000, 1000, 999], { 1: "agree", 2: "disagree", 3: "agree", 4: "disagree" });
    expect(fig(r.figures, "approvalArea")).toMatchObject({ numerator: 2001, denominator: 4000, met: true });
    expect(fig(r.figures, "approvalHeadcount")).toMatchObject({ numerator: 2, denominator: 4, met: false });
    expect(r.reasonKey).toBe("approvalHeadcountShort");
  });

  it("fails on area when most owners agree but they hold little of it", () => {
    const r = ownersVote("ownersMajority", [5000, 100, 100, 100], { 1: "disagree", 2: "agree", 3: "agree", 4: "agree" });
    expect(fig(r.figures, "approvalHeadcount").met).toBe(true);
    expect(fig(r.figures, "approvalArea")).toMatchObject({ numerator: 300, denominator: 5300, met: false });
    expect(r.reasonKey).toBe("approvalAreaShort");
  });
});

describe("ownersSupermajority — three-quarters of the participating area and owners", () => {
  it("passes at exactly 75%", () => {
    const r = ownersVote("ownersSupermajority", [1000, 1000, 1000, 1000], { 1: "agree", 2: "agree", 3: "agree", 4: "disagree" });
    expect(fig(r.figures, "approvalArea")).toMatchObject({ numerator: 3000, denominator: 4000, met: true, percent: "75.0%", thresholdPercent: "75.0%", comparator: "≥" });
    expect(fig(r.figures, "approvalHeadcount")).toMatchObject({ numerator: 3, denominator: 4, met: true });
    expect(r.passed).toBe(true);
  });

  it("fails one hundredth of a m² below 75% of the area (where the majority rule passes)", () => {
    const choices: Record<number, BallotChoice> = { 1: "agree", 2: "agree", 3: "agree", 4: "disagree" };
    const r = ownersVote("ownersSupermajority", [1000, 1000, 999, 1001], choices);
    expect(fig(r.figures, "approvalArea")).toMatchObject({ numerator: 2999, denominator: 4000, met: false });
    expect(fig(r.figures, "approvalHeadcount").met).toBe(true);
    expect(r.reasonKey).toBe("approvalAreaShort");
    expect(ownersVote("ownersMajority", [1000, 1000, 999, 1001], choices).passed).toBe(true);
  });

  it("fails below 75% of the owners though 75% of the area agrees", () => {
    const areas = [3000, 3000, 1000, 1000, 1000, 1000, 1000, 1000];
    const choices: Record<number, BallotChoice> = { 1: "agree", 2: "agree", 3: "agree", 4: "agree", 5: "agree", 6: "disagree", 7: "disagree", 8: "disagree" };
    const r = ownersVote("ownersSupermajority", areas, choices);
    expect(fig(r.figures, "approvalArea")).toMatchObject({ numerator: 9000, denominator: 12000, met: true });
    expect(fig(r.figures, "approvalHeadcount")).toMatchObject({ numerator: 5, denominator: 8, met: false, percent: "62.5%" });
    expect(r.reasonKey).toBe("approvalHeadcountShort");
  });
});

describe("owners' ballots", () => {
  const electorate = ownersElectorate(soleOwners([1000, 1000, 1000]));

  it("throws on a ballot from outside the electorate", () => {
    expect(() => tally("ownersMajority", { electorate, ballots: [{ ownerKey: "owner:999", choice: "agree" }] })).toThrow(RangeError);
  });

  it("throws on two ballots from one counted owner", () => {
    const twice: OwnerBallot[] = [
      { ownerKey: "owner:101", choice: "agree" },
      { ownerKey: "owner:101", choice: "disagree" },
    ];
    expect(() => tally("ownersMajority", { electorate, ballots: twice })).toThrow(RangeError);
  });

  it("throws when the input does not fit the rule", () => {
    const loose = tally as (rule: VoteRuleId, input: unknown) => unknown;
    expect(() => loose("ownersMajority", { counts: { agree: 1, disagree: 0, abstain: 0 } })).toThrow(TypeError);
    expect(() => loose("simpleMajority", { electorate, ballots: [] })).toThrow(TypeError);
  });

  it("lets the figure be written as a sentence", () => {
    // 6815 of 10000 hundredths = 68.15% exactly → shown as 68.2% (half up).
    const r = ownersVote("ownersMajority", [6000, 815, 3185], allAgree([1, 2]));
    const f = fig(r.figures, "participationArea");
    expect(f).toMatchObject({ numerator: 6815, denominator: 10000, met: true });
    const sentence = (label: string, x: Figure) => `${label} ${x.percent} ${x.comparator} ${x.thresholdPercent}`;
    expect(sentence("参与面积", f)).toBe("参与面积 68.2% ≥ 66.7%");
    expect(sentence("同意人数", fig(r.figures, "approvalHeadcount"))).toBe("同意人数 100.0% > 50.0%");
  });
});

describe("a realistic building of 40 units", () => {
  // Floors 1–10, four units per floor (unitId = floor*100 + position), areas by position.
  const areaByPosition = [8912, 10235, 12768, 7650]; // 39565 per floor
  const units: ElectorateUnit[] = [];
  for (let floor = 1; floor <= 10; floor++) {
    areaByPosition.forEach((areaHundredths, i) => {
      const unitId = floor * 100 + i + 1;
      units.push({ unitId, areaHundredths, ownerIds: [1000 + unitId], developerHeld: false });
    });
  }
  const unit = (id: number) => {
    const u = units.find((x) => x.unitId === id);
    if (!u) throw new Error(`no unit ${id}`);
    return u;
  };
  // Person 5001 owns 101 and 102; 103 is co-owned by 5002 and 5003; 1001–1003 unsold; 1004 unregistered.
  unit(101).ownerIds = [5001];
  unit(102).ownerIds = [5001];
  unit(103).ownerIds = [5002, 5003];
  for (const id of [1001, 1002, 1003]) {
    unit(id).ownerIds = [];
    unit(id).developerHeld = true;
  }
  unit(1004).ownerIds = [];

  const electorate = ownersElectorate(units);
  const key = (personId: number) => {
    const k = ownerKeyOf(electorate, personId);
    if (!k) throw new Error(`person ${personId} owns nothing`);
    return k;
  };
  const floorBallots = (floors: number[], choice: BallotChoice): OwnerBallot[] =>
    floors.flatMap((f) => [1, 2, 3, 4].map((p) => ({ ownerKey: key(1000 + f * 100 + p), choice })));
  // Floors 2–6 agree, floor 7 abstains, floor 8 and 5002/5003 disagree, 5001 agrees; floors 1 (104), 9, 10 stay away.
  const cast: OwnerBallot[] = [
    { ownerKey: key(5001), choice: "agree" },
    { ownerKey: key(5003), choice: "disagree" },
    ...floorBallots([2, 3, 4, 5, 6], "agree"),
    ...floorBallots([7], "abstain"),
    ...floorBallots([8], "disagree"),
  ];

  it("counts 37 owners over 3956.50 m²", () => {
    expect(electorate.totalAreaHundredths).toBe(395650);
    // 40 units − 1 (5001's second unit) − 2 (three unsold units count once).
    expect(electorate.totalOwners).toBe(37);
    expect(electorate.owners.find((o) => o.ownerKey === key(5001))?.areaHundredths).toBe(19147);
    expect(key(5002)).toBe(key(5003));
  });

  it("passes by majority with hand-computed figures", () => {
    const r = tally("ownersMajority", { electorate, ballots: cast });
    // Participation: 19147 + 12768 + 7 floors × 39565 = 308870 of 395650; 30 of 37 owners.
    expect(fig(r.figures, "participationArea")).toMatchObject({ numerator: 308870, denominator: 395650, met: true, percent: "78.1%" });
    expect(fig(r.figures, "participationHeadcount")).toMatchObject({ numerator: 30, denominator: 37, met: true, percent: "81.1%" });
    // Agree: 19147 + 5 × 39565 = 216972 of 308870; 21 of 30.
    expect(fig(r.figures, "approvalArea")).toMatchObject({ numerator: 216972, denominator: 308870, met: true, percent: "70.2%" });
    expect(fig(r.figures, "approvalHeadcount")).toMatchObject({ numerator: 21, denominator: 30, met: true, percent: "70.0%" });
    expect(r).toMatchObject({ passed: true, rule: "ownersMajority", reasonKey: "passed" });
  });

  it("fails the three-quarters rule on the same ballots", () => {
    const r = tally("ownersSupermajority", { electorate, ballots: cast });
    expect(r.passed).toBe(false);
    expect(r.reasonKey).toBe("approvalAreaShort");
    expect(fig(r.figures, "approvalHeadcount").met).toBe(false);
  });
});

describe("simple rules (meeting ballots)", () => {
  const simple = (rule: "simpleMajority" | "twoThirds", agree: number, disagree: number, abstain: number, quorum?: SimpleVoteInput["quorum"]) =>
    tally(rule, quorum ? { counts: { agree, disagree, abstain }, quorum } : { counts: { agree, disagree, abstain } });

  it("simple majority needs more than half of the votes cast, abstentions included", () => {
    expect(simple("simpleMajority", 5, 4, 0).passed).toBe(true);
    expect(simple("simpleMajority", 4, 4, 0).passed).toBe(false); // exactly half
    const r = simple("simpleMajority", 5, 3, 3); // 5 of 11
    expect(r.figures).toEqual([
      {
        key: "approvalVotes",
        numerator: 5,
        denominator: 11,
        threshold: { num: 1, den: 2, strict: true },
        met: false,
        percent: "45.5%",
        thresholdPercent: "50.0%",
        comparator: ">",
      },
    ]);
    expect(r.reasonKey).toBe("approvalVotesShort");
    expect(simple("simpleMajority", 6, 3, 2).passed).toBe(true); // 6 of 11
  });

  it("two-thirds passes at exactly two-thirds of the votes cast", () => {
    expect(simple("twoThirds", 6, 2, 1).passed).toBe(true); // 6 of 9
    expect(simple("twoThirds", 6, 3, 0).passed).toBe(true);
    expect(simple("twoThirds", 6, 2, 2).passed).toBe(false); // 6 of 10
    expect(simple("twoThirds", 5, 2, 1)).toMatchObject({ passed: false, reasonKey: "approvalVotesShort" });
  });

  it("fails with no votes cast", () => {
    const r = simple("simpleMajority", 0, 0, 0);
    expect(r.passed).toBe(false);
    expect(r.figures[0]?.percent).toBe("—");
  });

  it("fails a short quorum even if everyone agrees, and reports it first", () => {
    const r = simple("simpleMajority", 29, 0, 0, { present: 29, required: 30 });
    expect(r.figures.map((f) => [f.key, f.met])).toEqual([
      ["quorum", false],
      ["approvalVotes", true],
    ]);
    expect(r.reasonKey).toBe("quorumShort");
    expect(simple("simpleMajority", 16, 14, 0, { present: 30, required: 30 }).passed).toBe(true);
  });

  it("refuses bad counts", () => {
    expect(() => simple("simpleMajority", -1, 0, 0)).toThrow(RangeError);
    expect(() => simple("simpleMajority", 1.5, 0, 0)).toThrow(RangeError);
    expect(() => simple("simpleMajority", 1, 0, 0, { present: 5, required: 0 })).toThrow(RangeError);
  });
});

describe("stricterOrEqual", () => {
  it("orders each family and keeps the families apart", () => {
    const table: Record<VoteRuleId, Record<VoteRuleId, boolean>> = {
      simpleMajority: { simpleMajority: true, twoThirds: false, ownersMajority: false, ownersSupermajority: false },
      twoThirds: { simpleMajority: true, twoThirds: true, ownersMajority: false, ownersSupermajority: false },
      ownersMajority: { simpleMajority: false, twoThirds: false, ownersMajority: true, ownersSupermajority: false },
      ownersSupermajority: { simpleMajority: false, twoThirds: false, ownersMajority: true, ownersSupermajority: true },
    };
    for (const a of voteRuleIds) {
      for (const b of voteRuleIds) expect([a, b, stricterOrEqual(a, b)]).toEqual([a, b, table[a][b]]);
    }
  });
});

describe("tallyChoice", () => {
  it("names the option with more than half of the votes", () => {
    expect(tallyChoice([1, 2, 3], { 1: 6, 2: 3, 3: 2 })).toEqual({ winner: 1, votesCast: 11, leading: [1], reasonKey: "majority" });
  });

  it("gives no winner to a plurality without a majority, nor to exactly half", () => {
    expect(tallyChoice([1, 2, 3], { 1: 5, 2: 3, 3: 3 })).toEqual({ winner: null, votesCast: 11, leading: [1], reasonKey: "noMajority" });
    expect(tallyChoice([1, 2, 3], { 1: 5, 2: 3, 3: 2 })).toMatchObject({ winner: null, reasonKey: "noMajority" });
  });

  it("gives no winner on a tie", () => {
    expect(tallyChoice([1, 2, 3], { 1: 4, 2: 4, 3: 1 })).toEqual({ winner: null, votesCast: 9, leading: [1, 2], reasonKey: "tie" });
    expect(tallyChoice([7, 8], { 7: 5, 8: 5 })).toMatchObject({ winner: null, reasonKey: "tie" });
  });

  it("counts a missing option as zero and gives no winner without votes", () => {
    expect(tallyChoice([1, 2], { 1: 3 })).toMatchObject({ winner: 1, votesCast: 3 });
    expect(tallyChoice([1, 2], {})).toEqual({ winner: null, votesCast: 0, leading: [], reasonKey: "noVotes" });
  });

  it("refuses votes for an option not offered, repeated options and bad counts", () => {
    expect(() => tallyChoice([1, 2], { 3: 1 })).toThrow(RangeError);
    expect(() => tallyChoice([1, 1], { 1: 1 })).toThrow(RangeError);
    expect(() => tallyChoice([1, 2], { 1: -1 })).toThrow(RangeError);
  });
});

// ---------------------------------------------------------------------------------------------
// Participation floor (issue 10, item 4)
// ---------------------------------------------------------------------------------------------

describe("participation floor (参与人数下限)", () => {
  it("defaults to more than half, for residents' and attendees' simple rules only", () => {
    expect(turnoutFloorFor("simpleMajority", "gridResidents", null, null)).toEqual(defaultTurnoutFloor);
    expect(defaultTurnoutFloor).toEqual({ num: 1, den: 2, strict: true });
    expect(turnoutFloorFor("twoThirds", "meetingAttendees", undefined, undefined)).toEqual({ num: 1, den: 2, strict: true });
    // Owners' rules have art. 278's participation figures instead; a simple rule put to owners keeps none.
    expect(turnoutFloorFor("ownersMajority", "estateOwners", 60, 70)).toBeNull();
    expect(turnoutFloorFor("simpleMajority", "buildingOwners", 60, 70)).toBeNull();
  });

  it("the catalog item's percent wins over the community's, which wins over the default; p% means at least p%", () => {
    expect(turnoutFloorFor("simpleMajority", "gridResidents", 30, 70)).toEqual({ num: 30, den: 100, strict: false });
    expect(turnoutFloorFor("simpleMajority", "gridResidents", null, 70)).toEqual({ num: 70, den: 100, strict: false });
    expect(() => turnoutFloorFor("simpleMajority", "gridResidents", 0, null)).toThrow(RangeError);
    expect(() => turnoutFloorFor("simpleMajority", "gridResidents", 101, null)).toThrow(RangeError);
  });

  it("9 of 100 residents voting, all in favour, fails with turnoutShort (参与人数不足)", () => {
    const r = tally("simpleMajority", { counts: { agree: 9, disagree: 0, abstain: 0 }, turnout: { electors: 100, floor: defaultTurnoutFloor } });
    expect(r.passed).toBe(false);
    expect(r.reasonKey).toBe("turnoutShort");
    expect(r.figures.map((f) => [f.key, f.numerator, f.denominator, f.met, f.percent, f.comparator, f.thresholdPercent])).toEqual([
      ["turnout", 9, 100, false, "9.0%", ">", "50.0%"],
      ["approvalVotes", 9, 9, true, "100.0%", ">", "50.0%"],
    ]);
  });

  it("exactly half is not more than half; 51 of 100 is; abstentions count as taking part", () => {
    const floor = { electors: 100, floor: defaultTurnoutFloor };
    expect(tally("simpleMajority", { counts: { agree: 50, disagree: 0, abstain: 0 }, turnout: floor }).reasonKey).toBe("turnoutShort");
    expect(tally("simpleMajority", { counts: { agree: 26, disagree: 0, abstain: 25 }, turnout: floor }).passed).toBe(true);
    // An explicit "at least 50%" floor is met by exactly half.
    expect(tally("simpleMajority", { counts: { agree: 50, disagree: 0, abstain: 0 }, turnout: { electors: 100, floor: { num: 50, den: 100, strict: false } } }).passed).toBe(true);
  });

  it("sits after the quorum and before approval; a two-thirds ballot needs both", () => {
    const r = tally("twoThirds", { counts: { agree: 6, disagree: 4, abstain: 0 }, quorum: { present: 12, required: 10 }, turnout: { electors: 12, floor: defaultTurnoutFloor } });
    expect(r.figures.map((f) => f.key)).toEqual(["quorum", "turnout", "approvalVotes"]);
    expect(r.reasonKey).toBe("approvalVotesShort");
    const none = tally("twoThirds", { counts: { agree: 0, disagree: 0, abstain: 0 }, turnout: { electors: 0, floor: defaultTurnoutFloor } });
    expect(none.reasonKey).toBe("turnoutShort");
  });

  it("rejects a floor that is not a fraction between 0 and 1", () => {
    expect(() => tally("simpleMajority", { counts: { agree: 1, disagree: 0, abstain: 0 }, turnout: { electors: 2, floor: { num: 3, den: 2, strict: false } } })).toThrow(RangeError);
    expect(() => tally("simpleMajority", { counts: { agree: 1, disagree: 0, abstain: 0 }, turnout: { electors: 2, floor: { num: 1, den: 0, strict: false } } })).toThrow(RangeError);
  });
});

// ---------------------------------------------------------------------------------------------
// Settled verdict (issue 10, item 3)
// ---------------------------------------------------------------------------------------------

const people = (n: number): VerdictElector[] => Array.from({ length: n }, (_, i) => ({ electorKey: `person:${i + 1}`, areaHundredths: 0 }));
const owners = (areas: number[]): VerdictElector[] => areas.map((a, i) => ({ electorKey: `owner:${i + 1}`, areaHundredths: a }));
const yes = (keys: string[], choice: BallotChoice = "agree"): VerdictVote[] => keys.map((electorKey) => ({ electorKey, choice, planId: null }));
const single = (rule: VoteRuleId, extra: Partial<VerdictBallot> = {}): VerdictBallot => ({ kind: "single", rule, planIds: [7], quorum: null, turnoutFloor: null, ...extra });
const residents = (rule: "simpleMajority" | "twoThirds") => single(rule, { turnoutFloor: defaultTurnoutFloor });

describe("settledVerdict — residents' ballots", () => {
  it("9 of 100 in favour a week early is not settled: the other 91 could still outvote them or stay away", () => {
    const electors = people(100);
    const s = settledVerdict(residents("simpleMajority"), electors, yes(electors.slice(0, 9).map((e) => e.electorKey)));
    expect(s).toMatchObject({ settled: false, passed: null, outstanding: 91 });
    // Today's tally would pass only on the 9 who voted (no floor); with the floor it fails, and either could change.
    expect(ballotVerdict(single("simpleMajority"), electors, yes(electors.slice(0, 9).map((e) => e.electorKey))).passed).toBe(true);
  });

  it("51 of 100 in favour is settled to pass: even if the other 49 vote against, 51 > 50", () => {
    const electors = people(100);
    const s = settledVerdict(residents("simpleMajority"), electors, yes(electors.slice(0, 51).map((e) => e.electorKey)));
    expect(s).toMatchObject({ settled: true, passed: true, winningPlanId: 7, outstanding: 49 });
    expect(s.witnesses.map((w) => w.completion.kind)).toEqual(["noneVote", "allDisagree"]);
    expect(s.witnesses[1]!.verdict.figures.find((f) => f.key === "approvalVotes")).toMatchObject({ numerator: 51, denominator: 100, met: true });
  });

  it("50 of 100 in favour is not settled: 50 against makes it a tie, which is not more than half", () => {
    const electors = people(100);
    expect(settledVerdict(residents("simpleMajority"), electors, yes(electors.slice(0, 50).map((e) => e.electorKey))).settled).toBe(false);
  });

  it("50 of 100 against is settled to fail: even if the other 50 agree, 50/100 is not more than half", () => {
    const electors = people(100);
    const s = settledVerdict(residents("simpleMajority"), electors, yes(electors.slice(0, 50).map((e) => e.electorKey), "disagree"));
    expect(s).toMatchObject({ settled: true, passed: false, winningPlanId: null });
    expect(s.witnesses[0]!.completion).toEqual({ kind: "allAgree" });
    expect(s.witnesses[0]!.verdict.reasonKey).toBe("approvalVotesShort");
  });

  it("two-thirds: 67 of 100 in favour settles it; 66 does not; 34 against settles it to fail", () => {
    const electors = people(100);
    const keys = electors.map((e) => e.electorKey);
    expect(settledVerdict(residents("twoThirds"), electors, yes(keys.slice(0, 67))).passed).toBe(true);
    expect(settledVerdict(residents("twoThirds"), electors, yes(keys.slice(0, 66))).settled).toBe(false);
    expect(settledVerdict(residents("twoThirds"), electors, yes(keys.slice(0, 34), "disagree"))).toMatchObject({ settled: true, passed: false });
    // Abstentions count against a two-thirds approval just like a no.
    expect(settledVerdict(residents("twoThirds"), electors, yes(keys.slice(0, 34), "abstain"))).toMatchObject({ settled: true, passed: false });
  });

  it("a floor alone can hold it open: everyone who voted agreed, but too few have voted yet", () => {
    const electors = people(10);
    const keys = electors.map((e) => e.electorKey);
    // 5 of 10 agree: not more than half took part yet, so "nobody else votes" fails — not settled.
    const s = settledVerdict(residents("simpleMajority"), electors, yes(keys.slice(0, 5)));
    expect(s.settled).toBe(false);
    expect(s.witnesses.some((w) => w.verdict.reasonKey === "turnoutShort")).toBe(true);
    // A 30% floor is already met by 5 of 10 and cannot be undone: settled to pass.
    expect(settledVerdict(single("simpleMajority", { turnoutFloor: { num: 30, den: 100, strict: false } }), electors, yes(keys.slice(0, 6))).passed).toBe(true);
  });

  it("every elector voted: the verdict is the tally, settled", () => {
    const electors = people(3);
    const s = settledVerdict(residents("simpleMajority"), electors, [...yes(["person:1", "person:2"]), ...yes(["person:3"], "disagree")]);
    expect(s).toMatchObject({ settled: true, passed: true, outstanding: 0 });
  });

  it("an empty electorate is settled to fail (nothing to approve)", () => {
    expect(settledVerdict(residents("simpleMajority"), [], [])).toMatchObject({ settled: true, passed: false, outstanding: 0 });
  });

  it("a meeting quorum not met is settled to fail; votes from outside the electorate do not count", () => {
    const electors = people(5);
    const b = single("simpleMajority", { quorum: { present: 5, required: 8 }, turnoutFloor: defaultTurnoutFloor });
    expect(settledVerdict(b, electors, yes(["person:1", "person:2", "person:3"]))).toMatchObject({ settled: true, passed: false });
    const s = settledVerdict(residents("simpleMajority"), electors, yes(["person:9", "person:10", "person:11"]));
    expect(s).toMatchObject({ settled: false, outstanding: 5 });
  });
});

describe("settledVerdict — owners' ballots (art. 278, area and headcount)", () => {
  it("a majority of owners by headcount is not enough while the area could still turn it", () => {
    // 10 owners: nine flats of 80 m² and one shop of 1000 m² (total 1720 m²).
    const electors = owners([...Array(9).fill(8000), 100000]);
    const keys = electors.map((e) => e.electorKey);
    // 7 small flats agree: headcount 7/10 ≥ 2/3 took part and approve, but area 560/1720 < 2/3.
    const s = settledVerdict(single("ownersMajority"), electors, yes(keys.slice(0, 7)));
    expect(s).toMatchObject({ settled: false, outstanding: 3, outstandingAreaHundredths: 116000 });
  });

  it("the big unit voting against settles it to fail by area, whatever the nine flats do", () => {
    const electors = owners([...Array(9).fill(8000), 100000]);
    const s = settledVerdict(single("ownersMajority"), electors, yes(["owner:10"], "disagree"));
    expect(s).toMatchObject({ settled: true, passed: false });
    const best = s.witnesses[0]!.verdict;
    expect(best.reasonKey).toBe("approvalAreaShort");
    expect(best.figures.find((f) => f.key === "approvalArea")).toMatchObject({ numerator: 72000, denominator: 172000, met: false });
    // …even though by headcount 9 of 10 would agree.
    expect(best.figures.find((f) => f.key === "approvalHeadcount")).toMatchObject({ numerator: 9, denominator: 10, met: true });
  });

  it("settled to pass once both double thresholds hold even if every other owner votes against", () => {
    // 12 owners of 100 m² each: 8 in favour = 2/3 participation by area and headcount.
    const electors = owners(Array(12).fill(10000));
    const keys = electors.map((e) => e.electorKey);
    const eight = settledVerdict(single("ownersMajority"), electors, yes(keys.slice(0, 8)));
    // The other 4 all against: 8/12 agree > half of the participating 12 — settled.
    expect(eight).toMatchObject({ settled: true, passed: true, outstanding: 4 });
    // 6 in favour: the other 6 against would make it 6/12, not more than half — open.
    expect(settledVerdict(single("ownersMajority"), electors, yes(keys.slice(0, 6))).settled).toBe(false);
  });

  it("three-quarters for the special matters (ownersSupermajority): 9 of 12 agreeing settles it, 8 does not", () => {
    const electors = owners(Array(12).fill(10000));
    const keys = electors.map((e) => e.electorKey);
    expect(settledVerdict(single("ownersSupermajority"), electors, yes(keys.slice(0, 9)))).toMatchObject({ settled: true, passed: true });
    expect(settledVerdict(single("ownersSupermajority"), electors, yes(keys.slice(0, 8))).settled).toBe(false);
    // 4 against: even if the other 8 agree, 8/12 < 3/4.
    expect(settledVerdict(single("ownersSupermajority"), electors, yes(keys.slice(0, 4), "disagree"))).toMatchObject({ settled: true, passed: false });
  });

  it("participation below two-thirds can never be reached: settled to fail", () => {
    // Five owners have voted; the other owners' area is too small to lift participation by area.
    const electors = owners([10000, 10000, 10000, 10000, 10000, 100000]);
    const s = settledVerdict(single("ownersMajority"), electors, yes(["owner:6"], "disagree"));
    expect(s).toMatchObject({ settled: true, passed: false });
  });
});

describe("decidedThresholds — what an open settled ballot may say, without counts", () => {
  it("settled to pass: every threshold of the rule is decided met", () => {
    const electors = owners(Array(12).fill(10000));
    const s = settledVerdict(single("ownersMajority"), electors, yes(electors.slice(0, 8).map((e) => e.electorKey)));
    expect(decidedThresholds(s)).toEqual([
      { key: "participationArea", met: true },
      { key: "participationHeadcount", met: true },
      { key: "approvalArea", met: true },
      { key: "approvalHeadcount", met: true },
    ]);
  });

  it("settled to fail: only the thresholds no way of voting can reach are named — the big unit against sinks the area, not the headcount", () => {
    const electors = owners([...Array(9).fill(8000), 100000]);
    const s = settledVerdict(single("ownersMajority"), electors, yes(["owner:10"], "disagree"));
    expect(decidedThresholds(s)).toEqual([{ key: "approvalArea", met: false }]);
  });

  it("a residents' ballot settled to fail by its approval; the turnout floor could still be met, so it is not named", () => {
    const electors = people(100);
    const s = settledVerdict(residents("simpleMajority"), electors, yes(electors.slice(0, 50).map((e) => e.electorKey), "disagree"));
    expect(decidedThresholds(s)).toEqual([{ key: "approvalVotes", met: false }]);
  });

  it("not settled: nothing is decided", () => {
    const electors = people(100);
    expect(decidedThresholds(settledVerdict(residents("simpleMajority"), electors, yes(electors.slice(0, 50).map((e) => e.electorKey))))).toEqual([]);
  });
});

describe("settledVerdict — multi-option ballots", () => {
  const choice = (planIds: number[], extra: Partial<VerdictBallot> = {}): VerdictBallot => ({ kind: "choice", rule: "simpleMajority", planIds, quorum: null, turnoutFloor: defaultTurnoutFloor, ...extra });
  const forPlan = (keys: string[], planId: number): VerdictVote[] => keys.map((electorKey) => ({ electorKey, choice: null, planId }));

  it("a plan with more than half of the whole electorate is settled to win", () => {
    const electors = people(9);
    const keys = electors.map((e) => e.electorKey);
    const s = settledVerdict(choice([1, 2, 3]), electors, forPlan(keys.slice(0, 5), 2));
    expect(s).toMatchObject({ settled: true, passed: true, winningPlanId: 2, outstanding: 4 });
    // The witnesses: nobody else votes, and everyone else for plan 1, and for plan 3.
    expect(s.witnesses.map((w) => w.completion)).toEqual([{ kind: "noneVote" }, { kind: "allFor", planId: 1 }, { kind: "allFor", planId: 3 }]);
  });

  it("a plan ahead without half of the electorate is not settled: the rest could all go to another", () => {
    const electors = people(9);
    const keys = electors.map((e) => e.electorKey);
    expect(settledVerdict(choice([1, 2, 3]), electors, [...forPlan(keys.slice(0, 4), 1), ...forPlan(keys.slice(4, 5), 2)]).settled).toBe(false);
  });

  it("no plan can reach a majority any more: settled to fail", () => {
    const electors = people(9);
    const keys = electors.map((e) => e.electorKey);
    // 4 / 4 split with one left: whoever gets the last vote has 5 of 9 — open. With 3 / 3 / 3 nobody can.
    expect(settledVerdict(choice([1, 2]), electors, [...forPlan(keys.slice(0, 4), 1), ...forPlan(keys.slice(4, 8), 2)]).settled).toBe(false);
    expect(settledVerdict(choice([1, 2, 3]), electors, [...forPlan(keys.slice(0, 3), 1), ...forPlan(keys.slice(3, 6), 2), ...forPlan(keys.slice(6, 9), 3)])).toMatchObject({
      settled: true,
      passed: false,
      outstanding: 0,
    });
  });

  it("an owners' choice also needs art. 278's figures for the winning plan", () => {
    const electors = owners([...Array(9).fill(8000), 100000]);
    const keys = electors.map((e) => e.electorKey);
    // Nine flats for plan 1, the shop for plan 2: plan 1 has 9/10 heads but 720/1720 m² — fails by area, settled.
    const b: VerdictBallot = { kind: "choice", rule: "ownersMajority", planIds: [1, 2], quorum: null, turnoutFloor: null };
    expect(settledVerdict(b, electors, [...forPlan(keys.slice(0, 9), 1), ...forPlan(["owner:10"], 2)])).toMatchObject({ settled: true, passed: false });
  });
});

/** Every way the outstanding electors could vote (or not), tried one by one: the reference the rule must match. */
function bruteForce(ballot: VerdictBallot, electors: VerdictElector[], votes: VerdictVote[]): { settled: boolean; passed: boolean | null; winningPlanId: number | null } {
  const voted = new Set(votes.map((v) => v.electorKey));
  const open = electors.filter((e) => !voted.has(e.electorKey));
  const moves: (VerdictVote | null)[][] = open.map((e) => [
    null,
    ...(ballot.kind === "single" ? (["agree", "disagree", "abstain"] as const).map((c) => ({ electorKey: e.electorKey, choice: c, planId: null })) : ballot.planIds.map((p) => ({ electorKey: e.electorKey, choice: null, planId: p }))),
  ]);
  const outcomes = new Set<string>();
  const walk = (i: number, acc: VerdictVote[]) => {
    if (i === moves.length) {
      const v = ballotVerdict(ballot, electors, [...votes, ...acc]);
      outcomes.add(`${v.passed}:${v.winningPlanId}`);
      return;
    }
    for (const m of moves[i]!) walk(i + 1, m ? [...acc, m] : acc);
  };
  walk(0, []);
  if (outcomes.size !== 1) return { settled: false, passed: null, winningPlanId: null };
  const [passed, plan] = [...outcomes][0]!.split(":");
  return { settled: true, passed: passed === "true", winningPlanId: plan === "null" ? null : Number(plan) };
}

describe("settledVerdict agrees with trying every completion", () => {
  // A small deterministic generator, so a failure names a reproducible case.
  let seed = 20261207;
  const rand = (n: number) => {
    seed = (seed * 1103515245 + 12345) % 2147483648;
    return seed % n;
  };

  it("on 1500 random small ballots of every rule, kind, floor and quorum", () => {
    const rules: VoteRuleId[] = ["simpleMajority", "twoThirds", "ownersMajority", "ownersSupermajority"];
    const floors = [null, defaultTurnoutFloor, { num: 30, den: 100, strict: false }, { num: 80, den: 100, strict: false }];
    let settledCases = 0;
    for (let n = 0; n < 1500; n++) {
      const rule = rules[rand(4)]!;
      const kind = rand(3) === 0 ? "choice" : "single";
      const size = 1 + rand(kind === "choice" ? 5 : 6);
      const electors = rule.startsWith("owners") ? owners(Array.from({ length: size }, () => 1000 * (1 + rand(9)))) : people(size);
      const planIds = kind === "choice" ? [11, 12, 13].slice(0, 2 + rand(2)) : [11];
      const ballot: VerdictBallot = {
        kind,
        rule,
        planIds,
        quorum: !rule.startsWith("owners") && rand(3) === 0 ? { present: size, required: 1 + rand(size + 1) } : null,
        turnoutFloor: rule.startsWith("owners") ? null : floors[rand(4)]!,
      };
      const votes: VerdictVote[] = [];
      for (const e of electors) {
        if (rand(2) === 0) continue;
        votes.push(kind === "single" ? { electorKey: e.electorKey, choice: (["agree", "disagree", "abstain"] as const)[rand(3)]!, planId: null } : { electorKey: e.electorKey, choice: null, planId: planIds[rand(planIds.length)]! });
      }
      const got = settledVerdict(ballot, electors, votes);
      const want = bruteForce(ballot, electors, votes);
      expect({ case: n, settled: got.settled, passed: got.passed, winningPlanId: got.winningPlanId }).toEqual({ case: n, ...want });
      if (got.settled && got.outstanding > 0) settledCases++;
    }
    // The sample exercises settled-before-everyone-voted cases, not only trivial ones.
    expect(settledCases).toBeGreaterThan(10);
  });
});
