import { cache } from "react";
import { getTranslations } from "next-intl/server";
import { Forbidden } from "@/app/_components/forbidden";
import { Refusal, signedInPage } from "@/app/_lib/page";
import { getTopic } from "@/lib/topics/get-topic";
import { TopicView } from "./_components/topic-view";
import { DraftingPanel } from "./_drafting/drafting-panel";
import { TopicMeetings } from "./_meetings/topic-meetings";
import { TopicNotices } from "./_notices/topic-notices";
import { PlansSection } from "./_plans/plans-section";
import { TopicBallots } from "./_ballots/topic-ballots";
import { TopicReview } from "./_review/topic-review";
import { TopicTasks } from "./_tasks/topic-tasks";
import { OpinionsSection } from "./_opinions/opinions-section";
import { TopicOutreach } from "./_outreach/topic-outreach";

/** Once per request: the title in the metadata and the page share one load. */
const load = cache(async (id: string) => (await signedInPage(`/topics/${id}`)).read((ctx) => getTopic(ctx, { topicId: id }), { forbidden: "inPage" }));

export async function generateMetadata({ params }: { params: Promise<{ id: string }> }) {
  try {
    const detail = await load((await params).id);
    return detail instanceof Refusal ? {} : { title: detail.topic.title };
  } catch {
    // Signed out or no such topic: the page itself redirects or answers 404.
    return {};
  }
}

export default async function TopicPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const detail = await load(id);
  if (detail instanceof Refusal) {
    const t = await getTranslations("topics");
    return <Forbidden title={t("title")}>{t("notVerified")}</Forbidden>;
  }
  const topicId = detail.topic.id;
  // Each section loads what it needs for the reader; the benchmark's in-memory page passes the same views with fixed data.
  return (
    <>
      <TopicView
        detail={detail}
        sections={{
          notices: <TopicNotices topicId={topicId} />,
          plans: <PlansSection topicId={topicId} />,
          opinions: <OpinionsSection topicId={topicId} />,
          drafting: <DraftingPanel topicId={topicId} />,
          ballots: <TopicBallots topicId={topicId} />,
          tasks: <TopicTasks topicId={topicId} />,
          review: <TopicReview topicId={topicId} />,
          meetings: <TopicMeetings topicId={topicId} />,
        }}
      />
      <TopicOutreach topicId={topicId} />
    </>
  );
}
