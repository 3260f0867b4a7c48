import { cache } from "react";
import Link from "next/link";
import { getFormatter, getTranslations } from "next-intl/server";
import { Card, PageTitle } from "@/app/_components/ui";
import { signedInPage } from "@/app/_lib/page";
import { taskAssigneeOptions } from "@/lib/tasks/assignee-options";
import { getTask } from "@/lib/tasks/get-task";
import { fromShanghaiDate, shanghaiDate } from "@/lib/time";
import { Progress, TaskBadges } from "../_components/task-bits";
import { DeclineForm, ProgressForm, ReassignForm, TaskStepButton } from "../_components/task-forms";

type Params = Promise<{ id: string }>;

/** Once per request: the page's <title> and the page share one load. */
const load = cache(async (id: string) => {
  const page = await signedInPage(`/tasks/${id}`);
  // A task this reader may not see is not there for them: 403 answers 404 like a missing one.
  return { page, task: await page.read((ctx) => getTask(ctx, { taskId: id }), { forbidden: "notFound" }) };
});

export async function generateMetadata({ params }: { params: Params }) {
  try {
    return { title: (await load((await params).id)).task.title };
  } catch {
    // Signed out or no such task: the page itself redirects or answers 404.
    return {};
  }
}

/** One task: what, who, until when; take / decline / claim; progress reports with photos; the report form. */
export default async function TaskPage({ params }: { params: Params }) {
  const { id } = await params;
  const { page, task } = await load(id);
  const t = await getTranslations("tasks");
  const format = await getFormatter();
  const today = shanghaiDate(new Date());
  const options = task.may.reassign ? await page.read((ctx) => taskAssigneeOptions(ctx, { topicId: task.topicId })) : null;

  return (
    <div className="flex flex-col gap-4">
      <PageTitle title={task.title} back={{ href: `/topics/${task.topicId}`, label: task.topicTitle }} />
      <Card>
        <div className="flex flex-wrap items-center gap-2">
          <TaskBadges status={task.status} overdue={task.overdue} />
          <span className="text-sm text-base-content/70">{task.round === 0 ? t("firstRound") : t("round", { round: task.round })}</span>
        </div>
        <dl className="grid grid-cols-[auto_1fr] gap-x-4 gap-y-1 text-base mt-2">
          <dt className="text-base-content/70">{t("assignee")}</dt>
          <dd>
            {task.assignee ? task.assignee.name : t("openToClaim")}
            {task.takenByName && task.assignee?.kind !== "person" ? ` · ${t("takenBy", { name: task.takenByName })}` : ""}
          </dd>
          <dt className="text-base-content/70">{t("form.dueOn")}</dt>
          <dd className={task.overdue ? "text-error font-medium" : ""}>{format.dateTime(fromShanghaiDate(task.dueOn, 12), "date")}</dd>
        </dl>
        <Progress percent={task.percent} label={t("percent", { percent: task.percent })} />
        {task.completedAt && <p className="text-sm">{t("detail.completedAt", { date: format.dateTime(task.completedAt, "dateTime") })}</p>}
        {task.description && <p className="whitespace-pre-line text-lg mt-2">{task.description}</p>}
        {task.declineReason && <p className="alert alert-warning text-base mt-2">{t("detail.declinedBecause", { reason: task.declineReason })}</p>}
        <p className="mt-2">
          <Link href={`/topics/${task.topicId}`} className="link link-primary">
            {t("topic", { title: task.topicTitle })}
          </Link>
        </p>
      </Card>

      {(task.may.take || task.may.claim || task.may.decline) && (
        <div className="flex flex-col gap-3">
          {task.may.take && <TaskStepButton taskId={task.id} topicId={task.topicId} step="take" />}
          {task.may.claim && <TaskStepButton taskId={task.id} topicId={task.topicId} step="claim" />}
          {task.may.decline && <DeclineForm taskId={task.id} topicId={task.topicId} />}
        </div>
      )}
      {options && <ReassignForm taskId={task.id} topicId={task.topicId} options={options} today={today} />}

      <section className="flex flex-col gap-2" aria-labelledby="task-updates">
        <h2 id="task-updates" className="text-xl font-semibold">
          {t("detail.updates")}
        </h2>
        {task.updates.length === 0 ? (
          <p className="text-base-content/60">{t("detail.noUpdates")}</p>
        ) : (
          <ol className="flex flex-col gap-2" data-testid="task-updates">
            {task.updates.map((u) => (
              <li key={u.id} className="rounded-box border border-base-300 bg-base-100 p-3 flex flex-col gap-1">
                <div className="flex flex-wrap items-center gap-2 text-sm text-base-content/70">
                  <span className="font-medium text-base-content">{u.authorName}</span>
                  <time dateTime={u.createdAt.toISOString()}>{format.dateTime(u.createdAt, "dateTime")}</time>
                  <span>{u.percent}%</span>
                  {u.completes && <span className="badge badge-success badge-sm">{t("detail.completesBadge")}</span>}
                </div>
                {u.body && <p className="whitespace-pre-line text-base">{u.body}</p>}
                {u.photoIds.length > 0 && (
                  <div className="flex flex-wrap gap-2">
                    {u.photoIds.map((p, i) => (
                      <a key={p} href={`/tasks/photos/${p}`} target="_blank" rel="noopener">
                        {/* eslint-disable-next-line @next/next/no-img-element -- served by our own access-checked route */}
                        <img src={`/tasks/photos/${p}?size=thumb`} alt={t("detail.photo", { n: i + 1 })} className="h-24 w-24 object-cover rounded-box border border-base-300" />
                      </a>
                    ))}
                  </div>
                )}
              </li>
            ))}
          </ol>
        )}
      </section>

      {task.may.report && <ProgressForm taskId={task.id} topicId={task.topicId} percent={task.percent} />}
    </div>
  );
}
