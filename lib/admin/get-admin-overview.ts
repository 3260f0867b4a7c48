import { and, eq, sql } from "drizzle-orm";
import { agendaCategories, agendaItems, buildings, grids, organisations, people, units } from "@/db/schema";
import { authorize } from "@/lib/auth/policy";
import type { ActorCtx } from "@/lib/context";
import { communityQuery } from "@/lib/validation/admin";
import { communityInfo, type AdminCommunity } from "./list-admin-communities";
import { personInCommunities, resolveCommunity } from "./scope";
import { first } from "@/db/query";

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
export async function getAdminOverview(ctx: ActorCtx, raw: unknown): Promise<AdminOverview> {
  const input = communityQuery.parse(raw);
  const { db, actor } = ctx;
  const communityId = resolveCommunity(actor, "grid.manage", input.communityId);
  authorize(actor, "grid.manage", { communityId });

  const inCommunity = eq(grids.communityId, communityId);
  const n = (row: { n: number } | undefined) => row?.n ?? 0;
  return {
    community: await communityInfo(db, communityId),
    counts: {
      grids: n(await first(db.select({ n: count }).from(grids).where(inCommunity))),
      buildings: n(await first(db.select({ n: count }).from(buildings).innerJoin(grids, eq(buildings.gridId, grids.id)).where(inCommunity))),
      units: n(
        await first(db
          .select({ n: count })
          .from(units)
          .innerJoin(buildings, eq(units.buildingId, buildings.id))
          .innerJoin(grids, eq(buildings.gridId, grids.id))
          .where(inCommunity)),
      ),
      people: n(await first(db.select({ n: count }).from(people).where(personInCommunities([communityId])))),
      pendingPeople: n(
        await first(db.select({ n: count }).from(people).where(and(eq(people.status, "pending"), personInCommunities([communityId])))),
      ),
      organisations: n(await first(db.select({ n: count }).from(organisations).where(eq(organisations.communityId, communityId)))),
      categories: n(await first(db.select({ n: count }).from(agendaCategories).where(eq(agendaCategories.communityId, communityId)))),
      items: n(
        await first(db
          .select({ n: count })
          .from(agendaItems)
          .innerJoin(agendaCategories, eq(agendaItems.categoryId, agendaCategories.id))
          .where(eq(agendaCategories.communityId, communityId))),
      ),
    },
  };
}
