import Link from "next/link";
import { getFormatter, getTranslations } from "next-intl/server";
import { cache } from "react";
import { publicPage } from "@/app/_lib/page";
import { ResultSummary } from "@/app/ballots/_components/ballot-bits";
import { formatFen } from "@/lib/domain/money";
import { fromShanghaiDate } from "@/lib/time";
import { getPublicRecord, ratingDimensions, type PublicRecord } from "@/lib/records/get-public-record";
import { satisfactionAnswers } from "@/db/schema";
import { Card, PageTitle } from "../../_components/ui";

type Props = { params: Promise<{ topicId: string }> };

/**
 * The public decision record (no sign-in): where the QR code of a printed notice leads. Anything
 * that is not a posted decision — no such topic, not decided yet, not posted yet — is the same 404.
 */
const load = cache(async (topicId: string): Promise<PublicRecord> => (await publicPage(`/records/${topicId}`)).read((ctx) => getPublicRecord(ctx, { topicId })));

export async function generateMetadata({ params }: Props) {
  const t = await getTranslations("records");
  try {
    const record = await load((await params).topicId);
    return { title: `${t("title")} · ${record.topic.title}` };
  } catch {
    return { title: t("notFound") };
  }
}

export default async function PublicRecordPage({ params }: Props) {
  const record = await load((await params).topicId);
  const t = await getTranslations("records");
  const tt = await getTranslations("topics");
  const tb = await getTranslations("ballots");
  const format = await getFormatter();
  const date = (d: Date) => format.dateTime(d, "date");
  const dateTime = (d: Date) => format.dateTime(d, "dateTime");
  const day = (ymd: string) => format.dateTime(fromShanghaiDate(ymd, 12), "date");
  const { topic, plan } = record;

  return (
    <article className="flex flex-col gap-4 max-w-3xl mx-auto w-full" data-testid="public-record">
      <PageTitle
        title={topic.title}
        subtitle={
          <span className="flex flex-wrap items-center gap-2 mt-1">
            <span className="badge badge-md badge-primary h-auto min-h-6">{tt(`states.${topic.state}`)}</span>
            <span>{t("subtitle", { community: topic.community, grid: topic.grid, item: topic.item })}</span>
          </span>
        }
      />
      <p className="text-base text-base-content/80 -mt-3">{t("publicNote")}</p>

      <Card title={t("sections.timeline")}>
        <ol className="flex flex-col gap-2 text-lg" data-testid="record-timeline">
          {record.timeline.map((e, i) => (
            <li key={i} className="flex flex-wrap gap-x-3">
              <time className="text-base-content/70 tabular-nums" dateTime={e.at.toISOString()}>
                {date(e.at)}
              </time>
              <span>{t("timelineEntry", { stage: tt(`states.${e.state}`) })}</span>
            </li>
          ))}
        </ol>
      </Card>

      {record.conclusions.length > 0 && (
        <Card title={t("sections.conclusions")}>
          {record.conclusions.map((c, i) => (
            <div key={i} className="flex flex-col gap-1">
              <h3 className="text-lg font-semibold">
                {c.meeting} · <time dateTime={c.at.toISOString()}>{date(c.at)}</time>
              </h3>
              <p className="text-lg whitespace-pre-line">{c.conclusion}</p>
            </div>
          ))}
        </Card>
      )}

      {plan && (
        <Card title={t("sections.plan")}>
          <h3 className="text-xl font-semibold">{plan.title}</h3>
          <p className="text-base text-base-content/70">
            {t("plan.revision", { revision: plan.revision })}
            {plan.draftedBy && ` · ${t("plan.draftedBy", { organisation: plan.draftedBy })}`}
          </p>
          {/* Sanitized when the plan was saved (lib/richtext): the only HTML a reader is ever given. */}
          <div className="prose prose-lg max-w-none" dangerouslySetInnerHTML={{ __html: plan.bodyHtml }} />
          <dl className="grid grid-cols-[auto_1fr] gap-x-4 gap-y-1 text-lg">
            <dt className="text-base-content/70">{t("plan.responsible")}</dt>
            <dd>
              {[plan.responsible.organisation, plan.responsible.byPerson ? t("plan.responsiblePerson") : null].filter(Boolean).join("；") || t("plan.responsibleNone")}
            </dd>
            <dt className="text-base-content/70">{t("plan.budget")}</dt>
            <dd>{plan.budgetFen > 0 ? t("plan.budgetValue", { amount: formatFen(plan.budgetFen), source: tb(`budgetSources.${plan.budgetSource}`) }) : t("plan.noBudget")}</dd>
            <dt className="text-base-content/70">{t("plan.deadline")}</dt>
            <dd>{plan.deadline ? day(plan.deadline) : t("plan.noDeadline")}</dd>
          </dl>
          {plan.milestones.length > 0 && (
            <>
              <h4 className="font-semibold text-lg">{t("plan.milestones")}</h4>
              <ol className="list-decimal pl-6 text-lg">
                {plan.milestones.map((m, i) => (
                  <li key={i}>
                    {day(m.dueOn)} {m.title}
                  </li>
                ))}
              </ol>
            </>
          )}
        </Card>
      )}

      {record.ballots.map((b) => (
        <Card key={b.id} title={`${t("sections.result")} · ${b.title}`}>
          <p className="text-base text-base-content/70">
            {t("ballot.period", { from: dateTime(b.opensAt), to: dateTime(b.closesAt) })}
            {b.earlyCloseGround && b.closedAt && ` · ${t("ballot.earlyClosed", { at: dateTime(b.closedAt) })}`}
          </p>
          <p className="text-lg">{t("ballot.electorate", { electors: b.result.electorCount, cast: b.result.votesCast })}</p>
          <ResultSummary result={b.result} planTitles={b.planTitles} />
        </Card>
      ))}

      {(record.resolutions.length > 0 || record.notices.length > 0) && (
        <Card title={t("sections.resolutions")}>
          <ul className="flex flex-col gap-2 text-lg">
            {record.resolutions.map((r) => (
              <li key={r.number}>{t("resolution", { number: r.number, title: r.title })}</li>
            ))}
            {record.notices.map((n) => (
              <li key={n.id}>
                <Link href={`/notices/${n.id}`} className="link link-primary inline-flex min-h-11 items-center">
                  {t("viewNotice", { title: n.title })}
                </Link>
              </li>
            ))}
          </ul>
        </Card>
      )}

      <Card title={t("sections.tasks")}>
        {record.tasks.total === 0 ? (
          <p className="text-lg">{t("none")}</p>
        ) : (
          <>
            <p className="text-lg font-semibold" data-testid="record-tasks-summary">
              {t("tasks.summary", { total: record.tasks.total, completed: record.tasks.completed })}
            </p>
            <ul className="flex flex-col gap-3">
              {record.tasks.items.map((task, i) => (
                <li key={i} className="rounded-box border border-base-300 p-3 flex flex-col gap-1">
                  <div className="flex flex-wrap items-center gap-2">
                    <span className="text-lg font-medium">{task.title}</span>
                    <span className={`badge badge-md ${task.status === "completed" ? "badge-success" : "badge-ghost"}`}>{t(`tasks.statuses.${task.status}`)}</span>
                  </div>
                  <progress className="progress progress-primary w-full" value={task.percent} max={100} aria-label={`${task.percent}%`} />
                  <p className="text-base text-base-content/80">
                    {task.assignee.organisation
                      ? t("tasks.byOrganisation", { organisation: task.assignee.organisation })
                      : task.assignee.byPerson
                        ? t("tasks.byPerson")
                        : t("tasks.onBoard")}
                    {" · "}
                    {task.completedAt ? t("tasks.completedOn", { date: date(task.completedAt) }) : t("tasks.due", { date: day(task.dueOn) })}
                    {task.round > 0 && ` · ${t("tasks.round", { round: task.round })}`}
                  </p>
                </li>
              ))}
            </ul>
          </>
        )}
      </Card>

      {record.ratings.length > 0 && (
        <Card title={t("sections.ratings")}>
          {record.ratings.map((r) => (
            <div key={r.round} className="flex flex-col gap-2" data-testid="record-rating">
              <h3 className="text-lg font-semibold">
                {r.round === 0 ? t("ratings.firstRound") : t("ratings.round", { round: r.round })} · {t("ratings.raters", { count: r.raters })}
              </h3>
              <dl className="grid grid-cols-[auto_1fr] gap-x-4 gap-y-1 text-lg">
                {ratingDimensions.map((d) => (
                  <div key={d} className="contents">
                    <dt className="text-base-content/70">{t(`ratings.dimensions.${d}`)}</dt>
                    <dd>{r.means[d] == null ? "—" : t("ratings.mean", { value: r.means[d]!.toFixed(1) })}</dd>
                  </div>
                ))}
              </dl>
              <h4 className="font-semibold">{t("ratings.satisfactionTitle")}</h4>
              <dl className="grid grid-cols-3 gap-2 text-center">
                {satisfactionAnswers.map((a) => (
                  <div key={a} className="rounded-box border border-base-300 p-2">
                    <dt className="text-base text-base-content/70">{t(`ratings.answers.${a}`)}</dt>
                    <dd className="text-2xl font-bold">{t("ratings.count", { count: r.satisfaction[a] })}</dd>
                  </div>
                ))}
              </dl>
            </div>
          ))}
        </Card>
      )}

      <Link href={`/topics/${topic.id}`} className="btn btn-outline btn-lg min-h-12">
        {t("signInForMore")}
      </Link>
    </article>
  );
}
