import { and, eq, inArray, lte } from "drizzle-orm";
import { changedRows } from "@/db/query";
import type { Tx } from "@/db/client";
import { taskPhotos, taskUpdates, tasks, topicEvents, topics, type Topic } from "@/db/schema";
import type { ActorCtx } from "@/lib/context";
import { AppError, forbidden, invalid } from "@/lib/errors";
import { recordEvent } from "@/lib/events/record";
import { notify } from "@/lib/notifications/notify";
import { applyTransition } from "@/lib/topics/apply-transition";
import { topicFollowerIds, topicStaffIds } from "@/lib/topics/staff-of-topic";
import { storePhotos } from "@/lib/uploads/photos";
import { reportProgressInput, TASK_EVIDENCE_MIN_TEXT } from "@/lib/validation/tasks";
import { openTaskCount } from "./open-task-count";
import { isAssignee, loadVisibleTask, taskNotice } from "./shared";
import { unitOfWork } from "@/db/unit-of-work";
import { first } from "@/db/query";

export type ReportedProgress = {
  taskId: number;
  updateId: number;
  status: "inProgress" | "completed";
  percent: number;
  /** The topic's state when this completion finished the round and sent it under review. */
  topicState: "underReview" | null;
};

/**
 * The one doing the task reports progress: text, photos, a percentage that never goes down. A
 * completion needs evidence (a photo, or a real description). When the last task of the topic's
 * current round is completed, the topic goes under review by itself.
 */
export async function reportProgress(ctx: ActorCtx, raw: unknown, photoFiles: File[] = [], now = new Date()): Promise<ReportedProgress> {
  const input = reportProgressInput.parse(raw);
  const { db, actor } = ctx;
  const { task, topic } = await loadVisibleTask(db, actor, input.taskId);
  if (!isAssignee(actor, task)) throw forbidden();
  if (task.status !== "taken" && task.status !== "inProgress") throw new AppError("conflict", "taskWrongStatus");
  const percent = input.completes ? 100 : input.percent;
  if (percent < task.percent) throw invalid("taskPercentBackwards", { percent: "taskPercentBackwards" }, { last: task.percent });
  if (input.completes && photoFiles.length === 0 && input.body.length < TASK_EVIDENCE_MIN_TEXT) {
    throw invalid("taskEvidenceRequired", { body: "taskEvidenceRequired" }, { min: TASK_EVIDENCE_MIN_TEXT });
  }
  if (!input.completes && !input.body && photoFiles.length === 0 && percent === task.percent) {
    throw invalid("taskUpdateEmpty", { body: "taskUpdateEmpty" });
  }

  // Photos are checked and written before the synchronous transaction, and removed if it fails.
  const stored = await storePhotos(photoFiles);
  try {
    return await unitOfWork(db, async (tx) => {
      const status = input.completes ? ("completed" as const) : ("inProgress" as const);
      // Re-checked inside the transaction: a parallel report may have moved the task meanwhile.
      const changed = await tx
        .update(tasks)
        .set({ status, percent, completedAt: input.completes ? now : null, updatedAt: now })
        .where(and(eq(tasks.id, task.id), inArray(tasks.status, ["taken", "inProgress"]), lte(tasks.percent, percent)));
      if (changedRows(changed) === 0) {
        const fresh = await first(tx.select({ status: tasks.status, percent: tasks.percent }).from(tasks).where(eq(tasks.id, task.id)));
        if (fresh && fresh.percent > percent) throw invalid("taskPercentBackwards", { percent: "taskPercentBackwards" }, { last: fresh.percent });
        throw new AppError("conflict", "taskWrongStatus");
      }

      const update = await first(tx
        .insert(taskUpdates)
        .values({ taskId: task.id, authorId: actor.personId, body: input.body, percent, completes: input.completes, createdAt: now })
        .returning({ id: taskUpdates.id }));
      for (const p of stored.photos) await tx.insert(taskPhotos).values({ taskUpdateId: update.id, ...p, createdAt: now });

      await tx.insert(topicEvents)
        .values({ topicId: topic.id, actorId: actor.personId, kind: input.completes ? "taskCompleted" : "taskProgress", data: { taskId: task.id, title: task.title, percent }, at: now });
      await recordEvent(tx, {
        actorId: actor.personId,
        kind: input.completes ? "task.completed" : "task.progress",
        subjectType: "task",
        subjectId: task.id,
        data: { topicId: topic.id, updateId: update.id, percent, photos: stored.photos.length },
      });

      let topicState: ReportedProgress["topicState"] = null;
      if (input.completes) {
        await notify(tx, await topicStaffIds(tx, topic), "taskCompleted", { topicId: topic.id, data: taskNotice(topic, task), actorId: actor.personId, at: now });
        topicState = await finishRoundIfDone(tx, topic, task.round, now);
      }
      return { taskId: task.id, updateId: update.id, status, percent, topicState };
    });
  } catch (e) {
    stored.remove();
    throw e;
  }
}

/**
 * When every task of the topic's current round is completed, the system sends the topic under
 * supervision rating (办理完成 → 监督评价) and tells its followers and staff.
 */
async function finishRoundIfDone(tx: Tx, before: Topic, round: number, now: Date): Promise<"underReview" | null> {
  const topic = await first(tx.select().from(topics).where(eq(topics.id, before.id)));
  if (!topic || topic.rectificationRound !== round) return null;
  if (topic.state !== "implementing" && topic.state !== "rectifying") return null;
  if (await openTaskCount(tx, topic) > 0) return null;
  const name = topic.state === "implementing" ? "completeImplementation" : "completeRectification";
  await applyTransition(tx, topic, name, "system", { now });
  await notify(tx, [...await topicFollowerIds(tx, topic), ...await topicStaffIds(tx, topic)], "underReview", { topicId: topic.id, data: { title: topic.title }, at: now });
  await recordEvent(tx, { actorId: null, kind: "topic.underReview", subjectType: "topic", subjectId: topic.id, data: { round, via: name } });
  return "underReview";
}
