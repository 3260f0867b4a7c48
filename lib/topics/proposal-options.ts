import { and, asc, eq, inArray } from "drizzle-orm";
import { agendaCategories, agendaItems, buildings, grids } from "@/db/schema";
import { can } from "@/lib/auth/policy";
import type { Ctx } from "@/lib/context";

/** What the proposal form offers: the grids the actor may propose in, with their buildings, and the catalog. */
export async function proposalOptions(ctx: Ctx) {
  const { db, actor } = ctx;
  if (!actor || actor.status !== "verified") return { grids: [], categories: [] };
  const communityIds = [...new Set(actor.roles.map((r) => r.communityId))];
  if (communityIds.length === 0) return { grids: [], categories: [] };
  const allGrids = await db.select({ id: grids.id, name: grids.name, communityId: grids.communityId }).from(grids).where(inArray(grids.communityId, communityIds)).orderBy(asc(grids.code));
  const mine = allGrids.filter((g) => can(actor, "topic.propose", { communityId: g.communityId, gridId: g.id }));
  if (mine.length === 0) return { grids: [], categories: [] };
  const gridBuildings = await db
    .select({ id: buildings.id, name: buildings.name, gridId: buildings.gridId })
    .from(buildings)
    .where(inArray(buildings.gridId, mine.map((g) => g.id)))
    .orderBy(asc(buildings.code));
  const items = await db
    .select({ id: agendaItems.id, name: agendaItems.name, description: agendaItems.description, categoryId: agendaCategories.id, categoryName: agendaCategories.name, communityId: agendaCategories.communityId })
    .from(agendaItems)
    .innerJoin(agendaCategories, eq(agendaItems.categoryId, agendaCategories.id))
    .where(and(inArray(agendaCategories.communityId, [...new Set(mine.map((g) => g.communityId))]), eq(agendaItems.active, true)))
    .orderBy(asc(agendaCategories.sortOrder), asc(agendaItems.sortOrder));
  const categories = new Map<number, { id: number; name: string; communityId: number; items: { id: number; name: string; description: string }[] }>();
  for (const i of items) {
    const c = categories.get(i.categoryId) ?? { id: i.categoryId, name: i.categoryName, communityId: i.communityId, items: [] };
    c.items.push({ id: i.id, name: i.name, description: i.description });
    categories.set(i.categoryId, c);
  }
  return {
    grids: mine.map((g) => ({ ...g, buildings: gridBuildings.filter((b) => b.gridId === g.id).map(({ id, name }) => ({ id, name })) })),
    categories: [...categories.values()],
  };
}

/** Filters for the topic list: the grids and categories of the actor's communities. */
export async function topicFilterOptions(ctx: Ctx) {
  const { db, actor } = ctx;
  const communityIds = actor ? [...new Set(actor.roles.map((r) => r.communityId))] : [];
  if (communityIds.length === 0) return { grids: [], categories: [] };
  return {
    grids: await db.select({ id: grids.id, name: grids.name }).from(grids).where(inArray(grids.communityId, communityIds)).orderBy(asc(grids.code)),
    categories: await db.select({ id: agendaCategories.id, name: agendaCategories.name }).from(agendaCategories).where(inArray(agendaCategories.communityId, communityIds)).orderBy(asc(agendaCategories.sortOrder)),
  };
}
