import { notFound, redirect } from "next/navigation";
import { cache } from "react";
import { getDb } from "@/db/client";
import { currentActor } from "@/lib/auth/session";
import { AppError } from "@/lib/errors";
import { getTopic, type TopicDetail } from "@/lib/topics/get-topic";
import { TopicView } from "./_components/topic-view";
import { DraftingPanel } from "./_drafting/drafting-panel";
import { TopicMeetings } from "./_meetings/topic-meetings";
import { TopicNotices } from "./_notices/topic-notices";
import { PlansSection } from "./_plans/plans-section";
import { TopicBallots } from "./_ballots/topic-ballots";
import { TopicReview } from "./_review/topic-review";
import { TopicTasks } from "./_tasks/topic-tasks";
import { OpinionsSection } from "./_opinions/opinions-section";

/** Once per request: the title in the metadata and the page share one load. */
const load = cache(async (id: string): Promise<TopicDetail | "forbidden" | null> => {
  const actor = await currentActor();
  if (!actor) redirect(`/sign-in?callbackUrl=/topics/${id}`);
  try {
    return getTopic({ db: getDb(), actor }, { topicId: id });
  } catch (e) {
    if (e instanceof AppError && e.status === 404) return null;
    if (e instanceof AppError && e.status === 403) return "forbidden";
    if (e instanceof AppError && e.status === 422) return null;
    throw e;
  }
});

export async function generateMetadata({ params }: { params: Promise<{ id: string }> }) {
  if (!(await currentActor())) return {};
  const detail = await load((await params).id);
  return detail && detail !== "forbidden" ? { title: detail.topic.title } : {};
}

export default async function TopicPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const detail = await load(id);
  if (!detail) notFound();
  if (detail === "forbidden") return <TopicView detail={detail} sections={null} />;
  const topicId = detail.topic.id;
  // Each section loads what it needs for the reader; the benchmark's in-memory page passes the same views with fixed data.
  return (
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
  );
}
