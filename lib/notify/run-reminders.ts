import { and, eq, gt, lte, ne, sql } from "drizzle-orm";
import type { DB } from "@/db/client";
import { ballotElectorMembers, ballots, meetingInvitees, meetings, notifications, supervisionRatings, supervisorExcusals, tasks, topicSupervisors, topics, votes } from "@/db/schema";
import { addDays, ballotClosingDue, CLOSING_NOTICE_MS, cosignClosingDue, meetingTomorrowDue, ratingDue, taskReminderDue } from "@/lib/domain/reminders";
import { isOwnersRule } from "@/lib/domain/vote-rules";
import { assigneePersonIds } from "@/lib/tasks/shared";
import { shanghaiDate, shanghaiDateTime } from "@/lib/time";
import { enqueueMessages } from "./enqueue";

export type ReminderReport = Record<"ballots" | "meetings" | "cosign" | "tasks" | "ratings", number>;

/** "12-08 19:00": short enough for a text message's variable. */
const shortTime = (at: Date) => shanghaiDateTime(at).slice(5);

/**
 * The scheduled reminders (lib/domain/reminders.ts says when each is due): puts every reminder that
 * is due now in the outbox, one transaction per kind. Each has a dedupe key naming what it is about
 * (the ballot, the meeting and its day, the task and its due day …), so the job may run any number
 * of times and never repeats one; a person who muted a kind is left out. The sender job sends them.
 */
export function runReminders(db: DB, now = new Date()): ReminderReport {
  const report: ReminderReport = { ballots: 0, meetings: 0, cosign: 0, tasks: 0, ratings: 0 };
  const soon = new Date(now.getTime() + CLOSING_NOTICE_MS);

  // Ballots closing within 24 h: electors who have not voted (their own vote or one cast for them).
  report.ballots = db.transaction((tx) => {
    let n = 0;
    const closing = tx
      .select({ id: ballots.id, communityId: ballots.communityId, rule: ballots.rule, status: ballots.status, opensAt: ballots.opensAt, closesAt: ballots.closesAt, meetingId: ballots.meetingId, topicId: ballots.topicId, topic: topics.title })
      .from(ballots)
      .innerJoin(topics, eq(topics.id, ballots.topicId))
      .where(and(eq(ballots.status, "open"), gt(ballots.closesAt, now), lte(ballots.closesAt, soon)))
      .all();
    for (const b of closing) {
      if (!ballotClosingDue({ ...b, meetingBallot: b.meetingId != null }, now)) continue;
      const waiting = tx
        .selectDistinct({ personId: ballotElectorMembers.personId })
        .from(ballotElectorMembers)
        .where(and(eq(ballotElectorMembers.ballotId, b.id), sql`not exists (select 1 from ${votes} v where v.ballot_id = ${b.id} and v.elector_key = ${ballotElectorMembers.electorKey})`))
        .all();
      n += enqueueMessages(tx, {
        kind: isOwnersRule(b.rule) ? "ownersBallotClosing" : "ballotClosing",
        personIds: waiting.map((w) => w.personId),
        communityId: b.communityId,
        subject: `ballot:${b.id}`,
        params: { topic: b.topic, closesAt: shortTime(b.closesAt), topicId: b.topicId },
        deadline: b.closesAt,
        now,
      });
    }
    return n;
  });

  // Meetings tomorrow (Beijing calendar): invitees who have not declined. A meeting moved to another day is a new reminder.
  report.meetings = db.transaction((tx) => {
    let n = 0;
    const upcoming = tx
      .select()
      .from(meetings)
      .where(and(eq(meetings.status, "scheduled"), gt(meetings.startsAt, now), lte(meetings.startsAt, new Date(now.getTime() + 2 * CLOSING_NOTICE_MS))))
      .all();
    for (const m of upcoming) {
      if (!meetingTomorrowDue(m, now)) continue;
      const invitees = tx
        .select({ personId: meetingInvitees.personId })
        .from(meetingInvitees)
        .where(and(eq(meetingInvitees.meetingId, m.id), ne(meetingInvitees.response, "declined")))
        .all();
      n += enqueueMessages(tx, {
        kind: "meetingTomorrow",
        personIds: invitees.map((i) => i.personId),
        communityId: m.communityId,
        subject: `meeting:${m.id}:${shanghaiDate(m.startsAt)}`,
        params: { meeting: m.title, startsAt: shortTime(m.startsAt), meetingId: m.id },
        deadline: m.startsAt,
        now,
      });
    }
    return n;
  });

  // Co-signing windows closing within 24 h short of the threshold: the proposer.
  report.cosign = db.transaction((tx) => {
    let n = 0;
    const closing = tx
      .select()
      .from(topics)
      .where(and(eq(topics.state, "proposed"), gt(topics.cosignDeadline, now), lte(topics.cosignDeadline, soon)))
      .all();
    for (const t of closing) {
      if (!cosignClosingDue(t, now)) continue;
      n += enqueueMessages(tx, {
        kind: "cosignClosing",
        personIds: [t.proposerId],
        communityId: t.communityId,
        subject: `topic:${t.id}:${t.cosignDeadline.getTime()}`,
        params: { topic: t.title, missing: t.cosignThreshold - t.cosignCount, topicId: t.id },
        deadline: t.cosignDeadline,
        now,
      });
    }
    return n;
  });

  // Tasks due tomorrow, or overdue: whoever answers for them (the person, the taker, the firm's staff).
  report.tasks = db.transaction((tx) => {
    let n = 0;
    const tomorrow = addDays(shanghaiDate(now), 1);
    const open = tx.select().from(tasks).where(and(ne(tasks.status, "completed"), lte(tasks.dueOn, tomorrow))).all();
    for (const task of open) {
      const kind = taskReminderDue(task, now);
      if (!kind) continue;
      n += enqueueMessages(tx, {
        kind,
        personIds: assigneePersonIds(tx, task),
        communityId: task.communityId,
        subject: `task:${task.id}:${task.dueOn}`,
        params: { task: task.title, dueOn: task.dueOn, topicId: task.topicId },
        now,
      });
    }
    return n;
  });

  // Ratings: assigned supervisors asked to rate this round three days ago who have neither rated nor been excused.
  report.ratings = db.transaction((tx) => {
    let n = 0;
    const asked = tx
      .select({
        topicId: topics.id,
        communityId: topics.communityId,
        title: topics.title,
        round: topics.rectificationRound,
        personId: topicSupervisors.personId,
        askedAt: sql<number>`(select min(n.created_at) from ${notifications} n where n.person_id = ${topicSupervisors.personId} and n.topic_id = ${topics.id} and n.kind = 'ratingRequested' and json_extract(n.data, '$.round') = ${topics.rectificationRound})`,
        rated: sql<number>`exists (select 1 from ${supervisionRatings} r where r.topic_id = ${topics.id} and r.round = ${topics.rectificationRound} and r.supervisor_id = ${topicSupervisors.personId})`,
        excused: sql<number>`exists (select 1 from ${supervisorExcusals} x where x.topic_id = ${topics.id} and x.round = ${topics.rectificationRound} and x.person_id = ${topicSupervisors.personId})`,
      })
      .from(topicSupervisors)
      .innerJoin(topics, eq(topics.id, topicSupervisors.topicId))
      .where(eq(topics.state, "underReview"))
      .all();
    for (const a of asked) {
      if (a.askedAt == null || !ratingDue({ askedAt: new Date(a.askedAt), rated: !!a.rated, excused: !!a.excused, underReview: true }, now)) continue;
      n += enqueueMessages(tx, {
        kind: "ratingDue",
        personIds: [a.personId],
        communityId: a.communityId,
        subject: `topic:${a.topicId}:round:${a.round}`,
        params: { topic: a.title, topicId: a.topicId },
        now,
      });
    }
    return n;
  });
  return report;
}

