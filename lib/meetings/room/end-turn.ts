import { and, eq } from "drizzle-orm";
import type { Tx } from "@/db/client";
import { meetingSpeakers } from "@/db/schema";
import type { ActorCtx } from "@/lib/context";
import { currentSpeaker, endTurnRefusal, speakerStatusAfter, turnSeconds } from "@/lib/domain/meeting-room";
import { recordEvent } from "@/lib/events/record";
import { roomRef } from "@/lib/validation/meeting-room";
import { changeRoom } from "./changes";
import { assertPhase, loadChairedRoom, openQueue, refuseIf } from "./room-access";

/** Closes the current turn inside the caller's transaction; the event keeps how long it lasted (for the minutes). */
export function endCurrentTurn(tx: Tx, meetingId: number, actorId: number, now: Date): number | null {
  const speaking = tx
    .select({ id: meetingSpeakers.id, grantedAt: meetingSpeakers.grantedAt })
    .from(meetingSpeakers)
    .where(and(eq(meetingSpeakers.meetingId, meetingId), eq(meetingSpeakers.status, "speaking")))
    .get();
  if (!speaking) return null;
  tx.update(meetingSpeakers).set({ status: speakerStatusAfter("endTurn"), endedAt: now }).where(eq(meetingSpeakers.id, speaking.id)).run();
  recordEvent(tx, {
    actorId,
    kind: "meeting.turnEnded",
    subjectType: "meeting",
    subjectId: meetingId,
    data: { speakerId: speaking.id, seconds: speaking.grantedAt ? turnSeconds(speaking.grantedAt, now) : 0 },
  });
  return speaking.id;
}

/** The chair ends the current speaker's turn (时间到 or done). */
export async function endTurn(ctx: ActorCtx, raw: unknown, now = new Date()): Promise<{ meetingId: number; speakerId: number }> {
  const input = roomRef.parse(raw);
  const { meeting } = loadChairedRoom(ctx.db, ctx.actor, input.meetingId);
  return changeRoom(ctx.db, meeting.id, (tx) => {
    assertPhase(tx, meeting.id, "endTurn");
    const queue = openQueue(tx, meeting.id);
    refuseIf(endTurnRefusal(queue));
    endCurrentTurn(tx, meeting.id, ctx.actor.personId, now);
    return { meetingId: meeting.id, speakerId: currentSpeaker(queue)!.id };
  });
}
