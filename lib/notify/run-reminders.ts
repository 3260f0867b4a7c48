import { and, eq, gt, lte, ne, sql } from "drizzle-orm";
import type { DB, Tx } from "@/db/client";
import { ballotElectorMembers, ballots, meetingInvitees, meetings, notifications, supervisionRatings, supervisorExcusals, tasks, topicSupervisors, topics, votes } from "@/db/schema";
import { addDays, ballotClosingDue, CLOSING_NOTICE_MS, cosignClosingDue, meetingTomorrowDue, ratingDue, taskReminderDue } from "@/lib/domain/reminders";
import { isOwnersRule } from "@/lib/domain/vote-rules";
import { assigneePersonIds } from "@/lib/tasks/shared";
import { shanghaiDate, shanghaiDateTime } from "@/lib/time";
import { enqueueMessages, type Enqueue } from "./enqueue";
import { unitOfWork } from "@/db/unit-of-work";
import { jsonNumber } from "@/db/sql/json";

export type ReminderReport = Record<"ballots" | "meetings" | "cosign" | "tasks" | "ratings", number>;

/** "12-08 19:00": short enough for a text message's variable. */
const shortTime = (at: Date) => shanghaiDateTime(at).slice(5);

/**
 * The scheduled reminders (lib/domain/reminders.ts says when each is due): puts every reminder that
 * is due now in the outbox, one transaction per kind. Each has a dedupe key naming what it is about
 * (the ballot, the meeting and its day, the task and its due day …), so the job may run any number
 * of times and never repeats one; a person who muted a kind is left out. The sender job sends them.
 */
export async function runReminders(db: DB, now = new Date()): Promise<ReminderReport> {
  const soon = new Date(now.getTime() + CLOSING_NOTICE_MS);
  /** One kind in one transaction: the candidates, each turned into its message when it is due (null when not). */
  const remind = async <R>(candidates: (tx: Tx) => Promise<R[]>, message: (tx: Tx, row: R) => Promise<Omit<Enqueue, "now"> | null>): Promise<number> =>
    await unitOfWork(db, async (tx) => {
      let n = 0;
      for (const row of await candidates(tx)) {
        const m = await message(tx, row);
        if (m) n += await enqueueMessages(tx, { ...m, now });
      }
      return n;
    });

  // Ballots closing within 24 h: electors who have not voted (their own vote or one cast for them).
  const ballotsClosing = await remind(
    async (tx) =>
      await tx
        .select({ id: ballots.id, communityId: ballots.communityId, rule: ballots.rule, status: ballots.status, opensAt: ballots.opensAt, closesAt: ballots.closesAt, meetingId: ballots.meetingId, topicId: ballots.topicId, topic: topics.title })
        .from(ballots)
        .innerJoin(topics, eq(topics.id, ballots.topicId))
        .where(and(eq(ballots.status, "open"), gt(ballots.closesAt, now), lte(ballots.closesAt, soon))),
    async (tx, b) => {
      if (!ballotClosingDue({ ...b, meetingBallot: b.meetingId != null }, now)) return null;
      const waiting = await tx
        .selectDistinct({ personId: ballotElectorMembers.personId })
        .from(ballotElectorMembers)
        .where(and(eq(ballotElectorMembers.ballotId, b.id), sql`not exists (select 1 from ${votes} v where v.ballot_id = ${b.id} and v.elector_key = ${ballotElectorMembers.electorKey})`));
      return {
        kind: isOwnersRule(b.rule) ? "ownersBallotClosing" : "ballotClosing",
        personIds: waiting.map((w) => w.personId),
        communityId: b.communityId,
        subject: `ballot:${b.id}`,
        params: { topic: b.topic, closesAt: shortTime(b.closesAt), topicId: b.topicId },
        deadline: b.closesAt,
      };
    },
  );

  // Meetings tomorrow (Beijing calendar): invitees who have not declined. A meeting moved to another day is a new reminder.
  const meetingsTomorrow = await remind(
    async (tx) =>
      await tx
        .select()
        .from(meetings)
        .where(and(eq(meetings.status, "scheduled"), gt(meetings.startsAt, now), lte(meetings.startsAt, new Date(now.getTime() + 2 * CLOSING_NOTICE_MS)))),
    async (tx, m) => {
      if (!meetingTomorrowDue(m, now)) return null;
      const invitees = await tx
        .select({ personId: meetingInvitees.personId })
        .from(meetingInvitees)
        .where(and(eq(meetingInvitees.meetingId, m.id), ne(meetingInvitees.response, "declined")));
      return {
        kind: "meetingTomorrow",
        personIds: invitees.map((i) => i.personId),
        communityId: m.communityId,
        subject: `meeting:${m.id}:${shanghaiDate(m.startsAt)}`,
        params: { meeting: m.title, startsAt: shortTime(m.startsAt), meetingId: m.id },
        deadline: m.startsAt,
      };
    },
  );

  // Co-signing windows closing within 24 h short of the threshold: the proposer.
  const cosignClosing = await remind(
    async (tx) =>
      await tx
        .select()
        .from(topics)
        .where(and(eq(topics.state, "proposed"), gt(topics.cosignDeadline, now), lte(topics.cosignDeadline, soon))),
    async (_tx, t) =>
      cosignClosingDue(t, now)
        ? {
            kind: "cosignClosing",
            personIds: [t.proposerId],
            communityId: t.communityId,
            subject: `topic:${t.id}:${t.cosignDeadline.getTime()}`,
            params: { topic: t.title, missing: t.cosignThreshold - t.cosignCount, topicId: t.id },
            deadline: t.cosignDeadline,
          }
        : null,
  );

  // Tasks due tomorrow, or overdue: whoever answers for them (the person, the taker, the firm's staff).
  const tomorrow = addDays(shanghaiDate(now), 1);
  const tasksDue = await remind(
    async (tx) => await tx.select().from(tasks).where(and(ne(tasks.status, "completed"), lte(tasks.dueOn, tomorrow))),
    async (tx, task) => {
      const kind = taskReminderDue(task, now);
      if (!kind) return null;
      return {
        kind,
        personIds: await assigneePersonIds(tx, task),
        communityId: task.communityId,
        subject: `task:${task.id}:${task.dueOn}`,
        params: { task: task.title, dueOn: task.dueOn, topicId: task.topicId },
      };
    },
  );

  // Ratings: assigned supervisors asked to rate this round three days ago who have neither rated nor been excused.
  const ratingsDue = await remind(
    async (tx) =>
      await tx
        .select({
          topicId: topics.id,
          communityId: topics.communityId,
          title: topics.title,
          round: topics.rectificationRound,
          personId: topicSupervisors.personId,
          // Read through the column, so a Date on both engines (milliseconds on SQLite, timestamptz text on PostgreSQL).
          askedAt: sql<Date | null>`(select min(n.created_at) from ${notifications} n where n.person_id = ${topicSupervisors.personId} and n.topic_id = ${topics.id} and n.kind = 'ratingRequested' and ${jsonNumber(tx, sql`n.data`, "round")} = ${topics.rectificationRound})`.mapWith(notifications.createdAt),
          rated: sql<boolean>`exists (select 1 from ${supervisionRatings} r where r.topic_id = ${topics.id} and r.round = ${topics.rectificationRound} and r.supervisor_id = ${topicSupervisors.personId})`.mapWith(Boolean),
          excused: sql<boolean>`exists (select 1 from ${supervisorExcusals} x where x.topic_id = ${topics.id} and x.round = ${topics.rectificationRound} and x.person_id = ${topicSupervisors.personId})`.mapWith(Boolean),
        })
        .from(topicSupervisors)
        .innerJoin(topics, eq(topics.id, topicSupervisors.topicId))
        .where(eq(topics.state, "underReview")),
    async (_tx, a) =>
      a.askedAt != null && ratingDue({ askedAt: a.askedAt, rated: a.rated, excused: a.excused, underReview: true }, now)
        ? {
            kind: "ratingDue",
            personIds: [a.personId],
            communityId: a.communityId,
            subject: `topic:${a.topicId}:round:${a.round}`,
            params: { topic: a.title, topicId: a.topicId },
          }
        : null,
  );

  return { ballots: ballotsClosing, meetings: meetingsTomorrow, cosign: cosignClosing, tasks: tasksDue, ratings: ratingsDue };
}
