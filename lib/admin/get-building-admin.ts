import { and, eq, inArray } from "drizzle-orm";
import { buildings, grids, units } from "@/db/schema";
import { authorize } from "@/lib/auth/policy";
import type { ActorCtx } from "@/lib/context";
import { notFound } from "@/lib/errors";
import { buildingRef } from "@/lib/validation/admin";
import { adminCommunityIds } from "./scope";
import { first } from "@/db/query";

export type AdminBuildingDetail = {
  building: {
    id: number;
    code: string;
    name: string;
    floors: number | null;
    gridId: number;
    gridCode: string;
    gridName: string;
    communityId: number;
  };
  units: { id: number; number: string; areaHundredths: number; developerHeld: boolean }[];
  totalAreaHundredths: number;
};

/** One building of the admin's community with its units and their exclusive areas. */
export async function getBuildingAdmin(ctx: ActorCtx, raw: unknown): Promise<AdminBuildingDetail> {
  const input = buildingRef.parse(raw);
  const { db, actor } = ctx;
  const allowed = adminCommunityIds(actor, "unit.manage");
  const building = await first(db
    .select({
      id: buildings.id,
      code: buildings.code,
      name: buildings.name,
      floors: buildings.floors,
      gridId: grids.id,
      gridCode: grids.code,
      gridName: grids.name,
      communityId: grids.communityId,
    })
    .from(buildings)
    .innerJoin(grids, eq(buildings.gridId, grids.id))
    .where(and(eq(buildings.id, input.buildingId), inArray(grids.communityId, allowed))));
  if (!building) throw notFound("buildingNotFound");
  authorize(actor, "unit.manage", { communityId: building.communityId, gridId: building.gridId });
  const rows = (await db
    .select({ id: units.id, number: units.number, areaHundredths: units.areaHundredths, developerHeld: units.developerHeld })
    .from(units)
    .where(eq(units.buildingId, building.id)))
    // "201" before "1001": room numbers sort as people read them, not as text.
    .sort((a, b) => a.number.localeCompare(b.number, "zh-CN", { numeric: true }));
  return { building, units: rows, totalAreaHundredths: rows.reduce((s, u) => s + u.areaHundredths, 0) };
}
