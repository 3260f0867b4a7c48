import { and, asc, eq, inArray, sql } from "drizzle-orm";
import { buildings, communities, grids, units } from "@/db/schema";
import { authorize } from "@/lib/auth/policy";
import type { ActorCtx } from "@/lib/context";
import { notFound } from "@/lib/errors";
import { gridRef } from "@/lib/validation/admin";
import { adminCommunityIds } from "./scope";
import { qualifiedId } from "./sql";
import { first } from "@/db/query";

export type AdminGridDetail = {
  grid: {
    id: number;
    code: string;
    name: string;
    councilDay: number | null;
    cosignThreshold: number;
    communityId: number;
    communityName: string;
  };
  buildings: { id: number; code: string; name: string; floors: number | null; unitCount: number; areaHundredths: number }[];
};

/** One grid of the admin's community with its buildings (微网格). */
export async function getGridAdmin(ctx: ActorCtx, raw: unknown): Promise<AdminGridDetail> {
  const input = gridRef.parse(raw);
  const { db, actor } = ctx;
  const allowed = adminCommunityIds(actor, "building.manage");
  const grid = await first(db
    .select({
      id: grids.id,
      code: grids.code,
      name: grids.name,
      councilDay: grids.councilDay,
      cosignThreshold: grids.cosignThreshold,
      communityId: grids.communityId,
      communityName: communities.name,
    })
    .from(grids)
    .innerJoin(communities, eq(grids.communityId, communities.id))
    .where(and(eq(grids.id, input.gridId), inArray(grids.communityId, allowed))));
  if (!grid) throw notFound("gridNotFound");
  authorize(actor, "building.manage", { communityId: grid.communityId, gridId: grid.id });
  const rows = await db
    .select({
      id: buildings.id,
      code: buildings.code,
      name: buildings.name,
      floors: buildings.floors,
      unitCount: sql<number>`(select count(*) from ${units} u where u.building_id = ${qualifiedId(buildings)})`,
      areaHundredths: sql<number>`(select coalesce(sum(u.area_hundredths), 0) from ${units} u where u.building_id = ${qualifiedId(buildings)})`,
    })
    .from(buildings)
    .where(eq(buildings.gridId, grid.id))
    .orderBy(asc(buildings.code));
  return { grid, buildings: rows };
}
