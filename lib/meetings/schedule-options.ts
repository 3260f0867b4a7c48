import { and, asc, desc, eq, inArray, isNull, ne } from "drizzle-orm";
import { communities, grids, meetings, organisations, topics } from "@/db/schema";
import { communitiesWhere, gridsWhere, requireVerified } from "@/lib/auth/policy";
import type { ActorCtx } from "@/lib/context";
import { forbidden } from "@/lib/errors";
import { nextCouncilDate } from "./next-council-date";
import { agendaStates } from "./schedule-meeting";
import { toShanghaiLocal } from "@/lib/time";

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
export function scheduleOptions(ctx: ActorCtx, now = new Date()): ScheduleOptions {
  const { db, actor } = ctx;
  requireVerified(actor);
  const gridIds = gridsWhere(actor, "meeting.manage", (c) => db.select({ id: grids.id }).from(grids).where(eq(grids.communityId, c)).all().map((g) => g.id));
  const adminOf = communitiesWhere(actor, "meeting.manage");
  if (gridIds.length === 0 && adminOf.length === 0) throw forbidden();

  const gridRows = gridIds.length
    ? db
        .select({ id: grids.id, communityId: grids.communityId, name: grids.name, code: grids.code, councilDay: grids.councilDay, communityName: communities.name })
        .from(grids)
        .innerJoin(communities, eq(communities.id, grids.communityId))
        .where(inArray(grids.id, gridIds))
        .orderBy(asc(grids.communityId), asc(grids.code))
        .all()
    : [];
  const communityRows = adminOf.length
    ? db.select({ id: communities.id, name: communities.name }).from(communities).where(inArray(communities.id, adminOf)).orderBy(asc(communities.id)).all()
    : [];
  const manyCommunities = new Set([...gridRows.map((g) => g.communityId), ...adminOf]).size > 1;

  const admitted = inArray(topics.state, [...agendaStates]);
  const topicList = (where: ReturnType<typeof and>) =>
    db.select({ id: topics.id, title: topics.title, state: topics.state }).from(topics).where(and(admitted, where)).orderBy(desc(topics.updatedAt)).limit(200).all();
  const lastPlace = (where: ReturnType<typeof and>) =>
    db
      .select({ place: meetings.place })
      .from(meetings)
      .where(and(where, ne(meetings.place, ""), ne(meetings.status, "cancelled")))
      .orderBy(desc(meetings.startsAt))
      .limit(1)
      .get()?.place ?? "";

  const places: SchedulePlace[] = [
    ...gridRows.map((g) => ({
      key: `grid:${g.id}`,
      communityId: g.communityId,
      gridId: g.id,
      label: manyCommunities ? `${g.communityName} · ${g.name}` : g.name,
      councilDay: g.councilDay,
      suggestedStart: g.councilDay ? toShanghaiLocal(nextCouncilDate(g.councilDay, now)) : null,
      usualPlace: lastPlace(eq(meetings.gridId, g.id)),
      topics: topicList(and(eq(topics.gridId, g.id), eq(topics.level, "grid"))),
    })),
    ...communityRows.map((c) => ({
      key: `community:${c.id}`,
      communityId: c.id,
      gridId: null,
      label: c.name,
      councilDay: null,
      suggestedStart: null,
      usualPlace: lastPlace(and(eq(meetings.communityId, c.id), isNull(meetings.gridId))),
      topics: topicList(eq(topics.communityId, c.id)),
    })),
  ];

  const communityIds = [...new Set(places.map((p) => p.communityId))];
  const tanks = db
    .select({ id: organisations.id, name: organisations.name, communityId: organisations.communityId })
    .from(organisations)
    .where(and(inArray(organisations.communityId, communityIds), eq(organisations.kind, "thinkTank")))
    .orderBy(asc(organisations.id))
    .all();
  const thinkTanks: ScheduleOptions["thinkTanks"] = {};
  for (const t of tanks) (thinkTanks[t.communityId] ??= []).push({ id: t.id, name: t.name });
  return { places, thinkTanks };
}
