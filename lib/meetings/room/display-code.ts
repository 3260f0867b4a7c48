import { randomBytes } from "node:crypto";
import { and, eq, gt, lte } from "drizzle-orm";
import type { DB } from "@/db/client";
import { meetingDisplayCodes, meetings } from "@/db/schema";
import { authorize } from "@/lib/auth/policy";
import { secretHash } from "@/lib/auth/tokens";
import type { ActorCtx } from "@/lib/context";
import { recordEvent } from "@/lib/events/record";
import { meetingRef } from "@/lib/validation/meetings";
import { meetingResource } from "../access";
import { changeRoom } from "./changes";
import { loadChairedRoom, loadRoom } from "./room-access";
import { unitOfWork } from "@/db/unit-of-work";
import { changedRows, first } from "@/db/query";

/** A council day is an afternoon or an evening: a code lasts the day, not the week. */
export const DISPLAY_CODE_HOURS = 12;

export type IssuedDisplayCode = { meetingId: number; code: string; expiresAt: Date };

/**
 * Staff (or the meeting's chair) issue a display code for the room's PC, which is not signed in:
 * /meetings/{id}/projector/enter?display=<code> swaps it for a cookie of that meeting's projector
 * and shows its view and nothing else, for 12 hours. Only the SHA-256 is stored (as for API tokens); the code is shown once, to its issuer.
 */
export async function issueDisplayCode(ctx: ActorCtx, raw: unknown, now = new Date()): Promise<IssuedDisplayCode> {
  const input = meetingRef.parse(raw);
  // The chair's right (meeting.chair: the grid's staff or the designated chair), while the meeting is open.
  // The projector shows the check-in QR code, so the code that opens it is a credential too.
  const { meeting } = await loadChairedRoom(ctx.db, ctx.actor, input.meetingId);
  // 128 random bits: unguessable within its lifetime, short enough to read off the issuer's phone.
  const code = randomBytes(16).toString("base64url");
  const expiresAt = new Date(now.getTime() + DISPLAY_CODE_HOURS * 3_600_000);
  return await unitOfWork(ctx.db, async (tx) => {
    // Housekeeping: expired codes of this meeting are of no use to anyone.
    await tx.delete(meetingDisplayCodes).where(and(eq(meetingDisplayCodes.meetingId, meeting.id), lte(meetingDisplayCodes.expiresAt, now)));
    await tx.insert(meetingDisplayCodes).values({ meetingId: meeting.id, codeHash: secretHash(code), expiresAt, createdBy: ctx.actor.personId });
    // The code stays out of the event log: it is a credential while it lasts.
    await recordEvent(tx, { actorId: ctx.actor.personId, kind: "meeting.displayCodeIssued", subjectType: "meeting", subjectId: meeting.id, data: { expiresAt: expiresAt.getTime() } });
    return { meetingId: meeting.id, code, expiresAt };
  });
}

/** Revokes every display code of the meeting at once (a link shared too widely, a PC left on). */
export async function revokeDisplayCodes(ctx: ActorCtx, raw: unknown): Promise<{ meetingId: number; revoked: number }> {
  const input = meetingRef.parse(raw);
  // Also once the meeting is over: a link left on a PC should still be ended.
  const { meeting, room } = await loadRoom(ctx.db, ctx.actor, input.meetingId);
  authorize(ctx.actor, "meeting.chair", { ...meetingResource(meeting), designatedChair: room.chairPersonId === ctx.actor.personId });
  // A room change (the version moves): this process's streams wake at once, and every other
  // server's (or process's) poll of the version sees it too. Each stream re-checks its access on
  // reading, so a projector on a revoked code is told "denied" now, on whichever server it streams
  // from, rather than at the room's next change.
  const result = await changeRoom(ctx.db, meeting.id, async (tx) => {
    const revoked = changedRows(await tx.delete(meetingDisplayCodes).where(eq(meetingDisplayCodes.meetingId, meeting.id)));
    await recordEvent(tx, { actorId: ctx.actor.personId, kind: "meeting.displayCodesRevoked", subjectType: "meeting", subjectId: meeting.id, data: { revoked } });
    return { meetingId: meeting.id, revoked };
  });
  return result;
}

/**
 * Whether `code` opens this meeting's projector view now: a code of this meeting (a code of
 * another meeting opens nothing here), not expired, not revoked, and the meeting not cancelled.
 * Called by the projector's page, its stream and its enter route, with no session at all.
 */
export async function projectorAccess(db: DB, meetingId: number, code: unknown, now = new Date()): Promise<boolean> {
  return await displayCodeExpiry(db, meetingId, code, now) != null;
}

/** When a code that opens this meeting's projector now stops doing so; null when it opens nothing. */
export async function displayCodeExpiry(db: DB, meetingId: number, code: unknown, now = new Date()): Promise<Date | null> {
  if (typeof code !== "string" || code.length < 16 || code.length > 64 || !Number.isSafeInteger(meetingId) || meetingId <= 0) return null;
  const row = await first(db
    .select({ status: meetings.status, expiresAt: meetingDisplayCodes.expiresAt })
    .from(meetingDisplayCodes)
    .innerJoin(meetings, eq(meetings.id, meetingDisplayCodes.meetingId))
    .where(and(eq(meetingDisplayCodes.codeHash, secretHash(code)), eq(meetingDisplayCodes.meetingId, meetingId), gt(meetingDisplayCodes.expiresAt, now))));
  return row && row.status !== "cancelled" ? row.expiresAt : null;
}
