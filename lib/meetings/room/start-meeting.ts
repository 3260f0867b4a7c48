import { asc, eq } from "drizzle-orm";
import { meetingAgendaItems, meetingRooms } from "@/db/schema";
import type { ActorCtx } from "@/lib/context";
import { invalid } from "@/lib/errors";
import { recordEvent } from "@/lib/events/record";
import { startMeetingInput } from "@/lib/validation/meeting-room";
import { verifiedMembers } from "../access";
import { changeRoom } from "./changes";
import { assertPhase, ensureRoom, loadChairedRoom } from "./room-access";
import { first } from "@/db/query";

export type RoomChange = { meetingId: number };

/**
 * The chair opens the meeting: the room runs, the first agenda topic is taken up. Staff may name
 * a designated chair (a verified person of the community) who then runs the room with them.
 */
export async function startMeeting(ctx: ActorCtx, raw: unknown, now = new Date()): Promise<RoomChange & { currentAgendaItemId: number | null }> {
  const input = startMeetingInput.parse(raw);
  const { meeting } = await loadChairedRoom(ctx.db, ctx.actor, input.meetingId);
  if (input.chairPersonId != null && !(await verifiedMembers(ctx.db, meeting.communityId, [input.chairPersonId])).has(input.chairPersonId)) {
    throw invalid("attendeeNotMember", { chairPersonId: "attendeeNotMember" });
  }
  return changeRoom(ctx.db, meeting.id, async (tx) => {
    const room = await assertPhase(tx, meeting.id, "start");
    const firstItem = await first(tx.select({ id: meetingAgendaItems.id }).from(meetingAgendaItems).where(eq(meetingAgendaItems.meetingId, meeting.id)).orderBy(asc(meetingAgendaItems.position)).limit(1));
    await ensureRoom(tx, meeting.id);
    const currentAgendaItemId = room.currentAgendaItemId ?? firstItem?.id ?? null;
    await tx.update(meetingRooms)
      .set({ phase: "running", startedAt: now, currentAgendaItemId, chairPersonId: input.chairPersonId ?? room.chairPersonId })
      .where(eq(meetingRooms.meetingId, meeting.id));
    await recordEvent(tx, { actorId: ctx.actor.personId, kind: "meeting.started", subjectType: "meeting", subjectId: meeting.id, data: { chairPersonId: input.chairPersonId ?? null } });
    return { meetingId: meeting.id, currentAgendaItemId };
  });
}
