import { eq } from "drizzle-orm";
import { meetingAgendaItems } from "@/db/schema";
import type { ActorCtx } from "@/lib/context";
import { recordEvent } from "@/lib/events/record";
import { recordConclusionInput } from "@/lib/validation/meeting-room";
import { changeRoom } from "./changes";
import { assertPhase, loadAgendaItem, loadChairedRoom } from "./room-access";

/**
 * The chair writes down what was concluded on a topic as it is reached. It is the agenda item's
 * conclusion, the same field the minutes editor fills, so it is in the minutes draft already.
 */
export async function recordConclusion(ctx: ActorCtx, raw: unknown): Promise<{ meetingId: number; agendaItemId: number }> {
  const input = recordConclusionInput.parse(raw);
  const { meeting } = await loadChairedRoom(ctx.db, ctx.actor, input.meetingId);
  return changeRoom(ctx.db, meeting.id, async (tx) => {
    await assertPhase(tx, meeting.id, "recordConclusion");
    const item = await loadAgendaItem(tx, meeting.id, input.agendaItemId);
    await tx.update(meetingAgendaItems).set({ conclusion: input.conclusion }).where(eq(meetingAgendaItems.id, item.id));
    await recordEvent(tx, { actorId: ctx.actor.personId, kind: "meeting.conclusionRecorded", subjectType: "meeting", subjectId: meeting.id, data: { agendaItemId: item.id, topicId: item.topicId } });
    return { meetingId: meeting.id, agendaItemId: item.id };
  });
}
