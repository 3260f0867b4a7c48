import { getTranslations } from "next-intl/server";
import { Forbidden } from "@/app/_components/forbidden";
import { signedInPage } from "@/app/_lib/page";
import { listTopics } from "@/lib/topics/list-topics";
import { topicFilterOptions } from "@/lib/topics/proposal-options";
import { topicListQuery } from "@/lib/validation/topics";
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
  const page = await signedInPage("/topics");
  const t = await getTranslations("topics");
  const sp = usableFilters(await searchParams);
  if (page.ctx.actor.status !== "verified") return <Forbidden title={t("title")}>{t("notVerified")}</Forbidden>;
  const result = await page.read((ctx) => listTopics(ctx, sp));
  const filters = await page.read((ctx) => topicFilterOptions(ctx));
  return <TopicListView result={result} filters={filters} sp={sp} />;
}
