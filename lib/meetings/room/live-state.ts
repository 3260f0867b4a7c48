import { and, asc, count, desc, eq, inArray } from "drizzle-orm";
import { createTranslator } from "next-intl";
import type { DB, Tx } from "@/db/client";
import {
  ballotOptions,
  ballots,
  meetingAgendaItems,
  meetingAttendance,
  meetingInvitees,
  meetings,
  meetingSpeakers,
  people,
  planRevisions,
  plans,
  resolutions,
  topics,
  votes,
  type Ballot,
  type Meeting,
  type MeetingRoom,
} from "@/db/schema";
import { personElectorKey, electorsNow } from "@/lib/ballots/electorate";
import type { BallotResult } from "@/lib/ballots/tally-ballot";
import type { ActorCtx } from "@/lib/context";
import { orderQueue, roomQuorum, seesCheckInCode, roomRole, type QuorumSource, type RoomPhase } from "@/lib/domain/meeting-room";
import { notFound } from "@/lib/errors";
import { defaultLocale, type Locale } from "@/lib/i18n/config";
import { messages } from "@/lib/i18n/messages";
import { plainText } from "@/lib/richtext/document";
import { publicOrigin } from "@/lib/security/public-origin";
import { loadRoom, roomOf } from "./room-access";
import { readSnapshot } from "@/db/unit-of-work";
import { first } from "@/db/query";

/**
 * What every screen of a running meeting shows, read in one go from the database: the chair's
 * console, each attendee's phone and the projector. The SSE route sends it whole on every change
 * (id = version), so a screen that reconnects shows the truth without replaying anything.
 */
export type LiveViewerRole = "chair" | "staff" | "attendee" | "invitee" | "projector";

export type LiveVoteResult = {
  outcome: "passed" | "failed";
  rule: string;
  /** Every figure of the rule, as the ballot's close computed them: "参与人数" / "68.2% ≥ 50.0%". */
  figures: { key: string; label: string; value: string; met: boolean }[];
  options: { planId: number; title: string; agree: number; disagree: number; abstain: number; votes: number }[];
  resolutionNumber: string | null;
};

export type LiveState = {
  version: number;
  meetingId: number;
  title: string;
  phase: RoomPhase;
  viewer: { role: LiveViewerRole; personId: number; checkedIn: boolean };
  /**
   * Attendance against the quorum: the meeting's (法定人数), or the open vote's own while it differs
   * (`source` says which); `met` null when no quorum is set.
   */
  quorum: { present: number; needed: number | null; invited: number; source: QuorumSource | null; met: boolean | null };
  agenda: { id: number; topicId: number; title: string; position: number; conclusion: string; current: boolean }[];
  current: null | {
    agendaItemId: number;
    topicId: number;
    title: string;
    summary: string;
    plan: { title: string; bodyHtml: string } | null;
    budgetYuan: number | null;
  };
  speakers: { id: number; name: string; status: "waiting" | "speaking"; position: number; mine: boolean }[];
  speaking: null | { id: number; name: string; grantedAt: string; speakingSeconds: number };
  myRequest: null | { id: number; position: number; status: "waiting" | "speaking" };
  speakingSeconds: number;
  vote: null | {
    ballotId: number;
    phase: "open" | "closed";
    question: string;
    turnout: { voted: number; electors: number; areaVoted?: number; areaTotal?: number };
    /** Null while the vote is open: never a choice before the close. */
    result: null | LiveVoteResult;
    myVote: "none" | "cast";
  };
  /** Only for the chair (who runs this meeting) and the projector; never on an attendee's phone. */
  checkIn: null | { open: boolean; url: string };
  serverTime: string;
};

const SUMMARY_CHARS = 280;

type Viewer = LiveState["viewer"];

/**
 * The live state of a meeting for someone who may see it (404 outside its community, 403
 * unverified). The chair also gets the check-in link; attendees, followers and other staff never do.
 */
export async function getLiveState(ctx: ActorCtx, meetingId: number, opts: { locale?: Locale; now?: Date } = {}): Promise<LiveState> {
  const facts = await loadRoom(ctx.db, ctx.actor, meetingId);
  const role = roomRole(facts);
  return buildState(ctx.db, facts.meeting, facts.room, { role, personId: ctx.actor.personId, checkedIn: facts.checkedIn }, opts.locale ?? defaultLocale, opts.now ?? new Date());
}

/**
 * The same state for the room's projector, opened with a display code (the caller checked it with
 * projectorAccess): no person, nothing personal, the check-in link shown as the QR between topics.
 */
export async function getProjectorState(db: DB, meetingId: number, opts: { locale?: Locale; now?: Date } = {}): Promise<LiveState> {
  const meeting = await first(db.select().from(meetings).where(eq(meetings.id, meetingId)));
  if (!meeting) throw notFound("meetingNotFound");
  return buildState(db, meeting, await roomOf(db, meeting.id), { role: "projector", personId: 0, checkedIn: false }, opts.locale ?? defaultLocale, opts.now ?? new Date());
}

async function buildState(db: DB | Tx, meeting: Meeting, room: MeetingRoom, viewer: Viewer, locale: Locale, now: Date): Promise<LiveState> {
  // Read as one snapshot: a change committed halfway through cannot mix two versions on a screen.
  return readSnapshot(db, async (db) => {
    // Re-read inside the snapshot: the version sent is the version of what is shown.
    const fresh = await roomOf(db, meeting.id);
    return readState(db, meeting, fresh.version === room.version ? room : fresh, viewer, locale, now);
  });
}

async function readState(db: DB | Tx, meeting: Meeting, room: MeetingRoom, viewer: Viewer, locale: Locale, now: Date): Promise<LiveState> {
  const present = (await first(db.select({ n: count() }).from(meetingAttendance).where(eq(meetingAttendance.meetingId, meeting.id))))?.n ?? 0;
  const invited = (await first(db.select({ n: count() }).from(meetingInvitees).where(eq(meetingInvitees.meetingId, meeting.id))))?.n ?? 0;
  // Conclusions are said aloud in the room; someone following from outside reads them in the published minutes.
  const seesConclusions = viewer.role !== "invitee";

  const agendaRows = await db
    .select({ id: meetingAgendaItems.id, topicId: meetingAgendaItems.topicId, title: topics.title, position: meetingAgendaItems.position, conclusion: meetingAgendaItems.conclusion })
    .from(meetingAgendaItems)
    .innerJoin(topics, eq(topics.id, meetingAgendaItems.topicId))
    .where(eq(meetingAgendaItems.meetingId, meeting.id))
    .orderBy(asc(meetingAgendaItems.position), asc(meetingAgendaItems.id));
  const agenda = agendaRows.map((a) => ({ ...a, conclusion: seesConclusions ? a.conclusion : "", current: a.id === room.currentAgendaItemId }));
  const currentItem = agendaRows.find((a) => a.id === room.currentAgendaItemId) ?? null;

  const ballot = await liveBallot(db, meeting.id, currentItem?.topicId ?? null);

  const queueRows = await db
    .select({ id: meetingSpeakers.id, personId: meetingSpeakers.personId, status: meetingSpeakers.status, requestedAt: meetingSpeakers.requestedAt, grantedAt: meetingSpeakers.grantedAt, name: people.name })
    .from(meetingSpeakers)
    .innerJoin(people, eq(people.id, meetingSpeakers.personId))
    .where(and(eq(meetingSpeakers.meetingId, meeting.id), inArray(meetingSpeakers.status, ["waiting", "speaking"])));
  const queue = orderQueue(queueRows);
  const speakers = queue.map((e) => ({ id: e.id, name: e.name, status: e.status as "waiting" | "speaking", position: e.position, mine: viewer.role !== "projector" && e.personId === viewer.personId }));
  const speakingRow = queue.find((e) => e.status === "speaking");
  const mineRow = viewer.role === "projector" ? undefined : queue.find((e) => e.personId === viewer.personId);

  let checkIn: LiveState["checkIn"] = null;
  if (seesCheckInCode(viewer.role)) {
    const open = !!meeting.checkinCode && !!meeting.checkinExpiresAt && meeting.checkinExpiresAt.getTime() > now.getTime();
    checkIn = { open, url: open ? `${publicOrigin()}/meetings/${meeting.id}/check-in?code=${encodeURIComponent(meeting.checkinCode!)}` : "" };
  }

  return {
    version: room.version,
    meetingId: meeting.id,
    title: meeting.title,
    phase: room.phase,
    viewer,
    quorum: { present, invited, ...roomQuorum(present, meeting.quorumRequired, ballot?.status === "open" ? ballot.quorumRequired : null) },
    agenda,
    current: currentItem ? await currentTopic(db, currentItem, ballot) : null,
    speakers,
    speaking: speakingRow ? { id: speakingRow.id, name: speakingRow.name, grantedAt: (speakingRow.grantedAt ?? now).toISOString(), speakingSeconds: room.speakingSeconds } : null,
    myRequest: mineRow ? { id: mineRow.id, position: mineRow.position, status: mineRow.status as "waiting" | "speaking" } : null,
    speakingSeconds: room.speakingSeconds,
    vote: ballot ? await voteView(db, ballot, viewer, locale) : null,
    checkIn,
    serverTime: now.toISOString(),
  };
}

/** The vote a screen shows: one still open in this meeting, else the latest on the current topic. */
async function liveBallot(db: DB | Tx, meetingId: number, topicId: number | null): Promise<Ballot | null> {
  const open = await first(db.select().from(ballots).where(and(eq(ballots.meetingId, meetingId), eq(ballots.status, "open"))).orderBy(desc(ballots.id)).limit(1));
  if (open) return open;
  if (topicId == null) return null;
  return await first(db.select().from(ballots).where(and(eq(ballots.meetingId, meetingId), eq(ballots.topicId, topicId))).orderBy(desc(ballots.id)).limit(1)) ?? null;
}

async function currentTopic(db: DB | Tx, item: { id: number; topicId: number; title: string }, ballot: Ballot | null): Promise<LiveState["current"]> {
  const topic = await first(db.select({ descriptionJson: topics.descriptionJson }).from(topics).where(eq(topics.id, item.topicId)));
  const text = topic ? plainText(topic.descriptionJson as { content?: unknown[] }) : "";
  const summary = text.length > SUMMARY_CHARS ? `${text.slice(0, SUMMARY_CHARS).trimEnd()}…` : text;
  // The plan voted on when there is a vote on this topic; else the topic's most recently revised plan.
  const votedPlanId =
    ballot && ballot.topicId === item.topicId
      ? (await first(db.select({ planId: ballotOptions.planId }).from(ballotOptions).where(eq(ballotOptions.ballotId, ballot.id)).orderBy(asc(ballotOptions.position)).limit(1)))?.planId
      : undefined;
  const plan = await first(db
    .select({ title: plans.title, bodyHtml: planRevisions.bodyHtml, budgetFen: planRevisions.budgetFen })
    .from(plans)
    .innerJoin(planRevisions, and(eq(planRevisions.planId, plans.id), eq(planRevisions.number, plans.currentRevision)))
    .where(votedPlanId != null ? eq(plans.id, votedPlanId) : eq(plans.topicId, item.topicId))
    .orderBy(desc(plans.updatedAt), desc(plans.id))
    .limit(1));
  return {
    agendaItemId: item.id,
    topicId: item.topicId,
    title: item.title,
    summary,
    plan: plan ? { title: plan.title, bodyHtml: plan.bodyHtml } : null,
    budgetYuan: plan && plan.budgetFen > 0 ? plan.budgetFen / 100 : null,
  };
}

const ownersElectorates: readonly string[] = ["buildingOwners", "estateOwners"];

async function voteView(db: DB | Tx, ballot: Ballot, viewer: Viewer, locale: Locale): Promise<NonNullable<LiveState["vote"]>> {
  const closed = ballot.status === "closed";
  // While open a meeting's electorate grows as people check in; once closed the count is the stored one.
  const electors = closed ? ballot.electorCount : (await electorsNow(db, ballot)).length;
  const turnout: NonNullable<LiveState["vote"]>["turnout"] = { voted: ballot.votedCount, electors };
  if (ownersElectorates.includes(ballot.electorateKind)) {
    turnout.areaVoted = ballot.votedAreaHundredths / 100;
    turnout.areaTotal = ballot.electorAreaHundredths / 100;
  }
  const personal = viewer.role !== "projector";
  const myVote =
    personal && await first(db.select({ id: votes.id }).from(votes).where(and(eq(votes.ballotId, ballot.id), eq(votes.electorKey, personElectorKey(viewer.personId))))) ? "cast" : "none";
  return {
    ballotId: ballot.id,
    phase: closed ? "closed" : "open",
    question: ballot.title,
    turnout,
    // Never a choice before the close: the result is read only from a closed ballot.
    result: closed && ballot.result ? await resultView(db, ballot, ballot.result as unknown as BallotResult, locale) : null,
    myVote,
  };
}

async function resultView(db: DB | Tx, ballot: Ballot, result: BallotResult, locale: Locale): Promise<LiveVoteResult> {
  const t = createTranslator({ locale, messages: messages[locale], namespace: "ballots" });
  const options = await db
    .select({ planId: ballotOptions.planId, title: plans.title })
    .from(ballotOptions)
    .innerJoin(plans, eq(plans.id, ballotOptions.planId))
    .where(eq(ballotOptions.ballotId, ballot.id))
    .orderBy(asc(ballotOptions.position));
  const resolution = await first(db.select({ number: resolutions.number }).from(resolutions).where(eq(resolutions.ballotId, ballot.id)));
  return {
    outcome: result.passed ? "passed" : "failed",
    rule: result.rule,
    figures: result.figures.map((f) => ({
      key: f.key,
      label: t.has(`figures.${f.key}` as never) ? t(`figures.${f.key}` as never) : f.key,
      value: f.key === "quorum" ? `${f.numerator} ${f.comparator} ${f.denominator}` : `${f.percent} ${f.comparator} ${f.thresholdPercent}`,
      met: f.met,
    })),
    options: options.map((o) => {
      const single = result.kind === "single" && result.counts;
      const votesFor = result.optionCounts?.find((c) => c.planId === o.planId)?.votes ?? 0;
      return {
        planId: o.planId,
        title: o.title,
        agree: single ? result.counts!.agree : 0,
        disagree: single ? result.counts!.disagree : 0,
        abstain: single ? result.counts!.abstain : 0,
        votes: single ? result.votesCast : votesFor,
      };
    }),
    resolutionNumber: resolution?.number ?? null,
  };
}
