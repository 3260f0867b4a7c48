import { redirect } from "next/navigation";
import { getTranslations } from "next-intl/server";
import { getDb } from "@/db/client";
import { currentActor } from "@/lib/auth/session";
import { listTopics } from "@/lib/topics/list-topics";
import { topicFilterOptions } from "@/lib/topics/proposal-options";
import { PageTitle } from "../_components/ui";
import { TopicListView, type TopicListSearch } from "./_components/topic-list-view";

export async function generateMetadata() {
  const t = await getTranslations("topics");
  return { title: t("title") };
}

type Search = TopicListSearch;

export default async function TopicsPage({ searchParams }: { searchParams: Promise<Search> }) {
  const actor = await currentActor();
  if (!actor) redirect("/sign-in?callbackUrl=/topics");
  const t = await getTranslations("topics");
  const sp = await searchParams;
  if (actor.status !== "verified") {
    return (
      <div>
        <PageTitle title={t("title")} />
        <div role="status" className="alert alert-warning text-base">
          {t("notVerified")}
        </div>
      </div>
    );
  }
  const ctx = { db: getDb(), actor };
  const result = listTopics(ctx, sp);
  const filters = topicFilterOptions(ctx);
  return <TopicListView result={result} filters={filters} sp={sp} />;
}
