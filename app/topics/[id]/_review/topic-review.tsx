import Link from "next/link";
import { getFormatter, getTranslations } from "next-intl/server";
import { Refusal, signedInPage } from "@/app/_lib/page";
import { ratingDimensions, supervisorRemovalBlocker } from "@/lib/domain/close-rule";
import { getReview } from "@/lib/ratings/get-review";
import { fromShanghaiDate } from "@/lib/time";
import { Badge, Card } from "@/app/_components/ui";
import { AssignSupervisorsForm, ChecksTable, ConcludeForm, ExcuseSupervisorForm, ReviewCheckForm, SatisfactionForm } from "./review-forms";

/** States in which the review panel has something to show: from delivery on. */
const reviewStates = new Set(["implementing", "underReview", "rectifying", "closed"]);

/**
 * The supervision rating (监督评价) of a topic: its supervisors (and the assign form for staff),
 * each round's means and residents' satisfaction, the individual ratings as rectification notes for
 * staff and supervisors, the resident's satisfaction form, the close-rule check and the conclude
 * button for staff, the follow-up date and check. Every action is checked again by its use case.
 */
export async function TopicReview({ topicId }: { topicId: number }) {
  const page = await signedInPage(`/topics/${topicId}`, { signedOut: "null" });
  // The topic page itself answers for a topic the reader may not see; this part stays silent.
  const review = await page?.attempt((ctx) => getReview(ctx, { topicId }));
  if (!review || review instanceof Refusal) return null;
  const { topic, me } = review;
  if (!reviewStates.has(topic.state) && review.supervisors.length === 0 && !(me.mayManage && review.candidates.length > 0 && topic.state !== "proposed")) return null;
  const t = await getTranslations("ratings");
  const format = await getFormatter();
  const pct = (n: number, d: number) => (d === 0 ? "—" : `${((n * 100) / d).toFixed(1)}%`);
  // Staff are told why no supervisor can be taken off once ratings are collected (the use case refuses it).
  const removalLocked =
    me.mayManage && review.supervisors.length > 0 && supervisorRemovalBlocker({ state: topic.state, topicHasRatings: review.rounds.some((r) => r.ratingCount > 0), supervisorHasRated: false }) !== null;

  return (
    <Card
      title={
        <span className="flex flex-wrap items-center gap-2">
          {t("review.heading")}
          <Badge tone="info">{t("review.round", { round: topic.round + 1 })}</Badge>
          {topic.round > 0 && <Badge tone="warning">{t("review.roundsCount", { count: topic.round })}</Badge>}
        </span>
      }
    >
      <div className="flex flex-col gap-4" data-testid="topic-review">
        <section aria-label={t("review.supervisors")}>
          <h3 className="font-semibold">{t("review.supervisors")}</h3>
          {review.supervisors.length === 0 ? (
            <p className="text-sm text-base-content/70">{t("review.noSupervisors")}</p>
          ) : (
            <ul className="flex flex-col gap-1">
              {review.supervisors.map((s) => (
                <li key={s.personId} className="flex flex-wrap items-center gap-2" data-testid={`supervisor-${s.personId}`}>
                  <span>{s.name}</span>
                  <span className="font-mono text-sm text-base-content/60">{s.displayNumber}</span>
                  {topic.state === "underReview" &&
                    (s.ratedCurrentRound ? (
                      <Badge tone="success">{t("review.ratedBadge")}</Badge>
                    ) : s.excused ? (
                      <Badge tone="warning">{t("review.excusedBadge")}</Badge>
                    ) : (
                      <Badge tone="neutral">{t("review.pendingBadge")}</Badge>
                    ))}
                  {s.excused?.reason && !s.ratedCurrentRound && <span className="text-sm text-base-content/70 w-full">{t("review.excusedReason", { reason: s.excused.reason })}</span>}
                  {s.mayExcuse && <ExcuseSupervisorForm topicId={topic.id} personId={s.personId} name={s.name} />}
                </li>
              ))}
            </ul>
          )}
          {removalLocked && (
            <p className="text-sm text-base-content/70 mt-1" data-testid="supervisors-locked">
              {t("review.supervisorsLocked")}
            </p>
          )}
          {me.mayRate && (
            <Link href={`/ratings/${topic.id}`} className="btn btn-primary mt-2">
              {t("review.rateLink")}
            </Link>
          )}
        </section>
        {me.mayManage && review.candidates.length > 0 && <AssignSupervisorsForm topicId={topic.id} candidates={review.candidates} />}

        {[...review.rounds].reverse().map((r) => {
          if (r.ratingCount === 0 && r.satisfaction.total === 0 && r.round !== topic.round) return null;
          const isPast = r.round < topic.round;
          return (
            <section key={r.round} className="rounded-box border border-base-300 p-3 flex flex-col gap-2" aria-label={t("review.round", { round: r.round + 1 })}>
              <h3 className="font-semibold">{t("review.round", { round: r.round + 1 })}</h3>
              {r.ratingCount === 0 ? (
                <p className="text-sm text-base-content/70">{t("review.noRatings")}</p>
              ) : (
                <>
                  <p className="text-sm text-base-content/70">{t("review.ratingCount", { count: r.ratingCount })}</p>
                  <dl className="grid grid-cols-[1fr_auto] gap-x-4 gap-y-1">
                    {ratingDimensions.map((d) => (
                      <div key={d} className="contents">
                        <dt>{t(`dimensions.${d}`)}</dt>
                        <dd className="font-mono text-right">{r.means[d]?.toFixed(2) ?? "—"}</dd>
                      </div>
                    ))}
                  </dl>
                </>
              )}
              <div>
                <h4 className="font-medium">{t("review.satisfaction")}</h4>
                <p className="text-sm">
                  {t("review.answersCount", { count: r.satisfaction.total })}
                  {r.satisfaction.total > 0 && (
                    <>
                      {" · "}
                      {(["satisfied", "basicallySatisfied", "notSatisfied"] as const).map((a) => `${t(`answers.${a}`)} ${r.satisfaction[a]}`).join(" · ")}
                      {" · "}
                      {pct(r.satisfaction.satisfied + r.satisfaction.basicallySatisfied, r.satisfaction.total)}
                    </>
                  )}
                </p>
              </div>
              {r.ratings && r.ratings.length > 0 && (
                <details open={isPast}>
                  <summary className="cursor-pointer font-medium">{isPast ? t("review.rectificationNotes", { round: r.round + 1 }) : t("review.individual")}</summary>
                  <ul className="flex flex-col gap-2 mt-2">
                    {r.ratings.map((x) => (
                      <li key={x.id} className="border-l-4 border-base-300 pl-3">
                        <div className="text-sm text-base-content/70">
                          {x.supervisorName} · {format.dateTime(x.at, "date")}
                        </div>
                        <div className="text-sm">{ratingDimensions.map((d) => `${t(`dimensions.${d}`)} ${x.scores[d]}`).join(" · ")}</div>
                        <p className="whitespace-pre-line">{x.comment}</p>
                        {x.photoIds.length > 0 && (
                          <div className="flex flex-wrap gap-2">
                            {x.photoIds.map((p, i) => (
                              <a key={p} href={`/ratings/photos/${p}`} target="_blank" rel="noopener">
                                {/* eslint-disable-next-line @next/next/no-img-element -- served by our own access-checked route */}
                                <img src={`/ratings/photos/${p}?size=thumb`} alt={t("review.photo", { n: i + 1 })} className="h-24 w-24 object-cover rounded-box border border-base-300" loading="lazy" />
                              </a>
                            ))}
                          </div>
                        )}
                      </li>
                    ))}
                  </ul>
                </details>
              )}
            </section>
          );
        })}

        {me.mayAnswer && <SatisfactionForm topicId={topic.id} />}
        {me.myAnswer && <p className="text-success">✓ {t("review.answered", { answer: t(`answers.${me.myAnswer}`) })}</p>}

        {review.evaluation && (
          <section className="flex flex-col gap-2" aria-label={t("review.evaluation")}>
            <h3 className="font-semibold">{t("review.evaluation")}</h3>
            <div role="status" className={`alert ${review.evaluation.result.met ? "alert-success" : "alert-warning"} text-base`}>
              {review.evaluation.result.met ? t("review.ruleMet") : t("review.ruleNotMet")}
            </div>
            <ChecksTable checks={review.evaluation.result.checks} />
            {me.concludeBlocker === "supervisorsPending" && (
              <p role="note" className="alert alert-info text-base">
                {t("review.blockedPending", {
                  names: review.supervisors
                    .filter((s) => !s.ratedCurrentRound && !s.excused)
                    .map((s) => s.name)
                    .join("、"),
                })}
              </p>
            )}
            {me.concludeBlocker === "noRatings" && (
              <p role="note" className="alert alert-info text-base">
                {t("review.blockedNoRatings")}
              </p>
            )}
            {me.mayConclude && <ConcludeForm topicId={topic.id} met={review.evaluation.result.met} />}
          </section>
        )}

        {topic.state === "closed" && (
          <section className="flex flex-col gap-1">
            {topic.closedAt && <p>{t("review.closedAt", { date: format.dateTime(topic.closedAt, "date") })}</p>}
            {topic.reviewOn && <p>{t("review.reviewDate", { date: format.dateTime(fromShanghaiDate(topic.reviewOn), "date") })}</p>}
            {me.mayManage && topic.reviewRemindedAt && <p className="text-sm text-base-content/70">{t("review.reviewReminded")}</p>}
          </section>
        )}
        {review.checks.length > 0 && (
          <section>
            <h3 className="font-semibold">{t("review.checks")}</h3>
            <ul className="text-sm flex flex-col gap-1">
              {review.checks.map((c, i) => (
                <li key={i}>
                  {t(c.kind === "reviewHeld" ? "review.checkHeldEntry" : "review.checkFailedEntry", { date: format.dateTime(c.at, "date") })}
                  {c.note && <span className="text-base-content/70"> — {c.note}</span>}
                </li>
              ))}
            </ul>
          </section>
        )}
        {me.mayCheckReview && <ReviewCheckForm topicId={topic.id} />}
      </div>
    </Card>
  );
}
