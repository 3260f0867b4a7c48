import { and, asc, eq } from "drizzle-orm";
import { ballotElectorMembers, ballotElectors } from "@/db/schema";
import type { ActorCtx } from "@/lib/context";
import { AppError, invalid } from "@/lib/errors";
import { recordEvent } from "@/lib/events/record";
import { bumpRoomVersion, meetingChanged } from "@/lib/meetings/room/changes";
import { paperBallotInput } from "@/lib/validation/ballots";
import { assertTakingVotes, loadManagedBallot, reloadBallot } from "./access";
import { isPresent } from "./electorate";
import { existingVote, pickChoice, syncMeetingElector, writeVote } from "./record-vote";
import { unitOfWork } from "@/db/unit-of-work";
import { first } from "@/db/query";

/** What was entered is not echoed back: the answer names the elector counted, not their choice. */
export type PaperBallot = { ballotId: number; electorKey: string; voteId: number };

/**
 * Staff enter a paper ballot (纸质票) for an elector of the electorate list, with the witness
 * (监票人) who saw it cast. Each elector counts once across paper and online: if the elector has
 * voted already, by either channel, the paper ballot is refused.
 */
export async function enterPaperBallot(ctx: ActorCtx, raw: unknown, now = new Date()): Promise<PaperBallot> {
  const input = paperBallotInput.parse(raw);
  const { ballot, actor } = await loadManagedBallot(ctx.db, ctx.actor, input.ballotId);
  assertTakingVotes(ballot, now);

  const entered = await unitOfWork(ctx.db, async (tx) => {
    const fresh = await reloadBallot(tx, ballot.id);
    assertTakingVotes(fresh, now);
    let elector = await first(tx
      .select({ electorKey: ballotElectors.electorKey, areaHundredths: ballotElectors.areaHundredths })
      .from(ballotElectors)
      .where(and(eq(ballotElectors.ballotId, fresh.id), eq(ballotElectors.electorKey, input.electorKey))));
    // At a meeting, anyone checked in may hand in a paper ballot, and becomes an elector by it.
    const meetingPerson = /^person:(\d+)$/.exec(input.electorKey);
    if (fresh.electorateKind === "meetingAttendees") {
      const personId = meetingPerson ? Number(meetingPerson[1]) : NaN;
      if (!fresh.meetingId || !Number.isSafeInteger(personId) || !await isPresent(tx, fresh.meetingId, personId)) throw invalid("electorNotFound", { electorKey: "electorNotFound" });
      await syncMeetingElector(tx, fresh, personId);
      elector = { electorKey: input.electorKey, areaHundredths: 0 };
    }
    if (!elector) throw invalid("electorNotFound", { electorKey: "electorNotFound" });
    const picked = await pickChoice(tx, fresh, input);
    const existing = await existingVote(tx, fresh.id, elector.electorKey);
    if (existing) throw new AppError("conflict", "alreadyVoted", { channel: existing.channel });

    // The paper is the voter's: it is cast by a member of the elector (the developer's or an
    // unregistered unit's paper has none, so it stands in the name of the staff who entered it).
    const member = await first(tx
      .select({ personId: ballotElectorMembers.personId })
      .from(ballotElectorMembers)
      .where(and(eq(ballotElectorMembers.ballotId, fresh.id), eq(ballotElectorMembers.electorKey, elector.electorKey)))
      .orderBy(asc(ballotElectorMembers.personId)));
    const { vote } = await writeVote(
      tx,
      fresh,
      elector,
      undefined,
      { ...picked, channel: "paper", castBy: member?.personId ?? actor.personId, recordedBy: actor.personId, witness: input.witness, viaProxyId: null },
      actor.personId,
      now,
    );
    await recordEvent(tx, { actorId: actor.personId, kind: "ballot.paperEntered", subjectType: "ballot", subjectId: fresh.id, data: { electorKey: elector.electorKey, witness: input.witness } });
    // A meeting's live screens show the turnout: a paper ballot counts as a vote cast.
    if (fresh.meetingId != null) await bumpRoomVersion(tx, fresh.meetingId);
    return { ballotId: fresh.id, electorKey: elector.electorKey, voteId: vote.id };
  });
  if (ballot.meetingId != null) meetingChanged(ballot.meetingId);
  return entered;
}
