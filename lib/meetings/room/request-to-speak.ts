import { meetingSpeakers } from "@/db/schema";
import type { ActorCtx } from "@/lib/context";
import { orderQueue, requestRefusal } from "@/lib/domain/meeting-room";
import { recordEvent } from "@/lib/events/record";
import { roomRef } from "@/lib/validation/meeting-room";
import { changeRoom } from "./changes";
import { assertPhase, loadSpeakerRoom, openQueue, refuseIf } from "./room-access";
import { first } from "@/db/query";

/** 举手发言: someone checked in asks for the floor on the current topic; one open request each. */
export async function requestToSpeak(ctx: ActorCtx, raw: unknown, now = new Date()): Promise<{ meetingId: number; speakerId: number; position: number }> {
  const input = roomRef.parse(raw);
  const { meeting } = await loadSpeakerRoom(ctx.db, ctx.actor, input.meetingId);
  const personId = ctx.actor.personId;
  return changeRoom(ctx.db, meeting.id, async (tx) => {
    const room = await assertPhase(tx, meeting.id, "requestToSpeak");
    refuseIf(requestRefusal(await openQueue(tx, meeting.id), personId));
    const row = await first(tx
      .insert(meetingSpeakers)
      .values({ meetingId: meeting.id, agendaItemId: room.currentAgendaItemId, personId, status: "waiting", requestedAt: now })
      .returning({ id: meetingSpeakers.id }));
    await recordEvent(tx, { actorId: personId, kind: "meeting.speakRequested", subjectType: "meeting", subjectId: meeting.id, data: { speakerId: row.id } });
    const position = orderQueue(await openQueue(tx, meeting.id)).find((e) => e.id === row.id)?.position ?? 0;
    return { meetingId: meeting.id, speakerId: row.id, position };
  });
}
