import { and, eq, inArray } from "drizzle-orm";
import { buildings, grids } from "@/db/schema";
import { authorize } from "@/lib/auth/policy";
import type { ActorCtx } from "@/lib/context";
import { AppError, notFound } from "@/lib/errors";
import { recordEvent } from "@/lib/events/record";
import { createBuildingInput } from "@/lib/validation/admin";
import { adminCommunityIds } from "./scope";
import { mapUniqueClash } from "./unique";
import { unitOfWork } from "@/db/unit-of-work";
import { first } from "@/db/query";

export type CreatedBuilding = { buildingId: number; gridId: number; code: string; name: string };

const codeTaken = () => new AppError("conflict", "buildingCodeTaken", {}, { code: "buildingCodeTaken" });

/** A community admin adds a building (楼栋, a micro-grid) to one of the community's grids. */
export async function createBuilding(ctx: ActorCtx, raw: unknown): Promise<CreatedBuilding> {
  const input = createBuildingInput.parse(raw);
  const { db, actor } = ctx;
  const allowed = adminCommunityIds(actor, "building.manage");
  // A grid of another community is "not found": its existence is none of this admin's business.
  const grid = await first(db
    .select({ id: grids.id, communityId: grids.communityId })
    .from(grids)
    .where(and(eq(grids.id, input.gridId), inArray(grids.communityId, allowed))));
  if (!grid) throw notFound("gridNotFound");
  authorize(actor, "building.manage", { communityId: grid.communityId, gridId: grid.id });
  const name = input.name ?? `${Number(input.code)}号楼`;

  return mapUniqueClash(
    async () =>
      await unitOfWork(db, async (tx) => {
        const clash = await first(tx
          .select({ id: buildings.id })
          .from(buildings)
          .where(and(eq(buildings.gridId, grid.id), eq(buildings.code, input.code))));
        if (clash) throw codeTaken();
        const building = await first(tx
          .insert(buildings)
          .values({ gridId: grid.id, code: input.code, name, floors: input.floors ?? null })
          .returning({ id: buildings.id }));
        await recordEvent(tx, {
          actorId: actor.personId,
          kind: "building.created",
          subjectType: "building",
          subjectId: building.id,
          data: { gridId: grid.id, code: input.code, name },
        });
        return { buildingId: building.id, gridId: grid.id, code: input.code, name };
      }),
    codeTaken,
  );
}
