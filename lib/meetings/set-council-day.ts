import { eq } from "drizzle-orm";
import { grids } from "@/db/schema";
import { authorize, requireVerified } from "@/lib/auth/policy";
import type { ActorCtx } from "@/lib/context";
import { recordEvent } from "@/lib/events/record";
import { setCouncilDayInput } from "@/lib/validation/meetings";
import { loadGrid } from "./access";
import { nextCouncilDate } from "./next-council-date";
import { unitOfWork } from "@/db/unit-of-work";

export type CouncilDay = { gridId: number; councilDay: number | null; nextDate: Date | null };

/**
 * The grid's staff set the recurring council day (网格议事日, day 1–28 of every month) or clear it
 * (empty). New meetings of the grid are then proposed on the next such day at 19:00.
 */
export async function setCouncilDay(ctx: ActorCtx, raw: unknown, now = new Date()): Promise<CouncilDay> {
  const input = setCouncilDayInput.parse(raw);
  const { db, actor } = ctx;
  requireVerified(actor);
  const grid = await loadGrid(db, input.gridId);
  authorize(actor, "meeting.manage", { communityId: grid.communityId, gridId: grid.id });
  return await unitOfWork(db, async (tx) => {
    await tx.update(grids).set({ councilDay: input.councilDay }).where(eq(grids.id, grid.id));
    await recordEvent(tx, {
      actorId: actor.personId,
      kind: "grid.councilDaySet",
      subjectType: "grid",
      subjectId: grid.id,
      data: { from: grid.councilDay, to: input.councilDay },
    });
    return { gridId: grid.id, councilDay: input.councilDay, nextDate: input.councilDay ? nextCouncilDate(input.councilDay, now) : null };
  });
}
