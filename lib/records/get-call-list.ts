import { and, asc, eq, inArray } from "drizzle-orm";
import { ballotElectorMembers, ballotElectors, buildings, people, units, votes } from "@/db/schema";
import { ballotPhase, loadManagedBallot } from "@/lib/ballots/access";
import type { ActorCtx } from "@/lib/context";
import { AppError } from "@/lib/errors";
import { callListRef } from "@/lib/validation/records";

export type CallList = {
  ballot: { id: number; title: string; topicId: number; closesAt: Date; electorCount: number; votedCount: number };
  /** Electors who have not voted yet, by flat: each with the people who may vote for them and their phones. */
  rows: { flats: string[]; people: { name: string; phone: string }[] }[];
};

/**
 * The grid workers' call list (电话/上门提醒名单) for an open ballot: who has not voted yet, with
 * their flat (楼栋-单元-房号) and phone, so that residents without smartphones are reached.
 *
 * Only the ballot's own staff (ballot.manage: the grid's chief and workers, the community admin)
 * read it — residents and other grids' staff are refused. It lists electors WITHOUT a vote and
 * reads the votes table for elector keys only: no choice, channel or caster is ever selected, so
 * the list cannot tell how anyone voted. (Who has voted is what staff already see on the ballot's
 * page while it is open; the list only turns it into calls.)
 */
export async function getCallList(ctx: ActorCtx, raw: unknown, now = new Date()): Promise<CallList> {
  const { ballotId } = callListRef.parse(raw);
  const { ballot } = await loadManagedBallot(ctx.db, ctx.actor, ballotId);
  if (ballotPhase(ballot, now) !== "open") throw new AppError("conflict", "callListNotOpen");
  const { db } = ctx;

  const voted = new Set((await db.select({ electorKey: votes.electorKey }).from(votes).where(eq(votes.ballotId, ballot.id))).map((v) => v.electorKey));
  const waiting = (await db
    .select({ electorKey: ballotElectors.electorKey, unitIds: ballotElectors.unitIds })
    .from(ballotElectors)
    .where(eq(ballotElectors.ballotId, ballot.id))
    .orderBy(asc(ballotElectors.id)))
    .filter((e) => !voted.has(e.electorKey));

  const keys = waiting.map((e) => e.electorKey);
  const members = keys.length
    ? await db
        .select({ electorKey: ballotElectorMembers.electorKey, name: people.name, phone: people.phone })
        .from(ballotElectorMembers)
        .innerJoin(people, eq(people.id, ballotElectorMembers.personId))
        .where(and(eq(ballotElectorMembers.ballotId, ballot.id), inArray(ballotElectorMembers.electorKey, keys)))
        .orderBy(asc(people.id))
    : [];
  const unitIds = [...new Set(waiting.flatMap((e) => e.unitIds))];
  const flatOf = new Map(
    unitIds.length
      ? (await db
          .select({ id: units.id, building: buildings.name, number: units.number })
          .from(units)
          .innerJoin(buildings, eq(buildings.id, units.buildingId))
          .where(inArray(units.id, unitIds)))
          .map((u): [number, string] => [u.id, `${u.building} ${u.number}`])
      : [],
  );

  const rows = waiting.map((e) => ({
    flats: e.unitIds.map((u) => flatOf.get(u)).filter((f): f is string => !!f),
    people: members.filter((m) => m.electorKey === e.electorKey).map((m) => ({ name: m.name, phone: m.phone })),
  }));
  // By flat, the way a worker walks the buildings; electors without a flat last.
  rows.sort((a, b) => (a.flats[0] ?? "\uffff").localeCompare(b.flats[0] ?? "\uffff", "zh-CN", { numeric: true }));

  return {
    ballot: { id: ballot.id, title: ballot.title, topicId: ballot.topicId, closesAt: ballot.closesAt, electorCount: ballot.electorCount, votedCount: ballot.votedCount },
    rows,
  };
}
