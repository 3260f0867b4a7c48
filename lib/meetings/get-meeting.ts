import { and, asc, eq } from "drizzle-orm";
import { communities, grids, meetingAgendaItems, meetingAttendance, meetingFollowUps, meetingInvitees, people, topics, type RoleKind } from "@/db/schema";
import { requireVerified } from "@/lib/auth/policy";
import type { ActorCtx } from "@/lib/context";
import { meetingRef } from "@/lib/validation/meetings";
import { loadVisibleMeeting, mayManageMeeting } from "./access";
import { attendanceOf, rolesOf, type Attendee, type OrganisationPresent } from "./attendees";
import { speakingTurnsByTopic, type SpeakingTurn } from "./room/speaking-turns";
import { first } from "@/db/query";

export type MeetingStatus = "scheduled" | "held" | "cancelled";

export type MeetingInviteeView = {
  personId: number;
  name: string;
  displayNumber: string;
  roles: RoleKind[];
  invitedAs: string;
  response: "pending" | "attending" | "declined";
  present: boolean;
};

export type MeetingView = {
  id: number;
  title: string;
  startsAt: Date;
  endsAt: Date;
  durationMinutes: number;
  place: string;
  onlineUrl: string;
  /** 法定人数: people who must be present (null: none set). */
  quorumRequired: number | null;
  status: MeetingStatus;
  communityId: number;
  communityName: string;
  gridId: number | null;
  gridName: string | null;
  createdByName: string;
  /** Whether the actor runs this meeting: attendance, check-in, minutes. */
  mayManage: boolean;
  agenda: { topicId: number; title: string; state: string; position: number; discussion: string; conclusion: string; turns: SpeakingTurn[] }[];
  myInvitation: { response: "pending" | "attending" | "declined" } | null;
  myAttendance: { method: "staff" | "qr"; at: Date } | null;
  inviteeCounts: { total: number; attending: number; declined: number; pending: number };
  /** The invitation list with responses and presence; staff only. */
  invitees: MeetingInviteeView[];
  /** Who was present; staff always, everyone once the minutes are published. */
  attendees: Attendee[];
  organisationsPresent: OrganisationPresent[];
  /** The self check-in code while it is valid; staff only. */
  checkIn: { code: string; expiresAt: Date } | null;
  minutes: {
    /** The editor's document: staff only, while a draft. */
    json: unknown;
    html: string;
    publishedAt: Date | null;
    followUps: { id: number; action: string; owner: string; dueOn: string | null; topicId: number | null }[];
  } | null;
};

/**
 * One meeting as the actor may see it. Every verified member of the community sees the details,
 * the agenda and, once published, the minutes; the staff who run it also see the invitation list,
 * the attendance, the check-in code and the draft minutes.
 */
export async function getMeeting(ctx: ActorCtx, raw: unknown, now = new Date()): Promise<MeetingView> {
  const input = meetingRef.parse(raw);
  const { db, actor } = ctx;
  requireVerified(actor);
  const meeting = await loadVisibleMeeting(db, actor, input.meetingId);
  const mayManage = mayManageMeeting(actor, meeting);
  const published = meeting.minutesPublishedAt != null;

  const community = await first(db.select({ name: communities.name }).from(communities).where(eq(communities.id, meeting.communityId)));
  const grid = meeting.gridId != null ? await first(db.select({ name: grids.name }).from(grids).where(eq(grids.id, meeting.gridId))) : undefined;
  const creator = await first(db.select({ name: people.name }).from(people).where(eq(people.id, meeting.createdBy)));

  // The speakers' turns of the live room go into the minutes with the rest of each topic's record.
  const turns = mayManage || published ? await speakingTurnsByTopic(db, meeting.id) : new Map<number, SpeakingTurn[]>();
  const agenda = (await db
    .select({
      topicId: meetingAgendaItems.topicId,
      title: topics.title,
      state: topics.state,
      position: meetingAgendaItems.position,
      discussion: meetingAgendaItems.discussion,
      conclusion: meetingAgendaItems.conclusion,
    })
    .from(meetingAgendaItems)
    .innerJoin(topics, eq(topics.id, meetingAgendaItems.topicId))
    .where(eq(meetingAgendaItems.meetingId, meeting.id))
    .orderBy(asc(meetingAgendaItems.position)))
    .map((a) => (mayManage || published ? { ...a, turns: turns.get(a.topicId) ?? [] } : { ...a, discussion: "", conclusion: "", turns: [] }));

  const inviteRows = await db
    .select({
      personId: meetingInvitees.personId,
      name: people.name,
      displayNumber: people.displayNumber,
      invitedAs: meetingInvitees.invitedAs,
      response: meetingInvitees.response,
      presentId: meetingAttendance.id,
    })
    .from(meetingInvitees)
    .innerJoin(people, eq(people.id, meetingInvitees.personId))
    .leftJoin(meetingAttendance, and(eq(meetingAttendance.meetingId, meetingInvitees.meetingId), eq(meetingAttendance.personId, meetingInvitees.personId)))
    .where(eq(meetingInvitees.meetingId, meeting.id))
    .orderBy(asc(meetingInvitees.id));
  const mine = inviteRows.find((r) => r.personId === actor.personId);
  const count = (r: string) => inviteRows.filter((i) => i.response === r).length;
  const inviteeRoles = mayManage ? await rolesOf(db, meeting.communityId, inviteRows.map((r) => r.personId)) : new Map();

  const myAttendance =
    await first(db
      .select({ method: meetingAttendance.method, at: meetingAttendance.at })
      .from(meetingAttendance)
      .where(and(eq(meetingAttendance.meetingId, meeting.id), eq(meetingAttendance.personId, actor.personId)))) ?? null;

  const attendance = mayManage || published ? await attendanceOf(db, meeting) : { attendees: [], organisations: [] };
  const followUps =
    mayManage || published
      ? await db
          .select({ id: meetingFollowUps.id, action: meetingFollowUps.action, owner: meetingFollowUps.owner, dueOn: meetingFollowUps.dueOn, topicId: meetingFollowUps.topicId })
          .from(meetingFollowUps)
          .where(eq(meetingFollowUps.meetingId, meeting.id))
          .orderBy(asc(meetingFollowUps.position), asc(meetingFollowUps.id))
      : [];
  const checkInValid = meeting.checkinCode && meeting.checkinExpiresAt && meeting.checkinExpiresAt.getTime() > now.getTime();

  return {
    id: meeting.id,
    title: meeting.title,
    startsAt: meeting.startsAt,
    endsAt: new Date(meeting.startsAt.getTime() + meeting.durationMinutes * 60_000),
    durationMinutes: meeting.durationMinutes,
    place: meeting.place,
    onlineUrl: meeting.onlineUrl,
    quorumRequired: meeting.quorumRequired,
    status: meeting.status,
    communityId: meeting.communityId,
    communityName: community?.name ?? "",
    gridId: meeting.gridId,
    gridName: grid?.name ?? null,
    createdByName: creator?.name ?? "",
    mayManage,
    agenda,
    myInvitation: mine ? { response: mine.response } : null,
    myAttendance,
    inviteeCounts: { total: inviteRows.length, attending: count("attending"), declined: count("declined"), pending: count("pending") },
    invitees: mayManage
      ? inviteRows.map((r) => ({
          personId: r.personId,
          name: r.name,
          displayNumber: r.displayNumber,
          roles: inviteeRoles.get(r.personId)?.roles ?? [],
          invitedAs: r.invitedAs,
          response: r.response,
          present: r.presentId != null,
        }))
      : [],
    attendees: attendance.attendees,
    organisationsPresent: attendance.organisations,
    checkIn: mayManage && checkInValid ? { code: meeting.checkinCode!, expiresAt: meeting.checkinExpiresAt! } : null,
    minutes:
      mayManage || published
        ? {
            json: mayManage && !published ? meeting.minutesJson : null,
            html: meeting.minutesHtml ?? "",
            publishedAt: meeting.minutesPublishedAt,
            followUps,
          }
        : null,
  };
}

/** Whether the meeting's record can still change: not cancelled, minutes not yet published. */
export function isMeetingOpen(m: Pick<MeetingView, "status" | "minutes">): boolean {
  return m.status === "scheduled" && !m.minutes?.publishedAt;
}
