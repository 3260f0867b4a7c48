import { and, eq, inArray } from "drizzle-orm";
import type { DB, Tx } from "@/db/client";
import { buildings, communities, grids, organisations, units, type OrganisationKind, type RoleKind } from "@/db/schema";
import type { Actor } from "@/lib/auth/actor";
import { authorize } from "@/lib/auth/policy";
import { invalid } from "@/lib/errors";
import { unitPart, type DisplayNumberParts } from "@/lib/people/display-number";
import type { RoleScopeInput } from "@/lib/validation/admin";
import { organisationKindOfRole, roleMayHaveGrid, scopeNeeds } from "./role-needs";
import { adminCommunityIds, resolveCommunity } from "./scope";
import { first } from "@/db/query";

const missingOrganisationKey: Record<OrganisationKind, string> = {
  propertyFirm: "roleNeedsPropertyFirm",
  ownersCommittee: "roleNeedsOwnersCommittee",
  thinkTank: "roleNeedsThinkTank",
};

export type ResolvedScope = {
  role: RoleKind;
  communityId: number;
  gridId: number | null;
  unitId: number | null;
  organisationId: number | null;
  /** The parts of a display number for someone whose first role this is. */
  displayNumber: DisplayNumberParts;
};

/**
 * Checks a role's scope against the rules and the admin's communities, and fills in what follows
 * from it: a resident's or owner's unit fixes the grid; a grid fixes the community.
 *   resident, owner          → a unit (and its grid)
 *   gridChief, gridWorker    → a grid
 *   propertyFirmStaff …      → an organisation of the matching kind
 *   supervisor               → the community, optionally one grid
 *   communityAdmin           → the community (community-wide: the policy ignores any grid)
 * Scope fields the role does not use are ignored.
 */
export async function resolveRoleScope(db: DB | Tx, actor: Actor, input: RoleScopeInput): Promise<ResolvedScope> {
  const { role } = input;
  const needs = scopeNeeds(role);
  const orgKind = organisationKindOfRole[role];
  // Input first (422), then who is asking (401/403), then the lookups.
  if (needs === "unit" && input.unitId == null) throw invalid("roleNeedsUnit", { unitId: "roleNeedsUnit" });
  if (needs === "grid" && input.gridId == null) throw invalid("roleNeedsGrid", { gridId: "roleNeedsGrid" });
  if (orgKind && input.organisationId == null) {
    throw invalid(missingOrganisationKey[orgKind], { organisationId: missingOrganisationKey[orgKind] });
  }
  const allowed = adminCommunityIds(actor, "person.manage");

  const withinAsked = (communityId: number, field: string) => {
    if (input.communityId != null && input.communityId !== communityId) {
      throw invalid("scopeOutsideCommunity", { [field]: "scopeOutsideCommunity" });
    }
  };
  const communityCode = async (communityId: number) =>
    (await first(db.select({ code: communities.code }).from(communities).where(eq(communities.id, communityId))))!.code;
  const gridOf = async (gridId: number) =>
    await first(db
      .select({ id: grids.id, code: grids.code, communityId: grids.communityId, communityCode: communities.code })
      .from(grids)
      .innerJoin(communities, eq(grids.communityId, communities.id))
      .where(and(eq(grids.id, gridId), inArray(grids.communityId, allowed))));

  let scope: ResolvedScope;
  if (needs === "unit") {
    const unit = await first(db
      .select({
        id: units.id,
        number: units.number,
        buildingCode: buildings.code,
        gridId: grids.id,
        gridCode: grids.code,
        communityId: grids.communityId,
        communityCode: communities.code,
      })
      .from(units)
      .innerJoin(buildings, eq(units.buildingId, buildings.id))
      .innerJoin(grids, eq(buildings.gridId, grids.id))
      .innerJoin(communities, eq(grids.communityId, communities.id))
      .where(and(eq(units.id, input.unitId!), inArray(grids.communityId, allowed))));
    if (!unit) throw invalid("unitNotFound", { unitId: "unitNotFound" });
    if (input.gridId != null && input.gridId !== unit.gridId) throw invalid("unitOutsideGrid", { unitId: "unitOutsideGrid" });
    withinAsked(unit.communityId, "unitId");
    scope = {
      role,
      communityId: unit.communityId,
      gridId: unit.gridId,
      unitId: unit.id,
      organisationId: null,
      displayNumber: { communityCode: unit.communityCode, gridCode: unit.gridCode, role, unitPart: unitPart(unit.buildingCode, unit.number) },
    };
  } else if (needs === "grid") {
    const grid = await gridOf(input.gridId!);
    if (!grid) throw invalid("gridNotFound", { gridId: "gridNotFound" });
    withinAsked(grid.communityId, "gridId");
    scope = {
      role,
      communityId: grid.communityId,
      gridId: grid.id,
      unitId: null,
      organisationId: null,
      displayNumber: { communityCode: grid.communityCode, gridCode: grid.code, role, unitPart: "SQ" },
    };
  } else if (orgKind) {
    const org = await first(db
      .select({ id: organisations.id, kind: organisations.kind, code: organisations.code, communityId: organisations.communityId, communityCode: communities.code })
      .from(organisations)
      .innerJoin(communities, eq(organisations.communityId, communities.id))
      .where(and(eq(organisations.id, input.organisationId!), inArray(organisations.communityId, allowed))));
    if (!org) throw invalid("organisationNotFound", { organisationId: "organisationNotFound" });
    if (org.kind !== orgKind) {
      throw invalid(missingOrganisationKey[orgKind], { organisationId: missingOrganisationKey[orgKind] });
    }
    withinAsked(org.communityId, "organisationId");
    scope = {
      role,
      communityId: org.communityId,
      gridId: null,
      unitId: null,
      organisationId: org.id,
      displayNumber: { communityCode: org.communityCode, gridCode: "00", role, unitPart: org.code },
    };
  } else if (roleMayHaveGrid(role) && input.gridId != null) {
    // A supervisor may be limited to one grid.
    const grid = await gridOf(input.gridId);
    if (!grid) throw invalid("gridNotFound", { gridId: "gridNotFound" });
    withinAsked(grid.communityId, "gridId");
    scope = {
      role,
      communityId: grid.communityId,
      gridId: grid.id,
      unitId: null,
      organisationId: null,
      displayNumber: { communityCode: grid.communityCode, gridCode: grid.code, role, unitPart: "SQ" },
    };
  } else {
    const communityId = resolveCommunity(actor, "person.manage", input.communityId);
    scope = {
      role,
      communityId,
      gridId: null,
      unitId: null,
      organisationId: null,
      displayNumber: { communityCode: await communityCode(communityId), gridCode: "00", role, unitPart: "SQ" },
    };
  }
  authorize(actor, "person.manage", { communityId: scope.communityId, gridId: scope.gridId });
  return scope;
}
