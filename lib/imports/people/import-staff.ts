import "server-only";
import type { ActorCtx } from "@/lib/context";
import { organisationKindOfRole, roleMayHaveGrid, scopeNeeds } from "@/lib/admin/role-needs";
import type { Claim } from "@/lib/domain/register-rules";
import { cleanText } from "@/lib/imports/sheet/cells";
import type { OnProgress } from "@/lib/imports/sheet/progress";
import type { Sheet } from "@/lib/imports/sheet/read";
import { readStaffRole } from "./staff-roles";
import { runPeopleImport, type PeopleImportResult, type PeopleSheetKind } from "./run-import";

const staffColumns = {
  name: { names: ["姓名", "名字", "name"], required: true },
  phone: { names: ["手机号", "联系电话", "手机", "电话", "手机号码", "联系方式", "mobile", "phone"], required: true },
  role: { names: ["角色", "职务", "岗位", "身份", "role"], required: true },
  grid: { names: ["网格", "网格编号", "网格名称", "所属网格", "grid"], required: false },
  organisation: { names: ["单位", "所属单位", "组织", "公司", "物业公司", "organisation"], required: false },
} as const;

/**
 * A staff and roles sheet (工作人员): 网格长, 网格员, 督导员, 物业, 业委会 (智囊团 too) with their
 * scopes, by the same rules as the role form (lib/admin/role-needs): grid roles need a 网格, a
 * supervisor may have one, organisation roles need a 单位 that already exists in the community.
 * Decisions:
 * - Community admins are not imported: an admin controls the whole community (imports, roles,
 *   accounts); that right is given one person at a time on the person page or by setup, never by
 *   a file passed around by e-mail. Such a row is refused with its reason.
 * - Organisations are not created from a sheet: their names are typed by hand, and a typo would
 *   quietly create a second property firm whose staff hold rights in the community. An unknown
 *   单位 is refused; staff add the organisation on its page first.
 */
export const staffSheet: PeopleSheetKind<keyof typeof staffColumns> = {
  kind: "staff",
  columns: staffColumns,
  ownerConflicts: false,
  readRow(cell, _line, places) {
    const role = readStaffRole(cell("role"));
    if (role === "communityAdmin") return { reason: "importAdminNotAllowed", column: "role" };
    if (role == null || scopeNeeds(role) === "unit") return { reason: "importRoleUnknown", column: "role" };
    const claim: Claim = { role, unitId: null, gridId: null, organisationId: null };
    const orgKind = organisationKindOfRole[role];
    if (orgKind) {
      const org = places.organisation(cell("organisation"), orgKind);
      if (typeof org === "string") return { reason: org, column: "organisation" };
      claim.organisationId = org;
    } else if (scopeNeeds(role) === "grid" || (roleMayHaveGrid(role) && cleanText(cell("grid")))) {
      if (!cleanText(cell("grid"))) return { reason: "roleNeedsGrid", column: "grid" };
      const grid = places.grid(cell("grid"));
      if (typeof grid === "string") return { reason: grid, column: "grid" };
      claim.gridId = grid;
    }
    return { claims: [claim], developerRep: false };
  },
};

/** Imports staff and their roles from a sheet, matched and verified as an owners' register is. */
export async function importStaff(ctx: ActorCtx, raw: unknown, sheet: Sheet, onProgress?: OnProgress): Promise<PeopleImportResult> {
  return runPeopleImport(ctx, staffSheet, raw, sheet, onProgress);
}
