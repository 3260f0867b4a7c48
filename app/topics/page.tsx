import { redirect } from "next/navigation";
import { getTranslations } from "next-intl/server";
import { getDb } from "@/db/client";
import { currentActor } from "@/lib/auth/session";
import { listTopics } from "@/lib/topics/list-topics";
import { topicFilterOptions } from "@/lib/topics/proposal-options";
import { topicListQuery } from "@/lib/validation/topics";
import { PageTitle } from "../_components/ui";
import { TopicListView, type TopicListSearch } from "./_components/topic-list-view";

export async function generateMetadata() {
  const t = await getTranslations("topics");
  return { title: t("title") };
}

type Search = TopicListSearch;

/**
 * A hand-edited or stale link (?gridId=abc, a 500-character q) should still show the list: the
 * page drops the filters that do not parse. The API answers 422 for the same input instead.
 */
function usableFilters(sp: Search): Search {
  const parsed = topicListQuery.safeParse(sp);
  if (parsed.success) return sp;
  const bad = new Set(parsed.error.issues.map((issue) => String(issue.path[0])));
  return Object.fromEntries(Object.entries(sp).filter(([key]) => !bad.has(key))) as Search;
}

export default async function TopicsPage({ searchParams }: { searchParams: Promise<Search> }) {
  const actor = await currentActor();
  if (!actor) redirect("/sign-in?callbackUrl=/topics");
  const t = await getTranslations("topics");
  const sp = usableFilters(await searchParams);
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
