import { and, eq, sql } from "drizzle-orm";
import type { DB, Tx } from "@/db/client";
import { ballotOptions, ballots, votes, type Ballot, type Vote } from "@/db/schema";
import { appendAudit } from "@/lib/audit/append";
import { votePayload } from "@/lib/audit/payloads";
import type { BallotChoice } from "@/lib/domain/vote-rules";
import { invalid } from "@/lib/errors";
import { ensureMeetingElector, presentCount } from "./electorate";
import { voteReads } from "./prepared";

export type PickedChoice = { choice: BallotChoice | null; optionId: number | null; planId: number | null };

/** What was chosen, checked against the ballot: agree / disagree / abstain, or one of its plans. */
export function pickChoice(tx: DB | Tx, ballot: Pick<Ballot, "id" | "kind">, input: { choice?: BallotChoice; planId?: number }): PickedChoice {
  if (ballot.kind === "single") {
    if (!input.choice) throw invalid("voteChoiceRequired", { choice: "voteChoiceRequired" });
    return { choice: input.choice, optionId: null, planId: null };
  }
  if (input.planId == null) throw invalid("votePlanRequired", { planId: "votePlanRequired" });
  const option = tx
    .select({ id: ballotOptions.id })
    .from(ballotOptions)
    .where(and(eq(ballotOptions.ballotId, ballot.id), eq(ballotOptions.planId, input.planId)))
    .get();
  if (!option) throw invalid("planNotOnBallot", { planId: "planNotOnBallot" });
  return { choice: null, optionId: option.id, planId: input.planId };
}

export function existingVote(tx: DB | Tx, ballotId: number, electorKey: string): Vote | undefined {
  const reads = voteReads(tx);
  if (reads) return reads.vote.get({ ballotId, electorKey });
  return tx.select().from(votes).where(and(eq(votes.ballotId, ballotId), eq(votes.electorKey, electorKey))).get();
}

/** A meeting ballot's electorate is whoever is checked in: keep its count in step as people vote. */
export function syncMeetingElector(tx: DB | Tx, ballot: Pick<Ballot, "id" | "electorateKind" | "meetingId">, personId: number): void {
  if (ballot.electorateKind !== "meetingAttendees" || ballot.meetingId == null) return;
  ensureMeetingElector(tx, ballot.id, personId);
  tx.update(ballots).set({ electorCount: presentCount(tx, ballot.meetingId) }).where(eq(ballots.id, ballot.id)).run();
}

/**
 * Writes an elector's vote: a first vote inserts the row and adds the elector once to the turnout
 * (headcount and area); a change updates the row and leaves the turnout alone. Either way the
 * whole new state of the row goes into the audit chain.
 */
export function writeVote(
  tx: DB | Tx,
  ballot: Pick<Ballot, "id">,
  elector: { electorKey: string; areaHundredths: number },
  existing: Vote | undefined,
  values: PickedChoice & { channel: "online" | "paper"; castBy: number; recordedBy: number | null; witness: string | null; viaProxyId: number | null },
  actorId: number,
  now: Date,
): { vote: Vote; changed: boolean } {
  const row = { choice: values.choice, optionId: values.optionId, channel: values.channel, castBy: values.castBy, recordedBy: values.recordedBy, witness: values.witness, viaProxyId: values.viaProxyId, updatedAt: now };
  let vote: Vote;
  if (existing) {
    vote = tx.update(votes).set(row).where(eq(votes.id, existing.id)).returning().get();
  } else {
    vote = tx
      .insert(votes)
      .values({ ballotId: ballot.id, electorKey: elector.electorKey, ...row, createdAt: now })
      .returning()
      .get();
    tx.update(ballots)
      .set({ votedCount: sql`${ballots.votedCount} + 1`, votedAreaHundredths: sql`${ballots.votedAreaHundredths} + ${elector.areaHundredths}` })
      .where(eq(ballots.id, ballot.id))
      .run();
  }
  const kind = values.channel === "paper" ? "vote.paper" : existing ? "vote.changed" : "vote.cast";
  appendAudit(tx, { kind, ballotId: ballot.id, actorId, at: now, payload: votePayload(vote) });
  return { vote, changed: !!existing };
}
