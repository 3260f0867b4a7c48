import { and, eq, inArray } from "drizzle-orm";
import { changedRows } from "@/db/query";
import { tasks, topicEvents } from "@/db/schema";
import type { ActorCtx } from "@/lib/context";
import { AppError, forbidden } from "@/lib/errors";
import { recordEvent } from "@/lib/events/record";
import { notify } from "@/lib/notifications/notify";
import { topicStaffIds } from "@/lib/topics/staff-of-topic";
import { declineTaskInput } from "@/lib/validation/tasks";
import { isAssignee, loadVisibleTask, taskNotice } from "./shared";
import { unitOfWork } from "@/db/unit-of-work";

/**
 * The assignee hands a task back with a reason, before any progress is reported; the staff who own
 * the topic hear of it and may reassign it.
 */
export async function declineTask(ctx: ActorCtx, raw: unknown, now = new Date()) {
  const input = declineTaskInput.parse(raw);
  const { db, actor } = ctx;
  const { task, topic } = await loadVisibleTask(db, actor, input.taskId);
  if (!isAssignee(actor, task)) throw forbidden();
  if (task.status !== "assigned" && task.status !== "taken") throw new AppError("conflict", "taskWrongStatus");
  return await unitOfWork(db, async (tx) => {
    const changed = await tx
      .update(tasks)
      .set({ status: "declined", declineReason: input.reason, updatedAt: now })
      .where(and(eq(tasks.id, task.id), inArray(tasks.status, ["assigned", "taken"])));
    if (changedRows(changed) === 0) throw new AppError("conflict", "taskWrongStatus");
    await tx.insert(topicEvents)
      .values({ topicId: topic.id, actorId: actor.personId, kind: "taskDeclined", note: input.reason, data: { taskId: task.id, title: task.title }, at: now });
    await notify(tx, await topicStaffIds(tx, topic), "taskDeclined", { topicId: topic.id, data: taskNotice(topic, task, { reason: input.reason }), actorId: actor.personId, at: now });
    await recordEvent(tx, { actorId: actor.personId, kind: "task.declined", subjectType: "task", subjectId: task.id, data: { topicId: topic.id, reason: input.reason } });
    return { taskId: task.id, status: "declined" as const };
  });
}
