import { and, eq, inArray } from "drizzle-orm";
import { buildings, grids, units } from "@/db/schema";
import { authorize } from "@/lib/auth/policy";
import type { ActorCtx } from "@/lib/context";
import { AppError, notFound } from "@/lib/errors";
import { recordEvent } from "@/lib/events/record";
import { createUnitInput } from "@/lib/validation/admin";
import { adminCommunityIds } from "./scope";
import { mapUniqueClash } from "./unique";
import { unitOfWork } from "@/db/unit-of-work";
import { first } from "@/db/query";

export type CreatedUnit = { unitId: number; buildingId: number; number: string; areaHundredths: number; developerHeld: boolean };

const numberTaken = () => new AppError("conflict", "unitNumberTaken", {}, { number: "unitNumberTaken" });

/** A community admin adds one unit (房屋) with its exclusive area to a building. */
export async function createUnit(ctx: ActorCtx, raw: unknown): Promise<CreatedUnit> {
  const input = createUnitInput.parse(raw);
  const { db, actor } = ctx;
  const allowed = adminCommunityIds(actor, "unit.manage");
  const building = await first(db
    .select({ id: buildings.id, gridId: grids.id, communityId: grids.communityId })
    .from(buildings)
    .innerJoin(grids, eq(buildings.gridId, grids.id))
    .where(and(eq(buildings.id, input.buildingId), inArray(grids.communityId, allowed))));
  if (!building) throw notFound("buildingNotFound");
  authorize(actor, "unit.manage", { communityId: building.communityId, gridId: building.gridId });

  return mapUniqueClash(
    async () =>
      await unitOfWork(db, async (tx) => {
        const clash = await first(tx
          .select({ id: units.id })
          .from(units)
          .where(and(eq(units.buildingId, building.id), eq(units.number, input.number))));
        if (clash) throw numberTaken();
        const unit = await first(tx
          .insert(units)
          .values({ buildingId: building.id, number: input.number, areaHundredths: input.area, developerHeld: input.developerHeld })
          .returning({ id: units.id }));
        await recordEvent(tx, {
          actorId: actor.personId,
          kind: "unit.created",
          subjectType: "unit",
          subjectId: unit.id,
          data: { buildingId: building.id, number: input.number, areaHundredths: input.area, developerHeld: input.developerHeld },
        });
        return {
          unitId: unit.id,
          buildingId: building.id,
          number: input.number,
          areaHundredths: input.area,
          developerHeld: input.developerHeld,
        };
      }),
    numberTaken,
  );
}
