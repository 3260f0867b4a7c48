import { and, eq, inArray } from "drizzle-orm";
import type { Tx } from "@/db/client";
import { meetingSpeakers } from "@/db/schema";
import { openSpeakerStatuses, requestAfterLeaving, turnSeconds } from "@/lib/domain/meeting-room";
import { recordEvent } from "@/lib/events/record";
import { first } from "@/db/query";

/**
 * Inside the caller's transaction (a tick taken back): the person's open request closes — a turn
 * under way ends with its length recorded (as the chair's "end turn" does, for the minutes), a
 * waiting request is passed over — so nobody absent stays in the queue or holds the floor.
 * Returns the request closed, if there was one. The caller bumps the room's version.
 */
export async function closeQueueOf(tx: Tx, meetingId: number, personId: number, actorId: number, now: Date): Promise<{ speakerId: number; was: "waiting" | "speaking" } | null> {
  const open = await first(tx
    .select({ id: meetingSpeakers.id, status: meetingSpeakers.status, grantedAt: meetingSpeakers.grantedAt })
    .from(meetingSpeakers)
    .where(and(eq(meetingSpeakers.meetingId, meetingId), eq(meetingSpeakers.personId, personId), inArray(meetingSpeakers.status, [...openSpeakerStatuses]))));
  if (!open) return null;
  const was = open.status as "waiting" | "speaking";
  await tx.update(meetingSpeakers).set({ status: requestAfterLeaving(was), endedAt: now }).where(eq(meetingSpeakers.id, open.id));
  await recordEvent(
    tx,
    was === "speaking"
      ? { actorId, kind: "meeting.turnEnded", subjectType: "meeting", subjectId: meetingId, data: { speakerId: open.id, seconds: open.grantedAt ? turnSeconds(open.grantedAt, now) : 0 } }
      : { actorId, kind: "meeting.speakerSkipped", subjectType: "meeting", subjectId: meetingId, data: { speakerId: open.id } },
  );
  return { speakerId: open.id, was };
}
