import { and, eq } from "drizzle-orm";
import { meetingInvitees, meetings } from "@/db/schema";
import type { ActorCtx } from "@/lib/context";
import { recordEvent } from "@/lib/events/record";
import { notify } from "@/lib/notifications/notify";
import { cancelMeetingInput } from "@/lib/validation/meetings";
import { assertMeetingOpen, loadManagedMeeting } from "./access";
import { unitOfWork } from "@/db/unit-of-work";

/** Staff call off a meeting that has not been held; the invitees are told ("meetingChanged", cancelled). */
export async function cancelMeeting(ctx: ActorCtx, raw: unknown): Promise<{ meetingId: number; status: "cancelled" }> {
  const input = cancelMeetingInput.parse(raw);
  const { meeting, actor } = await loadManagedMeeting(ctx.db, ctx.actor, input.meetingId);
  assertMeetingOpen(meeting);
  return await unitOfWork(ctx.db, async (tx) => {
    await tx.update(meetings)
      .set({ status: "cancelled", checkinCode: null, checkinExpiresAt: null })
      .where(and(eq(meetings.id, meeting.id), eq(meetings.status, "scheduled")));
    const invitees = await tx.select({ personId: meetingInvitees.personId }).from(meetingInvitees).where(eq(meetingInvitees.meetingId, meeting.id));
    await notify(
      tx,
      invitees.map((i) => i.personId),
      "meetingChanged",
      { meetingId: meeting.id, data: { title: meeting.title, startsAt: meeting.startsAt.getTime(), cancelled: 1 }, actorId: actor.personId },
    );
    await recordEvent(tx, { actorId: actor.personId, kind: "meeting.cancelled", subjectType: "meeting", subjectId: meeting.id });
    return { meetingId: meeting.id, status: "cancelled" as const };
  });
}
