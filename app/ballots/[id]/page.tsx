import Link from "next/link";
import { cache } from "react";
import { useFormatter, useTranslations } from "next-intl";
import { getFormatter, getTranslations } from "next-intl/server";
import { Forbidden } from "@/app/_components/forbidden";
import { Refusal, signedInPage } from "@/app/_lib/page";
import { ballotCloseStatus } from "@/lib/ballots/close-status";
import { getBallot, type BallotOptionView } from "@/lib/ballots/get-ballot";
import { developerOwnerKey } from "@/lib/domain/vote-rules";
import { formatFen } from "@/lib/domain/money";
import { fromShanghaiDate } from "@/lib/time";
import { ReadAloud } from "../../_components/read-aloud";
import { Card, EmptyState, PageTitle } from "../../_components/ui";
import { FigureLine, PhaseBadge, ResultSummary, SettledPanel, TurnoutBars } from "../_components/ballot-bits";
import { AutoRefresh } from "./_components/auto-refresh";
import { CloseButton } from "./_components/close-button";
import { DeveloperCard } from "./_components/developer-card";
import { PaperForm } from "./_components/paper-form";
import { ProxyForm } from "./_components/proxy-form";
import { VoteForm } from "./_components/vote-form";

type Props = { params: Promise<{ id: string }> };

/** The metadata and the page read the same ballot: once per request. A 403 is the page's "wait to be verified". */
const load = cache(async (id: string) => {
  const page = await signedInPage(`/ballots/${id}`);
  return { page, view: await page.read((ctx) => getBallot(ctx, { ballotId: id }), { forbidden: "inPage" }) };
});

export async function generateMetadata({ params }: Props) {
  const t = await getTranslations("ballots");
  try {
    const { view } = await load((await params).id);
    return { title: view instanceof Refusal ? t("title") : view.title };
  } catch {
    // Signed out or no such ballot: the page itself redirects or answers 404.
    return { title: t("title") };
  }
}

function PlanDetails({ option, topicId }: { option: BallotOptionView; topicId: number }) {
  const t = useTranslations("ballots");
  const format = useFormatter();
  const r = option.revision;
  const day = (ymd: string) => format.dateTime(fromShanghaiDate(ymd, 12), "date");
  return (
    <article className="rounded-box border border-base-300 p-3 md:p-4 flex flex-col gap-2" aria-labelledby={`plan-${option.planId}`}>
      <header className="flex flex-wrap items-center gap-2">
        <h3 id={`plan-${option.planId}`} className="text-lg font-semibold">
          {option.title}
        </h3>
        {/* Grows when it wraps (长辈模式 on a phone): a fixed-height pill struck its border through the words. */}
        <span className="badge badge-outline h-auto min-h-6 py-0.5">{t("revisionFrozen", { n: option.revisionNumber })}</span>
        <Link href={`/topics/${topicId}/plans/${option.planId}`} className="link link-primary text-sm ml-auto">
          {t("plan.open")}
        </Link>
      </header>
      {r ? (
        <>
          <dl className="grid grid-cols-[auto_1fr] gap-x-4 gap-y-1 text-base">
            <dt className="text-base-content/70">{t("plan.responsible")}</dt>
            <dd>{r.responsible.kind === "none" ? t("plan.notSet") : r.responsible.name}</dd>
            <dt className="text-base-content/70">{t("plan.budget")}</dt>
            <dd>
              {r.budgetFen > 0 ? formatFen(r.budgetFen) : t("plan.noBudget")} · {t(`budgetSources.${r.budgetSource}`)}
            </dd>
            <dt className="text-base-content/70">{t("plan.deadline")}</dt>
            <dd>{r.deadline ? day(r.deadline) : t("plan.notSet")}</dd>
          </dl>
          {r.milestones.length > 0 && (
            <ol className="list-decimal ml-6 text-base">
              {r.milestones.map((m, i) => (
                <li key={i}>
                  {day(m.dueOn)} {m.title}
                </li>
              ))}
            </ol>
          )}
          {/* Rendered on the server from a validated document and sanitized when the revision was saved: inert. */}
          <details>
            <summary className="cursor-pointer text-primary">{t("plan.fullText")}</summary>
            <div className="prose-content text-base mt-2" dangerouslySetInnerHTML={{ __html: r.bodyHtml }} />
          </details>
        </>
      ) : null}
    </article>
  );
}

export default async function BallotPage({ params }: Props) {
  const { id } = await params;
  const { page, view } = await load(id);
  const t = await getTranslations("ballots");
  if (view instanceof Refusal) return <Forbidden title={t("title")}>{t("notVerified")}</Forbidden>;
  const tt = await getTranslations("topics");
  const tr = await getTranslations("records");
  const format = await getFormatter();
  const when = (d: Date) => format.dateTime(d, "dateTime");
  const closeStatus = await page.read((ctx) => ballotCloseStatus(ctx, { ballotId: view.id }));
  const planTitles = Object.fromEntries(view.options.map((o) => [o.planId, o.title]));
  const options = view.options.map((o) => ({ planId: o.planId, title: o.title }));
  const open = view.phase === "open";
  // The developer's counted vote is named as such wherever staff pick an elector.
  const staffElectors = (view.staff?.electors ?? []).map((e) => (e.electorKey === developerOwnerKey ? { ...e, label: `${t("developer.elector")} · ${e.label}` } : e));
  const question = view.kind === "single" ? t("question.single", { title: view.options[0]?.title ?? "" }) : t("question.choice");
  const electorateText =
    view.electorateKind === "meetingAttendees"
      ? t("electorateOf.meetingAttendees", { meeting: view.meeting?.title ?? "" })
      : view.electorateKind === "buildingOwners"
        ? t("electorateOf.buildingOwners", { building: view.building?.name ?? "" })
        : t(`electorates.${view.electorateKind}`);

  return (
    <article className="flex flex-col gap-4">
      {open && view.electorateKind === "meetingAttendees" && <AutoRefresh seconds={15} />}
      <PageTitle
        title={view.title}
        back={{ href: `/topics/${view.topic.id}`, label: view.topic.title }}
        subtitle={
          <span className="flex flex-wrap items-center gap-2 mt-1">
            <PhaseBadge phase={view.phase} passed={view.result?.passed ?? null} />
            <span className="badge badge-outline">{tt(`states.${view.topic.state}`)}</span>
            <span className="badge badge-outline">{view.secret ? t("secret") : t("named")}</span>
            <span>
              {t(`rules.${view.rule}`)} · {electorateText}
            </span>
          </span>
        }
      />

      {/* The page's main action, large and above the fold (适老化): the form itself sits below the plans. */}
      {open && view.me.electors.some((e) => e.mayVote && !e.voted) && (
        <a href="#vote" className="btn btn-primary btn-lg w-full sm:w-auto sm:self-start" data-testid="go-vote">
          {t("mine.goVote")}
        </a>
      )}
      <div className="grid gap-4 lg:grid-cols-[1fr_22rem] items-start">
        <div className="flex flex-col gap-4 min-w-0">
          <Card title={question}>
            <ReadAloud what="ballot" parts={[{ text: view.title }, { text: question }, ...view.options.flatMap((o) => [{ text: o.title }, o.revision ? { html: o.revision.bodyHtml } : null])]} />
            <p className="text-base text-base-content/80">
              {t("window", { opens: when(view.opensAt), closes: when(view.closesAt) })}
            </p>
            {closeStatus.earlyClose && (
              <p className="text-base font-medium" data-testid="early-close">
                {t("earlyClosed", { date: when(closeStatus.earlyClose.at), closesAt: when(view.closesAt), ground: t(`close.grounds.${closeStatus.earlyClose.ground}`) })}
              </p>
            )}
            <div className="flex flex-col gap-3">
              {view.options.map((o) => (
                <PlanDetails key={o.planId} option={o} topicId={view.topic.id} />
              ))}
            </div>
          </Card>

          {(view.phase === "open" || view.phase === "upcoming") && (
            <Card title={t("vote.title")} id="vote">
              {view.me.electors.length === 0 ? (
                <p className="text-base text-base-content/70">
                  {view.electorateKind === "meetingAttendees" ? t("vote.checkInFirst") : t("vote.notInElectorate")}
                </p>
              ) : view.phase === "upcoming" ? (
                <p className="text-base">{t("vote.opensAt", { date: when(view.opensAt) })}</p>
              ) : (
                <div className="flex flex-col gap-4">
                  {view.secret && <p className="text-sm text-base-content/70">{t("vote.secretNote")}</p>}
                  {view.me.electors.map((e) => (
                    <VoteForm
                      key={e.electorKey}
                      ballotId={view.id}
                      electorKey={e.electorKey}
                      label={e.label}
                      viaProxy={e.viaProxy}
                      several={view.me.electors.length > 1}
                      kind={view.kind}
                      options={options}
                      current={e.vote ? { choice: e.vote.choice, planId: e.vote.planId, channel: e.vote.channel } : null}
                      voted={e.voted}
                      mayVote={e.mayVote}
                    />
                  ))}
                </div>
              )}
            </Card>
          )}

          {view.phase === "awaitingCount" && (
            <div role="status" className="alert alert-info text-base" data-testid="awaiting-count">
              {/* The scheduled job counts it within a minute or two: the result then replaces this. */}
              <AutoRefresh seconds={30} />
              <span>{t("result.awaitingCount", { date: when(view.closesAt) })}</span>
            </div>
          )}

          {view.result && (
            <Card title={t("result.title")}>
              <ResultSummary result={view.result} planTitles={planTitles} />
              {view.resolution && (
                <div role="status" className="alert alert-success text-base">
                  <span>
                    {t("result.resolution", { number: view.resolution.number })}{" "}
                    {view.resolution.noticeId != null && (
                      <Link href={`/notices/${view.resolution.noticeId}`} className="link font-medium">
                        {t("result.readNotice")}
                      </Link>
                    )}
                  </span>
                </div>
              )}
              {view.namedChoices && (
                <div className="overflow-x-auto">
                  <h3 className="font-semibold mt-2">{t("result.named")}</h3>
                  {view.namedChoices.length === 0 ? (
                    <EmptyState>{t("result.noVotes")}</EmptyState>
                  ) : (
                    <table className="table">
                      <thead>
                        <tr>
                          <th>{t("result.elector")}</th>
                          <th>{t("result.choice")}</th>
                          <th>{t("result.channel")}</th>
                        </tr>
                      </thead>
                      <tbody>
                        {view.namedChoices.map((c) => (
                          <tr key={c.electorKey}>
                            <td>{c.label}</td>
                            <td>{c.choice ? t(`choices.${c.choice}`) : c.planId != null ? planTitles[c.planId] : ""}</td>
                            <td>{t(`channels.${c.channel}`)}</td>
                          </tr>
                        ))}
                      </tbody>
                    </table>
                  )}
                </div>
              )}
            </Card>
          )}
        </div>

        <div className="flex flex-col gap-4">
          <Card title={t("turnout.title")}>
            <TurnoutBars turnout={view.turnout} />
            {closeStatus.floor && (
              <div className="flex flex-col gap-1" data-testid="turnout-floor">
                <ul>
                  {/* The headcount is the bar just above: the floor line says only how it stands. */}
                  <FigureLine figure={closeStatus.floor} open amounts={false} />
                </ul>
                <p className="text-sm text-base-content/70">{t("floor.hint", { comparator: closeStatus.floor.comparator, threshold: closeStatus.floor.thresholdPercent })}</p>
              </div>
            )}
            {view.quorum && (
              <div className="rounded-box bg-base-200 p-3" data-testid="quorum">
                <div className="text-sm text-base-content/70">{t("quorum.label")}</div>
                <div className="text-3xl font-bold text-primary">
                  {view.quorum.present}
                  {view.quorum.required != null && <span className="text-lg text-base-content/60"> / {view.quorum.required}</span>}
                </div>
                <p className={`text-base ${view.quorum.met === false ? "text-warning" : "text-success"}`}>
                  {view.quorum.required == null ? t("quorum.none") : view.quorum.met ? t("quorum.met") : t("quorum.short", { missing: view.quorum.required - view.quorum.present })}
                </p>
              </div>
            )}
            {view.phase !== "closed" && <p className="text-sm text-base-content/60">{t("turnout.noChoices")}</p>}
          </Card>

          {view.developer && <DeveloperCard developer={view.developer} />}
        </div>
      </div>

      {/* Staff tools are wide forms: below both columns, two abreast on a desktop, not stacked in the narrow side column. */}
      {view.staff && (
        <div className="grid gap-4 lg:grid-cols-2 items-start" data-testid="staff-tools">
          {view.phase === "open" && (
            // Residents without smartphones: the grid workers call or visit those who have not voted.
            <Link href={`/ballots/${view.id}/call-list`} className="btn btn-outline btn-lg min-h-12 lg:col-span-2">
              {tr("callList.link")}
            </Link>
          )}
          <Card title={t("paper.title")} className="border-primary/40">
            <PaperForm ballotId={view.id} kind={view.kind} options={options} electors={staffElectors} />
          </Card>
          {view.electorateKind !== "meetingAttendees" && (
            <Card title={t("proxy.title")} className="border-primary/40">
              <ProxyForm
                ballotId={view.id}
                electors={staffElectors.filter((e) => !e.hasProxy && !e.voted)}
                suggested={view.developer?.registered ? { electorKey: developerOwnerKey, person: { personId: view.developer.registered.id, name: view.developer.registered.name, displayNumber: view.developer.registered.displayNumber } } : null}
              />
              {view.staff.proxies.length > 0 && (
                <ul className="flex flex-col gap-1 mt-2">
                  {view.staff.proxies.map((p) => (
                    <li key={p.id} className="text-sm">
                      {t("proxy.entry", { elector: p.electorKey === developerOwnerKey ? `${t("developer.elector")} · ${p.label}` : p.label, proxy: `${p.proxy.name} ${p.proxy.displayNumber}` })}{" "}
                      <a href={`/api/v1/ballots/${view.id}/proxies/${p.id}/scan`} target="_blank" rel="noopener" className="link link-primary">
                        {t("proxy.viewScan")}
                      </a>
                    </li>
                  ))}
                </ul>
              )}
            </Card>
          )}
          {view.phase === "open" && (
            <Card title={t("close.title")} className="border-error/40">
              <p className="text-sm text-base-content/70">{t("close.hint", { date: when(view.closesAt) })}</p>
              {/* Settled with votes still outstanding; once everyone has voted the ground says it all. */}
              {closeStatus.early?.settlement && closeStatus.early.outstanding > 0 && <SettledPanel settlement={closeStatus.early.settlement} kind={view.kind} planTitles={planTitles} />}
              {closeStatus.early?.ground ? (
                <>
                  <p className="text-base font-medium text-success" data-testid="close-ground">
                    {t("close.ground", { ground: t(`close.grounds.${closeStatus.early.ground}`) })}
                  </p>
                  <CloseButton ballotId={view.id} topicId={view.topic.id} closesAt={when(view.closesAt)} ground={t(`close.grounds.${closeStatus.early.ground}`)} outstanding={closeStatus.early.outstanding} />
                </>
              ) : (
                <p className="text-base text-warning" role="status" data-testid="close-not-allowed">
                  {t("close.notAllowed", { outstanding: closeStatus.early?.outstanding ?? 0, date: when(view.closesAt) })}
                </p>
              )}
            </Card>
          )}
        </div>
      )}
    </article>
  );
}
