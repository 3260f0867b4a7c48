import { asc, eq, inArray } from "drizzle-orm";
import { organisations, people, taskPhotos, taskUpdates, type TaskStatus } from "@/db/schema";
import { can } from "@/lib/auth/policy";
import type { ActorCtx } from "@/lib/context";
import { topicResource } from "@/lib/topics/access";
import { taskIdInput } from "@/lib/validation/tasks";
import { isAssignee, isOverdue, loadVisibleTask } from "./shared";
import { shanghaiDate } from "@/lib/time";
import { first } from "@/db/query";

export type TaskDetail = {
  id: number;
  topicId: number;
  topicTitle: string;
  title: string;
  description: string;
  status: TaskStatus;
  percent: number;
  dueOn: string;
  overdue: boolean;
  round: number;
  openToClaim: boolean;
  assignee: { kind: "organisation" | "person"; name: string } | null;
  takenByName: string | null;
  declineReason: string | null;
  completedAt: Date | null;
  updates: { id: number; authorName: string; body: string; percent: number; completes: boolean; createdAt: Date; photoIds: number[] }[];
  may: { take: boolean; decline: boolean; claim: boolean; report: boolean; reassign: boolean };
};

/** One task with its progress reports and what the actor may do with it. */
export async function getTask(ctx: ActorCtx, raw: unknown, now = new Date()): Promise<TaskDetail> {
  const input = taskIdInput.parse(raw);
  const { db, actor } = ctx;
  const { task, topic } = await loadVisibleTask(db, actor, input.taskId);
  const name = async (id: number | null) => (id == null ? null : ((await first(db.select({ name: people.name }).from(people).where(eq(people.id, id))))?.name ?? null));
  const orgName = task.assigneeOrganisationId == null ? null : (await first(db.select({ name: organisations.name }).from(organisations).where(eq(organisations.id, task.assigneeOrganisationId))))?.name;
  const personName = await name(task.assigneePersonId);

  const updates = await db
    .select({ id: taskUpdates.id, authorName: people.name, body: taskUpdates.body, percent: taskUpdates.percent, completes: taskUpdates.completes, createdAt: taskUpdates.createdAt })
    .from(taskUpdates)
    .innerJoin(people, eq(taskUpdates.authorId, people.id))
    .where(eq(taskUpdates.taskId, task.id))
    .orderBy(asc(taskUpdates.createdAt), asc(taskUpdates.id));
  const photos = updates.length
    ? await db.select({ id: taskPhotos.id, updateId: taskPhotos.taskUpdateId }).from(taskPhotos).where(inArray(taskPhotos.taskUpdateId, updates.map((u) => u.id))).orderBy(asc(taskPhotos.id))
    : [];

  const mine = isAssignee(actor, task);
  return {
    id: task.id,
    topicId: topic.id,
    topicTitle: topic.title,
    title: task.title,
    description: task.description,
    status: task.status,
    percent: task.percent,
    dueOn: task.dueOn,
    overdue: isOverdue(task, shanghaiDate(now)),
    round: task.round,
    openToClaim: task.openToClaim,
    assignee: orgName ? { kind: "organisation", name: orgName } : personName ? { kind: "person", name: personName } : null,
    takenByName: await name(task.takenBy),
    declineReason: task.declineReason,
    completedAt: task.completedAt,
    updates: updates.map((u) => ({ ...u, photoIds: photos.filter((p) => p.updateId === u.id).map((p) => p.id) })),
    may: {
      take: mine && task.status === "assigned",
      decline: mine && (task.status === "assigned" || task.status === "taken"),
      claim: task.openToClaim && task.status === "open",
      report: mine && (task.status === "taken" || task.status === "inProgress"),
      reassign: can(actor, "topic.manage", topicResource(topic)) && ["declined", "assigned", "open"].includes(task.status),
    },
  };
}
