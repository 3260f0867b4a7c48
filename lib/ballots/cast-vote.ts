import type { ActorCtx } from "@/lib/context";
import type { BallotChoice } from "@/lib/domain/vote-rules";
import { AppError, invalid } from "@/lib/errors";
import { recordEvent } from "@/lib/events/record";
import { bumpRoomVersion, meetingChanged } from "@/lib/meetings/room/changes";
import { castVoteInput } from "@/lib/validation/ballots";
import { assertTakingVotes, loadVisibleBallot, reloadBallot } from "./access";
import { eligibleElectors } from "./electorate";
import { existingVote, pickChoice, syncMeetingElector, writeVote } from "./record-vote";
import { unitOfWork } from "@/db/unit-of-work";

export type CastVote = { ballotId: number; electorKey: string; changed: boolean; viaProxy: boolean; choice: BallotChoice | null; planId: number | null };

/**
 * A voter votes online (网上投票) for themself or for a principal whose proxy they are. They may
 * change their vote until the close; an elector whose paper ballot is in cannot vote again online.
 * A proxy may change only a vote they cast themselves. Only the voter is told their own choice back.
 */
export async function castVote(ctx: ActorCtx, raw: unknown, now = new Date()): Promise<CastVote> {
  const input = castVoteInput.parse(raw);
  const { db, actor } = ctx;
  const { ballot } = await loadVisibleBallot(db, actor, input.ballotId);
  assertTakingVotes(ballot, now);
  const personId = actor!.personId;

  const cast = await unitOfWork(db, async (tx) => {
    // Reads go through `tx`, the writer: its compiled statements (db/compiled.ts) see the transaction's state.
    const fresh = await reloadBallot(tx, ballot.id);
    assertTakingVotes(fresh, now);
    const eligible = await eligibleElectors(tx, fresh, personId);
    const target = input.electorKey != null ? eligible.find((e) => e.electorKey === input.electorKey) : eligible.length === 1 ? eligible[0] : undefined;
    if (!target) {
      if (input.electorKey == null && eligible.length > 1) throw invalid("electorRequired", { electorKey: "electorRequired" });
      throw new AppError("forbidden", "notInElectorate");
    }
    const picked = await pickChoice(tx, fresh, input);
    const existing = await existingVote(tx, fresh.id, target.electorKey);
    // A proxy holder votes in the principal's place, never over a vote someone else cast for them
    // (the principal themself, a co-owner, a paper ballot): only their own earlier vote may they change.
    if (existing && target.viaProxyId != null && (existing.channel === "paper" || existing.castBy !== personId)) throw new AppError("conflict", "votedByPrincipal");
    // One voter counts once: once staff entered their paper ballot, that is their vote.
    if (existing?.channel === "paper") throw new AppError("conflict", "votedOnPaper");
    await syncMeetingElector(tx, fresh, personId);
    const { changed } = await writeVote(
      tx,
      fresh,
      target,
      existing,
      { ...picked, channel: "online", castBy: personId, recordedBy: null, witness: null, viaProxyId: target.viaProxyId },
      personId,
      now,
    );
    // The event log says that someone voted, never what they chose.
    await recordEvent(tx, { actorId: personId, kind: changed ? "ballot.voteChanged" : "ballot.voted", subjectType: "ballot", subjectId: fresh.id, data: { channel: "online", viaProxy: target.viaProxyId != null } });
    // A meeting's live screens show the turnout: the room changes with every vote.
    if (fresh.meetingId != null) await bumpRoomVersion(tx, fresh.meetingId);
    return { ballotId: fresh.id, electorKey: target.electorKey, changed, viaProxy: target.viaProxyId != null, choice: picked.choice, planId: picked.planId };
  });
  if (ballot.meetingId != null) meetingChanged(ballot.meetingId);
  return cast;
}
