import { randomBytes } from "node:crypto";
import { eq } from "drizzle-orm";
import { meetings } from "@/db/schema";
import type { ActorCtx } from "@/lib/context";
import { recordEvent } from "@/lib/events/record";
import { openCheckInInput } from "@/lib/validation/meetings";
import { assertMeetingOpen, loadManagedMeeting } from "./access";
import { unitOfWork } from "@/db/unit-of-work";

export type OpenCheckIn = { meetingId: number; code: string; expiresAt: Date };

/**
 * Staff open self check-in: a fresh random code, valid for a while (30 minutes unless said
 * otherwise), shown in the room as a QR code. Opening again replaces the code, so a photo of an old
 * QR code taken earlier stops working.
 */
export async function openCheckIn(ctx: ActorCtx, raw: unknown, now = new Date()): Promise<OpenCheckIn> {
  const input = openCheckInInput.parse(raw);
  const { meeting, actor } = await loadManagedMeeting(ctx.db, ctx.actor, input.meetingId);
  assertMeetingOpen(meeting);
  // 96 random bits: unguessable within the code's lifetime, short enough for a QR code readable across a room.
  const code = randomBytes(12).toString("base64url");
  const expiresAt = new Date(now.getTime() + input.validMinutes * 60_000);
  return await unitOfWork(ctx.db, async (tx) => {
    await tx.update(meetings).set({ checkinCode: code, checkinExpiresAt: expiresAt }).where(eq(meetings.id, meeting.id));
    // The code itself stays out of the event log: it is a credential while it lasts.
    await recordEvent(tx, { actorId: actor.personId, kind: "meeting.checkInOpened", subjectType: "meeting", subjectId: meeting.id, data: { expiresAt: expiresAt.getTime() } });
    return { meetingId: meeting.id, code, expiresAt };
  });
}
