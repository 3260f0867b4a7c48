import { redirect } from "next/navigation";
import { getTranslations } from "next-intl/server";
import { getDb } from "@/db/client";
import { currentActor } from "@/lib/auth/session";
import { AppError } from "@/lib/errors";
import { scheduleOptions, type ScheduleOptions } from "@/lib/meetings/schedule-options";
import { Card, PageTitle } from "../../_components/ui";
import { ScheduleForm } from "./_components/schedule-form";

export async function generateMetadata() {
  const t = await getTranslations("meetings");
  return { title: t("newTitle") };
}

const one = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v);

export default async function NewMeetingPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const sp = await searchParams;
  const actor = await currentActor();
  if (!actor) {
    const back = `/meetings/new${one(sp.topicId) ? `?topicId=${encodeURIComponent(one(sp.topicId)!)}` : ""}`;
    redirect(`/sign-in?callbackUrl=${encodeURIComponent(back)}`);
  }
  const t = await getTranslations("meetings");
  let options: ScheduleOptions;
  try {
    options = scheduleOptions({ db: getDb(), actor });
  } catch (e) {
    if (!(e instanceof AppError) || e.status !== 403) throw e;
    return (
      <div>
        <PageTitle title={t("newTitle")} back={{ href: "/meetings", label: t("title") }} />
        <div role="alert" className="alert alert-warning text-base">
          {e.messageKey === "notVerified" ? t("notVerified") : t("notStaff")}
        </div>
      </div>
    );
  }

  // ?topicId= comes from a topic's page: open the form where that topic can be put on the agenda.
  const topicId = Number(one(sp.topicId));
  const gridId = Number(one(sp.gridId));
  const withTopic = Number.isInteger(topicId) ? options.places.find((p) => p.topics.some((x) => x.id === topicId)) : undefined;
  const inGrid = Number.isInteger(gridId) ? options.places.find((p) => p.gridId === gridId) : undefined;
  const start = withTopic ?? inGrid ?? options.places[0]!;
  const topic = withTopic?.topics.find((x) => x.id === topicId);

  return (
    <div className="max-w-3xl">
      <PageTitle title={t("newTitle")} subtitle={t("newSubtitle")} back={{ href: "/meetings", label: t("title") }} />
      <Card>
        <ScheduleForm
          places={options.places}
          thinkTanks={options.thinkTanks}
          initialPlace={start.key}
          initialTopicIds={topic ? [topic.id] : []}
          initialTitle={topic ? t("form.titleForTopic", { title: topic.title }).slice(0, 60) : ""}
        />
      </Card>
    </div>
  );
}
