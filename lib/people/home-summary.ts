import { eq, inArray } from "drizzle-orm";
import { buildings, communities, grids, organisations, people, units } from "@/db/schema";
import { gridsWhere } from "@/lib/auth/policy";
import type { Ctx } from "@/lib/context";
import { listPendingRegistrations } from "./list-registrations";
import { first } from "@/db/query";

/** What a signed-in person's home page shows: who they are, where, and what awaits them. */
export async function homeSummary(ctx: Ctx) {
  const { db, actor } = ctx;
  if (!actor) return null;
  const person = await first(db
    .select({ rejectReason: people.rejectReason, claimedUnitId: people.claimedUnitId })
    .from(people)
    .where(eq(people.id, actor.personId)));

  const gridIds = [...new Set(actor.roles.map((r) => r.gridId).filter((g): g is number => g != null))];
  const unitIds = [...new Set([...actor.roles.map((r) => r.unitId), person?.claimedUnitId].filter((u): u is number => u != null))];
  const orgIds = [...new Set(actor.roles.map((r) => r.organisationId).filter((o): o is number => o != null))];
  const communityIds = [...new Set(actor.roles.map((r) => r.communityId))];

  const gridRows = gridIds.length
    ? await db.select({ id: grids.id, name: grids.name, code: grids.code, councilDay: grids.councilDay }).from(grids).where(inArray(grids.id, gridIds))
    : [];
  const unitRows = unitIds.length
    ? await db
        .select({ id: units.id, number: units.number, areaHundredths: units.areaHundredths, buildingName: buildings.name, gridName: grids.name })
        .from(units)
        .innerJoin(buildings, eq(units.buildingId, buildings.id))
        .innerJoin(grids, eq(buildings.gridId, grids.id))
        .where(inArray(units.id, unitIds))
    : [];
  const orgRows = orgIds.length ? await db.select({ id: organisations.id, name: organisations.name }).from(organisations).where(inArray(organisations.id, orgIds)) : [];
  const communityRows = communityIds.length ? await db.select({ id: communities.id, name: communities.name }).from(communities).where(inArray(communities.id, communityIds)) : [];

  const byId = <T extends { id: number }>(rows: T[]) => new Map(rows.map((r) => [r.id, r]));
  const gridMap = byId(gridRows);
  const unitMap = byId(unitRows);
  const orgMap = byId(orgRows);
  const communityMap = byId(communityRows);

  const reviewGrids = await gridsWhere(actor, "registration.review", async (c) => (await db.select({ id: grids.id }).from(grids).where(eq(grids.communityId, c))).map((g) => g.id));

  return {
    rejectReason: person?.rejectReason ?? null,
    claimedUnit: person?.claimedUnitId ? (unitMap.get(person.claimedUnitId) ?? null) : null,
    roles: actor.roles.map((r) => ({
      id: r.id,
      role: r.role,
      community: communityMap.get(r.communityId)?.name ?? "",
      grid: r.gridId ? (gridMap.get(r.gridId)?.name ?? null) : null,
      unit: r.unitId ? (unitMap.get(r.unitId) ?? null) : null,
      organisation: r.organisationId ? (orgMap.get(r.organisationId)?.name ?? null) : null,
    })),
    grids: gridRows,
    pendingRegistrations: reviewGrids.length ? (await listPendingRegistrations({ db, actor })).length : null,
  };
}
