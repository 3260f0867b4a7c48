import { describe, expect, it } from "vitest";
import { votingBasis, type RegisteredUnit } from "@/lib/domain/electorate-rules";
import { ownersElectorate, tally, type OwnerBallot } from "@/lib/domain/vote-rules";

const unit = (unitId: number, areaHundredths: number, registeredOwnerIds: number[] = [], developerHeld = false): RegisteredUnit => ({ unitId, areaHundredths, registeredOwnerIds, developerHeld });
const counted = (units: RegisteredUnit[]) => ownersElectorate(votingBasis(units).units);

describe("votingBasis: who is an owner of what (法释〔2009〕7号 art. 9)", () => {
  it("leaves units that are not developer-held with their registered owners, sorted and deduplicated", () => {
    const b = votingBasis([unit(2, 9000, [9, 7, 9]), unit(1, 8000, [])]);
    expect(b.units).toEqual([
      { unitId: 2, areaHundredths: 9000, ownerIds: [7, 9], developerHeld: false },
      { unitId: 1, areaHundredths: 8000, ownerIds: [], developerHeld: false },
    ]);
    expect(b.setAside).toEqual([]);
    expect(b.developerUnitIds).toEqual([]);
  });

  it("gives a developer-held unit to the developer alone and sets its registered owners aside", () => {
    const b = votingBasis([unit(5, 10000, [8, 3], true), unit(4, 10000, [], true)]);
    expect(b.units).toEqual([
      { unitId: 5, areaHundredths: 10000, ownerIds: [], developerHeld: true },
      { unitId: 4, areaHundredths: 10000, ownerIds: [], developerHeld: true },
    ]);
    expect(b.setAside).toEqual([
      { unitId: 5, personId: 3 },
      { unitId: 5, personId: 8 },
    ]);
    expect(b.developerUnitIds).toEqual([4, 5]);
  });

  it("an empty building has no owners and nothing set aside", () => {
    expect(votingBasis([])).toEqual({ units: [], setAside: [], developerUnitIds: [] });
  });

  it("keeps the area of every unit: the totals are the same whoever is registered where", () => {
    const units = [unit(1, 100, [1]), unit(2, 200, [1], true), unit(3, 300, [2], true), unit(4, 400)];
    expect(counted(units).totalAreaHundredths).toBe(1000);
  });
});

describe("counting owners over the voting basis", () => {
  it("a buyer registered on a developer-held unit who owns a delivered flat is an owner of their own with that flat only", () => {
    const e = counted([unit(1, 9000, [7]), unit(2, 30000, [7], true), unit(3, 30000, [], true)]);
    expect(e.owners).toEqual([
      { ownerKey: "owner:7", areaHundredths: 9000, unitIds: [1], ownerIds: [7], developer: false },
      { ownerKey: "developer", areaHundredths: 60000, unitIds: [2, 3], ownerIds: [], developer: true },
    ]);
    expect(e.totalOwners).toBe(2);
  });

  it("a buyer registered only on developer-held units is no owner at all, and the developer has no members", () => {
    const e = counted([unit(1, 9000, [1]), unit(2, 10000, [2], true)]);
    expect(e.owners.map((o) => o.ownerKey)).toEqual(["owner:1", "developer"]);
    expect(e.owners.flatMap((o) => o.ownerIds)).toEqual([1]);
  });

  it("two buyers of developer-held units are never merged with each other through the developer", () => {
    const e = counted([unit(1, 100, [1]), unit(2, 100, [2]), unit(3, 500, [1], true), unit(4, 500, [2], true)]);
    expect(e.owners.map((o) => [o.ownerKey, o.areaHundredths, o.ownerIds])).toEqual([
      ["owner:1", 100, [1]],
      ["owner:2", 100, [2]],
      ["developer", 1000, []],
    ]);
  });

  it("co-owners of a delivered flat stay one owner even when one of them also bought a developer-held unit", () => {
    const e = counted([unit(1, 100, [1, 2]), unit(2, 500, [2], true)]);
    expect(e.owners.map((o) => [o.ownerKey, o.areaHundredths, o.ownerIds])).toEqual([
      ["owner:1", 100, [1, 2]],
      ["developer", 500, []],
    ]);
  });

  it("a registration on a developer-held unit cannot turn a failing owners' vote into a passing one", () => {
    // Five owners of 100 m² and the developer's 600 m²; owner 5 is also registered on a developer-held unit.
    const units = [unit(1, 10000, [1]), unit(2, 10000, [2]), unit(3, 10000, [3]), unit(4, 10000, [4]), unit(5, 10000, [5]), unit(6, 30000, [5], true), unit(7, 30000, [], true)];
    const ballots: OwnerBallot[] = [
      { ownerKey: "owner:5", choice: "agree" },
      { ownerKey: "owner:1", choice: "agree" },
      { ownerKey: "owner:2", choice: "agree" },
      { ownerKey: "owner:3", choice: "disagree" },
    ];
    const r = tally("ownersMajority", { electorate: counted(units), ballots });
    expect(r.passed).toBe(false);
    expect(r.reasonKey).toBe("participationAreaShort");
    // What merging owner 5 into the developer would have done: the same four ballots carry it.
    const merged = ownersElectorate(units.map((u) => ({ unitId: u.unitId, areaHundredths: u.areaHundredths, ownerIds: [...u.registeredOwnerIds], developerHeld: u.developerHeld })));
    const mergedKey = merged.owners.find((o) => o.ownerIds.includes(5))!.ownerKey;
    expect(mergedKey).toBe("developer");
    expect(tally("ownersMajority", { electorate: merged, ballots: ballots.map((b) => (b.ownerKey === "owner:5" ? { ...b, ownerKey: mergedKey } : b)) }).passed).toBe(true);
  });

  it("does not depend on the order of the units or of the registered owners", () => {
    const units = [unit(1, 100, [3, 1]), unit(2, 200, [2], true), unit(3, 300, [2]), unit(4, 400, [], true)];
    const reversed = [...units].reverse().map((u) => ({ ...u, registeredOwnerIds: [...u.registeredOwnerIds].reverse() }));
    expect(counted(reversed)).toEqual(counted(units));
  });

  it("every combination of developer-held and registered owners over three units: the developer group has no people, no person is in two groups, every area counted once", () => {
    const people = [[], [1], [2], [1, 2]];
    for (let mask = 0; mask < 8; mask++) {
      for (const a of people) for (const b of people) for (const c of people) {
        const units = [unit(1, 100, a, !!(mask & 1)), unit(2, 200, b, !!(mask & 2)), unit(3, 400, c, !!(mask & 4))];
        const e = counted(units);
        const dev = e.owners.find((o) => o.developer);
        expect(!!dev).toBe(mask !== 0);
        if (dev) {
          expect(dev.ownerIds).toEqual([]);
          expect(dev.unitIds).toEqual(votingBasis(units).developerUnitIds);
        }
        const ids = e.owners.flatMap((o) => o.ownerIds);
        expect(new Set(ids).size).toBe(ids.length);
        expect(e.totalAreaHundredths).toBe(700);
        // A person counts as an owner exactly when they are registered on a unit the developer does not hold.
        for (const p of [1, 2]) expect(ids.includes(p)).toBe(units.some((u) => !u.developerHeld && u.registeredOwnerIds.includes(p)));
      }
    }
  });
});
