import { and, eq, sql } from "drizzle-orm";
import { agendaCategories, agendaItems, buildings, grids, organisations, people, units } from "@/db/schema";
import { authorize } from "@/lib/auth/policy";
import type { ActorCtx } from "@/lib/context";
import { communityQuery } from "@/lib/validation/admin";
import { communityInfo, type AdminCommunity } from "./list-admin-communities";
import { personInCommunities, resolveCommunity } from "./scope";

export type AdminOverview = {
  community: AdminCommunity;
  counts: {
    grids: number;
    buildings: number;
    units: number;
    people: number;
    pendingPeople: number;
    organisations: number;
    categories: number;
    items: number;
  };
};

const count = sql<number>`count(*)`;

/** The numbers on the admin home page, all of one community. */
export function getAdminOverview(ctx: ActorCtx, raw: unknown): AdminOverview {
  const input = communityQuery.parse(raw);
  const { db, actor } = ctx;
  const communityId = resolveCommunity(actor, "grid.manage", input.communityId);
  authorize(actor, "grid.manage", { communityId });

  const inCommunity = eq(grids.communityId, communityId);
  const n = (row: { n: number } | undefined) => row?.n ?? 0;
  return {
    community: communityInfo(db, communityId),
    counts: {
      grids: n(db.select({ n: count }).from(grids).where(inCommunity).get()),
      buildings: n(db.select({ n: count }).from(buildings).innerJoin(grids, eq(buildings.gridId, grids.id)).where(inCommunity).get()),
      units: n(
        db
          .select({ n: count })
          .from(units)
          .innerJoin(buildings, eq(units.buildingId, buildings.id))
          .innerJoin(grids, eq(buildings.gridId, grids.id))
          .where(inCommunity)
          .get(),
      ),
      people: n(db.select({ n: count }).from(people).where(personInCommunities([communityId])).get()),
      pendingPeople: n(
        db.select({ n: count }).from(people).where(and(eq(people.status, "pending"), personInCommunities([communityId]))).get(),
      ),
      organisations: n(db.select({ n: count }).from(organisations).where(eq(organisations.communityId, communityId)).get()),
      categories: n(db.select({ n: count }).from(agendaCategories).where(eq(agendaCategories.communityId, communityId)).get()),
      items: n(
        db
          .select({ n: count })
          .from(agendaItems)
          .innerJoin(agendaCategories, eq(agendaItems.categoryId, agendaCategories.id))
          .where(eq(agendaCategories.communityId, communityId))
          .get(),
      ),
    },
  };
}
