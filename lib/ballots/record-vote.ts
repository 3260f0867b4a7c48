import { and, eq, sql } from "drizzle-orm";
import type { DB, Tx } from "@/db/client";
import { ballotOptions, ballots, votes, type Ballot, type Vote } from "@/db/schema";
import { appendAudit } from "@/lib/audit/append";
import { votePayload } from "@/lib/audit/payloads";
import type { BallotChoice } from "@/lib/domain/vote-rules";
import { invalid } from "@/lib/errors";
import { ensureMeetingElector, presentCount } from "./electorate";
import { voteReads } from "./prepared";
import { first } from "@/db/query";

export type PickedChoice = { choice: BallotChoice | null; optionId: number | null; planId: number | null };

/** What was chosen, checked against the ballot: agree / disagree / abstain, or one of its plans. */
export async function pickChoice(tx: DB | Tx, ballot: Pick<Ballot, "id" | "kind">, input: { choice?: BallotChoice; planId?: number }): Promise<PickedChoice> {
  if (ballot.kind === "single") {
    if (!input.choice) throw invalid("voteChoiceRequired", { choice: "voteChoiceRequired" });
    return { choice: input.choice, optionId: null, planId: null };
  }
  if (input.planId == null) throw invalid("votePlanRequired", { planId: "votePlanRequired" });
  const option = await first(tx
    .select({ id: ballotOptions.id })
    .from(ballotOptions)
    .where(and(eq(ballotOptions.ballotId, ballot.id), eq(ballotOptions.planId, input.planId))));
  if (!option) throw invalid("planNotOnBallot", { planId: "planNotOnBallot" });
  return { choice: null, optionId: option.id, planId: input.planId };
}

export async function existingVote(tx: DB | Tx, ballotId: number, electorKey: string): Promise<Vote | undefined> {
  const reads = voteReads(tx);
  if (reads) return reads.vote.get({ ballotId, electorKey });
  return await first(tx.select().from(votes).where(and(eq(votes.ballotId, ballotId), eq(votes.electorKey, electorKey))));
}

/** A meeting ballot's electorate is whoever is checked in: keep its count in step as people vote. */
export async function syncMeetingElector(tx: DB | Tx, ballot: Pick<Ballot, "id" | "electorateKind" | "meetingId">, personId: number): Promise<void> {
  if (ballot.electorateKind !== "meetingAttendees" || ballot.meetingId == null) return;
  await ensureMeetingElector(tx, ballot.id, personId);
  await tx.update(ballots).set({ electorCount: await presentCount(tx, ballot.meetingId) }).where(eq(ballots.id, ballot.id));
}

/**
 * Writes an elector's vote: a first vote inserts the row and adds the elector once to the turnout
 * (headcount and area); a change updates the row and leaves the turnout alone. Either way the
 * whole new state of the row goes into the audit chain.
 */
export async function writeVote(
  tx: DB | Tx,
  ballot: Pick<Ballot, "id">,
  elector: { electorKey: string; areaHundredths: number },
  existing: Vote | undefined,
  values: PickedChoice & { channel: "online" | "paper"; castBy: number; recordedBy: number | null; witness: string | null; viaProxyId: number | null },
  actorId: number,
  now: Date,
): Promise<{ vote: Vote; changed: boolean }> {
  const row = { choice: values.choice, optionId: values.optionId, channel: values.channel, castBy: values.castBy, recordedBy: values.recordedBy, witness: values.witness, viaProxyId: values.viaProxyId, updatedAt: now };
  let vote: Vote;
  if (existing) {
    vote = await first(tx.update(votes).set(row).where(eq(votes.id, existing.id)).returning());
  } else {
    vote = await first(tx
      .insert(votes)
      .values({ ballotId: ballot.id, electorKey: elector.electorKey, ...row, createdAt: now })
      .returning());
    await tx.update(ballots)
      .set({ votedCount: sql`${ballots.votedCount} + 1`, votedAreaHundredths: sql`${ballots.votedAreaHundredths} + ${elector.areaHundredths}` })
      .where(eq(ballots.id, ballot.id));
  }
  const kind = values.channel === "paper" ? "vote.paper" : existing ? "vote.changed" : "vote.cast";
  await appendAudit(tx, { kind, ballotId: ballot.id, actorId, at: now, payload: votePayload(vote) });
  return { vote, changed: !!existing };
}
