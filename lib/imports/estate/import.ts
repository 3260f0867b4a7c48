import { eq, inArray } from "drizzle-orm";
import { z } from "zod";
import { buildings, communities, grids, imports, units } from "@/db/schema";
import { communitiesWhere } from "@/lib/auth/policy";
import { resolveCommunity } from "@/lib/admin/scope";
import { mapUniqueClash } from "@/lib/admin/unique";
import type { ActorCtx } from "@/lib/context";
import { AppError, invalid } from "@/lib/errors";
import { recordEvent } from "@/lib/events/record";
import { cleanText, readArea, readFlag, readRoomAddress } from "@/lib/imports/sheet/cells";
import { cellOf, columnNames, matchColumns, type ColumnMapping, type ColumnSpec } from "@/lib/imports/sheet/columns";
import type { Sheet } from "@/lib/imports/sheet/read";
import { nextFreeCode, readBuildingName, readEntrance, readGridName } from "./names";
import { unitOfWork } from "@/db/unit-of-work";
import { first } from "@/db/query";
import { isPgHandle } from "@/db/pg/engine";

export type EstateColumn = "grid" | "building" | "entrance" | "unit" | "area" | "developerHeld";

/**
 * The estate file's columns, canonical (template) name first, then the synonyms property firms and
 * housing offices use. 楼栋 is optional because 房号 may carry the whole address ("3-2-1502").
 */
export const estateColumns: ColumnSpec<EstateColumn> = {
  grid: { names: ["网格", "网格编号", "网格名称", "所属网格", "网格号", "grid"], required: true },
  building: { names: ["楼栋", "楼栋编号", "楼号", "栋号", "楼栋名称", "楼栋号", "楼宇", "楼幢", "幢号", "building"], required: false },
  entrance: { names: ["单元", "单元号", "单元编号", "entrance"], required: false },
  unit: { names: ["房号", "室号", "房间号", "房屋编号", "门牌号", "房屋", "房间", "户号", "unit", "room"], required: true },
  area: { names: ["专有面积", "建筑面积", "面积", "套内面积", "产权面积", "专有部分面积", "area"], required: true },
  developerHeld: { names: ["开发商持有", "是否开发商持有", "开发商", "未售", "developerheld"], required: false },
};

/** Area bounds of a unit, in hundredths of a m²: above 0, at most 10,000 m² (beyond is a typo, not a flat). */
export const AREA_MAX_HUNDREDTHS = 1_000_000;
/** Refused rows and changed units listed in the report; the counts always cover all of them. */
export const REPORT_MAX_ROWS = 500;
const YIELD_EVERY = 5_000;

export type RefusedRow = { line: number; column: EstateColumn | "row"; reason: string; params?: Record<string, string | number>; value?: string };
export type UnitChange = { line: number; grid: string; building: string; unit: string; areaBefore: number; areaAfter: number; heldBefore: boolean; heldAfter: boolean };
export type EstateCounts = {
  rows: number;
  refusedRows: number;
  grids: { created: number; unchanged: number };
  buildings: { created: number; unchanged: number };
  units: { created: number; updated: number; unchanged: number };
};
export type EstateImportResult = {
  dryRun: boolean;
  /** true once written (or nothing needed writing); false for a dry run and for a file with refused rows. */
  committed: boolean;
  /** The imports row of this commit; null for a dry run, a refused file, or a commit that changed nothing. */
  importId: number | null;
  noChanges: boolean;
  communityId: number;
  fileName: string;
  format: Sheet["format"];
  counts: EstateCounts;
  newGrids: { code: string; name: string }[];
  newBuildings: { grid: string; code: string; name: string }[];
  refused: RefusedRow[];
  refusedMore: number;
  changes: UnitChange[];
  changesMore: number;
};

const mappingSchema = z.partialRecord(z.enum(["grid", "building", "entrance", "unit", "area", "developerHeld"]), z.number().int().min(0).max(999)).optional();
const optionsSchema = z.object({
  communityId: z.number().int().positive().optional(),
  mapping: mappingSchema,
  dryRun: z.boolean(),
  source: z.string().trim().max(200, { error: "textTooLong" }).optional(),
});
export type EstateImportOptions = z.input<typeof optionsSchema> & { sheet: Sheet };

/** The community an estate import writes to (unit.manage: its community admins), 403 otherwise. Routes call it before reading the file. */
export function estateCommunity(ctx: ActorCtx, communityId?: number): number {
  return resolveCommunity(ctx.actor, "unit.manage", communityId);
}

/** The columns found in a file, or the 422 naming the missing ones and every expected column. */
export function estateMapping(sheet: Pick<Sheet, "header">, manual?: ColumnMapping<EstateColumn>) {
  return matchColumns(sheet.header, estateColumns, manual);
}
export function columnsMissingError(missing: EstateColumn[]) {
  const fields = Object.fromEntries(missing.map((k) => [`columns.${k}`, "columnMissing"]));
  return invalid("columnsMissing", fields, { missing: columnNames(estateColumns, missing), expected: columnNames(estateColumns, ["grid", "building", "unit", "area"]) });
}

type GridRef = { id: number | null; key: string; code: string; name: string; created: boolean };
type BuildingRef = { id: number | null; key: string; grid: GridRef; code: string; name: string; created: boolean };
type UnitRow = { id: number; buildingId: number; number: string; areaHundredths: number; developerHeld: boolean };

/**
 * Imports an estate — grids, buildings, units with their exclusive areas and developer-held flags —
 * from a file already read by readSheet. Every row is checked first, against the community's grids,
 * buildings and units read once into maps (no query per row: 100,000 units take seconds). A dry run
 * returns the report; a commit writes all of it in one transaction, or — if any row is refused —
 * nothing, returning the same report. Grids and buildings named in the file are created if new;
 * a unit already there (same building and room) is updated when its area or flag differs, and left
 * alone otherwise, so importing the same file twice changes nothing. A file without a 开发商持有
 * column leaves existing units' flags as they are.
 */
export async function importEstate(ctx: ActorCtx, options: EstateImportOptions, onProgress?: (done: number, total: number) => void): Promise<EstateImportResult> {
  const { sheet } = options;
  const input = optionsSchema.parse({ communityId: options.communityId, mapping: options.mapping, dryRun: options.dryRun, source: options.source });
  const { db, actor } = ctx;
  const communityId = estateCommunity(ctx, input.communityId);
  const { mapping, missing } = estateMapping(sheet, input.mapping);
  if (missing.length > 0) throw columnsMissingError(missing);
  const hasFlagColumn = mapping.developerHeld !== undefined;

  // ── Everything the rows are checked against, read once and scoped to this community.
  const gridRows = await db.select({ id: grids.id, code: grids.code, name: grids.name }).from(grids).where(eq(grids.communityId, communityId));
  const gridCodes = new Set(gridRows.map((g) => g.code));
  const gridByCode = new Map<string, GridRef>();
  const gridByName = new Map<string, GridRef>();
  for (const g of gridRows) {
    const ref: GridRef = { id: g.id, key: `g${g.id}`, code: g.code, name: g.name, created: false };
    gridByCode.set(g.code, ref);
    gridByName.set(cleanText(g.name), ref);
  }
  // Grids of the other communities this admin runs: a file meant for one of those is refused, not merged here.
  const otherIds = communitiesWhere(actor, "unit.manage").filter((id) => id !== communityId);
  const foreignGrid = new Map<string, string>();
  if (otherIds.length > 0) {
    for (const g of await db
      .select({ name: grids.name, community: communities.name })
      .from(grids)
      .innerJoin(communities, eq(grids.communityId, communities.id))
      .where(inArray(grids.communityId, otherIds))) {
      foreignGrid.set(cleanText(g.name), g.community);
    }
  }
  const buildingRows = await db
    .select({ id: buildings.id, gridId: buildings.gridId, code: buildings.code, name: buildings.name })
    .from(buildings)
    .innerJoin(grids, eq(buildings.gridId, grids.id))
    .where(eq(grids.communityId, communityId));
  const buildingByCode = new Map<string, BuildingRef>();
  const buildingByName = new Map<string, BuildingRef>();
  const buildingCodes = new Map<string, Set<string>>();
  const gridById = new Map(gridRows.map((g) => [g.id, gridByCode.get(g.code)!]));
  for (const b of buildingRows) {
    const grid = gridById.get(b.gridId)!;
    const ref: BuildingRef = { id: b.id, key: `b${b.id}`, grid, code: b.code, name: b.name, created: false };
    buildingByCode.set(`${grid.key}|${b.code}`, ref);
    buildingByName.set(`${grid.key}|${cleanText(b.name)}`, ref);
    if (!buildingCodes.has(grid.key)) buildingCodes.set(grid.key, new Set());
    buildingCodes.get(grid.key)!.add(b.code);
  }
  const unitByKey = new Map<string, UnitRow>();
  for (const u of await db
    .select({ id: units.id, buildingId: units.buildingId, number: units.number, areaHundredths: units.areaHundredths, developerHeld: units.developerHeld })
    .from(units)
    .innerJoin(buildings, eq(units.buildingId, buildings.id))
    .innerJoin(grids, eq(buildings.gridId, grids.id))
    .where(eq(grids.communityId, communityId))) {
    unitByKey.set(`b${u.buildingId}|${u.number}`, u);
  }

  // ── Check every row.
  const refused: RefusedRow[] = [];
  let refusedRows = 0;
  const refuse = (r: RefusedRow) => {
    refusedRows++;
    if (refused.length < REPORT_MAX_ROWS) refused.push(r);
  };
  const newGrids: GridRef[] = [];
  const newBuildings: BuildingRef[] = [];
  const usedGrids = new Set<GridRef>();
  const usedBuildings = new Set<BuildingRef>();
  const creates: { building: BuildingRef; number: string; areaHundredths: number; developerHeld: boolean }[] = [];
  const updates: { id: number; areaHundredths: number; developerHeld: boolean }[] = [];
  const changes: UnitChange[] = [];
  let unchanged = 0;
  const firstLine = new Map<string, number>();
  const total = sheet.rows.length;

  const gridFor = (cell: string): GridRef | RefusedRow["reason"] => {
    const read = readGridName(cell);
    if (!read) return "gridRequired";
    const known = read.code !== null ? gridByCode.get(read.code) : gridByName.get(read.name);
    if (known) return known;
    if (read.code === null && foreignGrid.has(read.name)) return "gridOtherCommunity";
    const code = read.code ?? nextFreeCode(gridCodes);
    if (code === null) return "gridCodesUsedUp";
    gridCodes.add(code);
    const ref: GridRef = { id: null, key: `new-g${newGrids.length}`, code, name: read.name, created: true };
    gridByCode.set(code, ref);
    gridByName.set(read.name, ref);
    newGrids.push(ref);
    return ref;
  };
  const buildingFor = (grid: GridRef, cell: string): BuildingRef | RefusedRow["reason"] => {
    const read = readBuildingName(cell);
    if (!read) return "buildingRequired";
    const known = read.code !== null ? buildingByCode.get(`${grid.key}|${read.code}`) : buildingByName.get(`${grid.key}|${read.name}`);
    if (known) return known;
    if (!buildingCodes.has(grid.key)) buildingCodes.set(grid.key, new Set());
    const codes = buildingCodes.get(grid.key)!;
    const code = read.code ?? nextFreeCode(codes);
    if (code === null) return "buildingCodesUsedUp";
    codes.add(code);
    const ref: BuildingRef = { id: null, key: `new-b${newBuildings.length}`, grid, code, name: read.name, created: true };
    buildingByCode.set(`${grid.key}|${code}`, ref);
    buildingByName.set(`${grid.key}|${read.name}`, ref);
    newBuildings.push(ref);
    return ref;
  };

  for (let i = 0; i < total; i++) {
    if (onProgress && i % 1000 === 0) onProgress(i, total);
    // Lets a streaming route send its progress lines while a large file is checked.
    if (i > 0 && i % YIELD_EVERY === 0) await new Promise<void>((resolve) => setImmediate(resolve));
    const row = sheet.rows[i]!;
    const line = row.line;
    if (row.malformed) {
      refuse({ line, column: "row", reason: "rowMalformed" });
      continue;
    }
    const cell = (k: EstateColumn) => cellOf(row.cells, mapping, k);
    const problems: RefusedRow[] = [];

    // The room, and whatever address it carries ("3-2-1502", "3栋2单元1502室").
    const roomCell = cleanText(cell("unit"));
    const address = readRoomAddress(roomCell);
    let room = address?.unit ?? roomCell.replace(/ /g, "");
    let buildingCell = cleanText(cell("building"));
    let gridCell = cleanText(cell("grid"));
    if (address?.building !== undefined) {
      const fromColumn = buildingCell ? readBuildingName(buildingCell) : null;
      const fromAddress = readBuildingName(address.building)!;
      if (fromColumn && (fromColumn.code ?? fromColumn.name) !== (fromAddress.code ?? fromAddress.name)) {
        problems.push({ line, column: "unit", reason: "addressBuildingMismatch", value: roomCell, params: { building: buildingCell } });
      } else buildingCell ||= address.building;
    }
    if (address?.grid !== undefined) {
      const fromColumn = gridCell ? readGridName(gridCell) : null;
      const fromAddress = readGridName(address.grid)!;
      if (fromColumn && (fromColumn.code ?? fromColumn.name) !== (fromAddress.code ?? fromAddress.name)) {
        problems.push({ line, column: "unit", reason: "addressGridMismatch", value: roomCell, params: { grid: gridCell } });
      } else gridCell ||= address.grid;
    }
    const entrance = readEntrance(cell("entrance"));
    if (entrance && !room.includes("-")) room = `${entrance}-${room}`;
    if (!roomCell) problems.push({ line, column: "unit", reason: "unitNumberRequired" });
    else if (room.length > 20 || /\s/.test(room)) problems.push({ line, column: "unit", reason: "unitNumberFormat", value: roomCell });

    const areaCell = cleanText(cell("area"));
    const area = readArea(areaCell);
    if (!areaCell) problems.push({ line, column: "area", reason: "areaRequired" });
    else if (area === null) problems.push({ line, column: "area", reason: "areaNotNumber", value: areaCell });
    else if (area <= 0 || area > AREA_MAX_HUNDREDTHS) problems.push({ line, column: "area", reason: "areaOutOfRange", value: areaCell });

    const flagCell = cleanText(cell("developerHeld"));
    const held = readFlag(flagCell);
    if (held === null) problems.push({ line, column: "developerHeld", reason: "flagInvalid", value: flagCell });

    // Grids and buildings are only looked up (and planned) for rows whose cells read well, so a typo row creates nothing.
    let building: BuildingRef | null = null;
    if (problems.length === 0) {
      const grid = gridFor(gridCell);
      if (typeof grid === "string") problems.push({ line, column: "grid", reason: grid, ...(gridCell ? { value: gridCell } : {}) });
      else {
        const b = buildingFor(grid, buildingCell);
        if (typeof b === "string") problems.push({ line, column: "building", reason: b, ...(buildingCell ? { value: buildingCell } : {}) });
        else building = b;
      }
    }
    if (building) {
      const key = `${building.key}|${room}`;
      const first = firstLine.get(key);
      if (first !== undefined) problems.push({ line, column: "unit", reason: "duplicateRow", params: { line: first }, value: roomCell });
      else firstLine.set(key, line);
    }
    if (problems.length > 0 || !building) {
      refusedRows++;
      for (const p of problems) if (refused.length < REPORT_MAX_ROWS) refused.push(p);
      continue;
    }
    usedGrids.add(building.grid);
    usedBuildings.add(building);
    const areaHundredths = area!;
    const existing = building.id !== null ? unitByKey.get(`${building.key}|${room}`) : undefined;
    if (!existing) {
      creates.push({ building, number: room, areaHundredths, developerHeld: held ?? false });
      continue;
    }
    const heldAfter = hasFlagColumn ? held! : existing.developerHeld;
    if (existing.areaHundredths === areaHundredths && existing.developerHeld === heldAfter) {
      unchanged++;
      continue;
    }
    updates.push({ id: existing.id, areaHundredths, developerHeld: heldAfter });
    if (changes.length < REPORT_MAX_ROWS) {
      changes.push({ line, grid: building.grid.name, building: building.name, unit: room, areaBefore: existing.areaHundredths, areaAfter: areaHundredths, heldBefore: existing.developerHeld, heldAfter });
    }
  }
  onProgress?.(total, total);

  const counts: EstateCounts = {
    rows: total,
    refusedRows,
    grids: { created: newGrids.length, unchanged: [...usedGrids].filter((g) => !g.created).length },
    buildings: { created: newBuildings.length, unchanged: [...usedBuildings].filter((b) => !b.created).length },
    units: { created: creates.length, updated: updates.length, unchanged },
  };
  const noChanges = newGrids.length + newBuildings.length + creates.length + updates.length === 0;
  const result: EstateImportResult = {
    dryRun: input.dryRun,
    committed: false,
    importId: null,
    noChanges,
    communityId,
    fileName: sheet.fileName,
    format: sheet.format,
    counts,
    newGrids: newGrids.slice(0, REPORT_MAX_ROWS).map((g) => ({ code: g.code, name: g.name })),
    newBuildings: newBuildings.slice(0, REPORT_MAX_ROWS).map((b) => ({ grid: b.grid.name, code: b.code, name: b.name })),
    refused,
    refusedMore: countProblems(refusedRows, refused),
    changes,
    changesMore: updates.length - changes.length,
  };
  if (input.dryRun || refusedRows > 0) return result;
  // The write below goes through SQLite's prepared statements (a bulk write at 150,000 rows); on
  // PostgreSQL the check above still runs, the write is refused plainly rather than failing.
  if (isPgHandle(db)) throw new AppError("conflict", "importNotOnPostgres");
  if (noChanges) return { ...result, committed: true };

  // ── Commit: all of it in one transaction, or nothing.
  const importId = await mapUniqueClash(
    async () =>
      await unitOfWork(db, async (tx) => {
        for (const g of newGrids) {
          g.id = (await first(tx.insert(grids).values({ communityId, code: g.code, name: g.name }).returning({ id: grids.id }))).id;
        }
        for (const b of newBuildings) {
          b.id = (await first(tx.insert(buildings).values({ gridId: b.grid.id!, code: b.code, name: b.name }).returning({ id: buildings.id }))).id;
        }
        // One prepared statement run per unit: for 100,000 rows several times faster than drizzle
        // building multi-row INSERTs, which matters because the transaction holds the event loop.
        const insert = tx.$client.prepare("INSERT INTO units (building_id, number, area_hundredths, developer_held) VALUES (?, ?, ?, ?)");
        for (const u of creates) insert.run(u.building.id!, u.number, u.areaHundredths, u.developerHeld ? 1 : 0);
        // One prepared statement for all the changed units: drizzle would build the SQL again per row.
        const update = tx.$client.prepare("UPDATE units SET area_hundredths = ?, developer_held = ? WHERE id = ?");
        for (const u of updates) update.run(u.areaHundredths, u.developerHeld ? 1 : 0, u.id);
        const summary = {
          rows: total,
          gridsCreated: counts.grids.created,
          buildingsCreated: counts.buildings.created,
          unitsCreated: counts.units.created,
          unitsUpdated: counts.units.updated,
          unitsUnchanged: counts.units.unchanged,
        };
        const id = (await first(tx
          .insert(imports)
          .values({ communityId, kind: "estate", source: input.source ?? "", fileName: sheet.fileName.slice(0, 200), fileSha256: sheet.sha256, format: sheet.format, summary, importedBy: actor.personId })
          .returning({ id: imports.id }))).id;
        await recordEvent(tx, { actorId: actor.personId, kind: "estate.imported", subjectType: "community", subjectId: communityId, data: { importId: id, ...summary } });
        return id;
      }),
    // Someone added the same grid, building or unit while this file was being checked: check again.
    () => new AppError("conflict", "importConflict"),
  );
  return { ...result, committed: true, importId };
}

/** Refused rows beyond those listed (a row may list several problems, so count rows, not entries). */
function countProblems(refusedRows: number, listed: RefusedRow[]): number {
  return refusedRows - new Set(listed.map((r) => r.line)).size;
}
