import { signedInPage } from "@/app/_lib/page";
import { OpinionsView } from "@/app/topics/[id]/_opinions/opinions-section";
import { TopicView } from "@/app/topics/[id]/_components/topic-view";
import { listOpinions, type TopicOpinions } from "@/lib/opinions/list-opinions";
import { getTopic, type TopicDetail } from "@/lib/topics/get-topic";

/**
 * Benchmark only (routed in GRIDCOUNCIL_BENCH_BUILD=1 builds): the topic page's view drawn from
 * fixed in-memory data. The data is captured from the database once per topic, on the first
 * request; every later request renders the same React view from memory without a session check
 * or a query, so `npm run bench` can tell the cost of reading the data from the cost of rendering.
 * The benchmark loads topics in consultation, whose other sections are empty for a resident.
 */
const captured = new Map<string, { detail: TopicDetail; opinions: TopicOpinions }>();

export default async function BenchTopicPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  let data = captured.get(id);
  if (!data) {
    const page = await signedInPage(`/bench/topics/${id}`);
    data = await page.read(async (ctx) => ({ detail: await getTopic(ctx, { topicId: id }), opinions: await listOpinions(ctx, { topicId: Number(id) }) }), { forbidden: "notFound" });
    captured.set(id, data);
  }
  return (
    <TopicView
      detail={data.detail}
      sections={{
        notices: null,
        plans: null,
        opinions: <OpinionsView view={data.opinions} invitations={null} />,
        drafting: null,
        ballots: null,
        tasks: null,
        review: null,
        meetings: null,
      }}
    />
  );
}
