import { asc, eq, sql } from "drizzle-orm";
import type { DB } from "@/db/client";
import { agendaCategories, agendaItems, buildings, communities, grids, units } from "@/db/schema";

/**
 * The public directory of places: anyone, signed in or not, may see which grids, buildings and
 * unit numbers exist (registration needs them). No personal data here.
 */
export async function listGridsPublic(db: DB) {
  return await db
    .select({
      id: grids.id,
      code: grids.code,
      name: grids.name,
      councilDay: grids.councilDay,
      communityId: communities.id,
      communityName: communities.name,
      buildingCount: sql<number>`(select count(*) from ${buildings} b where b.grid_id = ${grids.id})`,
      unitCount: sql<number>`(select count(*) from ${units} u join ${buildings} b on u.building_id = b.id where b.grid_id = ${grids.id})`,
    })
    .from(grids)
    .innerJoin(communities, eq(grids.communityId, communities.id))
    .orderBy(asc(communities.id), asc(grids.code));
}

export async function listBuildingsPublic(db: DB, gridId: number) {
  return await db
    .select({ id: buildings.id, code: buildings.code, name: buildings.name })
    .from(buildings)
    .where(eq(buildings.gridId, gridId))
    .orderBy(asc(buildings.code));
}

export async function listUnitsPublic(db: DB, buildingId: number) {
  return await db
    .select({ id: units.id, number: units.number })
    .from(units)
    .where(eq(units.buildingId, buildingId))
    .orderBy(asc(units.number));
}

export async function getCommunitySummary(db: DB) {
  return await db
    .select({
      id: communities.id,
      name: communities.name,
      district: communities.district,
      street: communities.street,
    })
    .from(communities)
    .orderBy(asc(communities.id));
}

/** The agenda catalog (网格议事清单): public, so everyone knows what may be deliberated at all. */
export async function listCatalogPublic(db: DB) {
  const rows = await db
    .select({
      categoryId: agendaCategories.id,
      categoryName: agendaCategories.name,
      communityId: agendaCategories.communityId,
      id: agendaItems.id,
      name: agendaItems.name,
      description: agendaItems.description,
      defaultLevel: agendaItems.defaultLevel,
      defaultVoteRule: agendaItems.defaultVoteRule,
    })
    .from(agendaItems)
    .innerJoin(agendaCategories, eq(agendaItems.categoryId, agendaCategories.id))
    .where(eq(agendaItems.active, true))
    .orderBy(asc(agendaCategories.communityId), asc(agendaCategories.sortOrder), asc(agendaItems.sortOrder), asc(agendaItems.id));
  const categories = new Map<number, { id: number; name: string; communityId: number; items: Omit<(typeof rows)[number], "categoryId" | "categoryName" | "communityId">[] }>();
  for (const { categoryId, categoryName, communityId, ...item } of rows) {
    const c = categories.get(categoryId) ?? { id: categoryId, name: categoryName, communityId, items: [] };
    c.items.push(item);
    categories.set(categoryId, c);
  }
  return { categories: [...categories.values()], items: rows.map(({ categoryId, categoryName, communityId, ...i }) => ({ ...i, categoryId, categoryName, communityId })) };
}
