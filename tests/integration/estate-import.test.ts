import { and, eq } from "drizzle-orm";
import { afterEach, beforeEach, describe, expect, test } from "vitest";
import type { DB } from "@/db/client";
import { buildings, events, grids, imports, roles, units } from "@/db/schema";
import { importEstate, type EstateImportResult } from "@/lib/imports/estate/import";
import { readSheet } from "@/lib/imports/sheet/read";
import { ctxAs, tempDb } from "../helpers/db";
import { expectRefused } from "../helpers/refusal";
import { csvText, gbkBytes, utf8Bytes, xlsxBytes } from "../helpers/sheets";
import { adminWorld, snapshot } from "./admin-helpers";
import { first } from "@/db/query";

let db: DB;
let cleanup: () => void;
let w: Awaited<ReturnType<typeof adminWorld>>;

beforeEach(async () => {
  ({ db, cleanup } = tempDb());
  w = await adminWorld(db);
});
afterEach(() => cleanup());

const header = ["网格", "楼栋", "单元", "房号", "专有面积", "开发商持有"];
/** The community of adminWorld has grids 01/02 (第一网格/第二网格), building 1号楼 in each, units 101,102,201,202 (89.12) in grid 01 and 101,102 (102.50) in grid 02. */
const estate = [
  header,
  ["1", "1栋", "", "101", "89.12", "否"], // unchanged
  ["01", "1号楼", "", "102", "90.00㎡", ""], // area 89.12 → 90
  ["第一网格", "01", "", "201", "89.12", "是"], // flag false → true
  ["1", "2号楼", "1", "301", "７６．５", ""], // new building 02, unit 1-301
  ["3", "3", "", "3-2-1502", "120 平方米", "否"], // new grid 03, building 03, unit 2-1502
  ["幸福里", "A座", "", "1101", "88", "Y"], // new grid by name → code 04, building by name → code 01
];

async function run(rows: (string | number)[][], opts: { dryRun: boolean; as?: "admin" | "otherAdmin" | "chief"; communityId?: number; format?: "csv" | "gbk" | "xlsx"; mapping?: Record<string, number>; source?: string } = { dryRun: true }) {
  const bytes = opts.format === "xlsx" ? await xlsxBytes(rows) : opts.format === "gbk" ? gbkBytes(csvText(rows)) : utf8Bytes(csvText(rows));
  const sheet = await readSheet(bytes, "房屋.csv");
  return await importEstate(w.as[opts.as ?? "admin"], { sheet, dryRun: opts.dryRun, communityId: opts.communityId, mapping: opts.mapping, source: opts.source });
}

const unitsOf = async () =>
  await db
    .select({ grid: grids.code, gridName: grids.name, building: buildings.code, buildingName: buildings.name, number: units.number, area: units.areaHundredths, held: units.developerHeld })
    .from(units)
    .innerJoin(buildings, eq(units.buildingId, buildings.id))
    .innerJoin(grids, eq(buildings.gridId, grids.id))
    .where(eq(grids.communityId, w.place.community.id))
    .orderBy(grids.code, buildings.code, units.number);

describe("estate import", () => {
  test("a dry run reports what would be created, changed and left alone, and writes nothing", async () => {
    const before = await snapshot(db);
    const r = await run(estate, { dryRun: true });
    expect(r).toMatchObject({ dryRun: true, committed: false, importId: null, noChanges: false, format: "csv-utf8" });
    expect(r.counts).toEqual({
      rows: 6,
      refusedRows: 0,
      grids: { created: 2, unchanged: 1 },
      buildings: { created: 3, unchanged: 1 },
      units: { created: 3, updated: 2, unchanged: 1 },
    });
    expect(r.newGrids).toEqual([
      { code: "03", name: "第三网格" },
      { code: "04", name: "幸福里" },
    ]);
    expect(r.newBuildings).toEqual([
      { grid: "第一网格", code: "02", name: "2号楼" },
      { grid: "第三网格", code: "03", name: "3号楼" },
      { grid: "幸福里", code: "01", name: "A座" },
    ]);
    expect(r.changes).toEqual([
      { line: 3, grid: "第一网格", building: "1号楼", unit: "102", areaBefore: 8912, areaAfter: 9000, heldBefore: false, heldAfter: false },
      { line: 4, grid: "第一网格", building: "1号楼", unit: "201", areaBefore: 8912, areaAfter: 8912, heldBefore: false, heldAfter: true },
    ]);
    expect(await snapshot(db)).toEqual(before);
    expect(await db.select().from(imports)).toEqual([]);
  });

  test("a commit writes grids, buildings and units, one imports row and one event; the same file again changes nothing", async () => {
    const r = await run(estate, { dryRun: false, source: "物业公司 2026-12" });
    expect(r).toMatchObject({ committed: true, noChanges: false });
    expect(r.importId).toBeGreaterThan(0);
    const all = await unitsOf();
    expect(all).toContainEqual({ grid: "01", gridName: "第一网格", building: "01", buildingName: "1号楼", number: "102", area: 9000, held: false });
    expect(all).toContainEqual({ grid: "01", gridName: "第一网格", building: "01", buildingName: "1号楼", number: "201", area: 8912, held: true });
    expect(all).toContainEqual({ grid: "01", gridName: "第一网格", building: "02", buildingName: "2号楼", number: "1-301", area: 7650, held: false });
    expect(all).toContainEqual({ grid: "03", gridName: "第三网格", building: "03", buildingName: "3号楼", number: "2-1502", area: 12000, held: false });
    expect(all).toContainEqual({ grid: "04", gridName: "幸福里", building: "01", buildingName: "A座", number: "1101", area: 8800, held: true });
    const row = (await first(db.select().from(imports)))!;
    expect(row).toMatchObject({ communityId: w.place.community.id, kind: "estate", source: "物业公司 2026-12", fileName: "房屋.csv", format: "csv-utf8", importedBy: w.admin.id });
    expect(row.fileSha256).toMatch(/^[0-9a-f]{64}$/);
    expect(row.summary).toMatchObject({ unitsCreated: 3, unitsUpdated: 2, unitsUnchanged: 1, gridsCreated: 2, buildingsCreated: 3 });
    expect(await db.select().from(events).where(eq(events.kind, "estate.imported"))).toHaveLength(1);

    const before = await snapshot(db);
    const again = await run(estate, { dryRun: false });
    expect(again).toMatchObject({ committed: true, noChanges: true, importId: null });
    expect(again.counts.units).toEqual({ created: 0, updated: 0, unchanged: 6 });
    expect(again.counts.grids).toEqual({ created: 0, unchanged: 3 });
    expect(await snapshot(db)).toEqual(before);
    expect(await db.select().from(imports)).toHaveLength(1);
  });

  test("an edited file updates exactly the edits and says so", async () => {
    await run(estate, { dryRun: false });
    const edited = estate.map((r) => [...r]);
    edited[1]![4] = "91.5"; // 101: 89.12 → 91.5
    edited[6]![5] = "否"; // 1101: held → not held
    const r = await run(edited, { dryRun: false });
    expect(r.counts.units).toEqual({ created: 0, updated: 2, unchanged: 4 });
    expect(r.changes.map((c) => [c.unit, c.areaBefore, c.areaAfter, c.heldBefore, c.heldAfter])).toEqual([
      ["101", 8912, 9150, false, false],
      ["1101", 8800, 8800, true, false],
    ]);
    expect((await unitsOf()).find((u) => u.number === "101" && u.grid === "01")!.area).toBe(9150);
    expect((await unitsOf()).find((u) => u.number === "1101")!.held).toBe(false);
  });

  test("a file with errors names every bad row and column, and a commit writes nothing", async () => {
    const bad = [
      header,
      ["1", "1", "", "101", "abc", ""], // area not a number
      ["1", "1", "", "102", "0", ""], // area ≤ 0
      ["1", "1", "", "103", "12000", ""], // absurd area
      ["", "1", "", "104", "80", ""], // no grid
      ["1", "", "", "105", "80", ""], // no building
      ["1", "1", "", "106", "80", "也许"], // flag unreadable
      ["1", "1", "", "107", "80", ""],
      ["01", "1号楼", "", "107", "81", ""], // duplicate of line 8
      ["1", "1", "", "", "80", ""], // no room
      ["1", "2", "", "3-2-1502", "80", ""], // address says building 3, column says 2
      ["5", "1", "", "108", "80", ""], // fine on its own: a new grid that must not be created
    ];
    const before = await snapshot(db);
    const r = await run(bad, { dryRun: false });
    expect(r).toMatchObject({ committed: false, importId: null });
    expect(r.counts.refusedRows).toBe(9);
    expect(r.refused.map((p) => [p.line, p.column, p.reason])).toEqual([
      [2, "area", "areaNotNumber"],
      [3, "area", "areaOutOfRange"],
      [4, "area", "areaOutOfRange"],
      [5, "grid", "gridRequired"],
      [6, "building", "buildingRequired"],
      [7, "developerHeld", "flagInvalid"],
      [9, "unit", "duplicateRow"],
      [10, "unit", "unitNumberRequired"],
      [11, "unit", "addressBuildingMismatch"],
    ]);
    expect(r.refused[0]).toMatchObject({ value: "abc" });
    expect(r.refused.find((p) => p.reason === "duplicateRow")!.params).toEqual({ line: 8 });
    expect(r.refusedMore).toBe(0);
    // Line 12 (a new grid 05) was fine, but nothing of the file is written: no grid 05.
    expect(await db.select().from(grids).where(eq(grids.code, "05"))).toEqual([]);
    expect(await snapshot(db)).toEqual(before);
    expect(await db.select().from(imports)).toEqual([]);
  });

  test("a grid named like one of another community the admin runs is refused; a name the admin does not run is a new grid", async () => {
    await db.insert(grids).values({ communityId: w.other.community.id, code: "09", name: "锦绣园网格" });
    const file = [header, ["锦绣园网格", "1", "", "101", "80", ""]];
    // adminWorld's admin runs only the first community: to them 锦绣园网格 is just a new grid.
    expect((await run(file, { dryRun: true })).counts).toMatchObject({ refusedRows: 0, grids: { created: 1, unchanged: 0 } });
    // Once they also run the other community, the same file is refused: it was meant for the other one.
    await db.insert(roles).values({ personId: w.admin.id, role: "communityAdmin", communityId: w.other.community.id });
    const admin = await ctxAs(w.admin.id, db);
    const sheet = await readSheet(utf8Bytes(csvText(file)), "x.csv");
    const r = await importEstate(admin, { sheet, dryRun: true, communityId: w.place.community.id });
    expect(r.refused).toEqual([{ line: 2, column: "grid", reason: "gridOtherCommunity", value: "锦绣园网格" }]);
  });

  test("wrong headers name the expected columns; a manual mapping fixes them", async () => {
    const rows = [["区", "楼", "房", "平方"], ["1", "1", "109", "80"]];
    const err = await expectRefused(() => run(rows, { dryRun: true }), 422, "columnsMissing");
    expect(err.params).toEqual({ missing: "网格、房号、专有面积", expected: "网格、楼栋、房号、专有面积" });
    const r = await run(rows, { dryRun: true, mapping: { grid: 0, building: 1, unit: 2, area: 3 } });
    expect(r.counts.units.created).toBe(1);
  });

  test("only the community's admin may import", async () => {
    await expectRefused(() => run(estate, { dryRun: true, as: "chief" }), 403);
    await expectRefused(() => run(estate, { dryRun: false, as: "otherAdmin", communityId: w.place.community.id }), 403);
  });

  test("XLSX, UTF-8 CSV and GBK CSV give the same report", async () => {
    const strip = (r: EstateImportResult) => ({ ...r, format: undefined });
    const csv = await run(estate, { dryRun: true, format: "csv" });
    const gbk = await run(estate, { dryRun: true, format: "gbk" });
    const xlsx = await run(estate, { dryRun: true, format: "xlsx" });
    expect(gbk.format).toBe("csv-gbk");
    expect(xlsx.format).toBe("xlsx");
    expect(strip(gbk)).toEqual(strip(csv));
    expect(strip(xlsx)).toEqual(strip(csv));
  });

  test("a file without a 开发商持有 column leaves existing flags alone", async () => {
    await db.update(units).set({ developerHeld: true }).where(and(eq(units.buildingId, w.place.buildingA.id), eq(units.number, "101")));
    const r = await run([["网格", "楼栋", "房号", "面积"], ["1", "1", "101", "89.12"]], { dryRun: false });
    expect(r).toMatchObject({ noChanges: true });
    expect((await unitsOf()).find((u) => u.number === "101" && u.grid === "01")!.held).toBe(true);
  });

  test("tab-separated text with English headers in another order, an unclosed quote and a missing area (from the old unit import)", async () => {
    const text = ["unit\tArea (m²)\tgrid\tbuilding\tdeveloperHeld", "501\t88\t01\t01\t是", "502\t88\t01\t01\t", "503\t\t01\t01\t"].join("\n");
    const r = await importEstate(w.as.admin, { sheet: await readSheet(utf8Bytes(text), "x.txt"), dryRun: true });
    expect(r.counts).toMatchObject({ refusedRows: 1, units: { created: 2 } });
    expect(r.refused).toEqual([{ line: 4, column: "area", reason: "areaRequired" }]);
    const quote = await importEstate(w.as.admin, { sheet: await readSheet(utf8Bytes('网格,楼栋,房号,面积\n1,1,601,70\n1,1,"602,80\n'), "x.csv"), dryRun: true });
    expect(quote.refused).toEqual([{ line: 3, column: "row", reason: "rowMalformed" }]);
  });

  test("another community's admin imports into their own community, never into ours", async () => {
    const before = await unitsOf();
    const r = await run([header, ["1", "1", "", "777", "50", ""]], { dryRun: false, as: "otherAdmin" });
    expect(r).toMatchObject({ committed: true, communityId: w.other.community.id, counts: { units: { created: 1 } } });
    expect(await unitsOf()).toEqual(before);
  });
});
