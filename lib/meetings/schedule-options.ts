import { and, asc, desc, eq, inArray, isNull, ne } from "drizzle-orm";
import { communities, grids, meetings, organisations, topics } from "@/db/schema";
import { communitiesWhere, gridsWhere, requireVerified } from "@/lib/auth/policy";
import type { ActorCtx } from "@/lib/context";
import { forbidden } from "@/lib/errors";
import { nextCouncilDate } from "./next-council-date";
import { agendaStates } from "./schedule-meeting";
import { toShanghaiLocal } from "@/lib/time";
import { first } from "@/db/query";

export type SchedulePlace = {
  /** "grid:<id>" or "community:<id>". */
  key: string;
  communityId: number;
  gridId: number | null;
  label: string;
  councilDay: number | null;
  /** Next council day at 19:00 as a datetime-local value (Shanghai), when the grid keeps one. */
  suggestedStart: string | null;
  /** Where this grid (or the community) met last time. */
  usualPlace: string;
  topics: { id: number; title: string; state: string }[];
};

export type ScheduleOptions = {
  places: SchedulePlace[];
  thinkTanks: Record<number, { id: number; name: string }[]>;
};

/**
 * What the schedule form offers the actor: the grids (and communities) where they may hold a
 * meeting, each with its admitted topics, the pre-filled date of its council day (网格议事日) and
 * its usual place; and the think tanks of each community.
 */
export async function scheduleOptions(ctx: ActorCtx, now = new Date()): Promise<ScheduleOptions> {
  const { db, actor } = ctx;
  requireVerified(actor);
  const gridIds = await gridsWhere(actor, "meeting.manage", async (c) => (await db.select({ id: grids.id }).from(grids).where(eq(grids.communityId, c))).map((g) => g.id));
  const adminOf = communitiesWhere(actor, "meeting.manage");
  if (gridIds.length === 0 && adminOf.length === 0) throw forbidden();

  const gridRows = gridIds.length
    ? await db
        .select({ id: grids.id, communityId: grids.communityId, name: grids.name, code: grids.code, councilDay: grids.councilDay, communityName: communities.name })
        .from(grids)
        .innerJoin(communities, eq(communities.id, grids.communityId))
        .where(inArray(grids.id, gridIds))
        .orderBy(asc(grids.communityId), asc(grids.code))
    : [];
  const communityRows = adminOf.length
    ? await db.select({ id: communities.id, name: communities.name }).from(communities).where(inArray(communities.id, adminOf)).orderBy(asc(communities.id))
    : [];
  const manyCommunities = new Set([...gridRows.map((g) => g.communityId), ...adminOf]).size > 1;

  const admitted = inArray(topics.state, [...agendaStates]);
  const topicList = async (where: ReturnType<typeof and>) =>
    await db.select({ id: topics.id, title: topics.title, state: topics.state }).from(topics).where(and(admitted, where)).orderBy(desc(topics.updatedAt), desc(topics.id)).limit(200);
  const lastPlace = async (where: ReturnType<typeof and>) =>
    (await first(db
      .select({ place: meetings.place })
      .from(meetings)
      .where(and(where, ne(meetings.place, ""), ne(meetings.status, "cancelled")))
      .orderBy(desc(meetings.startsAt), desc(meetings.id))
      .limit(1)))?.place ?? "";

  const places: SchedulePlace[] = [
    ...(await Promise.all(gridRows.map(async (g) => ({
      key: `grid:${g.id}`,
      communityId: g.communityId,
      gridId: g.id,
      label: manyCommunities ? `${g.communityName} · ${g.name}` : g.name,
      councilDay: g.councilDay,
      suggestedStart: g.councilDay ? toShanghaiLocal(nextCouncilDate(g.councilDay, now)) : null,
      usualPlace: await lastPlace(eq(meetings.gridId, g.id)),
      topics: await topicList(and(eq(topics.gridId, g.id), eq(topics.level, "grid"))),
    })))),
    ...(await Promise.all(communityRows.map(async (c) => ({
      key: `community:${c.id}`,
      communityId: c.id,
      gridId: null,
      label: c.name,
      councilDay: null,
      suggestedStart: null,
      usualPlace: await lastPlace(and(eq(meetings.communityId, c.id), isNull(meetings.gridId))),
      topics: await topicList(eq(topics.communityId, c.id)),
    })))),
  ];

  const communityIds = [...new Set(places.map((p) => p.communityId))];
  const tanks = await db
    .select({ id: organisations.id, name: organisations.name, communityId: organisations.communityId })
    .from(organisations)
    .where(and(inArray(organisations.communityId, communityIds), eq(organisations.kind, "thinkTank")))
    .orderBy(asc(organisations.id));
  const thinkTanks: ScheduleOptions["thinkTanks"] = {};
  for (const t of tanks) (thinkTanks[t.communityId] ??= []).push({ id: t.id, name: t.name });
  return { places, thinkTanks };
}
