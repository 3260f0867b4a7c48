import { and, eq } from "drizzle-orm";
import { meetingSpeakers } from "@/db/schema";
import type { ActorCtx } from "@/lib/context";
import { grantRefusal, speakerStatusAfter } from "@/lib/domain/meeting-room";
import { recordEvent } from "@/lib/events/record";
import { speakerRef } from "@/lib/validation/meeting-room";
import { changeRoom } from "./changes";
import { assertPhase, loadChairedRoom, openQueue, refuseIf } from "./room-access";

/** 请发言: the chair gives the floor to a waiting request; never while someone else speaks. */
export async function grantFloor(ctx: ActorCtx, raw: unknown, now = new Date()): Promise<{ meetingId: number; speakerId: number; grantedAt: Date }> {
  const input = speakerRef.parse(raw);
  const { meeting } = await loadChairedRoom(ctx.db, ctx.actor, input.meetingId);
  return changeRoom(ctx.db, meeting.id, async (tx) => {
    const room = await assertPhase(tx, meeting.id, "grantFloor");
    // The speaker id is looked up within this meeting's queue: another meeting's request is "not waiting".
    refuseIf(grantRefusal(await openQueue(tx, meeting.id), input.speakerId));
    await tx.update(meetingSpeakers)
      // The turn belongs to the topic under way when it is given.
      .set({ status: speakerStatusAfter("grantFloor"), grantedAt: now, agendaItemId: room.currentAgendaItemId })
      .where(and(eq(meetingSpeakers.id, input.speakerId), eq(meetingSpeakers.meetingId, meeting.id), eq(meetingSpeakers.status, "waiting")));
    await recordEvent(tx, { actorId: ctx.actor.personId, kind: "meeting.floorGranted", subjectType: "meeting", subjectId: meeting.id, data: { speakerId: input.speakerId } });
    return { meetingId: meeting.id, speakerId: input.speakerId, grantedAt: now };
  });
}
