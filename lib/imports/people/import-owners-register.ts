import "server-only";
import type { ActorCtx } from "@/lib/context";
import { readStanding, splitUnits, type Claim } from "@/lib/domain/register-rules";
import { cleanText } from "@/lib/imports/sheet/cells";
import type { OnProgress } from "@/lib/imports/sheet/progress";
import type { Sheet } from "@/lib/imports/sheet/read";
import type { CommunityPlaces } from "./places";
import { runPeopleImport, type PeopleImportResult, type PeopleSheetKind } from "./run-import";

/** Columns of a people file naming units: one 房号 cell holding the whole address, or 网格/楼栋/房号. */
export const personColumns = {
  name: { names: ["姓名", "业主姓名", "住户姓名", "名字", "产权人姓名", "name"], required: true },
  phone: { names: ["手机号", "联系电话", "手机", "电话", "手机号码", "联系方式", "mobile", "phone"], required: true },
  grid: { names: ["网格", "网格编号", "网格名称", "grid"], required: false },
  building: { names: ["楼栋", "楼栋编号", "楼号", "栋号", "楼栋号", "building"], required: false },
  unit: { names: ["房号", "室号", "房屋", "房间号", "门牌号", "房屋地址", "地址", "住址", "unit", "room"], required: true },
} as const;

/**
 * The units a row names: each address of the 房号 cell ("3-2-1502、3-2-1503"), in the row's
 * 网格/楼栋 when the file has those columns. Returns the units, or the message key of the first
 * address that names none.
 */
export function unitsOfRow(places: CommunityPlaces, grid: string, building: string, unitCell: string): number[] | string {
  const found: number[] = [];
  for (const room of splitUnits(unitCell)) {
    const u = places.resolve(grid, building, room);
    if (typeof u === "string") return u;
    if (!found.includes(u)) found.push(u);
  }
  return found.length > 0 ? found : "importUnitMissing";
}

const ownersColumns = {
  ...personColumns,
  standing: { names: ["身份", "类型", "身份类型", "业主类型", "产权类型", "权属", "role"], required: false },
} as const;
type OwnersColumn = keyof typeof ownersColumns;

export const ownersRegister: PeopleSheetKind<OwnersColumn> = {
  kind: "ownersRegister",
  columns: ownersColumns,
  ownerConflicts: true,
  readRow(cell, _line, places) {
    const standing = readStanding(cell("standing"));
    if (!standing) return { reason: "importStandingUnknown", column: "standing" };
    if (standing === "developerRep") {
      // The representative votes the developer's units; units on their row, if any, must be developer-held.
      if (!cleanText(cell("unit"))) return { claims: [], developerRep: true };
      const ids = unitsOfRow(places, cell("grid"), cell("building"), cell("unit"));
      if (typeof ids === "string") return { reason: ids, column: "unit" };
      if (ids.some((id) => !places.unit.get(id)!.developerHeld)) return { reason: "importRepUnitNotDeveloperHeld", column: "unit" };
      return { claims: [], developerRep: true };
    }
    const ids = unitsOfRow(places, cell("grid"), cell("building"), cell("unit"));
    if (typeof ids === "string") return { reason: ids, column: "unit" };
    const claims: Claim[] = ids.map((unitId) => ({ role: "owner", unitId, gridId: places.unit.get(unitId)!.gridId, organisationId: null }));
    return { claims, developerRep: false };
  },
};

/**
 * Imports an owners' register (业主名册): name, mobile number, the unit or units each person owns
 * (co-owners are the people a register lists on the same unit), and the developer's representative
 * (身份 开发商代表). People are matched by mobile number; new ones are created verified by this
 * register with no password until they activate. Staff see a dry run first; see runPeopleImport.
 */
export async function importOwnersRegister(ctx: ActorCtx, raw: unknown, sheet: Sheet, onProgress?: OnProgress): Promise<PeopleImportResult> {
  return runPeopleImport(ctx, ownersRegister, raw, sheet, onProgress);
}
