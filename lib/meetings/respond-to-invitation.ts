import { and, eq } from "drizzle-orm";
import { meetingInvitees } from "@/db/schema";
import { requireVerified } from "@/lib/auth/policy";
import type { ActorCtx } from "@/lib/context";
import { AppError } from "@/lib/errors";
import { recordEvent } from "@/lib/events/record";
import { respondToInvitationInput } from "@/lib/validation/meetings";
import { assertMeetingOpen, loadVisibleMeeting } from "./access";
import { unitOfWork } from "@/db/unit-of-work";
import { first } from "@/db/query";

export type InvitationResponse = { meetingId: number; response: "attending" | "declined" };

/** An invitee says whether they will come; they may change their mind until the meeting is over. */
export async function respondToInvitation(ctx: ActorCtx, raw: unknown, now = new Date()): Promise<InvitationResponse> {
  const input = respondToInvitationInput.parse(raw);
  const { db, actor } = ctx;
  requireVerified(actor);
  const meeting = await loadVisibleMeeting(db, actor, input.meetingId);
  const invitation = await first(db
    .select({ id: meetingInvitees.id })
    .from(meetingInvitees)
    .where(and(eq(meetingInvitees.meetingId, meeting.id), eq(meetingInvitees.personId, actor.personId))));
  if (!invitation) throw new AppError("forbidden", "notInvited");
  assertMeetingOpen(meeting);
  return await unitOfWork(db, async (tx) => {
    await tx.update(meetingInvitees).set({ response: input.response, respondedAt: now }).where(eq(meetingInvitees.id, invitation.id));
    await recordEvent(tx, { actorId: actor.personId, kind: "meeting.responded", subjectType: "meeting", subjectId: meeting.id, data: { response: input.response } });
    return { meetingId: meeting.id, response: input.response };
  });
}
