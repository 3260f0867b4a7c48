import { and, eq } from "drizzle-orm";
import { meetingRooms, meetingSpeakers } from "@/db/schema";
import type { ActorCtx } from "@/lib/context";
import { recordEvent } from "@/lib/events/record";
import { roomRef } from "@/lib/validation/meeting-room";
import { changeRoom } from "./changes";
import { endCurrentTurn } from "./end-turn";
import { assertPhase, loadChairedRoom } from "./room-access";

/**
 * The chair closes the meeting: the current turn ends, requests still waiting are passed over, the
 * room shows it has ended. The minutes are written and published afterwards, as before.
 */
export async function endMeeting(ctx: ActorCtx, raw: unknown, now = new Date()): Promise<{ meetingId: number }> {
  const input = roomRef.parse(raw);
  const { meeting } = await loadChairedRoom(ctx.db, ctx.actor, input.meetingId);
  return changeRoom(ctx.db, meeting.id, async (tx) => {
    await assertPhase(tx, meeting.id, "end");
    await endCurrentTurn(tx, meeting.id, ctx.actor.personId, now);
    await tx.update(meetingSpeakers)
      .set({ status: "skipped", endedAt: now })
      .where(and(eq(meetingSpeakers.meetingId, meeting.id), eq(meetingSpeakers.status, "waiting")));
    await tx.update(meetingRooms).set({ phase: "ended", endedAt: now }).where(eq(meetingRooms.meetingId, meeting.id));
    await recordEvent(tx, { actorId: ctx.actor.personId, kind: "meeting.ended", subjectType: "meeting", subjectId: meeting.id, data: {} });
    return { meetingId: meeting.id };
  });
}
