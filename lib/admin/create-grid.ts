import { and, eq } from "drizzle-orm";
import { grids } from "@/db/schema";
import { authorize } from "@/lib/auth/policy";
import type { ActorCtx } from "@/lib/context";
import { AppError } from "@/lib/errors";
import { recordEvent } from "@/lib/events/record";
import { createGridInput } from "@/lib/validation/admin";
import { resolveCommunity } from "./scope";
import { mapUniqueClash } from "./unique";
import { unitOfWork } from "@/db/unit-of-work";
import { first } from "@/db/query";

export type CreatedGrid = { gridId: number; code: string; name: string };

const codeTaken = () => new AppError("conflict", "gridCodeTaken", {}, { code: "gridCodeTaken" });

/** A community admin adds a grid (网格) to the community. */
export async function createGrid(ctx: ActorCtx, raw: unknown): Promise<CreatedGrid> {
  const input = createGridInput.parse(raw);
  const { db, actor } = ctx;
  const communityId = resolveCommunity(actor, "grid.manage", input.communityId);
  authorize(actor, "grid.manage", { communityId });

  return mapUniqueClash(
    async () =>
      await unitOfWork(db, async (tx) => {
        const clash = await first(tx
          .select({ id: grids.id })
          .from(grids)
          .where(and(eq(grids.communityId, communityId), eq(grids.code, input.code))));
        if (clash) throw codeTaken();
        const grid = await first(tx
          .insert(grids)
          .values({
            communityId,
            code: input.code,
            name: input.name,
            councilDay: input.councilDay ?? null,
            ...(input.cosignThreshold != null ? { cosignThreshold: input.cosignThreshold } : {}),
          })
          .returning({ id: grids.id }));
        await recordEvent(tx, {
          actorId: actor.personId,
          kind: "grid.created",
          subjectType: "grid",
          subjectId: grid.id,
          data: { communityId, code: input.code, name: input.name },
        });
        return { gridId: grid.id, code: input.code, name: input.name };
      }),
    codeTaken,
  );
}
