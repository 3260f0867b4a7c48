import { asc, eq, inArray } from "drizzle-orm";
import { agendaCategories, agendaItems, communities, type TopicLevel, type VoteRule } from "@/db/schema";
import { authorize } from "@/lib/auth/policy";
import type { ActorCtx } from "@/lib/context";
import { communityQuery } from "@/lib/validation/admin";
import { communityInfo, type AdminCommunity } from "./list-admin-communities";
import { resolveCommunity } from "./scope";
import { first } from "@/db/query";

export type AdminCatalogItem = {
  id: number;
  name: string;
  description: string;
  defaultLevel: TopicLevel;
  defaultVoteRule: VoteRule;
  cosignThreshold: number | null;
  minTurnoutPercent: number | null;
  active: boolean;
  sortOrder: number;
};
export type AdminCatalogCategory = { id: number; name: string; sortOrder: number; items: AdminCatalogItem[] };

/** The whole agenda catalog (议事清单) of the admin's community, inactive items included. */
export async function listCatalogAdmin(ctx: ActorCtx, raw: unknown): Promise<{ community: AdminCommunity; minTurnoutPercent: number | null; categories: AdminCatalogCategory[] }> {
  const input = communityQuery.parse(raw);
  const { db, actor } = ctx;
  const communityId = resolveCommunity(actor, "catalog.manage", input.communityId);
  authorize(actor, "catalog.manage", { communityId });
  const categories = await db
    .select({ id: agendaCategories.id, name: agendaCategories.name, sortOrder: agendaCategories.sortOrder })
    .from(agendaCategories)
    .where(eq(agendaCategories.communityId, communityId))
    .orderBy(asc(agendaCategories.sortOrder), asc(agendaCategories.id));
  const items = categories.length
    ? await db
        .select({
          id: agendaItems.id,
          categoryId: agendaItems.categoryId,
          name: agendaItems.name,
          description: agendaItems.description,
          defaultLevel: agendaItems.defaultLevel,
          defaultVoteRule: agendaItems.defaultVoteRule,
          cosignThreshold: agendaItems.cosignThreshold,
          minTurnoutPercent: agendaItems.minTurnoutPercent,
          active: agendaItems.active,
          sortOrder: agendaItems.sortOrder,
        })
        .from(agendaItems)
        .where(inArray(agendaItems.categoryId, categories.map((c) => c.id)))
        .orderBy(asc(agendaItems.sortOrder), asc(agendaItems.id))
    : [];
  return {
    community: await communityInfo(db, communityId),
    minTurnoutPercent: (await first(db.select({ p: communities.minTurnoutPercent }).from(communities).where(eq(communities.id, communityId))))?.p ?? null,
    categories: categories.map((c) => ({
      ...c,
      items: items.filter((i) => i.categoryId === c.id).map(({ categoryId: _, ...i }) => i),
    })),
  };
}
