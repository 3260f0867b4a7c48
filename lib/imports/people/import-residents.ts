import "server-only";
import type { ActorCtx } from "@/lib/context";
import type { OnProgress } from "@/lib/imports/sheet/progress";
import type { Sheet } from "@/lib/imports/sheet/read";
import { personColumns, unitsOfRow } from "./import-owners-register";
import { runPeopleImport, type PeopleImportResult, type PeopleSheetKind } from "./run-import";

export const residentsList: PeopleSheetKind<keyof typeof personColumns> = {
  kind: "residents",
  columns: personColumns,
  // A residents' list says who lives where: it never makes anyone an owner, nor takes a unit from one.
  ownerConflicts: false,
  readRow(cell, _line, places) {
    const ids = unitsOfRow(places, cell("grid"), cell("building"), cell("unit"));
    if (typeof ids === "string") return { reason: ids, column: "unit" };
    return { claims: ids.map((unitId) => ({ role: "resident" as const, unitId, gridId: places.unit.get(unitId)!.gridId, organisationId: null })), developerRep: false };
  },
};

/** Imports a residents' list (住户名单): role "resident" on each person's unit, matched and verified as an owners' register is. */
export async function importResidents(ctx: ActorCtx, raw: unknown, sheet: Sheet, onProgress?: OnProgress): Promise<PeopleImportResult> {
  return runPeopleImport(ctx, residentsList, raw, sheet, onProgress);
}
