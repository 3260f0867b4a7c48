import Link from "next/link";
import { useTranslations } from "next-intl";
import { getFormatter, getTranslations } from "next-intl/server";
import { Forbidden } from "@/app/_components/forbidden";
import { Refusal } from "@/app/_lib/page";
import { getPlan, type PlanDetail } from "@/lib/plans/get-plan";
import { ReadAloud } from "../../../../_components/read-aloud";
import { Card, EmptyState, PageTitle } from "../../../../_components/ui";
import { BudgetText, DateText, FrozenBadge, MilestoneList, PlanKindBadge, ResponsibleName } from "../../_plans/plan-bits";
import { loadForPage } from "../_lib/load";
import { ComparePicker } from "./_components/compare-picker";
import { PlanCommentForm } from "./_components/comment-form";

type Params = Promise<{ id: string; planId: string }>;
type Search = Promise<{ revision?: string | string[] }>;

export async function generateMetadata({ params }: { params: Params }) {
  const { id, planId } = await params;
  try {
    const data = await loadForPage(`/topics/${id}/plans/${planId}`, (ctx) => getPlan(ctx, { topicId: id, planId }));
    return data instanceof Refusal ? {} : { title: data.plan.title };
  } catch {
    return {};
  }
}

export default async function PlanPage({ params, searchParams }: { params: Params; searchParams: Search }) {
  const { id, planId } = await params;
  const { revision } = await searchParams;
  const t = await getTranslations("plans");
  const format = await getFormatter();
  const wanted = typeof revision === "string" ? revision : undefined;
  const data = await loadForPage(`/topics/${id}/plans/${planId}`, (ctx) => getPlan(ctx, { topicId: id, planId, revision: wanted }));
  if (data instanceof Refusal) {
    return (
      <Forbidden title={t("title")} back={{ href: `/topics/${id}`, label: t("backToTopic") }}>
        {data.explain({ notVerified: t("notVerified") })}
      </Forbidden>
    );
  }
  const { topic, plan, revision: shown, me } = data;
  const isCurrent = shown.number === plan.currentRevision;
  const base = `/topics/${topic.id}/plans/${plan.id}`;
  const when = (d: Date) => format.dateTime(d, "dateTime");

  return (
    <article className="flex flex-col gap-4 max-w-3xl">
      <PageTitle
        title={plan.title}
        back={{ href: `/topics/${topic.id}#plans`, label: topic.title }}
        subtitle={
          <span className="flex flex-wrap items-center gap-2 mt-1">
            <PlanKindBadge kind={plan.kind} />
            {plan.frozenAt && <FrozenBadge />}
            <span>{t("revisionBadge", { number: shown.number })}</span>
          </span>
        }
      />

      {!isCurrent && (
        <div role="status" className="alert alert-info text-base flex flex-wrap">
          <span>{t("page.olderRevision", { number: shown.number, current: plan.currentRevision })}</span>
          <span className="flex flex-wrap gap-3">
            <Link href={base} className="link font-medium">
              {t("page.showCurrent")}
            </Link>
            <Link href={`${base}/compare?from=${shown.number}&to=${plan.currentRevision}`} className="link font-medium">
              {t("page.compareWithCurrent")}
            </Link>
          </span>
        </div>
      )}
      {plan.frozenAt && (
        <div role="status" className="alert alert-warning text-base">
          {t("page.frozenNotice", { date: when(plan.frozenAt) })}
        </div>
      )}

      <Card
        title={t("page.content")}
        actions={
          me.mayRevise && isCurrent ? (
            <Link href={`${base}/edit`} className="btn btn-primary btn-sm no-print">
              {t("page.revise")}
            </Link>
          ) : undefined
        }
      >
        <dl className="grid grid-cols-[auto_1fr] gap-x-4 gap-y-1 text-base">
          <dt className="text-base-content/70">{t("fields.author")}</dt>
          <dd>
            {plan.author.name} <span className="font-mono text-sm text-base-content/60">{plan.author.displayNumber}</span>
          </dd>
          {plan.organisation && (
            <>
              <dt className="text-base-content/70">{t("fields.organisation")}</dt>
              <dd>{plan.organisation.name}</dd>
            </>
          )}
          <dt className="text-base-content/70">{t("fields.responsible")}</dt>
          <dd>
            <ResponsibleName responsible={shown.responsible} />
          </dd>
          <dt className="text-base-content/70">{t("fields.budget")}</dt>
          <dd>
            <BudgetText fen={shown.budgetFen} source={shown.budgetSource} />
          </dd>
          <dt className="text-base-content/70">{t("fields.deadline")}</dt>
          <dd>
            <DateText date={shown.deadline} />
          </dd>
        </dl>
        {/* Rendered on the server from a validated document and sanitized again when saved: inert. */}
        <div className="prose-content text-lg mt-2 break-words" dangerouslySetInnerHTML={{ __html: shown.bodyHtml }} />
        <div>
          <ReadAloud what="plan" parts={[{ text: plan.title }, { html: shown.bodyHtml }]} />
        </div>
        <h3 className="text-lg font-semibold mt-2">{t("fields.milestones")}</h3>
        <MilestoneList milestones={shown.milestones} />
        <p className="text-sm text-base-content/70 mt-2">
          {t("page.savedBy", { number: shown.number, name: shown.author.name, at: when(shown.createdAt) })}
          {shown.note && <span className="block">{t("page.note", { note: shown.note })}</span>}
        </p>
      </Card>

      <Card title={t("history.title")}>
        <ol className="flex flex-col gap-2" aria-label={t("history.title")}>
          {[...data.revisions].reverse().map((r) => (
            <li key={r.number} className={`rounded-box border p-3 ${r.number === shown.number ? "border-primary bg-primary/5" : "border-base-300"}`} data-testid="revision">
              <div className="flex flex-wrap items-center gap-x-3 gap-y-1">
                <span className="font-semibold">{t("revisionBadge", { number: r.number })}</span>
                {r.number === plan.currentRevision && <span className="badge badge-outline">{t("history.current")}</span>}
                <span>{r.author.name}</span>
                <time dateTime={r.createdAt.toISOString()} className="text-sm text-base-content/60">
                  {when(r.createdAt)}
                </time>
              </div>
              {r.note && <p className="text-base text-base-content/80 whitespace-pre-line break-words">{r.note}</p>}
              {(r.number !== shown.number || r.number > 1) && (
                <div className="flex flex-wrap gap-x-4 gap-y-1 mt-1">
                  {r.number !== shown.number && (
                    <Link href={r.number === plan.currentRevision ? base : `${base}?revision=${r.number}`} className="link link-primary">
                      {t("history.show", { number: r.number })}
                    </Link>
                  )}
                  {r.number > 1 && (
                    <Link href={`${base}/compare?from=${r.number - 1}&to=${r.number}`} className="link link-primary">
                      {t("history.compareWithPrevious", { number: r.number, previous: r.number - 1 })}
                    </Link>
                  )}
                </div>
              )}
            </li>
          ))}
        </ol>
        {data.revisions.length > 1 && (
          <div className="mt-2">
            <h3 className="text-base font-semibold mb-1">{t("compare.pickerLabel")}</h3>
            <ComparePicker
              topicId={topic.id}
              planId={plan.id}
              revisions={data.revisions.map((r) => ({ number: r.number, label: t("revisionBadge", { number: r.number }) }))}
              from={Math.max(1, plan.currentRevision - 1)}
              to={plan.currentRevision}
            />
          </div>
        )}
      </Card>

      <Comments data={data} when={when} />
    </article>
  );
}

function Comments({ data, when }: { data: PlanDetail; when: (d: Date) => string }) {
  const t = useTranslations("plans");
  const { plan, topic, me } = data;
  const reason = plan.frozenAt ? t("comments.frozen") : !data.open ? t("comments.closed") : t("comments.notAllowed");
  return (
    <Card title={t("comments.title")} actions={<span className="text-base text-base-content/70">{t("commentCount", { count: data.comments.length })}</span>}>
      {data.comments.length === 0 ? (
        <EmptyState>{t("comments.empty")}</EmptyState>
      ) : (
        <ol className="flex flex-col gap-3">
          {data.comments.map((c) => (
            <li key={c.id} className="rounded-box border border-base-300 p-3" data-testid="plan-comment">
              <header className="flex flex-wrap items-center gap-x-2 gap-y-1">
                <span className="font-semibold">{c.author.name}</span>
                <span className="badge badge-ghost">{t("comments.onRevision", { number: c.revisionNumber })}</span>
                <time dateTime={c.createdAt.toISOString()} className="text-sm text-base-content/60 ml-auto">
                  {when(c.createdAt)}
                </time>
              </header>
              <p className="mt-2 text-base md:text-lg leading-relaxed whitespace-pre-line break-words">{c.body}</p>
            </li>
          ))}
        </ol>
      )}
      {me.mayComment ? <PlanCommentForm topicId={topic.id} planId={plan.id} revision={plan.currentRevision} /> : <p className="text-base text-base-content/70">{reason}</p>}
    </Card>
  );
}
