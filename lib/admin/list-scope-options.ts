import { asc, eq } from "drizzle-orm";
import { buildings, grids, organisations, type OrganisationKind } from "@/db/schema";
import { authorize } from "@/lib/auth/policy";
import type { ActorCtx } from "@/lib/context";
import { communityQuery } from "@/lib/validation/admin";
import { resolveCommunity } from "./scope";

export type ScopeOptions = {
  communityId: number;
  grids: { id: number; code: string; name: string; buildings: { id: number; code: string; name: string }[] }[];
  organisations: { id: number; kind: OrganisationKind; name: string; code: string }[];
};

/**
 * What a role can be scoped to in the admin's community: its grids with their buildings, and its
 * organisations. Units are many; the role form loads them per building from the buildings API.
 */
export async function listScopeOptions(ctx: ActorCtx, raw: unknown): Promise<ScopeOptions> {
  const input = communityQuery.parse(raw);
  const { db, actor } = ctx;
  const communityId = resolveCommunity(actor, "person.manage", input.communityId);
  authorize(actor, "person.manage", { communityId });
  const gridRows = await db
    .select({ id: grids.id, code: grids.code, name: grids.name })
    .from(grids)
    .where(eq(grids.communityId, communityId))
    .orderBy(asc(grids.code));
  const buildingRows = await db
    .select({ id: buildings.id, code: buildings.code, name: buildings.name, gridId: buildings.gridId })
    .from(buildings)
    .innerJoin(grids, eq(buildings.gridId, grids.id))
    .where(eq(grids.communityId, communityId))
    .orderBy(asc(buildings.code));
  return {
    communityId,
    grids: gridRows.map((g) => ({
      ...g,
      buildings: buildingRows.filter((b) => b.gridId === g.id).map(({ gridId: _, ...b }) => b),
    })),
    organisations: await db
      .select({ id: organisations.id, kind: organisations.kind, name: organisations.name, code: organisations.code })
      .from(organisations)
      .where(eq(organisations.communityId, communityId))
      .orderBy(asc(organisations.kind), asc(organisations.code)),
  };
}
