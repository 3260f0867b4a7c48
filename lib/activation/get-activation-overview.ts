import { and, asc, count, eq, gt, inArray, isNotNull, isNull, lte, sql, type SQL } from "drizzle-orm";
import { activationCodes, buildings, communities, grids, people, roles, units } from "@/db/schema";
import { communitiesWhere, gridsWhere, requireVerified } from "@/lib/auth/policy";
import type { ActorCtx } from "@/lib/context";
import { forbidden } from "@/lib/errors";
import { communityQuery } from "@/lib/validation/admin";
import { countStaffWaiting, staffLetterRoles } from "./staff-letters";
import { first } from "@/db/query";

type Waiting = { people: number; households: number };

export type ActivationOverview = {
  communityId: number;
  communityName: string;
  /** Whether the actor may issue for the whole community at once (community admins). */
  wholeCommunity: boolean;
  /** Grids the actor may issue letters for, each with its buildings and who is still to activate. */
  grids: { id: number; name: string; waiting: Waiting; buildings: { id: number; name: string; waiting: Waiting }[] }[];
  waiting: Waiting;
  /** Staff (no unit role) still to activate, who get a letter each — counted for community admins only, who alone issue them; else null. */
  staffWaiting: number | null;
  /** The codes issued to people of these grids (and, for community admins, the community's staff), by what became of them. */
  codes: { open: number; used: number; expired: number; replaced: number };
};

/**
 * What the activation page shows: in the grids the actor may issue letters for, who is still to
 * activate (people and households, per grid and building), and what became of the codes issued.
 */
export async function getActivationOverview(ctx: ActorCtx, raw: unknown, { now = new Date() }: { now?: Date } = {}): Promise<ActivationOverview> {
  const input = communityQuery.parse(raw);
  const { db, actor } = ctx;
  requireVerified(actor);
  const allGridsOf = async (communityId: number) => (await db.select({ id: grids.id }).from(grids).where(eq(grids.communityId, communityId))).map((g) => g.id);
  const gridIds = await gridsWhere(actor, "activation.issue", allGridsOf);
  if (!gridIds.length) throw forbidden();
  const gridRows = await db
    .select({ id: grids.id, name: grids.name, communityId: grids.communityId })
    .from(grids)
    .where(inArray(grids.id, gridIds))
    .orderBy(asc(grids.communityId), asc(grids.code));
  const communityId = input.communityId ?? gridRows[0]!.communityId;
  const mine = gridRows.filter((g) => g.communityId === communityId);
  if (!mine.length) throw forbidden();
  const ids = mine.map((g) => g.id);
  const community = (await first(db.select({ name: communities.name }).from(communities).where(eq(communities.id, communityId))))!;

  const buildingRows = await db
    .select({ id: buildings.id, name: buildings.name, gridId: buildings.gridId })
    .from(buildings)
    .where(inArray(buildings.gridId, ids))
    .orderBy(asc(buildings.code));
  // Who is still to activate, per building: people with a unit role and no password.
  const waitingRows = await db
    .select({ buildingId: units.buildingId, people: sql<number>`count(distinct ${people.id})`, households: sql<number>`count(distinct ${units.id})` })
    .from(roles)
    .innerJoin(people, eq(roles.personId, people.id))
    .innerJoin(units, eq(roles.unitId, units.id))
    .innerJoin(buildings, eq(units.buildingId, buildings.id))
    .where(and(inArray(buildings.gridId, ids), inArray(roles.role, ["owner", "resident"]), isNull(people.passwordHash), eq(people.status, "verified")))
    .groupBy(units.buildingId);
  const byBuilding = new Map(waitingRows.map((r) => [r.buildingId, { people: r.people, households: r.households }]));
  const none = (): Waiting => ({ people: 0, households: 0 });
  const sum = (ws: Waiting[]) => ws.reduce((a, w) => ({ people: a.people + w.people, households: a.households + w.households }), none());

  const wholeCommunity = communitiesWhere(actor, "activation.issue").includes(communityId);
  // People of these grids: anyone with a unit role in one of them; for admins also the community's staff.
  const unitPeople = sql`select r.person_id from ${roles} r join ${units} u on u.id = r.unit_id join ${buildings} b on b.id = u.building_id where b.grid_id in (${sql.join(
    ids.map((id) => sql`${id}`),
    sql`, `,
  )})`;
  const staffPeople = sql`select s.person_id from ${roles} s where s.community_id = ${communityId} and s.role in (${sql.join(
    staffLetterRoles.map((r) => sql`${r}`),
    sql`, `,
  )})`;
  const inGrids = wholeCommunity ? sql`${activationCodes.personId} in (${unitPeople} union ${staffPeople})` : sql`${activationCodes.personId} in (${unitPeople})`;
  // count(*) filter: PostgreSQL has no sum() of a boolean; both engines have the filter clause
  // (SQLite since 3.30). drizzle's lte/gt bind `now` as each engine stores instants.
  const countWhere = (c: SQL | undefined) => sql<number>`count(*) filter (where ${c})`.mapWith(Number);
  const unused = and(isNull(activationCodes.usedAt), isNull(activationCodes.revokedAt));
  const codes = (await first(db
    .select({
      used: count(activationCodes.usedAt),
      replaced: countWhere(and(isNull(activationCodes.usedAt), isNotNull(activationCodes.revokedAt))),
      expired: countWhere(and(unused, lte(activationCodes.expiresAt, now))),
      open: countWhere(and(unused, gt(activationCodes.expiresAt, now))),
    })
    .from(activationCodes)
    .where(inGrids)))!;

  const gridsOut = mine.map((g) => {
    const bs = buildingRows.filter((b) => b.gridId === g.id).map((b) => ({ id: b.id, name: b.name, waiting: byBuilding.get(b.id) ?? none() }));
    return { id: g.id, name: g.name, waiting: sum(bs.map((b) => b.waiting)), buildings: bs };
  });
  return {
    communityId,
    communityName: community.name,
    wholeCommunity,
    grids: gridsOut,
    waiting: sum(gridsOut.map((g) => g.waiting)),
    staffWaiting: wholeCommunity ? await countStaffWaiting(db, communityId) : null,
    codes: { open: codes.open, used: codes.used, expired: codes.expired, replaced: codes.replaced },
  };
}
