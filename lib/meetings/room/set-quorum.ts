import { eq } from "drizzle-orm";
import { meetings } from "@/db/schema";
import type { ActorCtx } from "@/lib/context";
import { recordEvent } from "@/lib/events/record";
import { setQuorumInput } from "@/lib/validation/meeting-room";
import { changeRoom } from "./changes";
import { assertPhase, loadChairedRoom } from "./room-access";

/**
 * The chair sets the meeting's quorum (法定人数) on the console before the start, or clears it
 * (blank). Every screen shows attendance against it; a vote opened later takes it as its default.
 */
export async function setMeetingQuorum(ctx: ActorCtx, raw: unknown): Promise<{ meetingId: number; quorumRequired: number | null }> {
  const input = setQuorumInput.parse(raw);
  const { meeting } = await loadChairedRoom(ctx.db, ctx.actor, input.meetingId);
  const quorumRequired = input.quorumRequired ?? null;
  return changeRoom(ctx.db, meeting.id, async (tx) => {
    await assertPhase(tx, meeting.id, "setQuorum");
    await tx.update(meetings).set({ quorumRequired }).where(eq(meetings.id, meeting.id));
    await recordEvent(tx, { actorId: ctx.actor.personId, kind: "meeting.quorumSet", subjectType: "meeting", subjectId: meeting.id, data: { quorumRequired } });
    return { meetingId: meeting.id, quorumRequired };
  });
}
