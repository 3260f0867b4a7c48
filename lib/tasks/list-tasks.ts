import { and, asc, desc, eq, inArray, or, type SQL } from "drizzle-orm";
import { alias } from "drizzle-orm/sqlite-core";
import type { DB } from "@/db/client";
import { organisations, people, tasks, topics, type TaskStatus } from "@/db/schema";
import { can, requireVerified } from "@/lib/auth/policy";
import type { ActorCtx } from "@/lib/context";
import { loadVisibleTopic, topicResource } from "@/lib/topics/access";
import { topicIdInput } from "@/lib/validation/tasks";
import { isOverdue, organisationIdsOf } from "./shared";
import { shanghaiDate } from "@/lib/time";

export type TaskRow = {
  id: number;
  topicId: number;
  topicTitle: string;
  title: string;
  status: TaskStatus;
  percent: number;
  dueOn: string;
  overdue: boolean;
  round: number;
  openToClaim: boolean;
  /** Who answers for it: the organisation or the person; null while it waits on the board. */
  assignee: { kind: "organisation" | "person"; name: string } | null;
  takenByName: string | null;
};

const assigneePerson = alias(people, "assignee_person");
const taker = alias(people, "taker");

async function selectTasks(db: DB, where: SQL | undefined, order: "topic" | "due", today: string): Promise<TaskRow[]> {
  const rows = await db
    .select({
      id: tasks.id,
      topicId: tasks.topicId,
      topicTitle: topics.title,
      title: tasks.title,
      status: tasks.status,
      percent: tasks.percent,
      dueOn: tasks.dueOn,
      round: tasks.round,
      openToClaim: tasks.openToClaim,
      organisationName: organisations.name,
      personName: assigneePerson.name,
      takenByName: taker.name,
    })
    .from(tasks)
    .innerJoin(topics, eq(tasks.topicId, topics.id))
    .leftJoin(organisations, eq(tasks.assigneeOrganisationId, organisations.id))
    .leftJoin(assigneePerson, eq(tasks.assigneePersonId, assigneePerson.id))
    .leftJoin(taker, eq(tasks.takenBy, taker.id))
    .where(where)
    .orderBy(...(order === "topic" ? [desc(tasks.round), asc(tasks.id)] : [asc(tasks.dueOn), asc(tasks.id)]));
  return rows.map((r) => ({
    id: r.id,
    topicId: r.topicId,
    topicTitle: r.topicTitle,
    title: r.title,
    status: r.status,
    percent: r.percent,
    dueOn: r.dueOn,
    overdue: isOverdue(r, today),
    round: r.round,
    openToClaim: r.openToClaim,
    assignee: r.organisationName != null ? { kind: "organisation", name: r.organisationName } : r.personName != null ? { kind: "person", name: r.personName } : null,
    takenByName: r.takenByName,
  }));
}

export type TopicTasks = {
  topicId: number;
  topicState: string;
  currentRound: number;
  /** Staff who own the topic: may start implementation, dispatch and reassign tasks. */
  canManage: boolean;
  canStart: boolean;
  canCreate: boolean;
  /** Rounds, newest first, each with its tasks. */
  rounds: { round: number; tasks: TaskRow[] }[];
};

/** A topic's tasks grouped by round, for anyone who may see the topic. */
export async function listTopicTasks(ctx: ActorCtx, raw: unknown, now = new Date()): Promise<TopicTasks> {
  const input = topicIdInput.parse(raw);
  const { db, actor } = ctx;
  const topic = await loadVisibleTopic(db, actor, input.topicId);
  const rows = await selectTasks(db, eq(tasks.topicId, topic.id), "topic", shanghaiDate(now));
  const rounds = new Map<number, TaskRow[]>();
  for (const r of rows) rounds.set(r.round, [...(rounds.get(r.round) ?? []), r]);
  const canManage = can(actor, "topic.manage", topicResource(topic));
  return {
    topicId: topic.id,
    topicState: topic.state,
    currentRound: topic.rectificationRound,
    canManage,
    canStart: canManage && topic.state === "resolved",
    canCreate: canManage && (topic.state === "implementing" || topic.state === "rectifying"),
    rounds: [...rounds.entries()].sort((a, b) => b[0] - a[0]).map(([round, list]) => ({ round, tasks: list })),
  };
}

/** The actor's own tasks: given to them, taken by them, or given to an organisation they belong to. */
export async function listMyTasks(ctx: ActorCtx, now = new Date()): Promise<{ active: TaskRow[]; completed: TaskRow[] }> {
  const { actor } = ctx;
  requireVerified(actor);
  const orgs = organisationIdsOf(actor);
  const mine = or(
    eq(tasks.assigneePersonId, actor.personId),
    eq(tasks.takenBy, actor.personId),
    orgs.length ? inArray(tasks.assigneeOrganisationId, orgs) : undefined,
  );
  const rows = await selectTasks(ctx.db, mine, "due", shanghaiDate(now));
  return { active: rows.filter((r) => r.status !== "completed"), completed: rows.filter((r) => r.status === "completed").reverse() };
}

/** The task board (揭榜挂帅): open tasks of the actor's communities, waiting for someone to claim them. */
export async function listTaskBoard(ctx: ActorCtx, now = new Date()): Promise<TaskRow[]> {
  const { actor } = ctx;
  requireVerified(actor);
  const communities = [...new Set(actor.roles.map((r) => r.communityId))];
  if (communities.length === 0) return [];
  return selectTasks(ctx.db, and(eq(tasks.openToClaim, true), eq(tasks.status, "open"), inArray(tasks.communityId, communities)), "due", shanghaiDate(now));
}
