import { and, eq, isNull, lt, ne } from "drizzle-orm";
import type { DB } from "@/db/client";
import { tasks, topics } from "@/db/schema";
import { recordEvent } from "@/lib/events/record";
import { notify } from "@/lib/notifications/notify";
import { topicStaffIds } from "@/lib/topics/staff-of-topic";
import { assigneePersonIds, taskNotice } from "./shared";
import { shanghaiDate } from "@/lib/time";
import { unitOfWork } from "@/db/unit-of-work";
import { first } from "@/db/query";

/**
 * Tells the staff and the assignee, once per task, that a task's due day has passed in Beijing
 * without it being completed. Run by the server's background tick; returns how many were flagged.
 */
export async function flagOverdueTasks(db: DB, now = new Date()): Promise<number> {
  const today = shanghaiDate(now);
  const due = await db
    .select({ id: tasks.id })
    .from(tasks)
    .where(and(ne(tasks.status, "completed"), lt(tasks.dueOn, today), isNull(tasks.overdueNotifiedAt)));
  let flagged = 0;
  for (const { id } of due) {
    await unitOfWork(db, async (tx) => {
      // Marked first and only while still unmarked, so two ticks never notify twice.
      const marked = await first(tx
        .update(tasks)
        .set({ overdueNotifiedAt: now })
        .where(and(eq(tasks.id, id), isNull(tasks.overdueNotifiedAt), ne(tasks.status, "completed")))
        .returning());
      if (!marked) return;
      const topic = await first(tx.select().from(topics).where(eq(topics.id, marked.topicId)));
      if (!topic) return;
      await notify(tx, [...await topicStaffIds(tx, topic), ...await assigneePersonIds(tx, marked)], "taskOverdue", { topicId: topic.id, data: taskNotice(topic, marked, { dueOn: marked.dueOn }), at: now });
      await recordEvent(tx, { actorId: null, kind: "task.overdue", subjectType: "task", subjectId: marked.id, data: { topicId: topic.id, dueOn: marked.dueOn } });
      flagged++;
    });
  }
  return flagged;
}
