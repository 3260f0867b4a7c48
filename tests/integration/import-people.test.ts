import { and, count, eq } from "drizzle-orm";
import ExcelJS from "exceljs";
import { beforeEach, describe, expect, test } from "vitest";
import type { DB } from "@/db/client";
import { ballotElectorMembers, ballotElectors, buildings, developerRepresentatives, events, importConflicts, imports, people, roles, units } from "@/db/schema";
import { getPersonAdmin } from "@/lib/admin/get-person-admin";
import { getBallot } from "@/lib/ballots/get-ballot";
import { openBallot } from "@/lib/ballots/open-ballot";
import { recordProxy } from "@/lib/ballots/record-proxy";
import { importEstate } from "@/lib/imports/estate/import";
import { importOwnersRegister } from "@/lib/imports/people/import-owners-register";
import { decideImportConflict } from "@/lib/imports/people/decide-conflict";
import { importResidents } from "@/lib/imports/people/import-residents";
import { listImportConflicts } from "@/lib/imports/people/list-conflicts";
import type { PeopleImportResult } from "@/lib/imports/people/run-import";
import { readSheet } from "@/lib/imports/sheet/read";
import { ctxAs, fileDb } from "../helpers/db";
import { makePerson } from "../helpers/factory";
import { expectRefused } from "../helpers/refusal";
import { CLOSES, HOUR, T0, at, ballotWorld, bareperson, png } from "./ballot-helpers";
import { sheetOf } from "./people-import-helpers";
import { first } from "@/db/query";

let db: DB;
fileDb((d) => (db = d), { perTest: true });

/** Grid A's building 1 (units 101, 102, 201, 202, as makeCommunity makes them) plus building 7 with a developer-held unit. */
async function world() {
  const w = await ballotWorld(db, { itemRule: "ownersMajority" });
  const admin = await makePerson(db, w.place, "communityAdmin");
  const b7 = await first(db.insert(buildings).values({ gridId: w.place.gridA.id, code: "07", name: "7号楼" }).returning());
  const u7 = (await Promise.all(["1501", "1502", "1601"].map(async (number, i) => await first(db.insert(units).values({ buildingId: b7.id, number, areaHundredths: 9000 + i * 100, developerHeld: number === "1601" }).returning()))));
  return { ...w, admin, b7, u7, as: await ctxAs(admin.id, db) };
}

const header = ["姓名", "手机号", "网格", "楼栋", "房号", "身份"];
const n = async (t: Parameters<ReturnType<DB["select"]>["from"]>[0]) => (await first(db.select({ n: count() }).from(t)))!.n;
const state = async () => ({ people: await n(people), roles: await n(roles), imports: await n(imports), conflicts: await n(importConflicts), events: await n(events) });
const personByPhone = async (phone: string) => await first(db.select().from(people).where(eq(people.phone, phone)));
const ownerUnits = async (personId: number) =>
  (await db.select({ unitId: roles.unitId }).from(roles).where(and(eq(roles.personId, personId), eq(roles.role, "owner")))).map((r) => r.unitId).sort();
type Done = Extract<PeopleImportResult, { status: "checked" | "refused" | "unchanged" | "committed" }>;
const done = (r: PeopleImportResult) => {
  if (r.status === "needsMapping") throw new Error(`needs mapping: ${r.columns.missing.join()}`);
  return r as Done;
};
const commit = { source: "物业公司 2026-12 业主名册", dryRun: "0" };

const register = [
  ["张三", "138 0013 8000", "01", "7", "1501、1502", "业主"],
  ["李四", "13800138001", "01", "7", "1502", "共有人"],
  ["王五", "+86 138-0013-8002", "", "", "7栋1601", "开发商代表"],
];

describe("owners' register", () => {
  test("a dry run reports row by row and writes nothing; the commit creates verified people without passwords, co-owners and the developer's representative in one import", async () => {
    const w = await world();
    const before = await state();
    const dry = done(await importOwnersRegister(w.as, { source: "物业", dryRun: "1" }, sheetOf(header, register)));
    expect(dry.status).toBe("checked");
    expect(dry.summary).toMatchObject({ rows: 3, created: 3, rolesAdded: 3, conflicts: 0, refused: 0, developerRep: 1 });
    expect(dry.rows.map((r) => [r.line, r.outcome])).toEqual([[2, "created"], [3, "created"], [4, "created"]]);
    expect(await state()).toEqual(before);

    const sheet = sheetOf(header, register);
    const res = done(await importOwnersRegister(w.as, commit, sheet));
    expect(res.status).toBe("committed");
    const imp = (await first(db.select().from(imports).where(eq(imports.id, res.importId!))))!;
    expect(imp).toMatchObject({ kind: "ownersRegister", source: commit.source, fileName: "业主名册.xlsx", fileSha256: sheet.sha256, format: "xlsx", importedBy: w.admin.id });
    const zhang = (await personByPhone("13800138000"))!;
    const li = (await personByPhone("13800138001"))!;
    const wang = (await personByPhone("13800138002"))!;
    for (const p of [zhang, li, wang]) expect(p).toMatchObject({ status: "verified", passwordHash: null, verifiedByImportId: imp.id });
    expect(zhang.displayNumber).toBe(`${w.place.community.code}01-YZ-07#1501-1`);
    expect(wang.displayNumber).toBe(`${w.place.community.code}00-YZ-KFS-1`);
    // Co-owners: both on 1502.
    expect(await ownerUnits(zhang.id)).toEqual([w.u7[0]!.id, w.u7[1]!.id]);
    expect(await ownerUnits(li.id)).toEqual([w.u7[1]!.id]);
    expect(await ownerUnits(wang.id)).toEqual([]);
    const role = (await first(db.select().from(roles).where(eq(roles.personId, li.id))))!;
    expect(role).toMatchObject({ role: "owner", communityId: w.place.community.id, gridId: w.place.gridA.id, unitId: w.u7[1]!.id, organisationId: null });
    expect(await first(db.select().from(developerRepresentatives).where(eq(developerRepresentatives.communityId, w.place.community.id)))).toMatchObject({ personId: wang.id, importId: imp.id });
    const ev = await db.select().from(events).where(eq(events.kind, "people.imported"));
    expect(ev).toHaveLength(1);
    expect(ev[0]).toMatchObject({ subjectType: "import", subjectId: imp.id, actorId: w.admin.id });

    // The same file again: nothing changes, nothing is written.
    const after = await state();
    const again = done(await importOwnersRegister(w.as, commit, sheetOf(header, register)));
    expect(again.status).toBe("unchanged");
    expect(again.rows.every((r) => r.outcome === "unchanged")).toBe(true);
    expect(await state()).toEqual(after);
  });

  test("grids and buildings are read as the estate import names them: 第1网格, 第一网格, 1, 7号楼, 7#, 07", async () => {
    const w = await world();
    const res = done(
      await importOwnersRegister(w.as, commit, sheetOf(header, [
        ["甲", "13800138030", "第1网格", "7号楼", "1501", ""],
        ["乙", "13800138031", "第一网格", "7#", "1502", ""],
        ["丙", "13800138032", "1", "07", "1501", ""],
      ])),
    );
    expect(res.summary).toMatchObject({ created: 3, rolesAdded: 3, refused: 0 });
    expect(await ownerUnits(((await personByPhone("13800138031"))!).id)).toEqual([w.u7[1]!.id]);
  });

  test("a person already registered is matched by mobile number: not duplicated, the owner role added, a pending registration verified by the register", async () => {
    const w = await world();
    const pending = await makePerson(db, w.place, "resident", { status: "pending", phone: "13800138000" });
    await db.update(people).set({ name: "张三" }).where(eq(people.id, pending.id));
    const before = await n(people);
    const res = done(await importOwnersRegister(w.as, commit, sheetOf(header, [["张 三", "13800138000", "01", "07", "1501", ""]])));
    expect(res.rows[0]).toMatchObject({ outcome: "roleAdded", matched: true, rolesAdded: 1 });
    expect(await n(people)).toBe(before);
    expect(await personByPhone("13800138000")).toMatchObject({ id: pending.id, status: "verified", verifiedByImportId: res.importId });
    expect(await ownerUnits(pending.id)).toEqual([w.u7[0]!.id]);
  });

  test("an edited register changes exactly what was edited", async () => {
    const w = await world();
    done(await importOwnersRegister(w.as, commit, sheetOf(header, register)));
    const before = await state();
    const edited = [...register, ["赵六", "13800138003", "01", "1", "202", ""]];
    edited[1] = ["李四", "13800138001", "01", "7", "1502、1501", "共有人"];
    const res = done(await importOwnersRegister(w.as, commit, sheetOf(header, edited)));
    expect(res.summary).toMatchObject({ created: 1, rolesAdded: 2, conflicts: 0, unchanged: 2 });
    expect(res.rows.filter((r) => r.outcome !== "unchanged").map((r) => [r.line, r.outcome])).toEqual([[3, "roleAdded"], [5, "created"]]);
    expect(await state()).toMatchObject({ people: before.people + 1, roles: before.roles + 2, imports: before.imports + 1 });
    expect(await ownerUnits(((await personByPhone("13800138001"))!).id)).toEqual([w.u7[0]!.id, w.u7[1]!.id]);
  });

  test("a file with errors names every bad row and writes nothing, even when committing", async () => {
    const w = await world();
    const before = await state();
    const bad = [
      ["张三", "13800138000", "01", "7", "1501", ""],
      ["", "13800138009", "01", "7", "1501", ""],
      ["李四", "12345", "01", "7", "1501", ""],
      ["王五", "13800138002", "09", "7", "1501", ""],
      ["赵六", "13800138003", "01", "7", "9999", ""],
      ["钱七", "13800138004", "01", "7", "1501", "租客"],
      ["孙八", "13800138000", "01", "7", "1502", ""],
    ];
    const res = done(await importOwnersRegister(w.as, commit, sheetOf(header, bad)));
    expect(res.status).toBe("refused");
    expect(res.rows.filter((r) => r.outcome === "refused").map((r) => [r.line, r.reason])).toEqual([
      [2, "importPhoneTwoNames"],
      [3, "importNameMissing"],
      [4, "importPhoneInvalid"],
      [5, "gridNotFound"],
      [6, "unitNotFound"],
      [7, "importStandingUnknown"],
      [8, "importPhoneTwoNames"],
    ]);
    expect(await state()).toEqual(before);
  });

  test("missing columns ask for a mapping with the first rows shown; the mapping staff give is used", async () => {
    const w = await world();
    const odd = ["户主", "联系方式", "房屋坐落"];
    const rows = [["张三", "13800138000", "7栋1501"]];
    const first = await importOwnersRegister(w.as, commit, sheetOf(odd, rows));
    expect(first).toMatchObject({ status: "needsMapping", columns: { missing: ["name", "unit"], header: odd, preview: rows } });
    const mapped = done(await importOwnersRegister(w.as, { ...commit, mapping: JSON.stringify({ name: 0, unit: 2 }) }, sheetOf(odd, rows)));
    expect(mapped.status).toBe("committed");
    expect(await ownerUnits(((await personByPhone("13800138000"))!).id)).toEqual([w.u7[0]!.id]);
  });

  test("only a community admin of the community may import", async () => {
    const w = await world();
    await expectRefused(async () => importOwnersRegister(await ctxAs(w.chief.id, db), commit, sheetOf(header, register)), 403);
    expect(await n(people)).toBeGreaterThan(0);
    expect(await n(imports)).toBe(0);
  });

  test("after importing a register, an owners' ballot of the building has every imported owner in its electorate with their areas", async () => {
    const w = await world();
    done(await importOwnersRegister(w.as, commit, sheetOf(header, register)));
    const opened = await openBallot(await ctxAs(w.chief, db), { topicId: w.topic.id, kind: "single", planIds: [w.plan.id], rule: "ownersMajority", electorateKind: "buildingOwners", buildingId: w.b7.id, secret: true, closesAt: CLOSES }, T0);
    const electors = await db.select().from(ballotElectors).where(eq(ballotElectors.ballotId, opened.ballotId));
    const members = await db.select().from(ballotElectorMembers).where(eq(ballotElectorMembers.ballotId, opened.ballotId));
    const zhang = (await personByPhone("13800138000"))!;
    const li = (await personByPhone("13800138001"))!;
    // 张三 owns 1501 and, with 李四, 1502: they vote as one owner (vote-rules' co-owner rule) with
    // both areas; 1601 is the developer's, voted by its representative, who owns nothing himself.
    expect(electors.map((e) => [e.electorKey === "developer" ? "developer" : "owners", e.areaHundredths, [...(e.unitIds as number[])].sort()]).sort()).toEqual([
      ["developer", 9200, [w.u7[2]!.id]],
      ["owners", 9000 + 9100, [w.u7[0]!.id, w.u7[1]!.id]],
    ]);
    const ownersKey = electors.find((e) => e.electorKey !== "developer")!.electorKey;
    expect(members.filter((m) => m.electorKey === ownersKey).map((m) => m.personId).sort()).toEqual([zhang.id, li.id].sort());
    expect(opened).toMatchObject({ electorCount: 2, electorAreaHundredths: 9000 + 9100 + 9200 });
  });
});

describe("the developer's representative named by the register", () => {
  test("is shown to staff on the ballot's developer card and may be recorded as the proxy of elector developer, though holding no role", async () => {
    const w = await world();
    done(await importOwnersRegister(w.as, commit, sheetOf(header, register)));
    const wang = (await personByPhone("13800138002"))!;
    const opened = await openBallot(await ctxAs(w.chief, db), { topicId: w.topic.id, kind: "single", planIds: [w.plan.id], rule: "ownersMajority", electorateKind: "buildingOwners", buildingId: w.b7.id, secret: true, closesAt: CLOSES }, T0);
    const view = await getBallot(await ctxAs(w.chief, db), { ballotId: opened.ballotId }, at(HOUR));
    expect(view.developer).toMatchObject({ representative: null, registered: { id: wang.id, name: "王五", displayNumber: wang.displayNumber, source: commit.source } });
    // Someone else with no role in the community is still refused as a proxy.
    const stranger = await bareperson(db, "路人");
    await expectRefused(async () => recordProxy(await ctxAs(w.chief, db), { ballotId: opened.ballotId, electorKey: "developer", proxyPersonId: stranger.id }, png(), at(HOUR)), 422, "proxyPersonInvalid");
    // Nor is the representative the proxy of an ordinary owner.
    const owners = (await getBallot(await ctxAs(w.chief, db), { ballotId: opened.ballotId }, at(HOUR))).staff!.electors.find((e) => e.electorKey !== "developer")!;
    await expectRefused(async () => recordProxy(await ctxAs(w.chief, db), { ballotId: opened.ballotId, electorKey: owners.electorKey, proxyPersonId: wang.id }, png(), at(HOUR)), 422, "proxyPersonInvalid");
    await recordProxy(await ctxAs(w.chief, db), { ballotId: opened.ballotId, electorKey: "developer", proxyPersonId: wang.id }, png(), at(HOUR));
    expect((await getBallot(await ctxAs(w.chief, db), { ballotId: opened.ballotId }, at(HOUR))).developer).toMatchObject({ representative: { id: wang.id } });
    // Staff find them among the community's people, verified by the register.
    expect((await getPersonAdmin(w.as, { personId: wang.id })).person).toMatchObject({ activated: false, verifiedBy: { source: commit.source } });
  });

  test("a later register naming another representative replaces the first", async () => {
    const w = await world();
    done(await importOwnersRegister(w.as, commit, sheetOf(header, register)));
    const res = done(await importOwnersRegister(w.as, commit, sheetOf(header, [["陈代表", "13800138020", "", "", "", "开发商代表"]])));
    expect(res.summary).toMatchObject({ created: 1, developerRep: 1 });
    expect(await db.select().from(developerRepresentatives)).toEqual([expect.objectContaining({ personId: ((await personByPhone("13800138020"))!).id, importId: res.importId })]);
  });
});

describe("conflicts with the database are listed, not applied", () => {
  test("the same unit claimed by two registers: the second's claim waits as a conflict; the rest applies", async () => {
    const w = await world();
    done(await importOwnersRegister(w.as, commit, sheetOf(header, [["张三", "13800138000", "01", "7", "1501", ""]])));
    const res = done(await importOwnersRegister(w.as, { ...commit, source: "房管局" }, sheetOf(header, [["周九", "13800138005", "01", "7", "1501", ""], ["吴十", "13800138006", "01", "7", "1502", ""]])));
    expect(res.rows.map((r) => [r.line, r.outcome, r.conflicts])).toEqual([[2, "conflict", ["unitClaimed"]], [3, "created", []]]);
    const conflict = (await first(db.select().from(importConflicts)))!;
    expect(conflict).toMatchObject({ kind: "unitClaimed", unitId: w.u7[0]!.id, status: "open", importId: res.importId });
    expect(conflict.data).toMatchObject({ listed: [{ name: "周九", phone: "13800138005", personId: null }], remove: [((await personByPhone("13800138000"))!).id] });
    expect(await personByPhone("13800138005")).toBeUndefined();
    expect(await ownerUnits(((await personByPhone("13800138000"))!).id)).toEqual([w.u7[0]!.id]);
    // Importing it again lists nothing twice.
    const again = done(await importOwnersRegister(w.as, { ...commit, source: "房管局" }, sheetOf(header, [["周九", "13800138005", "01", "7", "1501", ""], ["吴十", "13800138006", "01", "7", "1502", ""]])));
    expect(again.status).toBe("unchanged");
    expect(await n(importConflicts)).toBe(1);
  });

  test("an owner by staff review whom the register does not list for their unit; a number on a person of another name", async () => {
    const w = await world();
    const reviewed = await makePerson(db, w.place, "owner", { phone: "13900000077" });
    const reviewedUnit = (await first(db.select().from(roles).where(eq(roles.personId, reviewed.id))))!.unitId!;
    const unit = (await first(db.select().from(units).where(eq(units.id, reviewedUnit))))!;
    const res = done(
      await importOwnersRegister(
        w.as,
        commit,
        sheetOf(header, [
          ["郑十一", "13800138007", "01", "1", unit.number, ""],
          ["另一个名字", "13900000077", "01", "7", "1502", ""],
        ]),
      ),
    );
    expect(res.rows.map((r) => [r.line, r.outcome, r.conflicts])).toEqual([[2, "conflict", ["unitClaimed"]], [3, "conflict", ["phoneNameMismatch"]]]);
    const kinds = (await db.select().from(importConflicts)).map((c) => [c.kind, c.personId, c.unitId]);
    expect(kinds).toEqual([["phoneNameMismatch", reviewed.id, null], ["unitClaimed", null, reviewedUnit]]);
    expect(await ownerUnits(reviewed.id)).toEqual([reviewedUnit]);
  });
});

describe("staff decide conflicts", () => {
  async function claimed() {
    const w = await world();
    done(await importOwnersRegister(w.as, commit, sheetOf(header, [["张三", "13800138000", "01", "7", "1501", ""]])));
    done(await importOwnersRegister(w.as, { ...commit, source: "房管局" }, sheetOf(header, [["周九", "13800138005", "01", "7", "1501", ""]])));
    const [view] = await listImportConflicts(w.as, {});
    return { w, view: view! };
  }

  test("the list shows the unit, the register's claim (number masked) and the owner it leaves out with how they were verified", async () => {
    const { view } = await claimed();
    expect(view).toMatchObject({ kind: "unitClaimed", status: "open", unit: "7号楼 1501", register: [{ name: "周九", phone: "138****8005", line: 2 }], import: { source: "房管局" } });
    expect(view.current).toEqual([expect.objectContaining({ name: "张三", via: expect.objectContaining({ source: commit.source, fileName: "业主名册.xlsx" }) })]);
  });

  test("采用名册: the register's owner is created, verified by that import, and the unlisted owner loses the unit; decided once only", async () => {
    const { w, view } = await claimed();
    const zhang = (await personByPhone("13800138000"))!;
    await decideImportConflict(w.as, { conflictId: view.id, resolution: "adoptRegister" });
    const zhou = (await personByPhone("13800138005"))!;
    expect(zhou).toMatchObject({ status: "verified", passwordHash: null });
    expect(await first(db.select().from(imports).where(eq(imports.id, zhou.verifiedByImportId!)))).toMatchObject({ source: "房管局" });
    expect(await ownerUnits(zhou.id)).toEqual([w.u7[0]!.id]);
    expect(await ownerUnits(zhang.id)).toEqual([]);
    expect(await first(db.select().from(importConflicts))).toMatchObject({ status: "resolved", resolution: "adoptRegister", resolvedBy: w.admin.id });
    expect(await db.select().from(events).where(eq(events.kind, "import.conflictDecided"))).toHaveLength(1);
    await expectRefused(() => decideImportConflict(w.as, { conflictId: view.id, resolution: "keepCurrent" }), 409, "importConflictDecided");
    expect(await listImportConflicts(w.as, {})).toEqual([]);
  });

  test("保留现状 changes nothing but closes the conflict; staff elsewhere cannot see or decide it", async () => {
    const { w, view } = await claimed();
    const other = await makePerson(db, w.place, "gridChief");
    await expectRefused(async () => decideImportConflict(await ctxAs(other.id, db), { conflictId: view.id, resolution: "adoptRegister" }), 403);
    const before = await state();
    await decideImportConflict(w.as, { conflictId: view.id, resolution: "keepCurrent" });
    expect({ ...await state(), events: 0 }).toEqual({ ...before, events: 0 });
    expect(await personByPhone("13800138005")).toBeUndefined();
    expect(await ownerUnits(((await personByPhone("13800138000"))!).id)).toEqual([w.u7[0]!.id]);
    // The same register again lists nothing anew.
    const again = done(await importOwnersRegister(w.as, { ...commit, source: "房管局" }, sheetOf(header, [["周九", "13800138005", "01", "7", "1501", ""]])));
    expect(again.status).toBe("unchanged");
  });

  test("a number on a person of another name: adopting gives that person the register's roles under their own name", async () => {
    const w = await world();
    const holder = await makePerson(db, w.place, "resident", { phone: "13900000088", status: "pending" });
    done(await importOwnersRegister(w.as, commit, sheetOf(header, [["别的名字", "13900000088", "01", "7", "1502", ""]])));
    const [view] = await listImportConflicts(w.as, {});
    expect(view).toMatchObject({ kind: "phoneNameMismatch", register: [{ name: "别的名字", phone: "139****0088" }], current: [{ id: holder.id, name: holder.name }], roles: ["owner"] });
    await decideImportConflict(w.as, { conflictId: view!.id, resolution: "adoptRegister" });
    expect(await personByPhone("13900000088")).toMatchObject({ id: holder.id, name: holder.name, status: "verified" });
    expect(await ownerUnits(holder.id)).toEqual([w.u7[1]!.id]);
  });
});

describe("after the estate import", () => {
  test("a register finds the units the estate file created, however the room is written", async () => {
    const w = await world();
    const estate = sheetOf(["网格", "楼栋", "单元", "房号", "专有面积"], [["第一网格", "3号楼", "2", "1502", "89.5"], ["第一网格", "3号楼", "2", "1503", "90"], ["第二网格", "5栋", "1", "301", "100"]], "房屋.xlsx");
    await importEstate(w.as, { sheet: estate, dryRun: false, source: "房管局" });
    const res = done(
      await importOwnersRegister(w.as, commit, sheetOf(["姓名", "手机号", "房号"], [["甲", "13800138040", "3-2-1502"], ["乙", "13800138041", "3栋2单元1503室"], ["丙", "13800138042", "2网格5栋1单元301"]])),
    );
    expect(res.rows.filter((r) => r.outcome === "refused")).toEqual([]);
    expect(res.summary).toMatchObject({ created: 3, rolesAdded: 3 });
  });
});

describe("residents' list", () => {
  test("gives the resident role on the unit, never the owner role, and matches people by number", async () => {
    const w = await world();
    done(await importOwnersRegister(w.as, commit, sheetOf(header, register)));
    const res = done(
      await importResidents(w.as, { source: "网格员 走访", dryRun: "false" }, sheetOf(["姓名", "联系电话", "房号"], [["张三", "13800138000", "7栋1501"], ["刘租户", "13800138010", "7-1502"]], "住户名单.csv")),
    );
    expect(res.status).toBe("committed");
    expect(await first(db.select().from(imports).where(eq(imports.id, res.importId!)))).toMatchObject({ kind: "residents" });
    const tenant = (await personByPhone("13800138010"))!;
    expect(tenant).toMatchObject({ status: "verified", passwordHash: null, verifiedByImportId: res.importId });
    expect(await db.select({ role: roles.role, unitId: roles.unitId }).from(roles).where(eq(roles.personId, tenant.id))).toEqual([{ role: "resident", unitId: w.u7[1]!.id }]);
    const zhang = (await personByPhone("13800138000"))!;
    expect((await db.select({ role: roles.role }).from(roles).where(eq(roles.personId, zhang.id))).map((r) => r.role).sort()).toEqual(["owner", "owner", "resident"]);
    // A residents' list takes no unit from its owner: 1502 still has its two owners and no conflict.
    expect(await n(importConflicts)).toBe(0);
  });
});

describe("real files", () => {
  test("an XLSX register and the same register as GBK CSV import alike", async () => {
    const w = await world();
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet("业主名册");
    ws.addRow(["姓名", "手机号码", "房号", "身份"]);
    ws.addRow(["张三", "１３８００１３８０００", "7栋1501室", "产权人"]);
    ws.addRow(["李四", 13800138001, "7-1502", ""]);
    const xlsx = await readSheet(new Uint8Array(await wb.xlsx.writeBuffer()), "业主名册.xlsx");
    const res = done(await importOwnersRegister(w.as, commit, xlsx));
    expect(res.summary).toMatchObject({ created: 2, rolesAdded: 2, refused: 0 });

    const csv = "姓名,手机号码,房号,身份\r\n张三,13800138000,7栋1501室,产权人\r\n李四,13800138001,7-1502,\r\n";
    const gbk = await readSheet(encodeGbk(csv), "业主名册.csv");
    expect(gbk.format).toBe("csv-gbk");
    const again = done(await importOwnersRegister(w.as, commit, gbk));
    expect(again.status).toBe("unchanged");
  });
});

/** GBK bytes of a text, built from the decoder (Node has a GBK decoder but no encoder). */
function encodeGbk(text: string): Uint8Array {
  const decoder = new TextDecoder("gbk");
  const table = new Map<string, number[]>();
  for (let hi = 0x81; hi <= 0xfe; hi++) {
    for (let lo = 0x40; lo <= 0xfe; lo++) {
      const ch = decoder.decode(new Uint8Array([hi, lo]));
      if (ch.length === 1 && !table.has(ch)) table.set(ch, [hi, lo]);
    }
  }
  const out: number[] = [];
  for (const ch of text) {
    if (ch.charCodeAt(0) < 0x80) out.push(ch.charCodeAt(0));
    else out.push(...table.get(ch)!);
  }
  return new Uint8Array(out);
}
