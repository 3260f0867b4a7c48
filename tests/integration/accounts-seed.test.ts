import bcrypt from "bcryptjs";
import { and, asc, count, eq, inArray } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DB } from "@/db/client";
import {
  agendaCategories,
  agendaItems,
  buildings,
  communities,
  grids,
  organisations,
  people,
  roles,
  topicLevels,
  units,
  voteRules,
  type RoleKind,
} from "@/db/schema";
import { defaultCatalog } from "@/db/seed/default-catalog";
import { seedDemoCommunity, type DemoSummary } from "@/db/seed/demo";
import { can } from "@/lib/auth/policy";
import { verifyCredentials } from "@/lib/auth/credentials";
import { AppError } from "@/lib/errors";
import { parseDisplayNumber } from "@/lib/people/display-number";
import { listPendingRegistrations } from "@/lib/people/list-registrations";
import { actorOf, ctxAs, tempDb } from "../helpers/db";
import { first } from "@/db/query";

// Seeding with a cheap hash of the demo password keeps this fast; the app seeds with cost 10.
const cheapHash = bcrypt.hashSync("demo1234", 4);

let db: DB;
let cleanup: () => void;
let summary: DemoSummary;

beforeAll(async () => {
  ({ db, cleanup } = tempDb());
  summary = await seedDemoCommunity(db, cheapHash);
});
afterAll(() => cleanup?.());

const gridByCode = async (code: string) => (await first(db.select().from(grids).where(eq(grids.code, code))))!;
const personByPhone = async (phone: string) => (await first(db.select().from(people).where(eq(people.phone, phone))))!;
const rolesOf = async (personId: number) => await db.select().from(roles).where(eq(roles.personId, personId));
/** The grid and building code of a unit. */
const whereIs = async (unitId: number) =>
  (await first(db
    .select({ gridId: grids.id, gridCode: grids.code, buildingCode: buildings.code, number: units.number })
    .from(units)
    .innerJoin(buildings, eq(units.buildingId, buildings.id))
    .innerJoin(grids, eq(buildings.gridId, grids.id))
    .where(eq(units.id, unitId))))!;

describe("demo community: places", () => {
  it("is one community, 红心社区 (code HX), with 3 grids", async () => {
    const all = await db.select().from(communities);
    expect(all).toHaveLength(1);
    expect(all[0]).toMatchObject({ id: summary.communityId, code: "HX", name: "红心社区" });
    expect((await db.select({ code: grids.code }).from(grids).orderBy(asc(grids.code))).map((g) => g.code)).toEqual(["01", "02", "03"]);
    expect(summary.grids).toBe(3);
  });

  it("has at least 12 buildings and 600 units, as the summary says", async () => {
    const nBuildings = (await first(db.select({ n: count() }).from(buildings)))!.n;
    const nUnits = (await first(db.select({ n: count() }).from(units)))!.n;
    expect(nBuildings).toBeGreaterThanOrEqual(12);
    expect(nUnits).toBeGreaterThanOrEqual(600);
    expect({ buildings: summary.buildings, units: summary.units }).toEqual({ buildings: nBuildings, units: nUnits });
  });

  it("every grid has buildings, and every building has units", async () => {
    for (const g of await db.select().from(grids)) {
      const bs = await db.select().from(buildings).where(eq(buildings.gridId, g.id));
      expect(bs.length).toBeGreaterThan(0);
      for (const b of bs) expect((await first(db.select({ n: count() }).from(units).where(eq(units.buildingId, b.id))))!.n).toBeGreaterThan(0);
    }
  });

  it("every unit has a realistic exclusive area between 40 and 200 m²", async () => {
    const areas = (await db.select({ a: units.areaHundredths }).from(units)).map((u) => u.a);
    expect(Math.min(...areas)).toBeGreaterThanOrEqual(40_00);
    expect(Math.max(...areas)).toBeLessThanOrEqual(200_00);
    expect(areas.every(Number.isInteger)).toBe(true);
  });

  it("is the same on every run (deterministic areas)", async () => {
    const other = tempDb();
    try {
      await seedDemoCommunity(other.db, cheapHash);
      const areasOf = async (d: DB) => await d.select({ a: units.areaHundredths }).from(units).orderBy(asc(units.id));
      expect(await areasOf(other.db)).toEqual(await areasOf(db));
    } finally {
      other.cleanup();
    }
  });

  it("has a property firm, an owners' committee and the five think tanks", async () => {
    const orgs = await db.select({ kind: organisations.kind, name: organisations.name }).from(organisations);
    expect(orgs.filter((o) => o.kind === "propertyFirm")).toHaveLength(1);
    expect(orgs.filter((o) => o.kind === "ownersCommittee")).toHaveLength(1);
    expect(orgs.filter((o) => o.kind === "thinkTank").map((o) => o.name).sort()).toEqual(
      ["邻里帮帮团", "质量监督团", "应急突击队", "职能联动团", "专家咨询团"].sort(),
    );
  });

  it("every think tank has verified members a topic can invite (it had none, so inviting one was refused as empty)", async () => {
    const tanks = await db.select({ id: organisations.id, name: organisations.name }).from(organisations).where(eq(organisations.kind, "thinkTank"));
    for (const tank of tanks) {
      const members = await db
        .select({ phone: people.phone, status: people.status })
        .from(roles)
        .innerJoin(people, eq(people.id, roles.personId))
        .where(and(eq(roles.organisationId, tank.id), eq(roles.role, "thinkTankMember")));
      expect(members.length, tank.name).toBeGreaterThanOrEqual(2);
      expect(members.every((m) => m.status === "verified" && /^138000004\d\d$/.test(m.phone)), tank.name).toBe(true);
    }
  });
});

describe("demo community: agenda catalog", () => {
  const catalog = async () =>
    await db
      .select({ category: agendaCategories.name, item: agendaItems.name, level: agendaItems.defaultLevel, rule: agendaItems.defaultVoteRule })
      .from(agendaItems)
      .innerJoin(agendaCategories, eq(agendaItems.categoryId, agendaCategories.id))
      .where(eq(agendaCategories.communityId, summary.communityId));

  it("has the 9 categories of the reference list, each with items", async () => {
    const cats = (await db.select({ name: agendaCategories.name }).from(agendaCategories).orderBy(asc(agendaCategories.sortOrder))).map((c) => c.name);
    expect(cats).toHaveLength(9);
    expect(cats).toEqual(expect.arrayContaining(["睦邻关系", "平安建设", "公共事务"]));
    for (const cat of cats) expect((await catalog()).filter((r) => r.category === cat).length).toBeGreaterThan(0);
  });

  it("has at least 26 items, each with a level and a vote rule", async () => {
    const rows = await catalog();
    expect(rows.length).toBeGreaterThanOrEqual(26);
    for (const r of rows) {
      expect(topicLevels).toContain(r.level);
      expect(voteRules).toContain(r.rule);
    }
    expect(rows).toHaveLength(defaultCatalog.flatMap((c) => c.items).length);
  });

  it("applies Civil Code art. 278: three-quarters to raise maintenance funds or rebuild, more than half to use them", async () => {
    const rule = async (item: string) => (await catalog()).find((r) => r.item === item)?.rule;
    expect(await rule("筹集维修资金")).toBe("ownersSupermajority");
    expect(await rule("改建、重建建筑物及其附属设施")).toBe("ownersSupermajority");
    expect(await rule("改变共有部分用途或利用共有部分经营")).toBe("ownersSupermajority");
    expect(await rule("使用维修资金")).toBe("ownersMajority");
    expect(await rule("物业企业选聘与解聘")).toBe("ownersMajority");
    expect(await rule("选举或更换业主委员会")).toBe("ownersMajority");
    expect(await rule("邻里纠纷调解")).toBe("simpleMajority");
  });

  it("settles small matters in the grid and big ones in the community", async () => {
    const level = async (item: string) => (await catalog()).find((r) => r.item === item)?.level;
    expect(await level("噪音扰民")).toBe("grid");
    expect(await level("老旧小区加装电梯")).toBe("community");
  });
});

describe("demo community: demo accounts", () => {
  const g1 = () => gridByCode("01");

  const staff: [string, RoleKind, "grid01" | "organisation" | "community"][] = [
    ["13800000000", "communityAdmin", "community"],
    ["13800000001", "gridChief", "grid01"],
    ["13800000002", "gridWorker", "grid01"],
    ["13800000003", "propertyFirmStaff", "organisation"],
    ["13800000004", "ownersCommitteeMember", "organisation"],
    ["13800000005", "supervisor", "community"],
  ];

  it.each(staff)("%s is a verified %s", async (phone, role, scope) => {
    const p = await personByPhone(phone);
    expect(p.status).toBe("verified");
    const held = await rolesOf(p.id);
    expect(held).toHaveLength(1);
    expect(held[0]).toMatchObject({ role, communityId: summary.communityId });
    if (scope === "grid01") expect(held[0]!.gridId).toBe((await g1()).id);
    if (scope === "organisation") {
      const org = (await first(db.select().from(organisations).where(eq(organisations.id, held[0]!.organisationId!))))!;
      expect(org.kind).toBe(role === "propertyFirmStaff" ? "propertyFirm" : "ownersCommittee");
    }
    if (scope === "community") expect(held[0]).toMatchObject({ gridId: null, unitId: null, organisationId: null });
    // 见号知身份: the display number names the role.
    expect(parseDisplayNumber(p.displayNumber)?.role).toBe(role);
  });

  it("the grid chief and worker of grid 01 may review registrations there, not in grid 02; the admin everywhere", async () => {
    const c = summary.communityId;
    for (const phone of ["13800000001", "13800000002"]) {
      const a = await actorOf(db, (await personByPhone(phone)).id);
      expect(can(a, "registration.review", { communityId: c, gridId: (await g1()).id })).toBe(true);
      expect(can(a, "registration.review", { communityId: c, gridId: (await gridByCode("02")).id })).toBe(false);
      expect(can(a, "grid.manage", { communityId: c })).toBe(false);
    }
    const admin = await actorOf(db, (await personByPhone("13800000000")).id);
    expect(can(admin, "catalog.manage", { communityId: c })).toBe(true);
    expect(can(admin, "registration.review", { communityId: c, gridId: (await gridByCode("03")).id })).toBe(true);
  });

  it("13800000101–13800000160 are verified owners of units in grid 01, several in building 01", async () => {
    const phones = Array.from({ length: 60 }, (_, i) => `138000001${String(i + 1).padStart(2, "0")}`);
    expect(phones[0]).toBe("13800000101");
    expect(phones[59]).toBe("13800000160");
    const owners = await db.select().from(people).where(inArray(people.phone, phones));
    expect(owners).toHaveLength(60);
    let inBuilding01 = 0;
    for (const o of owners) {
      expect(o.status).toBe("verified");
      const owned = (await rolesOf(o.id)).filter((r) => r.role === "owner");
      expect(owned.length).toBeGreaterThanOrEqual(1);
      for (const r of owned) {
        const at = await whereIs(r.unitId!);
        expect(at.gridCode).toBe("01");
        expect(r.gridId).toBe(at.gridId);
      }
      // They also live there, and their number names their home unit in grid 01.
      const home = (await rolesOf(o.id)).find((r) => r.role === "resident")!;
      const at = await whereIs(home.unitId!);
      expect(parseDisplayNumber(o.displayNumber)).toMatchObject({ communityCode: "HX", gridCode: "01", role: "owner", unitPart: `${at.buildingCode}#${at.number}` });
      if (at.buildingCode === "01") inBuilding01++;
    }
    expect(inBuilding01).toBeGreaterThanOrEqual(3);
  });

  it("13800000101 owns two units", async () => {
    const p = await personByPhone("13800000101");
    const owned = (await rolesOf(p.id)).filter((r) => r.role === "owner");
    expect(owned).toHaveLength(2);
    expect(new Set(owned.map((r) => r.unitId)).size).toBe(2);
  });

  it("13800000201 is a verified resident of grid 02", async () => {
    const p = await personByPhone("13800000201");
    expect(p.status).toBe("verified");
    const held = await rolesOf(p.id);
    expect(held.map((r) => r.role)).toEqual(["resident"]);
    expect(held[0]!.gridId).toBe((await gridByCode("02")).id);
    expect((await whereIs(held[0]!.unitId!)).gridCode).toBe("02");
    expect(parseDisplayNumber(p.displayNumber)).toMatchObject({ gridCode: "02", role: "resident" });
  });

  it("two registrations wait in grid 01's queue, and grid 02's staff do not see them", async () => {
    const chief = await actorOf(db, (await personByPhone("13800000001")).id);
    const queue = await listPendingRegistrations({ db, actor: chief });
    expect(queue.map((r) => r.phone).sort()).toEqual(["13800000301", "13800000302"]);
    const gridName = (await g1()).name;
    expect(queue.every((r) => r.gridName === gridName)).toBe(true);
    expect(await listPendingRegistrations(await ctxAs(await personByPhone("13800000201"), db))).toEqual([]);
  });

  it("every display number is unique and readable, and tells the person's role", async () => {
    const all = await db.select({ id: people.id, dn: people.displayNumber, status: people.status, claimedOwner: people.claimedOwner }).from(people);
    expect(all).toHaveLength(summary.people);
    expect(new Set(all.map((p) => p.dn)).size).toBe(all.length);
    for (const p of all) {
      const parsed = parseDisplayNumber(p.dn);
      expect(parsed, p.dn).not.toBeNull();
      const held = (await rolesOf(p.id)).map((r) => r.role);
      if (p.status === "verified") expect(held, p.dn).toContain(parsed!.role);
      else expect(parsed!.role).toBe(p.claimedOwner ? "owner" : "resident");
    }
  });

  it("every demo account signs in with demo1234", async () => {
    const chief = await personByPhone("13800000001");
    await expect(verifyCredentials(db, { phone: "13800000001", password: "demo1234" })).resolves.toEqual({ personId: chief.id });
    const owner = await personByPhone("13800000160");
    await expect(verifyCredentials(db, { phone: "13800000160", password: "demo1234" })).resolves.toEqual({ personId: owner.id });
    const e = await verifyCredentials(db, { phone: "13800000001", password: "demo12345" }).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(AppError);
    expect((e as AppError).messageKey).toBe("invalidCredentials");
  });

  it("nobody holds a role outside the demo community", async () => {
    expect((await first(db.select({ n: count() }).from(roles).where(eq(roles.communityId, summary.communityId))))!.n).toBe(
      (await first(db.select({ n: count() }).from(roles)))!.n,
    );
  });
});
