import { and, eq } from "drizzle-orm";
import { meetingInvitees, meetings } from "@/db/schema";
import type { ActorCtx } from "@/lib/context";
import { recordEvent } from "@/lib/events/record";
import { notify } from "@/lib/notifications/notify";
import { updateMeetingInput } from "@/lib/validation/meetings";
import { assertMeetingOpen, loadManagedMeeting } from "./access";
import { resolveInvitees } from "./invitees";
import { phaseRefusal } from "@/lib/domain/meeting-room";
import { AppError } from "@/lib/errors";
import { bumpRoomVersion, meetingChanged } from "./room/changes";
import { roomOf } from "./room/room-access";
import { unitOfWork } from "@/db/unit-of-work";

export type UpdatedMeeting = { meetingId: number; changed: string[]; newlyInvited: number };

/**
 * Staff change a scheduled meeting's title, time, place or quorum and may invite more people. Those
 * already invited hear of a new time or place ("meetingChanged"); the newly invited get the
 * invitation itself. Nobody is uninvited here: people who were told they are expected stay on the list.
 */
export async function updateMeeting(ctx: ActorCtx, raw: unknown): Promise<UpdatedMeeting> {
  const input = updateMeetingInput.parse(raw);
  const { meeting, actor } = await loadManagedMeeting(ctx.db, ctx.actor, input.meetingId);
  assertMeetingOpen(meeting);

  const changed = (
    [
      ["title", meeting.title !== input.title],
      ["startsAt", meeting.startsAt.getTime() !== input.startsAt.getTime()],
      ["durationMinutes", meeting.durationMinutes !== input.durationMinutes],
      ["place", meeting.place !== input.place],
      ["onlineUrl", meeting.onlineUrl !== input.onlineUrl],
      ["quorumRequired", meeting.quorumRequired !== (input.quorumRequired ?? null)],
    ] as const
  )
    .filter(([, differs]) => differs)
    .map(([field]) => field as string);
  // Invitees hear of a new time or place; a title or a quorum is read on the meeting's page.
  const timeOrPlace = changed.some((f) => f !== "title" && f !== "quorumRequired");
  const quorumMoved = changed.includes("quorumRequired");
  // As on the chair's console: the quorum is agreed before the meeting opens, not moved once people are counted.
  if (quorumMoved) {
    const refusal = phaseRefusal((await roomOf(ctx.db, meeting.id)).phase, "setQuorum");
    if (refusal) throw new AppError("conflict", refusal, {}, { quorumRequired: refusal });
  }

  const result = await unitOfWork(ctx.db, async (tx) => {
    const already = new Set(
      (await tx.select({ personId: meetingInvitees.personId }).from(meetingInvitees).where(eq(meetingInvitees.meetingId, meeting.id))).map((r) => r.personId),
    );
    const wanted = await resolveInvitees(tx, meeting, input);
    const added = [...wanted].filter(([personId]) => !already.has(personId));

    if (changed.length) {
      await tx.update(meetings)
        .set({ title: input.title, startsAt: input.startsAt, durationMinutes: input.durationMinutes, place: input.place, onlineUrl: input.onlineUrl, quorumRequired: input.quorumRequired ?? null })
        .where(and(eq(meetings.id, meeting.id), eq(meetings.status, "scheduled")));
    }
    if (added.length) {
      await tx.insert(meetingInvitees)
        .values(added.map(([personId, invitedAs]) => ({ meetingId: meeting.id, personId, invitedAs })));
    }
    const data = { title: input.title, startsAt: input.startsAt.getTime() };
    if (timeOrPlace) await notify(tx, already, "meetingChanged", { meetingId: meeting.id, data, actorId: actor.personId });
    await notify(tx, added.map(([personId]) => personId), "meetingScheduled", { meetingId: meeting.id, data, actorId: actor.personId });
    await recordEvent(tx, {
      actorId: actor.personId,
      kind: "meeting.updated",
      subjectType: "meeting",
      subjectId: meeting.id,
      data: { changed, newlyInvited: added.length, ...(timeOrPlace ? { startsAt: data.startsAt, place: input.place } : {}) },
    });
    // The live room shows attendance against the quorum: its screens update.
    if (quorumMoved) await bumpRoomVersion(tx, meeting.id);
    return { meetingId: meeting.id, changed, newlyInvited: added.length };
  });
  if (quorumMoved) meetingChanged(meeting.id);
  return result;
}
