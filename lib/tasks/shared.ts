import { and, eq, isNotNull } from "drizzle-orm";
import type { DB, Tx } from "@/db/client";
import { organisations, people, roles, tasks, topics, type Task, type Topic } from "@/db/schema";
import type { Actor } from "@/lib/auth/actor";
import { can } from "@/lib/auth/policy";
import { AppError, notFound } from "@/lib/errors";
import { topicResource } from "@/lib/topics/access";
import { first } from "@/db/query";

/** Overdue: the due day (a calendar day in Shanghai, lib/time shanghaiDate) has passed and the work is not done. */
export function isOverdue(task: Pick<Task, "status" | "dueOn">, today: string): boolean {
  return task.status !== "completed" && task.dueOn < today;
}

/**
 * Loads a task and its topic for an actor who may see the topic. A task of another community is
 * "not found", so its existence does not leak.
 */
export async function loadVisibleTask(db: DB | Tx, actor: Actor, taskId: number): Promise<{ task: Task; topic: Topic }> {
  if (actor.status !== "verified") throw new AppError("forbidden", "notVerified");
  const task = await first(db.select().from(tasks).where(eq(tasks.id, taskId)));
  if (!task) throw notFound("taskNotFound");
  const topic = await first(db.select().from(topics).where(eq(topics.id, task.topicId)));
  if (!topic || !can(actor, "topic.view", topicResource(topic))) throw notFound("taskNotFound");
  return { task, topic };
}

/** The organisations the actor belongs to (property firm staff, owners' committee, think tanks). */
export function organisationIdsOf(actor: Actor): number[] {
  return [...new Set(actor.roles.map((r) => r.organisationId).filter((o): o is number => o != null))];
}

/** Whether the actor answers for the task: its assigned person, its taker, or a member of its organisation. */
export function isAssignee(actor: Actor, task: Pick<Task, "assigneePersonId" | "assigneeOrganisationId" | "takenBy">): boolean {
  if (task.assigneePersonId === actor.personId || task.takenBy === actor.personId) return true;
  return task.assigneeOrganisationId != null && organisationIdsOf(actor).includes(task.assigneeOrganisationId);
}

/** The people a task's news goes to on the doing side: the person, the taker, or everyone in the organisation. */
export async function assigneePersonIds(tx: DB | Tx, task: Pick<Task, "assigneePersonId" | "assigneeOrganisationId" | "takenBy">): Promise<number[]> {
  const ids: number[] = [];
  if (task.assigneePersonId != null) ids.push(task.assigneePersonId);
  if (task.takenBy != null) ids.push(task.takenBy);
  if (task.assigneeOrganisationId != null) {
    const members = await tx
      .select({ personId: roles.personId })
      .from(roles)
      .where(and(eq(roles.organisationId, task.assigneeOrganisationId), isNotNull(roles.organisationId)));
    ids.push(...members.map((m) => m.personId));
  }
  return [...new Set(ids)];
}

export type AssigneeChoice = { kind: "open" } | { kind: "organisation" | "person"; id: number };

/**
 * Checks that the assignee belongs to the topic's community: an organisation of the community, or
 * a verified person holding a role there. Returns the columns to store.
 */
export async function resolveAssignee(
  tx: DB | Tx,
  topic: Pick<Topic, "communityId">,
  choice: AssigneeChoice,
): Promise<{ assigneeOrganisationId: number | null; assigneePersonId: number | null; openToClaim: boolean; status: "open" | "assigned" }> {
  if (choice.kind === "open") return { assigneeOrganisationId: null, assigneePersonId: null, openToClaim: true, status: "open" };
  if (choice.kind === "organisation") {
    const org = await first(tx
      .select({ id: organisations.id })
      .from(organisations)
      .where(and(eq(organisations.id, choice.id), eq(organisations.communityId, topic.communityId))));
    if (!org) throw new AppError("invalid_input", "taskAssigneeOutside", {}, { assignee: "taskAssigneeOutside" });
    return { assigneeOrganisationId: org.id, assigneePersonId: null, openToClaim: false, status: "assigned" };
  }
  const person = await first(tx
    .select({ id: people.id })
    .from(people)
    .innerJoin(roles, eq(roles.personId, people.id))
    .where(and(eq(people.id, choice.id), eq(people.status, "verified"), eq(roles.communityId, topic.communityId))));
  if (!person) throw new AppError("invalid_input", "taskAssigneeOutside", {}, { assignee: "taskAssigneeOutside" });
  return { assigneeOrganisationId: null, assigneePersonId: person.id, openToClaim: false, status: "assigned" };
}

/** What every task notification carries: the topic's and the task's titles. */
export function taskNotice(topic: Pick<Topic, "title">, task: Pick<Task, "title">, extra: Record<string, string | number> = {}) {
  return { title: topic.title, task: task.title, ...extra };
}
