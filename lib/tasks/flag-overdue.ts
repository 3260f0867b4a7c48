import { and, eq, isNull, lt, ne } from "drizzle-orm";
import type { DB } from "@/db/client";
import { tasks, topics } from "@/db/schema";
import { recordEvent } from "@/lib/events/record";
import { notify } from "@/lib/notifications/notify";
import { topicStaffIds } from "@/lib/topics/staff-of-topic";
import { assigneePersonIds, taskNotice } from "./shared";
import { shanghaiDate } from "@/lib/time";
import { unitOfWork } from "@/db/unit-of-work";

/**
 * Tells the staff and the assignee, once per task, that a task's due day has passed in Beijing
 * without it being completed. Run by the server's background tick; returns how many were flagged.
 */
export async function flagOverdueTasks(db: DB, now = new Date()): Promise<number> {
  const today = shanghaiDate(now);
  const due = db
    .select({ id: tasks.id })
    .from(tasks)
    .where(and(ne(tasks.status, "completed"), lt(tasks.dueOn, today), isNull(tasks.overdueNotifiedAt)))
    .all();
  let flagged = 0;
  for (const { id } of due) {
    await unitOfWork(db, async (tx) => {
      // Marked first and only while still unmarked, so two ticks never notify twice.
      const marked = tx
        .update(tasks)
        .set({ overdueNotifiedAt: now })
        .where(and(eq(tasks.id, id), isNull(tasks.overdueNotifiedAt), ne(tasks.status, "completed")))
        .returning()
        .get();
      if (!marked) return;
      const topic = tx.select().from(topics).where(eq(topics.id, marked.topicId)).get();
      if (!topic) return;
      notify(tx, [...topicStaffIds(tx, topic), ...assigneePersonIds(tx, marked)], "taskOverdue", { topicId: topic.id, data: taskNotice(topic, marked, { dueOn: marked.dueOn }), at: now });
      recordEvent(tx, { actorId: null, kind: "task.overdue", subjectType: "task", subjectId: marked.id, data: { topicId: topic.id, dueOn: marked.dueOn } });
      flagged++;
    });
  }
  return flagged;
}
