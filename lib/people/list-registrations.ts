import { and, asc, eq, inArray } from "drizzle-orm";
import { buildings, grids, people, units } from "@/db/schema";
import { gridsWhere } from "@/lib/auth/policy";
import type { ActorCtx } from "@/lib/context";

export type PendingRegistration = {
  personId: number;
  name: string;
  phone: string;
  displayNumber: string;
  claimedOwner: boolean;
  gridName: string;
  buildingName: string;
  unitNumber: string;
  registeredAt: Date;
};

/** Pending registrations in the grids where the actor may review them; nothing else. */
export async function listPendingRegistrations(ctx: ActorCtx): Promise<PendingRegistration[]> {
  const { db, actor } = ctx;
  const gridIds = await gridsWhere(actor, "registration.review", async (communityId) =>
    (await db.select({ id: grids.id }).from(grids).where(eq(grids.communityId, communityId))).map((g) => g.id),
  );
  if (gridIds.length === 0) return [];
  return await db
    .select({
      personId: people.id,
      name: people.name,
      phone: people.phone,
      displayNumber: people.displayNumber,
      claimedOwner: people.claimedOwner,
      gridName: grids.name,
      buildingName: buildings.name,
      unitNumber: units.number,
      registeredAt: people.createdAt,
    })
    .from(people)
    .innerJoin(units, eq(people.claimedUnitId, units.id))
    .innerJoin(buildings, eq(units.buildingId, buildings.id))
    .innerJoin(grids, eq(buildings.gridId, grids.id))
    .where(and(eq(people.status, "pending"), inArray(grids.id, gridIds)))
    // Then by id: registrations of one instant (an import) in the order they came, on either engine.
    .orderBy(asc(people.createdAt), asc(people.id));
}
