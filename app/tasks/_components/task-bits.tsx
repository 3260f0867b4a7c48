import Link from "next/link";
import { getFormatter, getTranslations } from "next-intl/server";
import { Badge } from "@/app/_components/ui";
import type { TaskStatus } from "@/db/schema";
import type { TaskRow } from "@/lib/tasks/list-tasks";
import { fromShanghaiDate } from "@/lib/time";

const tones: Record<TaskStatus, "neutral" | "primary" | "success" | "warning" | "error" | "info"> = {
  open: "info",
  assigned: "primary",
  taken: "primary",
  declined: "warning",
  inProgress: "primary",
  completed: "success",
};

/** The task's status, and "逾期" beside it when the due day has passed. */
export async function TaskBadges({ status, overdue }: { status: TaskStatus; overdue: boolean }) {
  const t = await getTranslations("tasks");
  return (
    <>
      <Badge tone={tones[status]}>{t(`status.${status}`)}</Badge>
      {overdue && <Badge tone="error">{t("overdue")}</Badge>}
    </>
  );
}

export function Progress({ percent, label }: { percent: number; label: string }) {
  return (
    <div className="flex items-center gap-2">
      <progress className="progress progress-primary w-32" value={percent} max={100} aria-label={label} />
      <span className="text-sm">{percent}%</span>
    </div>
  );
}

/** A list of tasks as cards: title, status, overdue, assignee, due date, progress; optionally the topic. */
export async function TaskList({ tasks, showTopic = false }: { tasks: TaskRow[]; showTopic?: boolean }) {
  const t = await getTranslations("tasks");
  const format = await getFormatter();
  return (
    <ul className="flex flex-col gap-2" data-testid="task-list">
      {tasks.map((task) => (
        <li key={task.id} className={`rounded-box border bg-base-100 p-3 flex flex-col gap-1 ${task.overdue ? "border-error" : "border-base-300"}`}>
          <div className="flex flex-wrap items-center gap-2">
            <Link href={`/tasks/${task.id}`} className="link link-hover font-medium text-lg">
              {task.title}
            </Link>
            <TaskBadges status={task.status} overdue={task.overdue} />
          </div>
          {showTopic && (
            <Link href={`/topics/${task.topicId}`} className="text-sm link link-hover text-base-content/70">
              {t("topic", { title: task.topicTitle })}
            </Link>
          )}
          <p className="text-sm text-base-content/70">
            {t("assignee")}：{task.assignee ? task.assignee.name : t("openToClaim")}
            {task.takenByName && task.assignee?.kind !== "person" ? ` · ${t("takenBy", { name: task.takenByName })}` : ""} · {t("due", { date: format.dateTime(fromShanghaiDate(task.dueOn, 12), "date") })}
          </p>
          <Progress percent={task.percent} label={t("percent", { percent: task.percent })} />
        </li>
      ))}
    </ul>
  );
}
