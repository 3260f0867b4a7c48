import Link from "next/link";
import type { ReactNode } from "react";
import { getFormatter, getTranslations } from "next-intl/server";
import type { TopicState } from "@/lib/domain/topic-state-machine";
import type { TopicDetail } from "@/lib/topics/get-topic";
import { Card, PageTitle } from "../../../_components/ui";
import { StateBadge } from "../../_components/state-badge";
import { CosignButton, StaffPanel } from "./topic-actions";

export type TopicSections = Record<"notices" | "plans" | "opinions" | "drafting" | "ballots" | "tasks" | "review" | "meetings", ReactNode>;
type SectionKey = keyof TopicSections;

/**
 * The sections that hold each stage's work, first one first: shown open at the top of the page, the
 * others folded below, so a grid chief's page of a topic in voting opens on the vote and not after
 * 3,000 px of everything that came before it.
 */
const currentSections: Record<TopicState, SectionKey[]> = {
  proposed: [],
  awaitingAdmission: [],
  consulting: ["opinions", "meetings", "drafting"],
  drafting: ["drafting", "plans", "opinions"],
  voting: ["ballots", "plans"],
  resolved: ["notices", "ballots", "tasks"],
  failed: ["ballots", "drafting"],
  implementing: ["tasks"],
  underReview: ["review", "tasks"],
  rectifying: ["tasks", "review"],
  closed: ["notices", "review"],
  rejected: [],
  merged: [],
  expired: [],
};
/** Where the topic itself (its description) is what there is to read: shown open. */
const aboutOpen: TopicState[] = ["proposed", "awaitingAdmission", "consulting", "rejected", "merged", "expired"];
const sectionOrder: SectionKey[] = ["notices", "ballots", "tasks", "review", "plans", "drafting", "opinions", "meetings"];
/** These sections draw no card of their own: they get a box. */
const boxed: SectionKey[] = ["ballots", "tasks", "review", "meetings"];

/**
 * A folded section: a large summary row to open it (a native <details>, so keyboard and screen
 * readers know it). Hidden altogether when the section has nothing for this reader.
 */
function Fold({ label, children, testId }: { label: string; children: ReactNode; testId?: string }) {
  return (
    <details className="group has-[.section-slot:empty]:hidden" data-testid={testId}>
      <summary className="flex items-center justify-between gap-2 min-h-12 px-4 py-2 rounded-box border border-base-300 bg-base-100 cursor-pointer text-lg font-semibold list-none [&::-webkit-details-marker]:hidden">
        <span>{label}</span>
        <span aria-hidden className="text-2xl leading-none transition-transform group-open:rotate-90">›</span>
      </summary>
      <div className="mt-2">{children}</div>
    </details>
  );
}

/**
 * The topic page drawn from loaded data: the topic itself, the co-sign box, the staff panel and
 * the timeline, with the other sections (each loading its own data) passed in as slots.
 */
export async function TopicView({ detail, sections }: { detail: TopicDetail; sections: TopicSections }) {
  const t = await getTranslations("topics");
  const tc = await getTranslations("common");
  const format = await getFormatter();
  const { topic, me } = detail;
  const current = currentSections[topic.state as TopicState] ?? [];
  const folded = sectionOrder.filter((k) => !current.includes(k));
  const about = (
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
  );
  // `section-slot` is the element that is empty when a section has nothing for this reader.
  const slot = (key: SectionKey) =>
    boxed.includes(key) ? (
      <div className="section-slot rounded-box bg-base-100 border border-base-300 p-4 md:p-6 empty:hidden">{sections[key]}</div>
    ) : (
      <div className="section-slot flex flex-col gap-4 empty:hidden">{sections[key]}</div>
    );

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
          {t("detail.rejectedBecause", { reason: topic.rejectReason })}
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

      {/* The topic itself first while it is what there is to read, then what this stage asks for. */}
      {aboutOpen.includes(topic.state) && about}
      {(topic.state === "proposed" || topic.cosignCount > 0) && (
        <Card title={t("detail.cosign")}>
          <div className="text-3xl font-bold text-primary" data-testid="cosign-count">
            {topic.supporters} <span className="text-lg text-base-content/60">/ {topic.cosignThreshold}</span>
          </div>
          <progress className="progress progress-primary w-full" value={Math.min(topic.supporters, topic.cosignThreshold)} max={topic.cosignThreshold} aria-label={t("cosignProgress", { count: topic.supporters, threshold: topic.cosignThreshold })} />
          {topic.state === "proposed" ? (
            <>
              <p className="text-sm text-base-content/70">{t("detail.cosignHelp", { threshold: topic.cosignThreshold })}</p>
              <p className="text-sm text-base-content/70">{t("cosignDeadline", { date: format.dateTime(topic.cosignDeadline, "date") })}</p>
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
      {current.map((key) => (
        <div key={key} className="contents" data-testid={`current-${key}`}>
          {slot(key)}
        </div>
      ))}
      {!aboutOpen.includes(topic.state) && (
        <Fold label={t("detail.sections.about")} testId="fold-about">
          <div className="section-slot">
            {about}
          </div>
        </Fold>
      )}
      {folded.map((key) => (
        <Fold key={key} label={t(`detail.sections.${key}`)} testId={`fold-${key}`}>
          {slot(key)}
        </Fold>
      ))}
      <Fold label={t("detail.sections.timeline")} testId="fold-timeline">
        <div className="section-slot">
          <Card title={t("detail.timeline")}>
            <ol className="timeline timeline-vertical timeline-compact -ml-2">
              {detail.timeline.map((e, i) => (
                <li key={e.id}>
                  {i > 0 && <hr className="bg-base-300" />}
                  <div className="timeline-middle">
                    <span className="block size-3 rounded-full bg-primary" aria-hidden />
                  </div>
                  <div className="timeline-end mb-3 ml-2">
                    <time className="text-sm text-base-content/60">{format.dateTime(e.at, "dateTime")}</time>
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
      </Fold>
    </article>
  );
}
