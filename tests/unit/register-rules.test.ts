import { describe, expect, test } from "vitest";
import { fileContradictions, planPeopleImport, readStanding, roleKey, splitUnits, type Claim, type FileRow, type PeopleState } from "@/lib/domain/register-rules";
import { readStaffRole } from "@/lib/imports/people/staff-roles";

const owner = (unitId: number): Claim => ({ role: "owner", unitId, gridId: 1, organisationId: null });
const row = (line: number, name: string, phone: string, claims: Claim[], developerRep = false): FileRow => ({ line, name, phone, claims, developerRep });
const empty: PeopleState = { byPhone: new Map(), heldRoles: new Set(), ownersOfUnit: new Map(), knownConflictKeys: new Set(), developerRepId: null };
const plan = (rows: FileRow[], state: Partial<PeopleState> = {}, ownerConflicts = true) => planPeopleImport(rows, { ...empty, ...state }, { ownerConflicts });

describe("the file against itself", () => {
  test("one number under two names refuses every row of it; the same name on several rows is one person", () => {
    const bad = fileContradictions([row(2, "张三", "1", [owner(1)]), row(3, "张 三", "1", [owner(2)]), row(4, "李四", "1", [owner(3)]), row(5, "王五", "2", [])]);
    expect([...bad]).toEqual([[2, "importPhoneTwoNames"], [3, "importPhoneTwoNames"], [4, "importPhoneTwoNames"]]);
  });
  test("two different developer's representatives are refused; the same one twice is not", () => {
    expect([...fileContradictions([row(2, "甲", "1", [], true), row(3, "甲", "1", [], true)])]).toEqual([]);
    expect([...fileContradictions([row(2, "甲", "1", [], true), row(3, "乙", "2", [], true)])]).toEqual([[2, "importTwoDeveloperReps"], [3, "importTwoDeveloperReps"]]);
  });
});

describe("the plan against the database", () => {
  test("new people are created once, with every unit of every row; co-owners of a unit are all owners", () => {
    const p = plan([row(2, "张三", "1", [owner(1), owner(2)]), row(3, "张三", "1", [owner(2), owner(3)]), row(4, "李四", "2", [owner(2)])]);
    expect(p.create.map((c) => [c.phone, c.first?.unitId])).toEqual([["1", 1], ["2", 2]]);
    expect(p.grant.map((g) => [g.phone, g.claim.unitId])).toEqual([["1", 1], ["1", 2], ["1", 3], ["2", 2]]);
    expect(p.rows.map((r) => [r.line, r.outcome, r.rolesAdded])).toEqual([[2, "created", 2], [3, "roleAdded", 1], [4, "created", 1]]);
    expect(p.conflicts).toEqual([]);
  });

  test("a known number with the same name is matched: roles it holds are unchanged, new ones added, a pending person verified", () => {
    const byPhone = new Map([["1", { id: 10, name: "张三", status: "pending" as const }], ["2", { id: 11, name: "李四", status: "verified" as const }]]);
    const p = plan([row(2, "张三", "1", [owner(1)]), row(3, "李四", "2", [owner(2)])], { byPhone, heldRoles: new Set([roleKey(11, owner(2))]), ownersOfUnit: new Map([[2, [11]]]) });
    expect(p.create).toEqual([]);
    expect(p.verify).toEqual([10]);
    expect(p.rows.map((r) => [r.line, r.outcome, r.matchedPersonId])).toEqual([[2, "roleAdded", 10], [3, "unchanged", 11]]);
    expect(p.unchanged).toBe(false);
  });

  test("a unit the register names whose current owner it leaves out: the register's claim waits; the owner's other units and other rows apply", () => {
    const byPhone = new Map([["9", { id: 90, name: "老业主", status: "verified" as const }]]);
    const p = plan([row(2, "新业主", "1", [owner(1), owner(2)])], { byPhone, ownersOfUnit: new Map([[1, [90]]]) });
    expect(p.conflicts).toEqual([expect.objectContaining({ kind: "unitClaimed", unitId: 1, data: { listed: [{ line: 2, name: "新业主", phone: "1", personId: null }], remove: [90] } })]);
    expect(p.grant.map((g) => g.claim.unitId)).toEqual([2]);
    expect(p.rows[0]).toMatchObject({ outcome: "created", conflicts: ["unitClaimed"] });
  });

  test("listing the current owner with someone new makes them co-owners: no conflict", () => {
    const byPhone = new Map([["9", { id: 90, name: "老业主", status: "verified" as const }]]);
    const p = plan([row(2, "老业主", "9", [owner(1)]), row(3, "配偶", "1", [owner(1)])], { byPhone, heldRoles: new Set([roleKey(90, owner(1))]), ownersOfUnit: new Map([[1, [90]]]) });
    expect(p.conflicts).toEqual([]);
    expect(p.grant.map((g) => g.phone)).toEqual(["1"]);
  });

  test("a residents' list never takes a unit from anyone", () => {
    const resident: Claim = { role: "resident", unitId: 1, gridId: 1, organisationId: null };
    const p = plan([row(2, "租客", "1", [resident])], { ownersOfUnit: new Map([[1, [90]]]) }, false);
    expect(p.conflicts).toEqual([]);
    expect(p.grant).toHaveLength(1);
  });

  test("a number held by a person of another name: all that person's claims wait in one conflict, nothing is created", () => {
    const byPhone = new Map([["1", { id: 10, name: "张三", status: "verified" as const }]]);
    const p = plan([row(2, "李四", "1", [owner(1)]), row(3, "李四", "1", [owner(2)], true)], { byPhone });
    expect(p.conflicts).toEqual([expect.objectContaining({ kind: "phoneNameMismatch", personId: 10, data: expect.objectContaining({ lines: [2, 3], developerRep: true }) })]);
    expect(p.create).toEqual([]);
    expect(p.grant).toEqual([]);
    expect(p.developerRep).toBeNull();
    expect(p.rows.map((r) => r.outcome)).toEqual(["conflict", "conflict"]);
  });

  test("a conflict listed before (open or decided) is not listed again: the same file twice changes nothing", () => {
    const byPhone = new Map([["9", { id: 90, name: "老业主", status: "verified" as const }]]);
    const state = { byPhone, ownersOfUnit: new Map([[1, [90]]]) };
    const first = plan([row(2, "新业主", "1", [owner(1)])], state);
    const second = plan([row(2, "新业主", "1", [owner(1)])], { ...state, knownConflictKeys: new Set(first.conflicts.map((c) => c.key)) });
    expect(second.conflicts).toEqual([]);
    expect(second.unchanged).toBe(true);
    expect(second.rows[0]).toMatchObject({ outcome: "conflict", conflicts: ["unitClaimed"] });
  });

  test("the developer's representative: a new one is created with no role; the same one again is unchanged", () => {
    const p = plan([row(2, "开发商代表", "5", [], true)]);
    expect(p.create).toEqual([{ phone: "5", name: "开发商代表", first: null }]);
    expect(p.developerRep).toBe("5");
    const again = plan([row(2, "开发商代表", "5", [], true)], { byPhone: new Map([["5", { id: 50, name: "开发商代表", status: "verified" }]]), developerRepId: 50 });
    expect(again.unchanged).toBe(true);
  });
});

describe("cells", () => {
  test("units separated as people separate them", () => {
    expect(splitUnits("3-2-1502、3-2-1503；1601, 1602，1603/1604")).toEqual(["3-2-1502", "3-2-1503", "1601", "1602", "1603", "1604"]);
  });
  test("身份: owners and co-owners are owners, the developer's representative, anything else unknown", () => {
    expect(["", "业主", "产权人", "共有人", "共同共有人"].map(readStanding)).toEqual(["owner", "owner", "owner", "owner", "owner"]);
    expect(readStanding("开发商代表")).toBe("developerRep");
    expect(readStanding("租客")).toBeNull();
  });
  test("角色 of a staff sheet; community admins named so that the import can refuse them", () => {
    expect(["网格长", "网格员", "督导员", "物业", "业委会", "社区管理员", "保安"].map(readStaffRole)).toEqual(["gridChief", "gridWorker", "supervisor", "propertyFirmStaff", "ownersCommitteeMember", "communityAdmin", null]);
  });
});
