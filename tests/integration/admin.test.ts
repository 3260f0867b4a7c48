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
import { importUnits } from "@/lib/admin/import-units";
import { listAdminCommunities } from "@/lib/admin/list-admin-communities";
import { listGridsAdmin } from "@/lib/admin/list-grids-admin";
import { describeError } from "@/lib/describe-error";
import { tempDb } from "../helpers/db";
import { adminWorld, snapshot } from "./admin-helpers";
import { expectInvalid, expectRefused } from "../helpers/refusal";

let db: DB;
let cleanup: () => void;
let w: ReturnType<typeof adminWorld>;

beforeEach(() => {
  ({ db, cleanup } = tempDb());
  w = adminWorld(db);
});
afterEach(() => cleanup());

describe("grids", () => {
  test("an admin adds a grid; the code is kept as two digits and the event recorded", () => {
    const grid = createGrid(w.as.admin, { code: "3", name: "第三网格", councilDay: "15", cosignThreshold: "8" });
    expect(grid).toMatchObject({ code: "03", name: "第三网格" });
    const row = db.select().from(grids).where(eq(grids.id, grid.gridId)).get()!;
    expect(row).toMatchObject({ communityId: w.place.community.id, code: "03", councilDay: 15, cosignThreshold: 8 });
    const event = db.select().from(events).where(and(eq(events.kind, "grid.created"), eq(events.subjectId, grid.gridId))).get();
    expect(event?.actorId).toBe(w.admin.id);
  });

  test("optional fields left empty in a form take their defaults", () => {
    const grid = createGrid(w.as.admin, { code: "04", name: "第四网格", councilDay: "", cosignThreshold: "" });
    const row = db.select().from(grids).where(eq(grids.id, grid.gridId)).get()!;
    expect(row).toMatchObject({ councilDay: null, cosignThreshold: 5 });
  });

  test("a code already used in the community is a 409 with a field error, and nothing is written", () => {
    const before = snapshot(db);
    const err = expectRefused(() => createGrid(w.as.admin, { code: "1", name: "重复" }), 409, "gridCodeTaken");
    expect(err.fieldErrors).toEqual({ code: "gridCodeTaken" });
    expect(snapshot(db)).toEqual(before);
  });

  test("the same code in another community is fine", () => {
    expect(createGrid(w.as.otherAdmin, { code: "03", name: "第三网格" }).code).toBe("03");
    expect(createGrid(w.as.admin, { code: "03", name: "第三网格" }).code).toBe("03");
  });

  test.each([["00"], ["123"], ["a1"], [""], ["-1"]])("code %j is refused", (code) => {
    expectInvalid(() => createGrid(w.as.admin, { code, name: "x" }), "code", "codeDigits");
  });

  test("a name is required and the council day must be a day of the month", () => {
    expectInvalid(() => createGrid(w.as.admin, { code: "05", name: "  " }), "name", "titleRequired");
    expectInvalid(() => createGrid(w.as.admin, { code: "05", name: "x", councilDay: 32 }), "councilDay", "councilDayInvalid");
  });

  test("non-admins, admins of another community, pending admins and nobody are refused, and nothing is written", () => {
    const before = snapshot(db);
    const input = { code: "09", name: "第九网格", communityId: w.place.community.id };
    expectRefused(() => createGrid(w.as.chief, input), 403, "forbidden");
    expectRefused(() => createGrid(w.as.resident, input), 403, "forbidden");
    expectRefused(() => createGrid(w.as.otherAdmin, input), 403, "forbidden");
    expectRefused(() => createGrid(w.as.pendingAdmin, input), 403, "notVerified");
    expectRefused(() => createGrid(w.as.chief, { code: "09", name: "第九网格" }), 403, "forbidden");
    expect(snapshot(db)).toEqual(before);
  });

  test("an admin of two communities must say which one", () => {
    db.insert(roles).values({ personId: w.admin.id, role: "communityAdmin", communityId: w.other.community.id }).run();
    const ctx = w.ctx(w.admin.id);
    expectRefused(() => createGrid(ctx, { code: "07", name: "x" }), 422, "communityRequired");
    expect(createGrid(ctx, { code: "07", name: "x", communityId: w.other.community.id }).code).toBe("07");
    expect(listAdminCommunities(ctx).map((c) => c.id)).toEqual([w.place.community.id, w.other.community.id]);
  });

  test("the list shows only the admin's community, with counts", () => {
    const { grids: list, community } = listGridsAdmin(w.as.admin, {});
    expect(community.id).toBe(w.place.community.id);
    expect(list.map((g) => [g.code, g.buildingCount, g.unitCount])).toEqual([
      ["01", 1, 4],
      ["02", 1, 2],
    ]);
    expectRefused(() => listGridsAdmin(w.as.chief, {}), 403);
    expect(listAdminCommunities(w.as.chief)).toEqual([]);
  });

  test("the overview counts the community", () => {
    const { counts } = getAdminOverview(w.as.admin, {});
    expect(counts).toMatchObject({ grids: 2, buildings: 2, units: 6, organisations: 1, categories: 0 });
    // admin, chief, resident and the pending admin hold roles in this community
    expect(counts.people).toBe(4);
    expect(counts.pendingPeople).toBe(1);
  });
});

describe("buildings and units", () => {
  test("an admin adds a building; an empty name becomes 'N号楼'", () => {
    const b = createBuilding(w.as.admin, { gridId: w.place.gridA.id, code: "2", name: "", floors: "18" });
    expect(b).toMatchObject({ code: "02", name: "2号楼", gridId: w.place.gridA.id });
    expect(db.select().from(buildings).where(eq(buildings.id, b.buildingId)).get()?.floors).toBe(18);
    const detail = getGridAdmin(w.as.admin, { gridId: String(w.place.gridA.id) });
    expect(detail.buildings.map((x) => x.code)).toEqual(["01", "02"]);
  });

  test("a building code is unique within its grid only", () => {
    const err = expectRefused(() => createBuilding(w.as.admin, { gridId: w.place.gridA.id, code: "01" }), 409, "buildingCodeTaken");
    expect(err.fieldErrors).toEqual({ code: "buildingCodeTaken" });
    expect(createBuilding(w.as.admin, { gridId: w.place.gridB.id, code: "02" }).code).toBe("02");
  });

  test("a grid of another community is not found for this admin, and nothing is written", () => {
    const before = snapshot(db);
    expectRefused(() => createBuilding(w.as.otherAdmin, { gridId: w.place.gridA.id, code: "05" }), 404, "gridNotFound");
    expectRefused(() => createBuilding(w.as.chief, { gridId: w.place.gridA.id, code: "05" }), 403);
    expectRefused(() => getGridAdmin(w.as.otherAdmin, { gridId: w.place.gridA.id }), 404);
    expect(snapshot(db)).toEqual(before);
  });

  test("an admin adds a unit; the area in m² is kept in hundredths", () => {
    const u = createUnit(w.as.admin, { buildingId: w.place.buildingA.id, number: "301", area: "89.12" });
    expect(u).toMatchObject({ number: "301", areaHundredths: 8912, developerHeld: false });
    const held = createUnit(w.as.admin, { buildingId: w.place.buildingA.id, number: "302", area: 75.5, developerHeld: "on" });
    expect(held).toMatchObject({ areaHundredths: 7550, developerHeld: true });
    const detail = getBuildingAdmin(w.as.admin, { buildingId: w.place.buildingA.id });
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
  ])("area %j reads as %d hundredths", (area, hundredths) => {
    expect(createUnit(w.as.admin, { buildingId: w.place.buildingA.id, number: `X${hundredths}`, area }).areaHundredths).toBe(hundredths);
  });

  test.each([
    ["", "areaRequired"],
    [undefined, "areaRequired"],
    ["abc", "areaInvalid"],
    ["0", "areaInvalid"],
    ["89.123", "areaInvalid"],
    ["-5", "areaInvalid"],
    ["10000.01", "areaInvalid"],
  ])("area %j is refused with %s", (area, key) => {
    expectInvalid(() => createUnit(w.as.admin, { buildingId: w.place.buildingA.id, number: "999", area }), "area", key);
  });

  test("a unit number already in the building is a 409; unit numbers with spaces are refused", () => {
    const before = snapshot(db);
    const err = expectRefused(() => createUnit(w.as.admin, { buildingId: w.place.buildingA.id, number: "101", area: "50" }), 409, "unitNumberTaken");
    expect(err.fieldErrors).toEqual({ number: "unitNumberTaken" });
    expectInvalid(() => createUnit(w.as.admin, { buildingId: w.place.buildingA.id, number: "1 01", area: "50" }), "number", "unitNumberFormat");
    expectRefused(() => createUnit(w.as.otherAdmin, { buildingId: w.place.buildingA.id, number: "909", area: "50" }), 404, "buildingNotFound");
    expectRefused(() => createUnit(w.as.resident, { buildingId: w.place.buildingA.id, number: "909", area: "50" }), 403);
    expect(snapshot(db)).toEqual(before);
  });
});

describe("CSV import of units", () => {
  const header = "网格编号,楼栋编号,房号,面积";
  const unitCount = () => db.select().from(units).all().length;

  test("a good file imports every row in one go", () => {
    const csv = `\uFEFF${header}\r\n01,01,301,89.12\r\n1,1,302,90\r\n02,01,201,102.5\r\n`;
    const before = unitCount();
    expect(importUnits(w.as.admin, { csv })).toEqual({ imported: 3, buildings: 2 });
    expect(unitCount()).toBe(before + 3);
    const u = db.select().from(units).where(and(eq(units.buildingId, w.place.buildingB.id), eq(units.number, "201"))).get();
    expect(u?.areaHundredths).toBe(10250);
    const event = db.select().from(events).where(eq(events.kind, "units.imported")).get();
    expect(event?.data).toEqual({ count: 3, buildings: 2 });
  });

  test("the English header, columns in another order, tabs from a spreadsheet and a developer-held column are accepted", () => {
    const csv = "unit\tarea\tgrid\tbuilding\tdeveloperHeld\n501\t88\t01\t01\t是\n502\t88\t01\t01\t\n";
    expect(importUnits(w.as.admin, { csv }).imported).toBe(2);
    const rows = db.select().from(units).where(eq(units.buildingId, w.place.buildingA.id)).all();
    expect(rows.find((u) => u.number === "501")?.developerHeld).toBe(true);
    expect(rows.find((u) => u.number === "502")?.developerHeld).toBe(false);
    expect(importUnits(w.as.admin, { csv: "Grid,Building,Unit,Area (m²)\n01,01,601,70\n" }).imported).toBe(1);
  });

  test("one row without its area: the report names that line, and no row is written", () => {
    const csv = `${header}\n01,01,301,89.12\n01,01,302\n01,01,303,70\n`;
    const before = snapshot(db);
    const err = expectRefused(() => importUnits(w.as.admin, { csv }), 422, "csvInvalid");
    expect(err.fieldErrors).toEqual({ "rows.3.area": "areaRequired" });
    expect(err.params).toEqual({ count: 1 });
    expect(snapshot(db)).toEqual(before);

    // What the admin (and an API caller) reads, in Chinese.
    const { status, body } = describeError(err, "zh-CN");
    expect(status).toBe(422);
    expect(body.message).toBe("导入失败：1 行有错误，所有行均未导入。请改正后重新上传。");
    expect(body.fields).toEqual({ "rows.3.area": "请填写面积" });
  });

  test("every bad row is listed with its line and reason", () => {
    const csv = [
      header, //                      line 1
      "01,01,301,89.12", //           2 fine
      "09,01,302,80", //              3 unknown grid
      "01,07,303,80", //              4 unknown building
      "01,01,101,80", //              5 already in the database
      "01,01,301,80", //              6 repeats line 2
      "01,01,304,abc", //             7 bad area
      "", //                          8 blank: skipped
      "1,01,305,80,是,extra", //      9 too many cells
      "xx,01,306,80", //              10 bad grid code
      '01,01,"307,80', //             11 unclosed quote
    ].join("\n");
    const before = snapshot(db);
    const err = expectRefused(() => importUnits(w.as.admin, { csv }), 422, "csvInvalid");
    expect(err.fieldErrors).toEqual({
      "rows.3.grid": "gridNotFound",
      "rows.4.building": "buildingNotFound",
      "rows.5.unit": "unitNumberTaken",
      "rows.6.unit": "csvDuplicateRow",
      "rows.7.area": "areaInvalid",
      "rows.9._": "csvColumnCount",
      "rows.10.grid": "codeDigits",
      "rows.11._": "csvMalformedRow",
    });
    expect(err.params).toEqual({ count: 8 });
    expect(snapshot(db)).toEqual(before);
  });

  test("a building of another community is unknown here", () => {
    // Grid 02 of the other community has building 01; in this community grid 02's building 01 exists too,
    // so use a building only the other community has.
    const otherBuilding = createBuilding(w.as.otherAdmin, { gridId: w.other.gridA.id, code: "08" });
    expect(otherBuilding.code).toBe("08");
    const err = expectRefused(() => importUnits(w.as.admin, { csv: `${header}\n01,08,101,50` }), 422, "csvInvalid");
    expect(err.fieldErrors).toEqual({ "rows.2.building": "buildingNotFound" });
  });

  test("a wrong header refuses the whole file, naming the expected header", () => {
    const err = expectRefused(() => importUnits(w.as.admin, { csv: "楼号,房间,面积\n01,101,50" }), 422, "csvHeader");
    expect(describeError(err, "zh-CN").body.message).toBe("表头应为：网格编号,楼栋编号,房号,面积 / grid,building,unit,area");
    expectRefused(() => importUnits(w.as.admin, { csv: "网格编号,楼栋编号,房号\n01,01,101" }), 422, "csvHeader");
    expectRefused(() => importUnits(w.as.admin, { csv: "网格编号,网格编号,楼栋编号,房号,面积\n01,01,01,101,1" }), 422, "csvHeader");
  });

  test("an empty file or a header alone has no rows to import", () => {
    expectRefused(() => importUnits(w.as.admin, { csv: "" }), 422, "csvEmpty");
    expectRefused(() => importUnits(w.as.admin, { csv: "\n \n" }), 422, "csvEmpty");
    expectRefused(() => importUnits(w.as.admin, { csv: `${header}\n` }), 422, "csvEmpty");
    expectInvalid(() => importUnits(w.as.admin, {}), "csv", "csvEmpty");
  });

  test("too many rows are refused before any lookup", () => {
    const rows = Array.from({ length: 5001 }, (_, i) => `01,01,R${i},50`);
    const err = expectRefused(() => importUnits(w.as.admin, { csv: [header, ...rows].join("\n") }), 422, "tooManyRows");
    expect(err.params).toEqual({ max: 5000 });
  });

  test("non-admins and admins of another community are refused; nothing is written", () => {
    const before = snapshot(db);
    const csv = `${header}\n01,01,777,50`;
    expectRefused(() => importUnits(w.as.chief, { csv }), 403);
    expectRefused(() => importUnits(w.as.otherAdmin, { csv, communityId: w.place.community.id }), 403);
    // The other admin's own community has no grid 01 building 01 unit 777 problem, but rows are
    // checked against their community only: it imports into theirs, never into ours.
    expect(importUnits(w.as.otherAdmin, { csv }).imported).toBe(1);
    const ours = db.select().from(units).where(and(eq(units.buildingId, w.place.buildingA.id), eq(units.number, "777"))).get();
    expect(ours).toBeUndefined();
    expect(snapshot(db).units).toBe(before.units + 1);
  });

  test("the community table is untouched by any of this", () => {
    expect(db.select().from(communities).all()).toHaveLength(2);
  });
});
