import type { ActorCtx } from "@/lib/context";
import { recordEvent } from "@/lib/events/record";
import { saveMinutesInput } from "@/lib/validation/meetings";
import { assertMeetingOpen, loadManagedMeeting } from "./access";
import { writeMinutes } from "./write-minutes";
import { unitOfWork } from "@/db/unit-of-work";

export type SavedMinutes = { meetingId: number; savedAt: Date };

/** Staff save the minutes (会议纪要) as a draft, seen by staff only until published. Published minutes are read-only (409). */
export async function saveMinutes(ctx: ActorCtx, raw: unknown, now = new Date()): Promise<SavedMinutes> {
  const { meetingId, ...content } = saveMinutesInput.parse(raw);
  const { meeting, actor } = await loadManagedMeeting(ctx.db, ctx.actor, meetingId);
  assertMeetingOpen(meeting);
  return await unitOfWork(ctx.db, async (tx) => {
    await writeMinutes(tx, meeting.id, content);
    await recordEvent(tx, {
      actorId: actor.personId,
      kind: "meeting.minutesSaved",
      subjectType: "meeting",
      subjectId: meeting.id,
      data: { agenda: content.agenda.length, followUps: content.followUps.length },
    });
    return { meetingId: meeting.id, savedAt: now };
  });
}
