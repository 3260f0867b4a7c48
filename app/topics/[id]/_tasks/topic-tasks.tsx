import Link from "next/link";
import { getFormatter, getTranslations } from "next-intl/server";
import { Progress, TaskBadges } from "@/app/tasks/_components/task-bits";
import { CreateTaskForm, StartImplementationButton } from "@/app/tasks/_components/task-forms";
import { Refusal, signedInPage } from "@/app/_lib/page";
import { taskAssigneeOptions } from "@/lib/tasks/assignee-options";
import { dispatchDefaults } from "@/lib/tasks/dispatch-defaults";
import { listTopicTasks } from "@/lib/tasks/list-tasks";
import { fromShanghaiDate, shanghaiDate } from "@/lib/time";

/**
 * The topic's tasks (问题解决) on the topic page, by round, with status, progress and the overdue
 * badge; staff who own the topic start implementation of a resolved topic and dispatch tasks.
 * Loads what it needs itself, for the signed-in reader.
 */
export async function TopicTasks({ topicId }: { topicId: number }) {
  const page = await signedInPage(`/topics/${topicId}`, { signedOut: "null" });
  // The topic page itself answers for a topic the reader may not see; this part stays silent.
  const data = await page?.attempt((ctx) => listTopicTasks(ctx, { topicId }));
  if (!page || !data || data instanceof Refusal) return null;
  const format = await getFormatter();
  if (data.rounds.length === 0 && !data.canStart && !data.canCreate) return null;
  const t = await getTranslations("tasks");
  const options = data.canCreate ? await page.read((ctx) => taskAssigneeOptions(ctx, { topicId })) : null;
  // The winning plan fills in the dispatch (responsible party, deadline); staff may change any of it.
  const defaults = data.canCreate ? await page.read((ctx) => dispatchDefaults(ctx, { topicId })) : null;

  return (
    <section className="flex flex-col gap-3" aria-labelledby={`topic-tasks-${topicId}`} data-testid="topic-tasks">
      <h2 id={`topic-tasks-${topicId}`} className="text-xl font-semibold">
        {t("section.title")}
      </h2>
      {data.canStart && <StartImplementationButton topicId={topicId} />}
      {options && <CreateTaskForm topicId={topicId} options={options} today={shanghaiDate(new Date())} defaults={defaults} />}
      {data.rounds.length === 0 ? (
        <p className="text-base-content/60">{t("section.none")}</p>
      ) : (
        data.rounds.map((r) => (
          <div key={r.round} className="flex flex-col gap-2">
            {data.rounds.length > 1 || r.round > 0 ? <h3 className="font-medium">{r.round === 0 ? t("firstRound") : t("round", { round: r.round })}</h3> : null}
            <ul className="flex flex-col gap-2">
              {r.tasks.map((task) => (
                <li key={task.id} className={`rounded-box border bg-base-100 p-3 flex flex-col gap-1 ${task.overdue ? "border-error" : "border-base-300"}`}>
                  <div className="flex flex-wrap items-center gap-2">
                    <Link href={`/tasks/${task.id}`} className="link link-hover font-medium text-lg">
                      {task.title}
                    </Link>
                    <TaskBadges status={task.status} overdue={task.overdue} />
                  </div>
                  <p className="text-sm text-base-content/70">
                    {t("assignee")}：{task.assignee ? task.assignee.name : t("openToClaim")} · {t("due", { date: format.dateTime(fromShanghaiDate(task.dueOn, 12), "date") })}
                  </p>
                  <Progress percent={task.percent} label={t("percent", { percent: task.percent })} />
                </li>
              ))}
            </ul>
          </div>
        ))
      )}
    </section>
  );
}
