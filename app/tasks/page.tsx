import Link from "next/link";
import { getTranslations } from "next-intl/server";
import { EmptyState, PageTitle } from "@/app/_components/ui";
import { signedInPage } from "@/app/_lib/page";
import { listMyTasks } from "@/lib/tasks/list-tasks";
import { TaskList } from "./_components/task-bits";

export async function generateMetadata() {
  const t = await getTranslations("tasks");
  return { title: t("title") };
}

/** My tasks: what was given to me or my organisation, and what I claimed from the board. */
export default async function MyTasksPage() {
  const page = await signedInPage("/tasks");
  const t = await getTranslations("tasks");
  const mine = page.ctx.actor.status === "verified" ? await page.read((ctx) => listMyTasks(ctx)) : { active: [], completed: [] };
  return (
    <div className="flex flex-col gap-5">
      <PageTitle title={t("title")} subtitle={t("subtitle")} />
      <Link href="/tasks/board" className="btn btn-outline btn-primary self-start">
        {t("boardLink")}
      </Link>
      <section className="flex flex-col gap-2" aria-labelledby="tasks-active">
        <h2 id="tasks-active" className="text-xl font-semibold">
          {t("active")}
        </h2>
        {mine.active.length ? <TaskList tasks={mine.active} showTopic /> : <EmptyState>{t("none")}</EmptyState>}
      </section>
      {mine.completed.length > 0 && (
        <section className="flex flex-col gap-2" aria-labelledby="tasks-completed">
          <h2 id="tasks-completed" className="text-xl font-semibold">
            {t("completed")}
          </h2>
          <TaskList tasks={mine.completed} showTopic />
        </section>
      )}
    </div>
  );
}
