import Link from "next/link";
import type { ReactNode } from "react";
import { getFormatter, getTranslations } from "next-intl/server";
import type { TopicDetail } from "@/lib/topics/get-topic";
import { Card, PageTitle } from "../../../_components/ui";
import { StateBadge } from "../../_components/state-badge";
import { CosignButton, StaffPanel } from "./topic-actions";

export type TopicSections = Record<"notices" | "plans" | "opinions" | "drafting" | "ballots" | "tasks" | "review" | "meetings", ReactNode>;

/**
 * The topic page drawn from loaded data: the topic itself, the co-sign box, the staff panel and
 * the timeline, with the other sections (each loading its own data) passed in as slots.
 */
export async function TopicView({ detail, sections }: { detail: TopicDetail; sections: TopicSections }) {
  const t = await getTranslations("topics");
  const tc = await getTranslations("common");
  const format = await getFormatter();
  const { topic, me } = detail;

  return (
    <article className="flex flex-col gap-4">
      <div>
        <PageTitle
          title={topic.title}
          back={{ href: "/topics", label: t("title") }}
          subtitle={
            <span className="flex flex-wrap items-center gap-2 mt-1">
              <StateBadge state={topic.state} />
              <span className="badge badge-outline">{tc(`levels.${topic.level}`)}</span>
              <span>
                {topic.gridName} · {topic.categoryName} · {topic.itemName}
              </span>
            </span>
          }
        />
      </div>

      {topic.state === "rejected" && topic.rejectReason && (
        <div role="status" className="alert alert-warning text-base">
          {t("detail.rejectReason", { reason: topic.rejectReason })}
        </div>
      )}
      {detail.mergedInto && (
        <div role="status" className="alert alert-info text-base">
          {t("detail.mergedInto")}{" "}
          <Link className="link font-medium" href={`/topics/${detail.mergedInto.id}`}>
            {detail.mergedInto.title}
          </Link>
        </div>
      )}

      <div className="grid gap-4 lg:grid-cols-[1fr_22rem] items-start">
        <div className="flex flex-col gap-4 min-w-0">
          <Card>
            <dl className="grid grid-cols-[auto_1fr] gap-x-4 gap-y-1 text-base">
              <dt className="text-base-content/70">{t("detail.proposer")}</dt>
              <dd>
                {topic.proposerName} <span className="font-mono text-sm text-base-content/60">{topic.proposerNumber}</span>
              </dd>
              {topic.buildingName && (
                <>
                  <dt className="text-base-content/70">{t("detail.building")}</dt>
                  <dd>{topic.buildingName}</dd>
                </>
              )}
              {topic.location && (
                <>
                  <dt className="text-base-content/70">{t("detail.location")}</dt>
                  <dd>{topic.location}</dd>
                </>
              )}
            </dl>
            <a href={`/topics/${topic.id}/record.pdf`} className="link link-primary text-base self-start no-print" target="_blank" rel="noopener">
              {t("detail.recordPdf")}
            </a>
            {/* Rendered on the server from a validated document and sanitized again: inert. */}
            <div className="prose-content text-lg mt-2" dangerouslySetInnerHTML={{ __html: topic.descriptionHtml }} />
            {detail.photos.length > 0 && (
              <div className="grid grid-cols-3 gap-2 mt-2" aria-label={t("detail.photos")}>
                {detail.photos.map((p, i) => (
                  <a key={p} href={`/topics/photos/${p}`} target="_blank" rel="noopener">
                    {/* eslint-disable-next-line @next/next/no-img-element */}
                    <img src={`/topics/photos/${p}?size=thumb`} alt={`${t("detail.photos")} ${i + 1}`} className="rounded-box aspect-square object-cover w-full" loading="lazy" />
                  </a>
                ))}
              </div>
            )}
          </Card>
          {sections.notices}
          {sections.plans}
          {sections.opinions}
        </div>

        <div className="flex flex-col gap-4">
          {(topic.state === "proposed" || topic.cosignCount > 0) && (
            <Card title={t("detail.cosign")}>
              <div className="text-3xl font-bold text-primary" data-testid="cosign-count">
                {topic.supporters} <span className="text-lg text-base-content/60">/ {topic.cosignThreshold}</span>
              </div>
              <progress className="progress progress-primary w-full" value={Math.min(topic.supporters, topic.cosignThreshold)} max={topic.cosignThreshold} aria-label={t("cosignProgress", { count: topic.supporters, threshold: topic.cosignThreshold })} />
              {topic.state === "proposed" ? (
                <>
                  <p className="text-sm text-base-content/70">{t("detail.cosignHelp", { threshold: topic.cosignThreshold })}</p>
                  <p className="text-sm text-base-content/70">{t("cosignDeadline", { date: format.dateTime(topic.cosignDeadline, { dateStyle: "medium" }) })}</p>
                </>
              ) : (
                <p className="text-sm text-success">{t("detail.cosignReached")}</p>
              )}
              {me.mayCosign && <CosignButton topicId={topic.id} />}
              {me.hasCosigned && <p className="text-success font-medium">✓ {t("detail.cosigned")}</p>}
            </Card>
          )}
          {me.mayManage && me.transitions.some((x) => ["admit", "reject", "merge", "escalate"].includes(x)) && (
            <Card title={t("detail.staffPanel")} className="border-primary/40">
              <StaffPanel topicId={topic.id} transitions={me.transitions} defaultLevel={topic.itemDefaultLevel} level={topic.level} mergeTargets={detail.mergeTargets} />
            </Card>
          )}
          {sections.drafting}
          {/* Sections that have nothing for this reader render nothing; the box then hides itself. */}
          <div className="rounded-box bg-base-100 border border-base-300 p-4 md:p-6 empty:hidden">
            {sections.ballots}
          </div>
          <div className="rounded-box bg-base-100 border border-base-300 p-4 md:p-6 empty:hidden">
            {sections.tasks}
          </div>
          <div className="rounded-box bg-base-100 border border-base-300 p-4 md:p-6 empty:hidden">
            {sections.review}
          </div>
          <div className="rounded-box bg-base-100 border border-base-300 p-4 md:p-6 empty:hidden">
            {sections.meetings}
          </div>
          <Card title={t("detail.timeline")}>
            <ol className="timeline timeline-vertical timeline-compact -ml-2">
              {detail.timeline.map((e, i) => (
                <li key={e.id}>
                  {i > 0 && <hr className="bg-base-300" />}
                  <div className="timeline-middle">
                    <span className="block size-3 rounded-full bg-primary" aria-hidden />
                  </div>
                  <div className="timeline-end mb-3 ml-2">
                    <time className="text-sm text-base-content/60">{format.dateTime(e.at, { dateStyle: "medium", timeStyle: "short" })}</time>
                    <div className="font-medium">
                      {t(`events.${e.kind}` as never, {
                        count: String((e.data as { count?: number } | null)?.count ?? ""),
                        level: (e.data as { level?: string } | null)?.level ? tc(`levels.${(e.data as { level: "grid" | "community" }).level}`) : "",
                        title: String((e.data as { title?: string } | null)?.title ?? ""),
                      } as never)}
                    </div>
                    <div className="text-sm text-base-content/70">{e.actorName ?? t("events.system")}</div>
                    {e.note && <div className="text-sm whitespace-pre-line">{e.note}</div>}
                  </div>
                  {i < detail.timeline.length - 1 && <hr className="bg-base-300" />}
                </li>
              ))}
            </ol>
          </Card>
        </div>
      </div>
    </article>
  );
}
