import { timingSafeEqual } from "node:crypto";
import { and, eq } from "drizzle-orm";
import { meetingAttendance, meetings } from "@/db/schema";
import { can, requireVerified } from "@/lib/auth/policy";
import type { ActorCtx } from "@/lib/context";
import { AppError, notFound } from "@/lib/errors";
import { recordEvent } from "@/lib/events/record";
import { checkInInput } from "@/lib/validation/meetings";
import { assertMeetingOpen, meetingResource } from "./access";
import { bumpRoomVersion, meetingChanged } from "./room/changes";
import { unitOfWork } from "@/db/unit-of-work";
import { first } from "@/db/query";

/**
 * 410 Gone: the code was the one shown in the room, but its time is over. lib/errors has no code
 * for it, so the status is set here; the body's code stays "invalid_input".
 */
export class CheckInExpiredError extends AppError {
  override readonly status = 410;
  constructor() {
    super("invalid_input", "checkInExpired", {}, { code: "checkInExpired" });
  }
}

export type CheckInResult = { meetingId: number; title: string; already: boolean; at: Date };

function sameCode(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

type Gate = { meeting: typeof meetings.$inferSelect; existing: { at: Date } | undefined };

/**
 * Everything a check-in asks before it writes: verified, a member of the meeting's community, and
 * — unless already checked in — the meeting still on, the room's code, within its time.
 */
async function gate(ctx: ActorCtx, raw: unknown, now: Date): Promise<Gate> {
  const input = checkInInput.parse(raw);
  const { db, actor } = ctx;
  requireVerified(actor);
  const meeting = await first(db.select().from(meetings).where(eq(meetings.id, input.meetingId)));
  if (!meeting) throw notFound("meetingNotFound");
  if (!can(actor, "meeting.checkin", meetingResource(meeting))) throw new AppError("forbidden", "checkInNotMember");

  const existing = await first(db
    .select({ at: meetingAttendance.at })
    .from(meetingAttendance)
    .where(and(eq(meetingAttendance.meetingId, meeting.id), eq(meetingAttendance.personId, actor.personId))));
  if (existing) return { meeting, existing };

  assertMeetingOpen(meeting);
  if (!meeting.checkinCode || !sameCode(meeting.checkinCode, input.code)) throw new AppError("invalid_input", "checkInCodeInvalid", {}, { code: "checkInCodeInvalid" });
  if (!meeting.checkinExpiresAt || meeting.checkinExpiresAt.getTime() <= now.getTime()) throw new CheckInExpiredError();
  return { meeting, existing: undefined };
}

export type CheckInPreview = { meetingId: number; title: string; already: boolean; at: Date | null };

/**
 * What the check-in link's page shows before anyone presses the button: the meeting, and whether
 * this person is already checked in — or the refusal the check-in would meet (wrong or expired
 * code, not a member). Reads only: loading a page never checks anyone in (a browser may load it
 * twice — the sign-in redirect, a prefetch — and the first real check-in then read "already").
 */
export async function checkInPreview(ctx: ActorCtx, raw: unknown, now = new Date()): Promise<CheckInPreview> {
  const { meeting, existing } = await gate(ctx, raw, now);
  return { meetingId: meeting.id, title: meeting.title, already: !!existing, at: existing?.at ?? null };
}

/**
 * A verified member of the community checks in by scanning the QR code shown in the room and
 * pressing the check-in button (method "qr"): an explicit POST. A wrong code is refused (422), an
 * expired one too (410), and checking in again is a no-op that answers as a success (already).
 */
export async function checkIn(ctx: ActorCtx, raw: unknown, now = new Date()): Promise<CheckInResult> {
  const { actor } = ctx;
  const { meeting, existing } = await gate(ctx, raw, now);
  if (existing) return { meetingId: meeting.id, title: meeting.title, already: true, at: existing.at };

  const result = await unitOfWork(ctx.db, async (tx) => {
    // The unique (meeting, person) index makes a simultaneous second scan a no-op as well.
    const inserted = await tx
      .insert(meetingAttendance)
      .values({ meetingId: meeting.id, personId: actor.personId, method: "qr", recordedBy: null, at: now })
      .onConflictDoNothing()
      .returning({ id: meetingAttendance.id });
    if (inserted.length) {
      await recordEvent(tx, { actorId: actor.personId, kind: "meeting.checkedIn", subjectType: "meeting", subjectId: meeting.id, data: { method: "qr" } });
      // The live room counts who is present: its screens update.
      await bumpRoomVersion(tx, meeting.id);
    }
    return { meetingId: meeting.id, title: meeting.title, already: inserted.length === 0, at: now };
  });
  if (!result.already) meetingChanged(meeting.id);
  return result;
}
