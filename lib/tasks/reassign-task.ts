import { and, eq, inArray } from "drizzle-orm";
import { changedRows } from "@/db/query";
import { tasks, topicEvents } from "@/db/schema";
import { authorize } from "@/lib/auth/policy";
import type { ActorCtx } from "@/lib/context";
import { AppError, invalid } from "@/lib/errors";
import { recordEvent } from "@/lib/events/record";
import { notify } from "@/lib/notifications/notify";
import { topicResource } from "@/lib/topics/access";
import { reassignTaskInput } from "@/lib/validation/tasks";
import { assigneePersonIds, loadVisibleTask, resolveAssignee, taskNotice } from "./shared";
import { shanghaiDate } from "@/lib/time";
import { unitOfWork } from "@/db/unit-of-work";

/** Staff give a declined (or not yet taken) task to someone else, or put it on the board. */
export async function reassignTask(ctx: ActorCtx, raw: unknown, now = new Date()) {
  const input = reassignTaskInput.parse(raw);
  const { db, actor } = ctx;
  const { task, topic } = await loadVisibleTask(db, actor, input.taskId);
  authorize(actor, "topic.manage", topicResource(topic));
  const from = ["declined", "assigned", "open"] as const;
  if (!(from as readonly string[]).includes(task.status)) throw new AppError("conflict", "taskWrongStatus");
  if (input.dueOn && input.dueOn < shanghaiDate(now)) throw invalid("taskDueInPast", { dueOn: "taskDueInPast" });
  return await unitOfWork(db, async (tx) => {
    const who = await resolveAssignee(tx, topic, input.assignee);
    const dueOn = input.dueOn ?? task.dueOn;
    const changed = await tx
      .update(tasks)
      .set({ ...who, takenBy: null, takenAt: null, declineReason: null, dueOn, overdueNotifiedAt: dueOn === task.dueOn ? task.overdueNotifiedAt : null, updatedAt: now })
      .where(and(eq(tasks.id, task.id), inArray(tasks.status, [...from])));
    if (changedRows(changed) === 0) throw new AppError("conflict", "taskWrongStatus");
    const updated = { ...task, ...who, takenBy: null };
    await tx.insert(topicEvents).values({ topicId: topic.id, actorId: actor.personId, kind: "taskReassigned", data: { taskId: task.id, title: task.title }, at: now });
    if (who.status === "assigned") {
      await notify(tx, await assigneePersonIds(tx, updated), "taskAssigned", { topicId: topic.id, data: taskNotice(topic, task), actorId: actor.personId, at: now });
    }
    await recordEvent(tx, {
      actorId: actor.personId,
      kind: "task.reassigned",
      subjectType: "task",
      subjectId: task.id,
      data: { topicId: topic.id, assigneeOrganisationId: who.assigneeOrganisationId, assigneePersonId: who.assigneePersonId, openToClaim: who.openToClaim, dueOn },
    });
    return { taskId: task.id, status: who.status };
  });
}
