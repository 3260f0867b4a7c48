import { eq } from "drizzle-orm";
import { meetingRooms } from "@/db/schema";
import type { ActorCtx } from "@/lib/context";
import { recordEvent } from "@/lib/events/record";
import { setSpeakingTimeInput } from "@/lib/validation/meeting-room";
import { changeRoom } from "./changes";
import { assertPhase, ensureRoom, loadChairedRoom } from "./room-access";

/** The chair sets how long each turn lasts (default 3 minutes); the running turn's countdown follows. */
export async function setSpeakingTime(ctx: ActorCtx, raw: unknown): Promise<{ meetingId: number; speakingSeconds: number }> {
  const input = setSpeakingTimeInput.parse(raw);
  const { meeting } = await loadChairedRoom(ctx.db, ctx.actor, input.meetingId);
  return changeRoom(ctx.db, meeting.id, async (tx) => {
    await assertPhase(tx, meeting.id, "setSpeakingTime");
    await ensureRoom(tx, meeting.id);
    await tx.update(meetingRooms).set({ speakingSeconds: input.speakingSeconds }).where(eq(meetingRooms.meetingId, meeting.id));
    await recordEvent(tx, { actorId: ctx.actor.personId, kind: "meeting.speakingTimeSet", subjectType: "meeting", subjectId: meeting.id, data: { speakingSeconds: input.speakingSeconds } });
    return { meetingId: meeting.id, speakingSeconds: input.speakingSeconds };
  });
}
