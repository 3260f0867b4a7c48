import { eq } from "drizzle-orm";
import { communities } from "@/db/schema";
import { authorize } from "@/lib/auth/policy";
import type { ActorCtx } from "@/lib/context";
import { recordEvent } from "@/lib/events/record";
import { communityTurnoutInput } from "@/lib/validation/admin";
import { resolveCommunity } from "./scope";
import { unitOfWork } from "@/db/unit-of-work";

export type CommunityTurnout = { communityId: number; minTurnoutPercent: number | null };

/**
 * A community admin sets the community's default participation floor (参与人数下限) of residents'
 * and attendees' simple-majority and two-thirds ballots: at least this percent of the electorate
 * votes; null goes back to "more than half". Items with a floor of their own keep it, and ballots
 * already open keep the floor they were opened with (it is snapshotted on the ballot).
 */
export async function setCommunityTurnout(ctx: ActorCtx, raw: unknown): Promise<CommunityTurnout> {
  const input = communityTurnoutInput.parse(raw);
  const { db, actor } = ctx;
  const communityId = resolveCommunity(actor, "catalog.manage", input.communityId);
  authorize(actor, "catalog.manage", { communityId });
  return await unitOfWork(db, async (tx) => {
    await tx.update(communities).set({ minTurnoutPercent: input.minTurnoutPercent }).where(eq(communities.id, communityId));
    await recordEvent(tx, {
      actorId: actor!.personId,
      kind: "community.turnoutSet",
      subjectType: "community",
      subjectId: communityId,
      data: { minTurnoutPercent: input.minTurnoutPercent },
    });
    return { communityId, minTurnoutPercent: input.minTurnoutPercent };
  });
}
