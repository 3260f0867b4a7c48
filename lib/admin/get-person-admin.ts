import { and, asc, eq, inArray, sql } from "drizzle-orm";
import { alias } from "drizzle-orm/sqlite-core";
import {
  buildings,
  communities,
  grids,
  imports,
  organisations,
  people,
  roles,
  units,
  type OrganisationKind,
  type PersonStatus,
  type RoleKind,
} from "@/db/schema";
import type { ActorCtx } from "@/lib/context";
import { notFound } from "@/lib/errors";
import { personRef } from "@/lib/validation/admin";
import { adminCommunityIds, personInCommunities } from "./scope";
import { first } from "@/db/query";

export type AdminRoleRow = {
  id: number;
  role: RoleKind;
  communityId: number;
  communityName: string;
  gridId: number | null;
  gridCode: string | null;
  gridName: string | null;
  unitId: number | null;
  unitNumber: string | null;
  buildingName: string | null;
  organisationId: number | null;
  organisationName: string | null;
  organisationKind: OrganisationKind | null;
};

export type AdminPersonDetail = {
  person: {
    id: number;
    name: string;
    phone: string;
    displayNumber: string;
    status: PersonStatus;
    createdAt: Date;
    /** False for someone brought in from a register who has not set a password yet (未激活). */
    activated: boolean;
    /** The import that verified them (由名册核验): its source, file and time; null when staff or nobody did. */
    verifiedBy: { importId: number; kind: string; source: string; fileName: string; at: Date } | null;
  };
  /** Roles in the admin's communities only: what the person does elsewhere is not this admin's to see. */
  roles: AdminRoleRow[];
};

/** One person of the admin's community with the roles they hold there. */
export async function getPersonAdmin(ctx: ActorCtx, raw: unknown): Promise<AdminPersonDetail> {
  const input = personRef.parse(raw);
  const { db, actor } = ctx;
  const allowed = adminCommunityIds(actor, "person.manage");
  const found = await first(db
    .select({
      id: people.id,
      name: people.name,
      phone: people.phone,
      displayNumber: people.displayNumber,
      status: people.status,
      createdAt: people.createdAt,
      // Whether a password is set, never the hash itself.
      activated: sql<boolean>`${people.passwordHash} is not null`.mapWith(Boolean),
      verifiedByImportId: people.verifiedByImportId,
    })
    .from(people)
    .where(and(eq(people.id, input.personId), personInCommunities(allowed))));
  if (!found) throw notFound("personNotFound");
  const { verifiedByImportId, ...rest } = found;
  const imp =
    verifiedByImportId != null
      ? await first(db.select({ importId: imports.id, kind: imports.kind, source: imports.source, fileName: imports.fileName, at: imports.createdAt }).from(imports).where(eq(imports.id, verifiedByImportId))) ?? null
      : null;
  const person = { ...rest, verifiedBy: imp };

  // A role's grid may come from its unit or stand alone: join the grid by id, the unit's building separately.
  const unitBuilding = alias(buildings, "unit_building");
  const rows = await db
    .select({
      id: roles.id,
      role: roles.role,
      communityId: roles.communityId,
      communityName: communities.name,
      gridId: roles.gridId,
      gridCode: grids.code,
      gridName: grids.name,
      unitId: roles.unitId,
      unitNumber: units.number,
      buildingName: unitBuilding.name,
      organisationId: roles.organisationId,
      organisationName: organisations.name,
      organisationKind: organisations.kind,
    })
    .from(roles)
    .innerJoin(communities, eq(roles.communityId, communities.id))
    .leftJoin(grids, eq(roles.gridId, grids.id))
    .leftJoin(units, eq(roles.unitId, units.id))
    .leftJoin(unitBuilding, eq(units.buildingId, unitBuilding.id))
    .leftJoin(organisations, eq(roles.organisationId, organisations.id))
    .where(and(eq(roles.personId, person.id), inArray(roles.communityId, allowed)))
    .orderBy(asc(roles.id));
  return { person, roles: rows };
}
