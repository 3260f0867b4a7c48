import Link from "next/link";
import { useTranslations } from "next-intl";
import { getTranslations } from "next-intl/server";
import { EmptyState } from "@/app/_components/ui";
import { Refusal, signedInPage } from "@/app/_lib/page";
import { SectionNotice } from "../_components/section-notice";
import { listPlans, type PlanSummary } from "@/lib/plans/list-plans";
import { BudgetText, DateText, FrozenBadge, PlanKindBadge, ResponsibleName } from "./plan-bits";

/**
 * Plan drafting (方案制定) on the topic page: the topic's plans with the fields of their current
 * revision, and a link to draft one for those who may. Loads what it needs itself, shaped for the
 * signed-in reader on the server.
 */
export async function PlansSection({ topicId }: { topicId: number }) {
  const t = await getTranslations("plans");
  const page = await signedInPage(`/topics/${topicId}`, { signedOut: "null" });
  if (!page) return <SectionNotice title={t("title")} signIn={{ topicId, label: t("signInToSee") }} />;

  // The topic page answers for the topic; a refusal here is said in the section's place.
  const view = await page.attempt((ctx) => listPlans(ctx, { topicId }));
  if (view instanceof Refusal) return <SectionNotice title={t("title")}>{t("unavailable", { message: await view.message() })}</SectionNotice>;

  return (
    <section className="card bg-base-100 border border-base-300" id="plans" aria-labelledby={`plans-${topicId}`} data-testid="plans-section">
      <div className="card-body p-4 md:p-6 gap-3">
        <div className="flex items-center gap-2 flex-wrap">
          <h2 id={`plans-${topicId}`} className="card-title text-xl">
            {t("title")}
          </h2>
          <span className="text-base text-base-content/70">{t("summary", { count: view.plans.length })}</span>
          {view.mayDraft && (
            <Link href={`/topics/${topicId}/plans/new`} className="btn btn-primary btn-sm ml-auto no-print">
              {view.draftKind === "alternative" ? t("draftAlternative") : t("draft")}
            </Link>
          )}
        </div>
        {view.open && view.alternativesAllowed && (
          <p role="note" className="text-base text-base-content/80">
            {t("alternativesOpen")}
          </p>
        )}
        {view.plans.length === 0 ? (
          <EmptyState>{view.open ? t("empty") : t("emptyClosed")}</EmptyState>
        ) : (
          <ul className="flex flex-col gap-3">
            {view.plans.map((plan) => (
              <PlanItem key={plan.id} topicId={topicId} plan={plan} />
            ))}
          </ul>
        )}
      </div>
    </section>
  );
}

function PlanItem({ topicId, plan }: { topicId: number; plan: PlanSummary }) {
  const t = useTranslations("plans");
  return (
    <li className={`rounded-box border p-3 md:p-4 ${plan.kind === "official" ? "border-primary/40" : "border-base-300"}`} data-testid="plan">
      <div className="flex flex-wrap items-center gap-2">
        <Link href={`/topics/${topicId}/plans/${plan.id}`} className="link link-hover font-semibold text-lg break-words">
          {plan.title}
        </Link>
        <PlanKindBadge kind={plan.kind} />
        {plan.frozenAt && <FrozenBadge />}
        <span className="text-sm text-base-content/70">{t("revisionBadge", { number: plan.currentRevision })}</span>
      </div>
      <p className="text-base text-base-content/80">
        {plan.organisation ? t("byForOrganisation", { name: plan.author.name, organisation: plan.organisation.name }) : t("by", { name: plan.author.name })}
      </p>
      <dl className="grid grid-cols-[auto_1fr] gap-x-4 gap-y-1 text-base mt-2">
        <dt className="text-base-content/70">{t("fields.responsible")}</dt>
        <dd>
          <ResponsibleName responsible={plan.responsible} />
        </dd>
        <dt className="text-base-content/70">{t("fields.budget")}</dt>
        <dd>
          <BudgetText fen={plan.budgetFen} source={plan.budgetSource} />
        </dd>
        <dt className="text-base-content/70">{t("fields.deadline")}</dt>
        <dd>
          <DateText date={plan.deadline} />
        </dd>
      </dl>
      <div className="flex flex-wrap items-center gap-x-4 gap-y-1 mt-2 text-sm text-base-content/70">
        <span>{t("milestoneCount", { count: plan.milestoneCount })}</span>
        <span>{t("commentCount", { count: plan.commentCount })}</span>
        <Link href={`/topics/${topicId}/plans/${plan.id}`} className="link link-primary text-base ml-auto" aria-label={t("viewNamed", { title: plan.title })}>
          {t("view")}
        </Link>
      </div>
    </li>
  );
}
