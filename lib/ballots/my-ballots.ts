import { and, asc, eq, inArray } from "drizzle-orm";
import { ballotElectorMembers, ballotProxies, ballots, meetingAttendance, topics, votes } from "@/db/schema";
import type { ActorCtx } from "@/lib/context";
import { AppError } from "@/lib/errors";
import { ballotPhase, votingOver, type BallotPhase } from "./access";
import { eligibleElectors } from "./electorate";

export type MyBallot = {
  id: number;
  title: string;
  topic: { id: number; title: string };
  phase: BallotPhase;
  opensAt: Date;
  closesAt: Date;
  /** Each elector the person may vote for, and whether a vote is in for it yet. */
  electors: { electorKey: string; label: string; viaProxy: boolean; voted: boolean }[];
};

/**
 * The ballots the signed-in person may vote on now or soon: as an elector, as the proxy of a
 * principal, or as someone checked in at a meeting that is voting. Ballots past their closing time
 * drop out (nobody may vote on them any more) whether or not they have been counted yet; this read
 * never closes one.
 */
export async function myBallots(ctx: ActorCtx, now = new Date()): Promise<{ ballots: MyBallot[] }> {
  const { db, actor } = ctx;
  if (actor.status !== "verified") throw new AppError("forbidden", "notVerified");
  const me = actor.personId;
  const ids = new Set<number>([
    ...(await db.selectDistinct({ id: ballotElectorMembers.ballotId }).from(ballotElectorMembers).where(eq(ballotElectorMembers.personId, me))).map((r) => r.id),
    ...(await db.selectDistinct({ id: ballotProxies.ballotId }).from(ballotProxies).where(eq(ballotProxies.proxyPersonId, me))).map((r) => r.id),
    ...(await db
      .selectDistinct({ id: ballots.id })
      .from(ballots)
      .innerJoin(meetingAttendance, and(eq(meetingAttendance.meetingId, ballots.meetingId), eq(meetingAttendance.personId, me)))
      .where(eq(ballots.electorateKind, "meetingAttendees")))
      .map((r) => r.id),
  ]);
  if (ids.size === 0) return { ballots: [] };
  const communities = new Set(actor.roles.map((r) => r.communityId));
  const open = (await db
    .select({ ballot: ballots, topicTitle: topics.title })
    .from(ballots)
    .innerJoin(topics, eq(topics.id, ballots.topicId))
    .where(and(inArray(ballots.id, [...ids]), eq(ballots.status, "open")))
    .orderBy(asc(ballots.closesAt), asc(ballots.id)))
    .filter((r) => communities.has(r.ballot.communityId));

  const out: MyBallot[] = [];
  for (const { ballot, topicTitle } of open) {
    if (votingOver(ballot, now)) continue;
    const electors = await eligibleElectors(db, ballot, me);
    if (electors.length === 0) continue;
    const voted = new Set(
      (await db
        .select({ electorKey: votes.electorKey })
        .from(votes)
        .where(and(eq(votes.ballotId, ballot.id), inArray(votes.electorKey, electors.map((e) => e.electorKey)))))
        .map((v) => v.electorKey),
    );
    out.push({
      id: ballot.id,
      title: ballot.title,
      topic: { id: ballot.topicId, title: topicTitle },
      phase: ballotPhase(ballot, now),
      opensAt: ballot.opensAt,
      closesAt: ballot.closesAt,
      electors: electors.map((e) => ({ electorKey: e.electorKey, label: e.label, viaProxy: e.viaProxyId != null, voted: voted.has(e.electorKey) })),
    });
  }
  return { ballots: out };
}
