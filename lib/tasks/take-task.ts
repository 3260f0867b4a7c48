import { and, eq } from "drizzle-orm";
import { changedRows } from "@/db/query";
import { tasks, topicEvents } from "@/db/schema";
import type { ActorCtx } from "@/lib/context";
import { AppError, forbidden } from "@/lib/errors";
import { recordEvent } from "@/lib/events/record";
import { notify } from "@/lib/notifications/notify";
import { topicStaffIds } from "@/lib/topics/staff-of-topic";
import { taskIdInput } from "@/lib/validation/tasks";
import { isAssignee, loadVisibleTask, taskNotice } from "./shared";
import { unitOfWork } from "@/db/unit-of-work";

/** The assignee — the person, or any member of the organisation — takes the order (接单). */
export async function takeTask(ctx: ActorCtx, raw: unknown, now = new Date()) {
  const input = taskIdInput.parse(raw);
  const { db, actor } = ctx;
  const { task, topic } = await loadVisibleTask(db, actor, input.taskId);
  if (!isAssignee(actor, task)) throw forbidden();
  if (task.status !== "assigned") throw new AppError("conflict", "taskWrongStatus");
  return await unitOfWork(db, async (tx) => {
    // Two members of the firm may press at once: only the first one takes it.
    const changed = await tx
      .update(tasks)
      .set({ status: "taken", takenBy: actor.personId, takenAt: now, updatedAt: now })
      .where(and(eq(tasks.id, task.id), eq(tasks.status, "assigned")));
    if (changedRows(changed) === 0) throw new AppError("conflict", "taskWrongStatus");
    await tx.insert(topicEvents).values({ topicId: topic.id, actorId: actor.personId, kind: "taskTaken", data: { taskId: task.id, title: task.title }, at: now });
    await notify(tx, await topicStaffIds(tx, topic), "taskTaken", { topicId: topic.id, data: taskNotice(topic, task), actorId: actor.personId, at: now });
    await recordEvent(tx, { actorId: actor.personId, kind: "task.taken", subjectType: "task", subjectId: task.id, data: { topicId: topic.id } });
    return { taskId: task.id, status: "taken" as const };
  });
}
