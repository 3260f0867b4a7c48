import { eq } from "drizzle-orm";
import { meetingRooms } from "@/db/schema";
import type { ActorCtx } from "@/lib/context";
import { recordEvent } from "@/lib/events/record";
import { moveAgendaInput } from "@/lib/validation/meeting-room";
import { changeRoom } from "./changes";
import { assertPhase, loadAgendaItem, loadChairedRoom } from "./room-access";

/** The chair takes up another topic of the agenda (forward or back: a topic may be returned to). */
export async function moveAgenda(ctx: ActorCtx, raw: unknown): Promise<{ meetingId: number; agendaItemId: number; topicId: number }> {
  const input = moveAgendaInput.parse(raw);
  const { meeting } = await loadChairedRoom(ctx.db, ctx.actor, input.meetingId);
  return changeRoom(ctx.db, meeting.id, async (tx) => {
    await assertPhase(tx, meeting.id, "moveAgenda");
    const item = await loadAgendaItem(tx, meeting.id, input.agendaItemId);
    await tx.update(meetingRooms).set({ currentAgendaItemId: item.id }).where(eq(meetingRooms.meetingId, meeting.id));
    await recordEvent(tx, { actorId: ctx.actor.personId, kind: "meeting.agendaMoved", subjectType: "meeting", subjectId: meeting.id, data: { agendaItemId: item.id, topicId: item.topicId } });
    return { meetingId: meeting.id, agendaItemId: item.id, topicId: item.topicId };
  });
}
