import { and, eq } from "drizzle-orm";
import type { Tx } from "@/db/client";
import { meetingAgendaItems, meetingFollowUps, meetings } from "@/db/schema";
import { invalid } from "@/lib/errors";
import { renderRichText } from "@/lib/richtext/render";
import type { MinutesContent } from "@/lib/validation/meetings";

/**
 * Stores the minutes' own parts inside the caller's transaction: the free text (JSON as written,
 * HTML rendered and sanitized on the server), each agenda topic's discussion and conclusion, and
 * the follow-ups, which replace the previous list. Attendance is not written here: the minutes
 * derive it from who was present.
 */
export async function writeMinutes(tx: Tx, meetingId: number, content: MinutesContent): Promise<void> {
  const onAgenda = new Set(
    (await tx.select({ topicId: meetingAgendaItems.topicId }).from(meetingAgendaItems).where(eq(meetingAgendaItems.meetingId, meetingId))).map((r) => r.topicId),
  );
  content.agenda.forEach((a, i) => {
    if (!onAgenda.has(a.topicId)) throw invalid("agendaTopicNotOnAgenda", { [`agenda.${i}.topicId`]: "agendaTopicNotOnAgenda" });
  });
  content.followUps.forEach((f, i) => {
    if (f.topicId != null && !onAgenda.has(f.topicId)) throw invalid("agendaTopicNotOnAgenda", { [`followUps.${i}.topicId`]: "agendaTopicNotOnAgenda" });
  });

  await tx.update(meetings).set({ minutesJson: content.body, minutesHtml: renderRichText(content.body) }).where(eq(meetings.id, meetingId));
  for (const a of content.agenda) {
    await tx.update(meetingAgendaItems)
      .set({ discussion: a.discussion, conclusion: a.conclusion })
      .where(and(eq(meetingAgendaItems.meetingId, meetingId), eq(meetingAgendaItems.topicId, a.topicId)));
  }
  await tx.delete(meetingFollowUps).where(eq(meetingFollowUps.meetingId, meetingId));
  for (const [position, f] of content.followUps.entries()) {
await tx.insert(meetingFollowUps).values({ meetingId, topicId: f.topicId ?? null, action: f.action, owner: f.owner, dueOn: f.dueOn ?? null, position });
}
}
