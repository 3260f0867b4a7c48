import { asc, eq, sql } from "drizzle-orm";
import { buildings, grids, units } from "@/db/schema";
import { authorize } from "@/lib/auth/policy";
import type { ActorCtx } from "@/lib/context";
import { communityQuery } from "@/lib/validation/admin";
import { communityInfo, type AdminCommunity } from "./list-admin-communities";
import { resolveCommunity } from "./scope";
import { qualifiedId } from "./sql";

export type AdminGridRow = {
  id: number;
  code: string;
  name: string;
  councilDay: number | null;
  cosignThreshold: number;
  buildingCount: number;
  unitCount: number;
};

/** The grids of the admin's community, with how many buildings and units each holds. */
export async function listGridsAdmin(ctx: ActorCtx, raw: unknown): Promise<{ community: AdminCommunity; grids: AdminGridRow[] }> {
  const input = communityQuery.parse(raw);
  const { db, actor } = ctx;
  const communityId = resolveCommunity(actor, "grid.manage", input.communityId);
  authorize(actor, "grid.manage", { communityId });
  const rows = await db
    .select({
      id: grids.id,
      code: grids.code,
      name: grids.name,
      councilDay: grids.councilDay,
      cosignThreshold: grids.cosignThreshold,
      buildingCount: sql<number>`(select count(*) from ${buildings} b where b.grid_id = ${qualifiedId(grids)})`,
      unitCount: sql<number>`(select count(*) from ${units} u join ${buildings} b on u.building_id = b.id where b.grid_id = ${qualifiedId(grids)})`,
    })
    .from(grids)
    .where(eq(grids.communityId, communityId))
    .orderBy(asc(grids.code));
  return { community: await communityInfo(db, communityId), grids: rows };
}
