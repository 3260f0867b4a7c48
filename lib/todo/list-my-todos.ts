import "server-only";
import { and, count, eq, gt, inArray, lte, ne, or, sql, type SQL, type SQLWrapper } from "drizzle-orm";
import type { DB } from "@/db/client";
import {
  ballotElectorMembers,
  ballotProxies,
  ballots,
  cosigns,
  grids,
  meetingAttendance,
  meetings,
  plans,
  satisfactionVotes,
  supervisionRatings,
  supervisorExcusals,
  tasks,
  topicSupervisors,
  topics,
  units,
  votes,
} from "@/db/schema";
import type { Actor } from "@/lib/auth/actor";
import { communitiesWhere, gridsWhere, topicsOwnedBy } from "@/lib/auth/policy";
import { personElectorKey } from "@/lib/ballots/electorate";
import type { ActorCtx } from "@/lib/context";
import { emptyTodoFacts, todoCount, todosFromFacts, type TodoFacts, type TodoItem } from "@/lib/domain/todo";
import { listPendingRegistrations } from "@/lib/people/list-registrations";
import { organisationIdsOf } from "@/lib/tasks/shared";

export type MyTodos = { items: TodoItem[]; count: number };

const residentRoles = new Set(["resident", "owner"]);
/**
 * The outer topic's columns, always qualified: drizzle writes a column of a one-table select bare
 * ("id"), which inside a correlated subquery would name the subquery's own table's column.
 */
const T = { id: sql.raw('"topics"."id"'), round: sql.raw('"topics"."rectification_round"') };
const allGridsOf = (db: DB) => async (communityId: number) => (await db.select({ id: grids.id }).from(grids).where(eq(grids.communityId, communityId))).map((g) => g.id);

/**
 * Everything waiting on the signed-in person (待我处理), in every role they hold. A fixed number of
 * set-based reads however many topics there are (none per topic), each scoped in its WHERE clause
 * to the person's own electorates, assignments and organisations, or to the topics, grids and
 * meetings the policy lets them manage; lib/domain/todo decides which facts make an item.
 * A person not (yet) verified may act on nothing: their list is empty.
 */
export async function listMyTodos(ctx: ActorCtx, now = new Date()): Promise<MyTodos> {
  const items = todosFromFacts(await readTodoFacts(ctx, now), now);
  return { items, count: todoCount(items) };
}

export async function readTodoFacts(ctx: ActorCtx, now = new Date()): Promise<TodoFacts> {
  const { db, actor } = ctx;
  const facts = emptyTodoFacts(actor.personId);
  if (actor.status !== "verified") return facts;
  const communities = communitiesWhere(actor, "topic.view");
  if (communities.length === 0) return facts;
  const me = actor.personId;

  facts.ballots = await ballotFacts(db, me, communities, now);
  facts.cosign = await cosignFacts(db, actor, communities);
  facts.tasks = await taskFacts(db, actor, communities);

  facts.supervisorScopes = actor.roles.filter((r) => r.role === "supervisor").map((r) => ({ communityId: r.communityId, gridId: r.gridId }));
  if (facts.supervisorScopes.length) {
    facts.ratings = (await db
      .select({
        topicId: topics.id,
        title: topics.title,
        state: topics.state,
        communityId: topics.communityId,
        gridId: topics.gridId,
        assignedAt: topicSupervisors.createdAt,
        rated: sql<number>`exists (select 1 from ${supervisionRatings} r where r.topic_id = ${T.id} and r.round = ${T.round} and r.supervisor_id = ${me})`,
        excused: sql<number>`exists (select 1 from ${supervisorExcusals} x where x.topic_id = ${T.id} and x.round = ${T.round} and x.person_id = ${me})`,
      })
      .from(topicSupervisors)
      .innerJoin(topics, eq(topics.id, topicSupervisors.topicId))
      .where(and(eq(topicSupervisors.personId, me), eq(topics.state, "underReview"), inArray(topics.communityId, communities))))
      .map((r) => ({ ...r, rated: !!r.rated, excused: !!r.excused }));
  }

  // Satisfaction is asked of the residents and owners of the topic's grid (lib/ratings/answer-satisfaction).
  const homeGrids = [...new Set(actor.roles.filter((r) => residentRoles.has(r.role) && r.gridId != null).map((r) => r.gridId!))];
  if (homeGrids.length) {
    facts.satisfaction = (await db
      .select({
        topicId: topics.id,
        title: topics.title,
        state: topics.state,
        updatedAt: topics.updatedAt,
        answered: sql<number>`exists (select 1 from ${satisfactionVotes} s where s.topic_id = ${T.id} and s.round = ${T.round} and s.person_id = ${me})`,
      })
      .from(topics)
      .where(and(inArray(topics.gridId, homeGrids), eq(topics.state, "underReview"), inArray(topics.communityId, communities))))
      .map((r) => ({ ...r, answered: !!r.answered }));
  }

  const reviewGrids = await gridsWhere(actor, "registration.review", allGridsOf(db));
  if (reviewGrids.length) {
    const waiting = await listPendingRegistrations({ db, actor });
    facts.registrations = { count: waiting.length, oldest: waiting[0]?.registeredAt ?? null };
  }

  // Topics the person owns as staff: the policy's owner rule turned around (as lib/topics/list-topics does).
  const owned = topicsOwnedBy(actor);
  const ownedWhere: SQL[] = [];
  if (owned.gridLevelGrids.length) ownedWhere.push(and(inArray(topics.gridId, owned.gridLevelGrids), eq(topics.level, "grid"))!);
  if (owned.communities.length) ownedWhere.push(inArray(topics.communityId, owned.communities));
  if (ownedWhere.length) {
    const mine = or(...ownedWhere)!;
    facts.ownedTopics = await db
      .select({
        topicId: topics.id,
        title: topics.title,
        state: topics.state,
        updatedAt: topics.updatedAt,
        planCount: sql<number>`(select count(*) from ${plans} p where p.topic_id = ${T.id})`,
        roundTasks: sql<number>`(select count(*) from ${tasks} k where k.topic_id = ${T.id} and k.round = ${T.round})`,
        supervisors: sql<number>`(select count(*) from ${topicSupervisors} s where s.topic_id = ${T.id})`,
        ratedSupervisors: sql<number>`(select count(*) from ${topicSupervisors} s where s.topic_id = ${T.id} and exists (select 1 from ${supervisionRatings} r where r.topic_id = s.topic_id and r.round = ${T.round} and r.supervisor_id = s.person_id))`,
        pendingSupervisors: sql<number>`(select count(*) from ${topicSupervisors} s where s.topic_id = ${T.id}
          and not exists (select 1 from ${supervisionRatings} r where r.topic_id = s.topic_id and r.round = ${T.round} and r.supervisor_id = s.person_id)
          and not exists (select 1 from ${supervisorExcusals} x where x.topic_id = s.topic_id and x.round = ${T.round} and x.person_id = s.person_id))`,
      })
      .from(topics)
      .where(and(mine, inArray(topics.state, ["awaitingAdmission", "consulting", "drafting", "failed", "resolved", "implementing", "rectifying", "underReview"])));
    facts.declinedTasks = await db
      .select({ taskId: tasks.id, title: tasks.title, topicTitle: topics.title, dueOn: tasks.dueOn, updatedAt: tasks.updatedAt })
      .from(tasks)
      .innerJoin(topics, eq(topics.id, tasks.topicId))
      .where(and(eq(tasks.status, "declined"), mine));
    facts.ballotsToClose = await db
      .select({ ballotId: ballots.id, title: ballots.title, topicTitle: topics.title, status: ballots.status, closesAt: ballots.closesAt })
      .from(ballots)
      .innerJoin(topics, eq(topics.id, ballots.topicId))
      .where(and(eq(ballots.status, "open"), lte(ballots.closesAt, now), mine));
  }

  // Meetings the person runs (meeting.manage): their grid's as grid staff, every one of the community as its admin.
  const meetingGrids = await gridsWhere(actor, "meeting.manage", allGridsOf(db));
  const meetingCommunities = communitiesWhere(actor, "meeting.manage");
  if (meetingGrids.length || meetingCommunities.length) {
    facts.meetings = (await db
      .select({ meetingId: meetings.id, title: meetings.title, status: meetings.status, startsAt: meetings.startsAt, minutesPublished: sql<number>`${meetings.minutesPublishedAt} is not null` })
      .from(meetings)
      .where(
        and(
          eq(meetings.status, "scheduled"),
          sql`${meetings.minutesPublishedAt} is null`,
          lte(meetings.startsAt, now),
          or(meetingGrids.length ? inArray(meetings.gridId, meetingGrids) : undefined, meetingCommunities.length ? inArray(meetings.communityId, meetingCommunities) : undefined),
        ),
      ))
      .map((m) => ({ ...m, minutesPublished: !!m.minutesPublished }));
  }

  return facts;
}

/**
 * Ballots taking votes in which the person still has an elector to vote for: their own (or their
 * co-owned) elector, a principal whose proxy they hold, or themself at a meeting they are checked
 * in at — the electors lib/ballots/electorate eligibleElectors gives, counted for all ballots at once.
 */
async function ballotFacts(db: DB, me: number, communities: number[], now: Date): Promise<TodoFacts["ballots"]> {
  const notVoted = (ballotId: SQLWrapper, electorKey: SQLWrapper) =>
    sql`not exists (select 1 from ${votes} v where v.ballot_id = ${ballotId} and v.elector_key = ${electorKey})`;
  const live = and(eq(ballots.status, "open"), lte(ballots.opensAt, now), gt(ballots.closesAt, now), inArray(ballots.communityId, communities));
  const cols = { ballotId: ballots.id, title: ballots.title, topicTitle: topics.title, opensAt: ballots.opensAt, closesAt: ballots.closesAt, status: ballots.status, n: count() };

  // Grouped by the topic's key too: PostgreSQL lets a query select topics.title only then (SQLite never minded).
  const own = await db
    .select(cols)
    .from(ballotElectorMembers)
    .innerJoin(ballots, eq(ballots.id, ballotElectorMembers.ballotId))
    .innerJoin(topics, eq(topics.id, ballots.topicId))
    .where(and(eq(ballotElectorMembers.personId, me), ne(ballots.electorateKind, "meetingAttendees"), live, notVoted(ballotElectorMembers.ballotId, ballotElectorMembers.electorKey)))
    .groupBy(ballots.id, topics.id);
  const proxied = await db
    .select(cols)
    .from(ballotProxies)
    .innerJoin(ballots, eq(ballots.id, ballotProxies.ballotId))
    .innerJoin(topics, eq(topics.id, ballots.topicId))
    .where(
      and(
        eq(ballotProxies.proxyPersonId, me),
        ne(ballots.electorateKind, "meetingAttendees"),
        live,
        notVoted(ballotProxies.ballotId, sql`${ballotProxies.electorKey}`),
        // A principal who is also the person's own elector is voted for as their own.
        sql`not exists (select 1 from ${ballotElectorMembers} m where m.ballot_id = ${ballotProxies.ballotId} and m.elector_key = ${ballotProxies.electorKey} and m.person_id = ${me})`,
      ),
    )
    .groupBy(ballots.id, topics.id);
  const present = await db
    .select(cols)
    .from(ballots)
    .innerJoin(meetingAttendance, and(eq(meetingAttendance.meetingId, ballots.meetingId), eq(meetingAttendance.personId, me)))
    .innerJoin(topics, eq(topics.id, ballots.topicId))
    .where(and(eq(ballots.electorateKind, "meetingAttendees"), live, notVoted(ballots.id, sql`${personElectorKey(me)}`)))
    .groupBy(ballots.id, topics.id);

  const byBallot = new Map<number, TodoFacts["ballots"][number]>();
  const add = (rows: typeof own, field: "ownUnvoted" | "proxyUnvoted") => {
    for (const { n, ...b } of rows) {
      const f = byBallot.get(b.ballotId) ?? { ...b, ownUnvoted: 0, proxyUnvoted: 0 };
      f[field] += n;
      byBallot.set(b.ballotId, f);
    }
  };
  add(own, "ownUnvoted");
  add(present, "ownUnvoted");
  add(proxied, "proxyUnvoted");
  return [...byBallot.values()];
}

/** Co-signing asked of the residents and owners of the building a topic is about (lib/topics/cosign: lives in its grid). */
async function cosignFacts(db: DB, actor: Actor, communities: number[]): Promise<TodoFacts["cosign"]> {
  const home = actor.roles.filter((r) => residentRoles.has(r.role) && r.gridId != null && r.unitId != null);
  if (home.length === 0) return [];
  const homeGrids = [...new Set(home.map((r) => r.gridId!))];
  const myBuildings = db.selectDistinct({ id: units.buildingId }).from(units).where(inArray(units.id, [...new Set(home.map((r) => r.unitId!))]));
  return (await db
    .select({
      topicId: topics.id,
      title: topics.title,
      state: topics.state,
      proposerId: topics.proposerId,
      cosignDeadline: topics.cosignDeadline,
      cosigned: sql<number>`exists (select 1 from ${cosigns} c where c.topic_id = ${T.id} and c.person_id = ${actor.personId})`,
    })
    .from(topics)
    .where(and(eq(topics.state, "proposed"), inArray(topics.gridId, homeGrids), inArray(topics.communityId, communities), inArray(topics.buildingId, myBuildings))))
    .map((r) => ({ ...r, cosigned: !!r.cosigned }));
}

/** Tasks still to take or to report on, given to the person, taken by them, or given to their organisation. */
async function taskFacts(db: DB, actor: Actor, communities: number[]): Promise<TodoFacts["tasks"]> {
  const orgs = organisationIdsOf(actor);
  return await db
    .select({ taskId: tasks.id, title: tasks.title, topicTitle: topics.title, status: tasks.status, dueOn: tasks.dueOn })
    .from(tasks)
    .innerJoin(topics, eq(topics.id, tasks.topicId))
    .where(
      and(
        inArray(tasks.status, ["assigned", "taken", "inProgress"]),
        inArray(tasks.communityId, communities),
        or(eq(tasks.assigneePersonId, actor.personId), eq(tasks.takenBy, actor.personId), orgs.length ? inArray(tasks.assigneeOrganisationId, orgs) : undefined),
      ),
    );
}
