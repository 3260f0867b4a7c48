import { and, asc, desc, eq, inArray, or, sql, type SQL } from "drizzle-orm";
import { grids, meetingAgendaItems, meetingInvitees, meetings } from "@/db/schema";
import { qualifiedId } from "@/lib/admin/sql";
import { requireVerified } from "@/lib/auth/policy";
import type { ActorCtx } from "@/lib/context";
import { listMeetingsQuery } from "@/lib/validation/meetings";
import { managesMeetingsIn } from "./access";
import { instantLike, plusMinutes } from "@/db/sql/time";

export type MeetingListRow = {
  id: number;
  title: string;
  startsAt: Date;
  durationMinutes: number;
  place: string;
  online: boolean;
  status: "scheduled" | "held" | "cancelled";
  gridId: number | null;
  gridName: string | null;
  topicCount: number;
  myResponse: "pending" | "attending" | "declined" | null;
  minutesPublished: boolean;
};

export type MeetingList = { upcoming: MeetingListRow[]; past: MeetingListRow[]; maySchedule: boolean };

const PAST_LIMIT = 50;

/**
 * The meetings of the actor's communities: upcoming ones (scheduled and not yet over) soonest
 * first, and past ones (over, held or cancelled) latest first. Every verified member of a community
 * may see its meetings; `maySchedule` says whether the actor runs meetings anywhere.
 */
export async function listMeetings(ctx: ActorCtx, raw: unknown, now = new Date()): Promise<MeetingList> {
  const query = listMeetingsQuery.parse(raw);
  const { db, actor } = ctx;
  requireVerified(actor);
  const communityIds = [...new Set(actor.roles.map((r) => r.communityId))];
  const maySchedule = communityIds.some((c) => managesMeetingsIn(actor, c));
  if (communityIds.length === 0) return { upcoming: [], past: [], maySchedule };

  const ends = plusMinutes(db, meetings.startsAt, meetings.durationMinutes);
  const at = instantLike(meetings.startsAt, now);
  const upcomingWhere = and(eq(meetings.status, "scheduled"), sql`${ends} > ${at}`);
  const pastWhere = or(sql`${meetings.status} <> 'scheduled'`, sql`${ends} <= ${at}`);
  const scope = and(inArray(meetings.communityId, communityIds), query.gridId != null ? eq(meetings.gridId, query.gridId) : undefined);

  const select = async (when: SQL | undefined, order: SQL, limit: number) =>
    (await db
      .select({
        id: meetings.id,
        title: meetings.title,
        startsAt: meetings.startsAt,
        durationMinutes: meetings.durationMinutes,
        place: meetings.place,
        onlineUrl: meetings.onlineUrl,
        status: meetings.status,
        gridId: meetings.gridId,
        gridName: grids.name,
        minutesPublishedAt: meetings.minutesPublishedAt,
        myResponse: meetingInvitees.response,
        topicCount: sql<number>`(select count(*) from ${meetingAgendaItems} where ${meetingAgendaItems.meetingId} = ${qualifiedId(meetings)})`,
      })
      .from(meetings)
      .leftJoin(grids, eq(grids.id, meetings.gridId))
      .leftJoin(meetingInvitees, and(eq(meetingInvitees.meetingId, meetings.id), eq(meetingInvitees.personId, actor.personId)))
      .where(and(scope, when))
      .orderBy(order, asc(meetings.id))
      .limit(limit))
      .map(({ onlineUrl, minutesPublishedAt, ...r }) => ({ ...r, online: onlineUrl !== "", minutesPublished: minutesPublishedAt != null }));

  return {
    upcoming: query.when === "past" ? [] : await select(upcomingWhere, asc(meetings.startsAt), 100),
    past: query.when === "upcoming" ? [] : await select(pastWhere, desc(meetings.startsAt), PAST_LIMIT),
    maySchedule,
  };
}
