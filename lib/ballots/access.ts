import { eq } from "drizzle-orm";
import type { DB, Tx } from "@/db/client";
import { ballots, type Ballot, type Topic } from "@/db/schema";
import type { Actor } from "@/lib/auth/actor";
import { authorize, can } from "@/lib/auth/policy";
import { AppError, notFound } from "@/lib/errors";
import { loadVisibleTopic, topicResource } from "@/lib/topics/access";
import { voteReads } from "./prepared";
import { first } from "@/db/query";

/**
 * Where a ballot stands in time: not yet open, taking votes, past its closing time but not yet
 * counted (已截止，等待计票: the scheduled job or staff close it, see closeDueBallots), or closed
 * and counted. Reads only report the phase; they never close a ballot.
 */
export type BallotPhase = "upcoming" | "open" | "awaitingCount" | "closed";

export function ballotPhase(ballot: Pick<Ballot, "status" | "opensAt" | "closesAt">, now: Date): BallotPhase {
  if (ballot.status === "closed") return "closed";
  if (now.getTime() >= ballot.closesAt.getTime()) return "awaitingCount";
  if (now.getTime() < ballot.opensAt.getTime()) return "upcoming";
  return "open";
}

/** Whether voting is over: counted, or past the closing time and waiting for the count. */
export function votingOver(ballot: Pick<Ballot, "status" | "opensAt" | "closesAt">, now: Date): boolean {
  const phase = ballotPhase(ballot, now);
  return phase === "closed" || phase === "awaitingCount";
}

/** Votes are taken only while the ballot is open: 409 before the opening and after the closing time. */
export function assertTakingVotes(ballot: Pick<Ballot, "status" | "opensAt" | "closesAt">, now: Date): void {
  if (votingOver(ballot, now)) throw new AppError("conflict", "ballotClosed");
  if (ballotPhase(ballot, now) === "upcoming") throw new AppError("conflict", "ballotNotOpen");
}

/** Staff who own the ballot's topic open, close and keep it (paper ballots, proxies). */
export function mayManageBallot(actor: Actor | null, topic: Topic): boolean {
  return can(actor, "ballot.manage", topicResource(topic));
}

/**
 * A ballot the actor may see: the ballot of a topic they may see. Outside the actor's community it
 * is "not found", so that its existence does not leak.
 */
export async function loadVisibleBallot(db: DB | Tx, actor: Actor, ballotId: number): Promise<{ ballot: Ballot; topic: Topic }> {
  const ballot = voteReads(db)?.ballot.get({ ballotId }) ?? await first(db.select().from(ballots).where(eq(ballots.id, ballotId)));
  if (!ballot) throw notFound("ballotNotFound");
  let topic: Topic;
  try {
    topic = await loadVisibleTopic(db, actor, ballot.topicId);
  } catch (e) {
    if (e instanceof AppError && e.status === 404) throw notFound("ballotNotFound");
    throw e;
  }
  return { ballot, topic };
}

/** A ballot the actor manages: 404 outside the community, 403 for everyone but the topic's staff. */
export async function loadManagedBallot(db: DB | Tx, actor: Actor, ballotId: number): Promise<{ ballot: Ballot; topic: Topic; actor: Actor }> {
  const { ballot, topic } = await loadVisibleBallot(db, actor, ballotId);
  authorize(actor, "ballot.manage", topicResource(topic));
  return { ballot, topic, actor };
}

export async function reloadBallot(tx: DB | Tx, ballotId: number): Promise<Ballot> {
  const ballot = voteReads(tx)?.ballot.get({ ballotId }) ?? await first(tx.select().from(ballots).where(eq(ballots.id, ballotId)));
  if (!ballot) throw notFound("ballotNotFound");
  return ballot;
}
