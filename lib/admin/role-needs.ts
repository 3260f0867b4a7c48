import type { OrganisationKind, RoleKind } from "@/db/schema";

/**
 * Which scope each role needs. Pure, with type-only imports, so the role form in the browser can
 * show the right pickers from the same rule the server enforces (lib/admin/role-scope.ts).
 */
export const organisationKindOfRole: Partial<Record<RoleKind, OrganisationKind>> = {
  propertyFirmStaff: "propertyFirm",
  ownersCommitteeMember: "ownersCommittee",
  thinkTankMember: "thinkTank",
};

export type ScopeNeed = "unit" | "grid" | "organisation" | "community";

export function scopeNeeds(role: RoleKind): ScopeNeed {
  if (role === "resident" || role === "owner") return "unit";
  if (role === "gridChief" || role === "gridWorker") return "grid";
  if (organisationKindOfRole[role]) return "organisation";
  return "community";
}

/** Supervisors may be limited to one grid; community admins are always community-wide. */
export const roleMayHaveGrid = (role: RoleKind) => role === "supervisor";
