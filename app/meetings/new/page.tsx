import { getTranslations } from "next-intl/server";
import { Forbidden } from "@/app/_components/forbidden";
import { Refusal, signedInPage } from "@/app/_lib/page";
import { scheduleOptions } from "@/lib/meetings/schedule-options";
import { Card, PageTitle } from "../../_components/ui";
import { ScheduleForm } from "./_components/schedule-form";

export async function generateMetadata() {
  const t = await getTranslations("meetings");
  return { title: t("newTitle") };
}

const one = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v);

export default async function NewMeetingPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const sp = await searchParams;
  const page = await signedInPage(`/meetings/new${one(sp.topicId) ? `?topicId=${encodeURIComponent(one(sp.topicId)!)}` : ""}`);
  const t = await getTranslations("meetings");
  const options = await page.read((ctx) => scheduleOptions(ctx), { forbidden: "inPage" });
  if (options instanceof Refusal) {
    return (
      <Forbidden title={t("newTitle")} back={{ href: "/meetings", label: t("title") }}>
        {options.messageKey === "notVerified" ? t("notVerified") : t("notStaff")}
      </Forbidden>
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
