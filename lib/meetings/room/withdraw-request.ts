import { and, eq } from "drizzle-orm";
import { meetingSpeakers } from "@/db/schema";
import type { ActorCtx } from "@/lib/context";
import { speakerStatusAfter, withdrawRefusal } from "@/lib/domain/meeting-room";
import { recordEvent } from "@/lib/events/record";
import { roomRef } from "@/lib/validation/meeting-room";
import { changeRoom } from "./changes";
import { assertPhase, loadSpeakerRoom, openQueue, refuseIf } from "./room-access";

/** The person takes back their own waiting request (never anyone else's: it is found by their id). */
export async function withdrawRequest(ctx: ActorCtx, raw: unknown, now = new Date()): Promise<{ meetingId: number; speakerId: number }> {
  const input = roomRef.parse(raw);
  const { meeting } = await loadSpeakerRoom(ctx.db, ctx.actor, input.meetingId);
  const personId = ctx.actor.personId;
  return changeRoom(ctx.db, meeting.id, async (tx) => {
    await assertPhase(tx, meeting.id, "withdrawRequest");
    const queue = await openQueue(tx, meeting.id);
    refuseIf(withdrawRefusal(queue, personId));
    const mine = queue.find((e) => e.personId === personId && e.status === "waiting")!;
    await tx.update(meetingSpeakers)
      .set({ status: speakerStatusAfter("withdrawRequest"), endedAt: now })
      .where(and(eq(meetingSpeakers.id, mine.id), eq(meetingSpeakers.status, "waiting")));
    await recordEvent(tx, { actorId: personId, kind: "meeting.speakWithdrawn", subjectType: "meeting", subjectId: meeting.id, data: { speakerId: mine.id } });
    return { meetingId: meeting.id, speakerId: mine.id };
  });
}
