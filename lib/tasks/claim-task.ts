import { and, eq } from "drizzle-orm";
import { changedRows } from "@/db/query";
import { tasks, topicEvents } from "@/db/schema";
import type { ActorCtx } from "@/lib/context";
import { AppError } from "@/lib/errors";
import { recordEvent } from "@/lib/events/record";
import { notify } from "@/lib/notifications/notify";
import { topicStaffIds } from "@/lib/topics/staff-of-topic";
import { taskIdInput } from "@/lib/validation/tasks";
import { loadVisibleTask, taskNotice } from "./shared";
import { unitOfWork } from "@/db/unit-of-work";

/**
 * Anyone verified in the task's community — volunteers, party members, community partners —
 * claims an open task from the board (揭榜挂帅) and answers for it from then on.
 */
export async function claimTask(ctx: ActorCtx, raw: unknown, now = new Date()) {
  const input = taskIdInput.parse(raw);
  const { db, actor } = ctx;
  // Visibility of the topic is membership of its community: the same test decides who may claim.
  const { task, topic } = await loadVisibleTask(db, actor, input.taskId);
  if (!task.openToClaim || task.status !== "open") throw new AppError("conflict", "taskNotOpen");
  return await unitOfWork(db, async (tx) => {
    // The board is first come, first served: the update only wins while the task is still open.
    const changed = await tx
      .update(tasks)
      .set({ status: "taken", assigneePersonId: actor.personId, takenBy: actor.personId, takenAt: now, updatedAt: now })
      .where(and(eq(tasks.id, task.id), eq(tasks.status, "open"), eq(tasks.openToClaim, true)));
    if (changedRows(changed) === 0) throw new AppError("conflict", "taskNotOpen");
    await tx.insert(topicEvents).values({ topicId: topic.id, actorId: actor.personId, kind: "taskClaimed", data: { taskId: task.id, title: task.title }, at: now });
    await notify(tx, await topicStaffIds(tx, topic), "taskTaken", { topicId: topic.id, data: taskNotice(topic, task), actorId: actor.personId, at: now });
    await recordEvent(tx, { actorId: actor.personId, kind: "task.claimed", subjectType: "task", subjectId: task.id, data: { topicId: topic.id } });
    return { taskId: task.id, status: "taken" as const };
  });
}
