import { TopicListView, type TopicListSearch } from "@/app/topics/_components/topic-list-view";
import { signedInPage } from "@/app/_lib/page";
import { listTopics } from "@/lib/topics/list-topics";
import { topicFilterOptions } from "@/lib/topics/proposal-options";

/**
 * Benchmark only (routed in GRIDCOUNCIL_BENCH_BUILD=1 builds): the topic list's view drawn from
 * fixed in-memory data, captured from the database once per query on the first request, so
 * `npm run bench` can tell the cost of reading the data from the cost of rendering the list.
 */
const captured = new Map<string, { result: Awaited<ReturnType<typeof listTopics>>; filters: Awaited<ReturnType<typeof topicFilterOptions>> }>();

export default async function BenchTopicsPage({ searchParams }: { searchParams: Promise<TopicListSearch> }) {
  const sp = await searchParams;
  const key = JSON.stringify(sp);
  let data = captured.get(key);
  if (!data) {
    const page = await signedInPage("/bench/topics");
    data = await page.read(async (ctx) => ({ result: await listTopics(ctx, sp), filters: await topicFilterOptions(ctx) }));
    captured.set(key, data);
  }
  return <TopicListView result={data.result} filters={data.filters} sp={sp} />;
}
