import { and, eq, isNull } from "drizzle-orm";
import { changedRows } from "@/db/query";
import { meetingAgendaItems, meetingAttendance, meetingInvitees, meetings, topicEvents } from "@/db/schema";
import type { ActorCtx } from "@/lib/context";
import { AppError, invalid } from "@/lib/errors";
import { recordEvent } from "@/lib/events/record";
import { notify } from "@/lib/notifications/notify";
import { plainText } from "@/lib/richtext/document";
import { publishMinutesInput } from "@/lib/validation/meetings";
import { assertMeetingOpen, loadManagedMeeting } from "./access";
import { writeMinutes } from "./write-minutes";
import { unitOfWork } from "@/db/unit-of-work";
import { first } from "@/db/query";

export type PublishedMinutes = { meetingId: number; publishedAt: Date; notified: number };

/**
 * Staff publish the minutes: optionally saving the content sent along first, then the meeting is
 * marked held, self check-in closes, everyone invited or present is notified, and each agenda topic
 * gets a "minutesPublished" entry on its timeline carrying its conclusion. From then on the minutes
 * and the attendance are read-only.
 */
export async function publishMinutes(ctx: ActorCtx, raw: unknown, now = new Date()): Promise<PublishedMinutes> {
  const input = publishMinutesInput.parse(raw);
  const { meeting, actor } = await loadManagedMeeting(ctx.db, ctx.actor, input.meetingId);
  assertMeetingOpen(meeting);
  if (meeting.startsAt.getTime() > now.getTime()) throw new AppError("conflict", "minutesBeforeMeeting");

  return await unitOfWork(ctx.db, async (tx) => {
    if (input.minutes) await writeMinutes(tx, meeting.id, input.minutes);
    const saved = await first(tx.select({ json: meetings.minutesJson }).from(meetings).where(eq(meetings.id, meeting.id)));
    const agenda = await tx
      .select({ topicId: meetingAgendaItems.topicId, discussion: meetingAgendaItems.discussion, conclusion: meetingAgendaItems.conclusion })
      .from(meetingAgendaItems)
      .where(eq(meetingAgendaItems.meetingId, meeting.id))
      .orderBy(meetingAgendaItems.position);
    const body = saved?.json ? plainText(saved.json as { content?: unknown[] }) : "";
    if (!body && !agenda.some((a) => a.discussion || a.conclusion)) throw invalid("minutesEmpty", { body: "minutesEmpty" });

    // Guarded on "not yet published", so a second publish racing this one changes nothing.
    const updated = await tx
      .update(meetings)
      .set({ minutesPublishedAt: now, status: "held", checkinCode: null, checkinExpiresAt: null })
      .where(and(eq(meetings.id, meeting.id), isNull(meetings.minutesPublishedAt)));
    if (changedRows(updated) === 0) throw new AppError("conflict", "minutesAlreadyPublished");

    for (const a of agenda) {
      await tx.insert(topicEvents)
        .values({ topicId: a.topicId, actorId: actor.personId, kind: "minutesPublished", note: a.conclusion || null, data: { meetingId: meeting.id }, at: now });
    }
    const invited = await tx.select({ personId: meetingInvitees.personId }).from(meetingInvitees).where(eq(meetingInvitees.meetingId, meeting.id));
    const present = await tx.select({ personId: meetingAttendance.personId }).from(meetingAttendance).where(eq(meetingAttendance.meetingId, meeting.id));
    const notified = await notify(tx, [...present, ...invited].map((p) => p.personId), "minutesPublished", {
      meetingId: meeting.id,
      ...(agenda.length === 1 ? { at: now, topicId: agenda[0]!.topicId } : {}),
      data: { title: meeting.title },
      actorId: actor.personId,
    });
    await recordEvent(tx, {
      actorId: actor.personId,
      kind: "meeting.minutesPublished",
      subjectType: "meeting",
      subjectId: meeting.id,
      data: { topicIds: agenda.map((a) => a.topicId), attendees: present.length, notified },
    });
    return { meetingId: meeting.id, publishedAt: now, notified };
  });
}
