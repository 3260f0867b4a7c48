import Link from "next/link";
import { getFormatter, getTranslations } from "next-intl/server";
import { signedInPage } from "@/app/_lib/page";
import { topicResolutions } from "@/lib/notices/topic-resolutions";
import { listPlans } from "@/lib/plans/list-plans";
import { getReview } from "@/lib/ratings/get-review";
import { fromShanghaiDate } from "@/lib/time";
import { getTopic } from "@/lib/topics/get-topic";
import { Badge, Card, EmptyState, PageTitle } from "../../_components/ui";
import { StateBadge } from "../../topics/_components/state-badge";
import { RateForm } from "./rate-form";

/**
 * The supervisor's rating page: the record to read first (timeline, plans, resolution, with a link
 * to the full topic page), then the form for this round.
 */
export default async function RatePage({ params }: { params: Promise<{ topicId: string }> }) {
  const { topicId } = await params;
  const page = await signedInPage(`/ratings/${topicId}`);
  // A topic this reader may not see is not there for them: 403 answers 404 like a missing one.
  const { review, detail, plans, resolutions } = await page.read(
    async (ctx) => ({ review: await getReview(ctx, { topicId }), detail: await getTopic(ctx, { topicId }), plans: (await listPlans(ctx, { topicId })).plans, resolutions: await topicResolutions(ctx, { topicId }) }),
    { forbidden: "notFound" },
  );
  const t = await getTranslations("ratings");
  const tt = await getTranslations("topics");
  const tc = await getTranslations("common");
  const format = await getFormatter();
  const topic = review.topic;

  return (
    <div className="flex flex-col gap-4 max-w-4xl">
      <PageTitle
        title={t("rate.title", { title: topic.title })}
        back={{ href: "/ratings", label: t("list.title") }}
        subtitle={
          <span className="flex flex-wrap items-center gap-2 mt-1">
            <StateBadge state={topic.state} />
            <Badge tone="info">{t("review.round", { round: topic.round + 1 })}</Badge>
          </span>
        }
      />
      <div className="grid gap-4 lg:grid-cols-2 items-start">
        <Card title={t("rate.record")}>
          <Link href={`/topics/${topic.id}`} className="link">
            {t("rate.openTopic")}
          </Link>
          <h2 className="font-semibold mt-2">{t("rate.plans")}</h2>
          {plans.length === 0 ? (
            <p className="text-sm text-base-content/70">{t("rate.noPlans")}</p>
          ) : (
            <ul className="flex flex-col gap-1">
              {plans.map((p) => (
                <li key={p.id}>
                  <Link href={`/topics/${topic.id}/plans/${p.id}`} className="link link-hover">
                    {p.title}
                  </Link>
                  {p.responsible.kind !== "none" && <span className="text-sm text-base-content/70"> · {p.responsible.name}</span>}
                  {p.deadline && <span className="text-sm text-base-content/70"> · {t("rate.deadline", { date: format.dateTime(fromShanghaiDate(p.deadline), "date") })}</span>}
                </li>
              ))}
            </ul>
          )}
          <h2 className="font-semibold mt-2">{t("rate.resolutions")}</h2>
          {resolutions.length === 0 ? (
            <p className="text-sm text-base-content/70">{t("rate.noResolutions")}</p>
          ) : (
            <ul className="flex flex-col gap-1">
              {resolutions.map((r) => (
                <li key={r.id}>
                  <span className="font-mono text-sm">{r.number}</span> {r.title}
                  <p className="text-sm text-base-content/70">{r.preview}</p>
                </li>
              ))}
            </ul>
          )}
          <h2 className="font-semibold mt-2">{t("rate.timeline")}</h2>
          <ol className="flex flex-col gap-1 text-sm">
            {detail.timeline.map((e) => (
              <li key={e.id}>
                <time className="text-base-content/60">{format.dateTime(e.at, "date")}</time>{" "}
                {tt(`events.${e.kind}` as never, {
                  count: String((e.data as { count?: number } | null)?.count ?? ""),
                  level: (e.data as { level?: string } | null)?.level ? tc(`levels.${(e.data as { level: "grid" | "community" }).level}`) : "",
                  title: String((e.data as { title?: string } | null)?.title ?? ""),
                } as never)}
                {e.note && <span className="text-base-content/70"> — {e.note}</span>}
              </li>
            ))}
          </ol>
        </Card>
        <Card title={t("rate.form")}>
          <p className="text-sm text-base-content/70">{t("rate.roundHint", { round: topic.round + 1 })}</p>
          {review.me.mayRate ? (
            <RateForm topicId={topic.id} />
          ) : (
            <EmptyState>{!review.me.isSupervisor ? t("rate.notAssigned") : review.me.hasRated ? t("rate.alreadyRated") : t("rate.notOpen")}</EmptyState>
          )}
        </Card>
      </div>
    </div>
  );
}
