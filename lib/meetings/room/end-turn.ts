import { and, eq } from "drizzle-orm";
import type { Tx } from "@/db/client";
import { meetingSpeakers } from "@/db/schema";
import type { ActorCtx } from "@/lib/context";
import { currentSpeaker, endTurnRefusal, speakerStatusAfter, turnSeconds } from "@/lib/domain/meeting-room";
import { recordEvent } from "@/lib/events/record";
import { roomRef } from "@/lib/validation/meeting-room";
import { changeRoom } from "./changes";
import { assertPhase, loadChairedRoom, openQueue, refuseIf } from "./room-access";
import { first } from "@/db/query";

/** Closes the current turn inside the caller's transaction; the event keeps how long it lasted (for the minutes). */
export async function endCurrentTurn(tx: Tx, meetingId: number, actorId: number, now: Date): Promise<number | null> {
  const speaking = await first(tx
    .select({ id: meetingSpeakers.id, grantedAt: meetingSpeakers.grantedAt })
    .from(meetingSpeakers)
    .where(and(eq(meetingSpeakers.meetingId, meetingId), eq(meetingSpeakers.status, "speaking"))));
  if (!speaking) return null;
  await tx.update(meetingSpeakers).set({ status: speakerStatusAfter("endTurn"), endedAt: now }).where(eq(meetingSpeakers.id, speaking.id));
  await recordEvent(tx, {
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
  const { meeting } = await loadChairedRoom(ctx.db, ctx.actor, input.meetingId);
  return changeRoom(ctx.db, meeting.id, async (tx) => {
    await assertPhase(tx, meeting.id, "endTurn");
    const queue = await openQueue(tx, meeting.id);
    refuseIf(endTurnRefusal(queue));
    await endCurrentTurn(tx, meeting.id, ctx.actor.personId, now);
    return { meetingId: meeting.id, speakerId: currentSpeaker(queue)!.id };
  });
}
