import { and, eq } from "drizzle-orm";
import { afterEach, beforeEach, describe, expect, test } from "vitest";
import type { DB } from "@/db/client";
import { buildings, communities, events, grids, roles, units } from "@/db/schema";
import { createBuilding } from "@/lib/admin/create-building";
import { createGrid } from "@/lib/admin/create-grid";
import { createUnit } from "@/lib/admin/create-unit";
import { getAdminOverview } from "@/lib/admin/get-admin-overview";
import { getBuildingAdmin } from "@/lib/admin/get-building-admin";
import { getGridAdmin } from "@/lib/admin/get-grid-admin";
import { listAdminCommunities } from "@/lib/admin/list-admin-communities";
import { listGridsAdmin } from "@/lib/admin/list-grids-admin";
import { tempDb } from "../helpers/db";
import { adminWorld, snapshot } from "./admin-helpers";
import { expectInvalid, expectRefused } from "../helpers/refusal";
import { first } from "@/db/query";

let db: DB;
let cleanup: () => void;
let w: Awaited<ReturnType<typeof adminWorld>>;

beforeEach(async () => {
  ({ db, cleanup } = tempDb());
  w = await adminWorld(db);
});
afterEach(() => cleanup());

describe("grids", () => {
  test("an admin adds a grid; the code is kept as two digits and the event recorded", async () => {
    const grid = await createGrid(w.as.admin, { code: "3", name: "第三网格", councilDay: "15", cosignThreshold: "8" });
    expect(grid).toMatchObject({ code: "03", name: "第三网格" });
    const row = (await first(db.select().from(grids).where(eq(grids.id, grid.gridId))))!;
    expect(row).toMatchObject({ communityId: w.place.community.id, code: "03", councilDay: 15, cosignThreshold: 8 });
    const event = await first(db.select().from(events).where(and(eq(events.kind, "grid.created"), eq(events.subjectId, grid.gridId))));
    expect(event?.actorId).toBe(w.admin.id);
  });

  test("optional fields left empty in a form take their defaults", async () => {
    const grid = await createGrid(w.as.admin, { code: "04", name: "第四网格", councilDay: "", cosignThreshold: "" });
    const row = (await first(db.select().from(grids).where(eq(grids.id, grid.gridId))))!;
    expect(row).toMatchObject({ councilDay: null, cosignThreshold: 5 });
  });

  test("a code already used in the community is a 409 with a field error, and nothing is written", async () => {
    const before = await snapshot(db);
    const err = await expectRefused(() => createGrid(w.as.admin, { code: "1", name: "重复" }), 409, "gridCodeTaken");
    expect(err.fieldErrors).toEqual({ code: "gridCodeTaken" });
    expect(await snapshot(db)).toEqual(before);
  });

  test("the same code in another community is fine", async () => {
    expect((await createGrid(w.as.otherAdmin, { code: "03", name: "第三网格" })).code).toBe("03");
    expect((await createGrid(w.as.admin, { code: "03", name: "第三网格" })).code).toBe("03");
  });

  test.each([["00"], ["123"], ["a1"], [""], ["-1"]])("code %j is refused", async (code) => {
    await expectInvalid(() => createGrid(w.as.admin, { code, name: "x" }), "code", "codeDigits");
  });

  test("a name is required and the council day must be a day of the month", async () => {
    await expectInvalid(() => createGrid(w.as.admin, { code: "05", name: "  " }), "name", "titleRequired");
    await expectInvalid(() => createGrid(w.as.admin, { code: "05", name: "x", councilDay: 32 }), "councilDay", "councilDayInvalid");
  });

  test("non-admins, admins of another community, pending admins and nobody are refused, and nothing is written", async () => {
    const before = await snapshot(db);
    const input = { code: "09", name: "第九网格", communityId: w.place.community.id };
    await expectRefused(() => createGrid(w.as.chief, input), 403, "forbidden");
    await expectRefused(() => createGrid(w.as.resident, input), 403, "forbidden");
    await expectRefused(() => createGrid(w.as.otherAdmin, input), 403, "forbidden");
    await expectRefused(() => createGrid(w.as.pendingAdmin, input), 403, "notVerified");
    await expectRefused(() => createGrid(w.as.chief, { code: "09", name: "第九网格" }), 403, "forbidden");
    expect(await snapshot(db)).toEqual(before);
  });

  test("an admin of two communities must say which one", async () => {
    await db.insert(roles).values({ personId: w.admin.id, role: "communityAdmin", communityId: w.other.community.id });
    const ctx = await w.ctx(w.admin.id);
    await expectRefused(() => createGrid(ctx, { code: "07", name: "x" }), 422, "communityRequired");
    expect((await createGrid(ctx, { code: "07", name: "x", communityId: w.other.community.id })).code).toBe("07");
    expect((await listAdminCommunities(ctx)).map((c) => c.id)).toEqual([w.place.community.id, w.other.community.id]);
  });

  test("the list shows only the admin's community, with counts", async () => {
    const { grids: list, community } = await listGridsAdmin(w.as.admin, {});
    expect(community.id).toBe(w.place.community.id);
    expect(list.map((g) => [g.code, g.buildingCount, g.unitCount])).toEqual([
      ["01", 1, 4],
      ["02", 1, 2],
    ]);
    await expectRefused(() => listGridsAdmin(w.as.chief, {}), 403);
    expect(await listAdminCommunities(w.as.chief)).toEqual([]);
  });

  test("the overview counts the community", async () => {
    const { counts } = await getAdminOverview(w.as.admin, {});
    expect(counts).toMatchObject({ grids: 2, buildings: 2, units: 6, organisations: 1, categories: 0 });
    // admin, chief, resident and the pending admin hold roles in this community
    expect(counts.people).toBe(4);
    expect(counts.pendingPeople).toBe(1);
  });
});

describe("buildings and units", () => {
  test("an admin adds a building; an empty name becomes 'N号楼'", async () => {
    const b = await createBuilding(w.as.admin, { gridId: w.place.gridA.id, code: "2", name: "", floors: "18" });
    expect(b).toMatchObject({ code: "02", name: "2号楼", gridId: w.place.gridA.id });
    expect((await first(db.select().from(buildings).where(eq(buildings.id, b.buildingId))))?.floors).toBe(18);
    const detail = await getGridAdmin(w.as.admin, { gridId: String(w.place.gridA.id) });
    expect(detail.buildings.map((x) => x.code)).toEqual(["01", "02"]);
  });

  test("a building code is unique within its grid only", async () => {
    const err = await expectRefused(() => createBuilding(w.as.admin, { gridId: w.place.gridA.id, code: "01" }), 409, "buildingCodeTaken");
    expect(err.fieldErrors).toEqual({ code: "buildingCodeTaken" });
    expect((await createBuilding(w.as.admin, { gridId: w.place.gridB.id, code: "02" })).code).toBe("02");
  });

  test("a grid of another community is not found for this admin, and nothing is written", async () => {
    const before = await snapshot(db);
    await expectRefused(() => createBuilding(w.as.otherAdmin, { gridId: w.place.gridA.id, code: "05" }), 404, "gridNotFound");
    await expectRefused(() => createBuilding(w.as.chief, { gridId: w.place.gridA.id, code: "05" }), 403);
    await expectRefused(() => getGridAdmin(w.as.otherAdmin, { gridId: w.place.gridA.id }), 404);
    expect(await snapshot(db)).toEqual(before);
  });

  test("an admin adds a unit; the area in m² is kept in hundredths", async () => {
    const u = await createUnit(w.as.admin, { buildingId: w.place.buildingA.id, number: "301", area: "89.12" });
    expect(u).toMatchObject({ number: "301", areaHundredths: 8912, developerHeld: false });
    const held = await createUnit(w.as.admin, { buildingId: w.place.buildingA.id, number: "302", area: 75.5, developerHeld: "on" });
    expect(held).toMatchObject({ areaHundredths: 7550, developerHeld: true });
    const detail = await getBuildingAdmin(w.as.admin, { buildingId: w.place.buildingA.id });
    expect(detail.units.map((x) => x.number)).toEqual(["101", "102", "201", "202", "301", "302"]);
    expect(detail.totalAreaHundredths).toBe(4 * 8912 + 8912 + 7550);
  });

  test.each([
    ["100", 10000],
    ["１００．５", 10050],
    ["89.1", 8910],
    ["0.01", 1],
    ["120.5㎡", 12050],
    ["66平方米", 6600],
  ])("area %j reads as %d hundredths", async (area, hundredths) => {
    expect((await createUnit(w.as.admin, { buildingId: w.place.buildingA.id, number: `X${hundredths}`, area })).areaHundredths).toBe(hundredths);
  });

  test.each([
    ["", "areaRequired"],
    [undefined, "areaRequired"],
    ["abc", "areaInvalid"],
    ["0", "areaInvalid"],
    ["89.123", "areaInvalid"],
    ["-5", "areaInvalid"],
    ["10000.01", "areaInvalid"],
  ])("area %j is refused with %s", async (area, key) => {
    await expectInvalid(() => createUnit(w.as.admin, { buildingId: w.place.buildingA.id, number: "999", area }), "area", key);
  });

  test("a unit number already in the building is a 409; unit numbers with spaces are refused", async () => {
    const before = await snapshot(db);
    const err = await expectRefused(() => createUnit(w.as.admin, { buildingId: w.place.buildingA.id, number: "101", area: "50" }), 409, "unitNumberTaken");
    expect(err.fieldErrors).toEqual({ number: "unitNumberTaken" });
    await expectInvalid(() => createUnit(w.as.admin, { buildingId: w.place.buildingA.id, number: "1 01", area: "50" }), "number", "unitNumberFormat");
    await expectRefused(() => createUnit(w.as.otherAdmin, { buildingId: w.place.buildingA.id, number: "909", area: "50" }), 404, "buildingNotFound");
    await expectRefused(() => createUnit(w.as.resident, { buildingId: w.place.buildingA.id, number: "909", area: "50" }), 403);
    expect(await snapshot(db)).toEqual(before);
  });
});

