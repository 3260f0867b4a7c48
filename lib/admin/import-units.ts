import { eq } from "drizzle-orm";
import { buildings, grids, units } from "@/db/schema";
import { authorize } from "@/lib/auth/policy";
import type { ActorCtx } from "@/lib/context";
import { AppError, invalid } from "@/lib/errors";
import { recordEvent } from "@/lib/events/record";
import { CSV_MAX_ROWS, importUnitsInput, unitRow } from "@/lib/validation/admin";
import { readCsvRows } from "./csv";
import { resolveCommunity } from "./scope";
import { mapUniqueClash } from "./unique";

export type UnitImportResult = { imported: number; buildings: number };

export type CsvColumn = "grid" | "building" | "unit" | "area" | "developerHeld";

/** Header names accepted for each column, Chinese first; "面积(平方米)" reads as "面积". */
const headerNames: Record<CsvColumn, string[]> = {
  grid: ["网格编号", "grid"],
  building: ["楼栋编号", "building"],
  unit: ["房号", "unit"],
  area: ["面积", "area"],
  developerHeld: ["开发商持有", "developerheld"],
};
const requiredColumns: CsvColumn[] = ["grid", "building", "unit", "area"];
export const CSV_HEADER_ZH = "网格编号,楼栋编号,房号,面积";
export const CSV_HEADER_EN = "grid,building,unit,area";

/** Field-error key of one cell in the report: "rows.<line>.<column>", or "rows.<line>._" for the whole row. */
export const reportKey = (line: number, column: CsvColumn | "_") => `rows.${line}.${column}`;

function columnsOf(header: string[]): (CsvColumn | null)[] | null {
  const cols = header.map((h) => {
    const name = h.toLowerCase().replace(/\(.*\)$/, "").trim();
    return (Object.keys(headerNames) as CsvColumn[]).find((c) => headerNames[c].includes(name)) ?? null;
  });
  const ok = cols.every((c) => c !== null) && new Set(cols).size === cols.length && requiredColumns.every((c) => cols.includes(c));
  return ok ? cols : null;
}

/**
 * Imports the units of a community from CSV, all or nothing. Every row is checked first — the cell
 * rules of a single unit, the grid and building exist in this community (buildings are never
 * created here), the room number is new in its building and not repeated in the file — and if any
 * row is wrong nothing is written: the error lists each bad row by line number and reason.
 */
export function importUnits(ctx: ActorCtx, raw: unknown): UnitImportResult {
  const input = importUnitsInput.parse(raw);
  const { db, actor } = ctx;
  const communityId = resolveCommunity(actor, "unit.manage", input.communityId);
  authorize(actor, "unit.manage", { communityId });

  const rows = readCsvRows(input.csv);
  const [header, ...data] = rows;
  if (!header) throw invalid("csvEmpty", { csv: "csvEmpty" });
  const columns = columnsOf(header.cells);
  if (!columns) {
    throw invalid("csvHeader", { csv: "csvHeader" }, { expected: `${CSV_HEADER_ZH} / ${CSV_HEADER_EN}` });
  }
  if (data.length === 0) throw invalid("csvEmpty", { csv: "csvEmpty" });
  if (data.length > CSV_MAX_ROWS) throw invalid("tooManyRows", { csv: "tooManyRows" }, { max: CSV_MAX_ROWS });

  // Everything the rows are checked against, read once and scoped to this community.
  const gridByCode = new Map(
    db.select({ id: grids.id, code: grids.code }).from(grids).where(eq(grids.communityId, communityId)).all().map((g) => [g.code, g.id]),
  );
  const buildingByKey = new Map(
    db
      .select({ id: buildings.id, code: buildings.code, gridId: buildings.gridId })
      .from(buildings)
      .innerJoin(grids, eq(buildings.gridId, grids.id))
      .where(eq(grids.communityId, communityId))
      .all()
      .map((b) => [`${b.gridId}|${b.code}`, b.id]),
  );
  const taken = new Set(
    db
      .select({ buildingId: units.buildingId, number: units.number })
      .from(units)
      .innerJoin(buildings, eq(units.buildingId, buildings.id))
      .innerJoin(grids, eq(buildings.gridId, grids.id))
      .where(eq(grids.communityId, communityId))
      .all()
      .map((u) => `${u.buildingId}|${u.number}`),
  );

  const problems: Record<string, string> = {};
  const badLines = new Set<number>();
  const report = (line: number, column: CsvColumn | "_", key: string) => {
    problems[reportKey(line, column)] ??= key;
    badLines.add(line);
  };
  const inFile = new Set<string>();
  const good: { buildingId: number; number: string; areaHundredths: number; developerHeld: boolean }[] = [];

  for (const row of data) {
    if (row.malformed) {
      report(row.line, "_", "csvMalformedRow");
      continue;
    }
    // Spreadsheets drop trailing empty cells or add empty ones: a short row reads as blanks
    // (so a missing area is reported as such), only extra cells with content are an error.
    if (row.cells.slice(columns.length).some((c) => c !== "")) {
      report(row.line, "_", "csvColumnCount");
      continue;
    }
    const cells = Object.fromEntries(columns.map((c, i) => [c, row.cells[i] ?? ""]));
    const parsed = unitRow.safeParse(cells);
    if (!parsed.success) {
      for (const issue of parsed.error.issues) report(row.line, (issue.path[0] as CsvColumn | undefined) ?? "_", issue.message);
      continue;
    }
    const r = parsed.data;
    const gridId = gridByCode.get(r.grid);
    if (gridId == null) {
      report(row.line, "grid", "gridNotFound");
      continue;
    }
    const buildingId = buildingByKey.get(`${gridId}|${r.building}`);
    if (buildingId == null) {
      report(row.line, "building", "buildingNotFound");
      continue;
    }
    const key = `${buildingId}|${r.unit}`;
    if (taken.has(key)) {
      report(row.line, "unit", "unitNumberTaken");
      continue;
    }
    if (inFile.has(key)) {
      report(row.line, "unit", "csvDuplicateRow");
      continue;
    }
    inFile.add(key);
    good.push({ buildingId, number: r.unit, areaHundredths: r.area, developerHeld: r.developerHeld });
  }
  if (badLines.size > 0) throw invalid("csvInvalid", problems, { count: badLines.size });

  const buildingCount = new Set(good.map((u) => u.buildingId)).size;
  return mapUniqueClash(
    () =>
      db.transaction((tx) => {
        // Chunks keep each statement well under SQLite's limit on bound variables.
        for (let i = 0; i < good.length; i += 500) tx.insert(units).values(good.slice(i, i + 500)).run();
        recordEvent(tx, {
          actorId: actor.personId,
          kind: "units.imported",
          subjectType: "community",
          subjectId: communityId,
          data: { count: good.length, buildings: buildingCount },
        });
        return { imported: good.length, buildings: buildingCount };
      }),
    () => new AppError("conflict", "unitNumberTaken"),
  );
}
