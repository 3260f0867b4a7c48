import { and, asc, eq, gte, inArray, isNotNull, or, sql, type SQL } from "drizzle-orm";
import { communities, grids, organisations, people, satisfactionVotes, supervisionRatings, tasks, topicEvents, topics } from "@/db/schema";
import { authorize, can, communitiesWhere } from "@/lib/auth/policy";
import type { ActorCtx } from "@/lib/context";
import type { TopicStage } from "@/lib/domain/topic-state-machine";
import { AppError, notFound } from "@/lib/errors";
import { shanghaiDate } from "@/lib/time";
import {
  closureRate,
  countByStage,
  dashboardStages,
  medianDaysByStage,
  meanRatingOfTopics,
  monthsWindowStart,
  rectificationRate,
  satisfactionByMonth,
  tallyTasks,
  timedStages,
  type MonthlySatisfaction,
  type TimedStage,
} from "./stats";
import { first } from "@/db/query";

export type DashboardScope = "grid" | "community";

export type FirmScorecard = { organisationId: number; name: string; tasks: number; completed: number; overdue: number; ratings: number; meanRating: number | null };
export type AssigneeScorecard = { personId: number; name: string; displayNumber: string; tasks: number; completed: number; overdue: number };

export type Dashboard = {
  scope: DashboardScope;
  community: { id: number; name: string };
  grid: { id: number; name: string; code: string } | null;
  /** The grids of the community, for tabs; only for those who may read the whole community. */
  grids: { id: number; name: string; code: string }[];
  today: string;
  totalTopics: number;
  byStage: { stage: TopicStage; count: number }[];
  medianDaysByStage: { stage: TimedStage; days: number | null }[];
  closure: { closed: number; admitted: number; rate: number | null };
  rectification: { rectified: number; closed: number; rate: number | null };
  satisfactionByMonth: MonthlySatisfaction[];
  firms: FirmScorecard[];
  assignees: AssigneeScorecard[];
};

/**
 * The dashboard of a grid (its staff and the community admins) or of the whole community (its
 * admins). Every metric is one query scoped by the topic's grid or community; the arithmetic is in
 * ./stats.ts.
 */
export async function getDashboard(ctx: ActorCtx, input: { scope: DashboardScope; gridId?: number; communityId?: number }, now = new Date()): Promise<Dashboard> {
  const { db, actor } = ctx;

  let communityId: number;
  let grid: Dashboard["grid"] = null;
  let where: SQL;
  if (input.scope === "grid") {
    if (input.gridId == null) throw notFound();
    const g = await first(db.select().from(grids).where(eq(grids.id, input.gridId)));
    if (!g) throw notFound();
    authorize(actor, "topic.manage", { communityId: g.communityId, gridId: g.id });
    communityId = g.communityId;
    grid = { id: g.id, name: g.name, code: g.code };
    where = eq(topics.gridId, g.id);
  } else {
    const id = input.communityId ?? communitiesWhere(actor, "grid.manage")[0];
    if (id == null) {
      authorize(actor, "grid.manage", { communityId: -1 });
      throw new AppError("forbidden", "forbidden");
    }
    authorize(actor, "grid.manage", { communityId: id });
    communityId = id;
    where = eq(topics.communityId, id);
  }
  const community = await first(db.select({ id: communities.id, name: communities.name }).from(communities).where(eq(communities.id, communityId)));
  if (!community) throw notFound();

  const tabs = can(actor, "grid.manage", { communityId })
    ? await db.select({ id: grids.id, name: grids.name, code: grids.code }).from(grids).where(eq(grids.communityId, communityId)).orderBy(asc(grids.code))
    : [];

  // Topics per state: the stage counts and the closure rate.
  const stateCounts = await db
    .select({ state: topics.state, count: sql<number>`count(*)` })
    .from(topics)
    .where(where)
    .groupBy(topics.state);
  const stages = countByStage(stateCounts);

  // The state timeline of every topic in scope: time spent per stage.
  const stateEvents = await db
    .select({ topicId: topicEvents.topicId, toState: topicEvents.toState, at: topicEvents.at })
    .from(topicEvents)
    .innerJoin(topics, eq(topics.id, topicEvents.topicId))
    .where(and(where, isNotNull(topicEvents.toState)))
    .orderBy(asc(topicEvents.topicId), asc(topicEvents.at), asc(topicEvents.id));
  const medians = medianDaysByStage(
    stateEvents.flatMap((e) => (e.toState ? [{ topicId: e.topicId, toState: e.toState as (typeof topics.$inferSelect)["state"], at: e.at }] : [])),
    now,
  );

  // Closed topics: how many needed rectification.
  const closedTopics = await db.select({ rectificationRound: topics.rectificationRound }).from(topics).where(and(where, eq(topics.state, "closed")));

  // Residents' satisfaction answers of the last 12 months.
  const votes = await db
    .select({ answer: satisfactionVotes.answer, at: satisfactionVotes.createdAt })
    .from(satisfactionVotes)
    .innerJoin(topics, eq(topics.id, satisfactionVotes.topicId))
    .where(and(where, gte(satisfactionVotes.createdAt, monthsWindowStart(now, 12))));

  // Assigned tasks of the topics in scope: the scorecards.
  const taskRows = await db
    .select({
      id: tasks.id,
      topicId: tasks.topicId,
      status: tasks.status,
      dueOn: tasks.dueOn,
      organisationId: tasks.assigneeOrganisationId,
      personId: tasks.assigneePersonId,
    })
    .from(tasks)
    .innerJoin(topics, eq(topics.id, tasks.topicId))
    .where(and(where, or(isNotNull(tasks.assigneeOrganisationId), isNotNull(tasks.assigneePersonId))));

  // Supervision ratings of the topics in scope.
  const ratings = await db
    .select({
      id: supervisionRatings.id,
      topicId: supervisionRatings.topicId,
      process: supervisionRatings.process,
      timeliness: supervisionRatings.timeliness,
      quality: supervisionRatings.quality,
      transparency: supervisionRatings.transparency,
      satisfaction: supervisionRatings.satisfaction,
    })
    .from(supervisionRatings)
    .innerJoin(topics, eq(topics.id, supervisionRatings.topicId))
    .where(where);

  const today = shanghaiDate(now);

  // Every property firm of the community has a row, even before it carried any task.
  const firmRows = await db
    .select({ id: organisations.id, name: organisations.name })
    .from(organisations)
    .where(and(eq(organisations.communityId, communityId), eq(organisations.kind, "propertyFirm")))
    .orderBy(asc(organisations.id));
  const firms: FirmScorecard[] = firmRows.map((f) => {
    const mine = taskRows.filter((t) => t.organisationId === f.id);
    const rated = meanRatingOfTopics(
      mine.map((t) => t.topicId),
      ratings,
    );
    return { organisationId: f.id, name: f.name, ...tallyTasks(mine, today), ratings: rated.ratings, meanRating: rated.mean };
  });

  const personIds = [...new Set(taskRows.flatMap((t) => (t.personId != null ? [t.personId] : [])))];
  const names = personIds.length
    ? await db.select({ id: people.id, name: people.name, displayNumber: people.displayNumber }).from(people).where(inArray(people.id, personIds))
    : [];
  const assignees: AssigneeScorecard[] = names
    .map((p) => ({ personId: p.id, name: p.name, displayNumber: p.displayNumber, ...tallyTasks(taskRows.filter((t) => t.personId === p.id), today) }))
    .sort((a, b) => b.overdue - a.overdue || b.tasks - a.tasks || a.personId - b.personId);

  return {
    scope: input.scope,
    community,
    grid,
    grids: tabs,
    today,
    totalTopics: stateCounts.reduce((s, r) => s + r.count, 0),
    byStage: dashboardStages.map((stage) => ({ stage, count: stages[stage] })),
    medianDaysByStage: timedStages.map((stage) => ({ stage, days: medians[stage] })),
    closure: closureRate(stateCounts),
    rectification: rectificationRate(closedTopics),
    satisfactionByMonth: satisfactionByMonth(votes, now, 12),
    firms,
    assignees,
  };
}

/** Where a signed-in actor's dashboard opens: the community for its admins, else their own grid. */
export function defaultDashboardTarget(ctx: ActorCtx): { scope: "community"; communityId: number } | { scope: "grid"; gridId: number } | null {
  const { actor } = ctx;
  if (actor.status !== "verified") return null;
  const adminOf = communitiesWhere(actor, "grid.manage")[0];
  if (adminOf != null) return { scope: "community", communityId: adminOf };
  const staff = actor.roles.find((r) => (r.role === "gridChief" || r.role === "gridWorker") && r.gridId != null);
  return staff?.gridId != null ? { scope: "grid", gridId: staff.gridId } : null;
}
