import { and, eq } from "drizzle-orm";
import { meetingAttendance } from "@/db/schema";
import type { ActorCtx } from "@/lib/context";
import { invalid } from "@/lib/errors";
import { recordEvent } from "@/lib/events/record";
import { recordAttendanceInput } from "@/lib/validation/meetings";
import { assertMeetingOpen, loadManagedMeeting, verifiedMembers } from "./access";
import { bumpRoomVersion, meetingChanged } from "./room/changes";
import { closeQueueOf } from "./room/leave-queue";
import { unitOfWork } from "@/db/unit-of-work";
import { changedRows } from "@/db/query";

export type AttendanceChange = { meetingId: number; personId: number; present: boolean; changed: boolean };

/**
 * Staff tick someone off as present (method "staff") or take the tick back. Anyone verified in the
 * community can be ticked, invited or not: neighbours walk in. A self check-in is kept as it is when
 * ticked again. Once the minutes are published the attendance is part of the record and stays.
 * Taking a tick back also closes the person's open request to speak (their turn ends if they hold
 * the floor), in the same transaction: someone not in the room is not in its queue.
 */
export async function recordAttendance(ctx: ActorCtx, raw: unknown, now = new Date()): Promise<AttendanceChange> {
  const input = recordAttendanceInput.parse(raw);
  const { meeting, actor } = await loadManagedMeeting(ctx.db, ctx.actor, input.meetingId);
  assertMeetingOpen(meeting);
  if (input.present && !(await verifiedMembers(ctx.db, meeting.communityId, [input.personId])).has(input.personId)) {
    throw invalid("attendeeNotMember", { personId: "attendeeNotMember" });
  }
  const result = await unitOfWork(ctx.db, async (tx) => {
    const where = and(eq(meetingAttendance.meetingId, meeting.id), eq(meetingAttendance.personId, input.personId));
    const changed = input.present
      ? changedRows(await tx
          .insert(meetingAttendance)
          .values({ meetingId: meeting.id, personId: input.personId, method: "staff", recordedBy: actor.personId, at: now })
          .onConflictDoNothing()) > 0
      : changedRows(await tx.delete(meetingAttendance).where(where)) > 0;
    if (changed) {
      await recordEvent(tx, {
        actorId: actor.personId,
        kind: input.present ? "meeting.attendanceRecorded" : "meeting.attendanceRemoved",
        subjectType: "meeting",
        subjectId: meeting.id,
        data: { personId: input.personId },
      });
      if (!input.present) await closeQueueOf(tx, meeting.id, input.personId, actor.personId, now);
      // The live room counts who is present: its screens update.
      await bumpRoomVersion(tx, meeting.id);
    }
    return { meetingId: meeting.id, personId: input.personId, present: input.present, changed };
  });
  if (result.changed) meetingChanged(meeting.id);
  return result;
}
