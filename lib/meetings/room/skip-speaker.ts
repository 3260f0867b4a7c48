import { and, eq } from "drizzle-orm";
import { meetingSpeakers } from "@/db/schema";
import type { ActorCtx } from "@/lib/context";
import { skipRefusal, speakerStatusAfter } from "@/lib/domain/meeting-room";
import { recordEvent } from "@/lib/events/record";
import { speakerRef } from "@/lib/validation/meeting-room";
import { changeRoom } from "./changes";
import { assertPhase, loadChairedRoom, openQueue, refuseIf } from "./room-access";

/** The chair passes over a waiting request (the person stepped out, or the point was already made). */
export async function skipSpeaker(ctx: ActorCtx, raw: unknown, now = new Date()): Promise<{ meetingId: number; speakerId: number }> {
  const input = speakerRef.parse(raw);
  const { meeting } = await loadChairedRoom(ctx.db, ctx.actor, input.meetingId);
  return changeRoom(ctx.db, meeting.id, async (tx) => {
    await assertPhase(tx, meeting.id, "skipSpeaker");
    refuseIf(skipRefusal(await openQueue(tx, meeting.id), input.speakerId));
    await tx.update(meetingSpeakers)
      .set({ status: speakerStatusAfter("skipSpeaker"), endedAt: now })
      .where(and(eq(meetingSpeakers.id, input.speakerId), eq(meetingSpeakers.meetingId, meeting.id), eq(meetingSpeakers.status, "waiting")));
    await recordEvent(tx, { actorId: ctx.actor.personId, kind: "meeting.speakerSkipped", subjectType: "meeting", subjectId: meeting.id, data: { speakerId: input.speakerId } });
    return { meetingId: meeting.id, speakerId: input.speakerId };
  });
}
