import { eq } from "drizzle-orm";
import type { DB, Tx } from "@/db/client";
import { ballots, type Ballot, type Topic } from "@/db/schema";
import type { Actor } from "@/lib/auth/actor";
import { authorize, can } from "@/lib/auth/policy";
import { AppError, notFound } from "@/lib/errors";
import { loadVisibleTopic, topicResource } from "@/lib/topics/access";
import { voteReads } from "./prepared";

/** Where a ballot stands in time: not yet open, taking votes, or over (closed, or past its closing time). */
export type BallotPhase = "upcoming" | "open" | "closed";

export function ballotPhase(ballot: Pick<Ballot, "status" | "opensAt" | "closesAt">, now: Date): BallotPhase {
  if (ballot.status === "closed" || now.getTime() >= ballot.closesAt.getTime()) return "closed";
  if (now.getTime() < ballot.opensAt.getTime()) return "upcoming";
  return "open";
}

/** Votes are taken only while the ballot is open: 409 before the opening and after the close. */
export function assertTakingVotes(ballot: Pick<Ballot, "status" | "opensAt" | "closesAt">, now: Date): void {
  const phase = ballotPhase(ballot, now);
  if (phase === "closed") throw new AppError("conflict", "ballotClosed");
  if (phase === "upcoming") throw new AppError("conflict", "ballotNotOpen");
}

/** Staff who own the ballot's topic open, close and keep it (paper ballots, proxies). */
export function mayManageBallot(actor: Actor | null, topic: Topic): boolean {
  return can(actor, "ballot.manage", topicResource(topic));
}

/**
 * A ballot the actor may see: the ballot of a topic they may see. Outside the actor's community it
 * is "not found", so that its existence does not leak; nobody signed in gets 401.
 */
export function loadVisibleBallot(db: DB | Tx, actor: Actor | null, ballotId: number): { ballot: Ballot; topic: Topic } {
  if (!actor) throw new AppError("unauthenticated", "signInRequired");
  const ballot = voteReads(db)?.ballot.get({ ballotId }) ?? db.select().from(ballots).where(eq(ballots.id, ballotId)).get();
  if (!ballot) throw notFound("ballotNotFound");
  let topic: Topic;
  try {
    topic = loadVisibleTopic(db, actor, ballot.topicId);
  } catch (e) {
    if (e instanceof AppError && e.status === 404) throw notFound("ballotNotFound");
    throw e;
  }
  return { ballot, topic };
}

/** A ballot the actor manages: 404 outside the community, 403 for everyone but the topic's staff. */
export function loadManagedBallot(db: DB | Tx, actor: Actor | null, ballotId: number): { ballot: Ballot; topic: Topic; actor: Actor } {
  const { ballot, topic } = loadVisibleBallot(db, actor, ballotId);
  authorize(actor, "ballot.manage", topicResource(topic));
  return { ballot, topic, actor };
}

export function reloadBallot(tx: DB | Tx, ballotId: number): Ballot {
  const ballot = voteReads(tx)?.ballot.get({ ballotId }) ?? tx.select().from(ballots).where(eq(ballots.id, ballotId)).get();
  if (!ballot) throw notFound("ballotNotFound");
  return ballot;
}
