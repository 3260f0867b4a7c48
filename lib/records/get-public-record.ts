import { and, asc, desc, eq, inArray, isNotNull, lte } from "drizzle-orm";
import type { DB } from "@/db/client";
import {
  agendaItems,
  ballotOptions,
  ballots,
  communities,
  grids,
  meetingAgendaItems,
  meetings,
  notices,
  organisations,
  planRevisions,
  plans,
  resolutions,
  satisfactionAnswers,
  satisfactionVotes,
  supervisionRatings,
  tasks,
  topicEvents,
  topics,
  type BudgetSource,
  type Milestone,
  type TaskStatus,
  type Topic,
} from "@/db/schema";
import type { BallotResult } from "@/lib/ballots/tally-ballot";
import type { Ctx } from "@/lib/context";
import { ratingDimensions, type Dimension } from "@/lib/domain/close-rule";
import type { VoteRuleId } from "@/lib/domain/vote-rules";
import { notFound } from "@/lib/errors";
import { publicRecordRef } from "@/lib/validation/records";
import { first } from "@/db/query";

/**
 * The public decision record (公开决议记录) behind the QR code of a printed notice: what was decided
 * and how it was carried out, for anyone, signed in or not.
 *
 * Built as an ALLOW-list: every query below names the columns it reads, and only columns that are
 * public by nature are named — titles written by staff or organisations, dates, stages, counts,
 * the figures of a closed ballot, organisation names. Nothing selects a person's name, phone,
 * display number, an opinion, a comment, a co-signer, a vote's choice or who cast it, so a later
 * column added to those tables cannot leak through here by accident.
 *
 * Which topics have a record: those with a notice on the public board whose publication has
 * begun (the notice board's own rule, lib/notices/get-notice.ts). Any other id — unknown, not yet
 * decided, decided but not yet posted — answers the same 404, so the ids cannot be probed for
 * which topics exist.
 */

// The review's dimensions as the close rule defines them (the record page lists them in this order).
export { ratingDimensions };
export type RatingDimension = Dimension;
export type SatisfactionAnswer = (typeof satisfactionAnswers)[number];

export type PublicRecord = {
  topic: {
    id: number;
    title: string;
    state: Topic["state"];
    level: Topic["level"];
    community: string;
    grid: string;
    item: string;
    proposedAt: Date;
    closedAt: Date | null;
  };
  /** The stages the topic went through, with when: no one's name. */
  timeline: { at: Date; state: Topic["state"] }[];
  /** What each meeting concluded on the topic, once its minutes are published (the staff's words). */
  conclusions: { meeting: string; at: Date; conclusion: string }[];
  /** The plan the decision adopted, at the revision that was voted on. */
  plan: {
    id: number;
    title: string;
    revision: number;
    /** Sanitized on the way in (lib/richtext); the only form of the plan shown to readers. */
    bodyHtml: string;
    /** The organisation that drafted it, if it was drafted for one. */
    draftedBy: string | null;
    /** The organisation responsible; a person is never named (`byPerson`). */
    responsible: { organisation: string | null; byPerson: boolean };
    budgetFen: number;
    budgetSource: BudgetSource;
    deadline: string | null;
    milestones: Milestone[];
  } | null;
  /** Closed ballots only, each with every figure of its rule; never a choice or a voter. */
  ballots: {
    id: number;
    title: string;
    rule: VoteRuleId;
    opensAt: Date;
    closesAt: Date;
    closedAt: Date | null;
    earlyCloseGround: "allVoted" | "settled" | "meetingChair" | null;
    result: BallotResult;
    /** Plan titles of a choice ballot's options, by plan id. */
    planTitles: Record<number, string>;
  }[];
  /**
   * Number and title only: the resolution's text names the responsible party as the plan wrote
   * it (possibly a person), and it is on the notice board in full already.
   */
  resolutions: { number: string; title: string }[];
  /** The notices posted so far, for the link back to the board. */
  notices: { id: number; title: string; publishedAt: Date }[];
  tasks: {
    total: number;
    completed: number;
    items: { title: string; status: TaskStatus; percent: number; dueOn: string; completedAt: Date | null; round: number; assignee: { organisation: string | null; byPerson: boolean; onBoard: boolean } }[];
  };
  /** Per review round: how many supervisors rated, the mean of each dimension, residents' satisfaction counts. */
  ratings: { round: number; raters: number; means: Record<RatingDimension, number | null>; satisfaction: Record<SatisfactionAnswer, number> }[];
};

/** Whether a topic has a public record now: a notice of it is on the board (its publication has begun). */
export async function hasPublicRecord(db: DB, topicId: number, now = new Date()): Promise<boolean> {
  return !!await first(db
    .select({ id: notices.id })
    .from(notices)
    .where(and(eq(notices.topicId, topicId), lte(notices.publishedAt, now)))
    .limit(1));
}

export async function getPublicRecord(ctx: Pick<Ctx, "db">, raw: unknown, now = new Date()): Promise<PublicRecord> {
  const { topicId } = publicRecordRef.parse(raw);
  const { db } = ctx;
  if (!await hasPublicRecord(db, topicId, now)) throw notFound("recordNotFound");

  const head = await first(db
    .select({
      id: topics.id,
      title: topics.title,
      state: topics.state,
      level: topics.level,
      community: communities.name,
      grid: grids.name,
      item: agendaItems.name,
      proposedAt: topics.createdAt,
      closedAt: topics.closedAt,
    })
    .from(topics)
    .innerJoin(communities, eq(communities.id, topics.communityId))
    .innerJoin(grids, eq(grids.id, topics.gridId))
    .innerJoin(agendaItems, eq(agendaItems.id, topics.agendaItemId))
    .where(eq(topics.id, topicId)));
  if (!head) throw notFound("recordNotFound");

  // Stage changes only: other events (co-signed, invited …) name or count people.
  const timeline = [
    { at: head.proposedAt, state: "proposed" as Topic["state"] },
    ...(await db
      .select({ at: topicEvents.at, state: topicEvents.toState })
      .from(topicEvents)
      .where(and(eq(topicEvents.topicId, topicId), isNotNull(topicEvents.toState)))
      .orderBy(asc(topicEvents.at), asc(topicEvents.id)))
      .filter((e): e is { at: Date; state: Topic["state"] } => e.state != null && e.state !== "proposed"),
  ];

  const conclusions = (await db
    .select({ meeting: meetings.title, at: meetings.startsAt, conclusion: meetingAgendaItems.conclusion })
    .from(meetingAgendaItems)
    .innerJoin(meetings, eq(meetings.id, meetingAgendaItems.meetingId))
    .where(and(eq(meetingAgendaItems.topicId, topicId), isNotNull(meetings.minutesPublishedAt)))
    .orderBy(asc(meetings.startsAt), asc(meetings.id)))
    .filter((c) => c.conclusion.trim() !== "");

  const ballotRows = await db
    .select({
      id: ballots.id,
      title: ballots.title,
      rule: ballots.rule,
      opensAt: ballots.opensAt,
      closesAt: ballots.closesAt,
      closedAt: ballots.closedAt,
      earlyCloseGround: ballots.earlyCloseGround,
      result: ballots.result,
    })
    .from(ballots)
    .where(and(eq(ballots.topicId, topicId), eq(ballots.status, "closed"), isNotNull(ballots.result)))
    .orderBy(asc(ballots.id));
  const optionRows = ballotRows.length
    ? await db
        .select({ ballotId: ballotOptions.ballotId, planId: plans.id, title: plans.title })
        .from(ballotOptions)
        .innerJoin(plans, eq(plans.id, ballotOptions.planId))
        .where(inArray(ballotOptions.ballotId, ballotRows.map((b) => b.id)))
    : [];
  const publicBallots = ballotRows.map((b) => {
    // The stored tally holds counts and figures only (lib/ballots/tally-ballot.ts): no elector keys.
    const stored = b.result as unknown as BallotResult;
    const result: BallotResult = {
      kind: stored.kind,
      rule: stored.rule,
      passed: stored.passed,
      reasonKey: stored.reasonKey,
      figures: stored.figures,
      votesCast: stored.votesCast,
      electorCount: stored.electorCount,
      electorAreaHundredths: stored.electorAreaHundredths,
      votedAreaHundredths: stored.votedAreaHundredths,
      counts: stored.counts,
      optionCounts: stored.optionCounts,
      choice: stored.choice,
      quorum: stored.quorum,
      winningPlanId: stored.winningPlanId,
    };
    return {
      id: b.id,
      title: b.title,
      rule: b.rule,
      opensAt: b.opensAt,
      closesAt: b.closesAt,
      closedAt: b.closedAt,
      earlyCloseGround: b.earlyCloseGround,
      result,
      planTitles: Object.fromEntries(optionRows.filter((o) => o.ballotId === b.id).map((o) => [o.planId, o.title])),
    };
  });

  const resolutionRows = await db
    .select({ number: resolutions.number, title: resolutions.title, ballotId: resolutions.ballotId, planId: resolutions.planId })
    .from(resolutions)
    .where(eq(resolutions.topicId, topicId))
    .orderBy(asc(resolutions.id));

  // The plan as voted: the latest resolution's plan, at the revision frozen into its ballot.
  const adopted = resolutionRows.at(-1);
  let plan: PublicRecord["plan"] = null;
  if (adopted) {
    const voted = await first(db
      .select({ revision: ballotOptions.revisionNumber })
      .from(ballotOptions)
      .where(and(eq(ballotOptions.ballotId, adopted.ballotId), eq(ballotOptions.planId, adopted.planId))));
    const row = await first(db
      .select({
        id: plans.id,
        title: plans.title,
        draftedBy: organisations.name,
        revision: planRevisions.number,
        bodyHtml: planRevisions.bodyHtml,
        responsibleOrganisationId: planRevisions.responsibleOrganisationId,
        responsiblePersonId: planRevisions.responsiblePersonId,
        responsibleText: planRevisions.responsibleText,
        budgetFen: planRevisions.budgetFen,
        budgetSource: planRevisions.budgetSource,
        deadline: planRevisions.deadline,
        milestones: planRevisions.milestones,
      })
      .from(plans)
      .innerJoin(planRevisions, and(eq(planRevisions.planId, plans.id), eq(planRevisions.number, voted?.revision ?? plans.currentRevision)))
      .leftJoin(organisations, eq(organisations.id, plans.organisationId))
      .where(eq(plans.id, adopted.planId)));
    if (row) {
      const responsibleOrg =
        row.responsibleOrganisationId != null
          ? ((await first(db.select({ name: organisations.name }).from(organisations).where(eq(organisations.id, row.responsibleOrganisationId))))?.name ?? null)
          : null;
      plan = {
        id: row.id,
        title: row.title,
        revision: row.revision,
        bodyHtml: row.bodyHtml,
        draftedBy: row.draftedBy,
        // A responsible person, or a name written out, is only said to exist: it may be a private person's name.
        responsible: { organisation: responsibleOrg, byPerson: row.responsiblePersonId != null || row.responsibleText.trim() !== "" },
        budgetFen: row.budgetFen,
        budgetSource: row.budgetSource,
        deadline: row.deadline,
        milestones: row.milestones.map((m) => ({ title: m.title, dueOn: m.dueOn })),
      };
    }
  }

  const noticeRows = await db
    .select({ id: notices.id, title: notices.title, publishedAt: notices.publishedAt })
    .from(notices)
    .where(and(eq(notices.topicId, topicId), lte(notices.publishedAt, now)))
    .orderBy(desc(notices.publishedAt), desc(notices.id));

  const taskRows = await db
    .select({
      title: tasks.title,
      status: tasks.status,
      percent: tasks.percent,
      dueOn: tasks.dueOn,
      completedAt: tasks.completedAt,
      round: tasks.round,
      organisation: organisations.name,
      assigneePersonId: tasks.assigneePersonId,
      takenBy: tasks.takenBy,
    })
    .from(tasks)
    .leftJoin(organisations, eq(organisations.id, tasks.assigneeOrganisationId))
    .where(eq(tasks.topicId, topicId))
    .orderBy(asc(tasks.round), asc(tasks.id));
  const taskItems = taskRows.map((t) => ({
    title: t.title,
    status: t.status,
    percent: t.percent,
    dueOn: t.dueOn,
    completedAt: t.completedAt,
    round: t.round,
    assignee: { organisation: t.organisation, byPerson: t.organisation == null && (t.assigneePersonId != null || t.takenBy != null), onBoard: t.organisation == null && t.assigneePersonId == null && t.takenBy == null },
  }));

  const ratingRows = await db
    .select({
      round: supervisionRatings.round,
      process: supervisionRatings.process,
      timeliness: supervisionRatings.timeliness,
      quality: supervisionRatings.quality,
      transparency: supervisionRatings.transparency,
      satisfaction: supervisionRatings.satisfaction,
    })
    .from(supervisionRatings)
    .where(eq(supervisionRatings.topicId, topicId));
  const satisfactionRows = await db
    .select({ round: satisfactionVotes.round, answer: satisfactionVotes.answer })
    .from(satisfactionVotes)
    .where(eq(satisfactionVotes.topicId, topicId));
  const rounds = [...new Set([...ratingRows.map((r) => r.round), ...satisfactionRows.map((s) => s.round)])].sort((a, b) => a - b);
  const ratings = rounds.map((round) => {
    const rs = ratingRows.filter((r) => r.round === round);
    const means = Object.fromEntries(
      ratingDimensions.map((d) => [d, rs.length ? Math.round((rs.reduce((s, r) => s + r[d], 0) / rs.length) * 10) / 10 : null]),
    ) as Record<RatingDimension, number | null>;
    const satisfaction = Object.fromEntries(
      satisfactionAnswers.map((a) => [a, satisfactionRows.filter((s) => s.round === round && s.answer === a).length]),
    ) as Record<SatisfactionAnswer, number>;
    return { round, raters: rs.length, means, satisfaction };
  });

  return {
    topic: head,
    timeline,
    conclusions,
    plan,
    ballots: publicBallots,
    resolutions: resolutionRows.map((r) => ({ number: r.number, title: r.title })),
    notices: noticeRows,
    tasks: { total: taskItems.length, completed: taskItems.filter((t) => t.status === "completed").length, items: taskItems },
    ratings,
  };
}
