import { eq } from "drizzle-orm";
import { ballots } from "@/db/schema";
import { closeBallot, type ClosedBallot } from "@/lib/ballots/close-ballot";
import type { ActorCtx } from "@/lib/context";
import { AppError } from "@/lib/errors";
import { closeLiveVoteInput } from "@/lib/validation/meeting-room";
import { changeRoom } from "./changes";
import { assertPhase, loadChairedRoom } from "./room-access";
import { first } from "@/db/query";

/**
 * The chair (its staff or its designated chair) closes the meeting's vote: the existing closeBallot (count under the rule, audit,
 * resolution onto the notice board), in one transaction with the room's version bump. A ballot of
 * another meeting, or of none, is refused here before anything is counted.
 */
export async function closeLiveVote(ctx: ActorCtx, raw: unknown, now = new Date()): Promise<ClosedBallot & { meetingId: number }> {
  const input = closeLiveVoteInput.parse(raw);
  const { meeting } = await loadChairedRoom(ctx.db, ctx.actor, input.meetingId);
  const ballot = await first(ctx.db.select({ meetingId: ballots.meetingId }).from(ballots).where(eq(ballots.id, input.ballotId)));
  if (!ballot || ballot.meetingId !== meeting.id) throw new AppError("invalid_input", "liveVoteBallotInvalid", {}, { ballotId: "liveVoteBallotInvalid" });
  return changeRoom(ctx.db, meeting.id, async (tx) => {
    await assertPhase(tx, meeting.id, "closeVote");
    // closeBallot's own transaction nests inside this one (a savepoint): all or nothing together.
    // As the meeting's chair (checked above): for this meeting's own ballot only.
    return { ...await closeBallot(ctx, { ballotId: input.ballotId }, now, { chairedMeetingId: meeting.id }), meetingId: meeting.id };
  });
}
