import { eq } from "drizzle-orm";
import { meetings } from "@/db/schema";
import type { ActorCtx } from "@/lib/context";
import { recordEvent } from "@/lib/events/record";
import { meetingRef } from "@/lib/validation/meetings";
import { loadManagedMeeting } from "./access";
import { unitOfWork } from "@/db/unit-of-work";

/** Staff close self check-in: the code shown in the room stops working at once. */
export async function closeCheckIn(ctx: ActorCtx, raw: unknown): Promise<{ meetingId: number; open: false }> {
  const input = meetingRef.parse(raw);
  const { meeting, actor } = await loadManagedMeeting(ctx.db, ctx.actor, input.meetingId);
  return await unitOfWork(ctx.db, async (tx) => {
    await tx.update(meetings).set({ checkinCode: null, checkinExpiresAt: null }).where(eq(meetings.id, meeting.id));
    await recordEvent(tx, { actorId: actor.personId, kind: "meeting.checkInClosed", subjectType: "meeting", subjectId: meeting.id });
    return { meetingId: meeting.id, open: false as const };
  });
}
