import { getTranslations } from "next-intl/server";
import { EmptyState, PageTitle } from "@/app/_components/ui";
import { signedInPage } from "@/app/_lib/page";
import { listTaskBoard } from "@/lib/tasks/list-tasks";
import { TaskList } from "../_components/task-bits";

export async function generateMetadata() {
  const t = await getTranslations("tasks");
  return { title: t("boardTitle") };
}

/** The task board (揭榜挂帅): open tasks of my communities; each card leads to the task, where it is claimed. */
export default async function TaskBoardPage() {
  const page = await signedInPage("/tasks/board");
  const t = await getTranslations("tasks");
  const board = page.ctx.actor.status === "verified" ? await page.read((ctx) => listTaskBoard(ctx)) : [];
  return (
    <div className="flex flex-col gap-4">
      <PageTitle title={t("boardTitle")} subtitle={t("boardSubtitle")} back={{ href: "/tasks", label: t("myLink") }} />
      {board.length ? <TaskList tasks={board} showTopic /> : <EmptyState>{t("boardEmpty")}</EmptyState>}
    </div>
  );
}
