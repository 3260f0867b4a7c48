import { getTranslations } from "next-intl/server";
import { budgetSources } from "@/db/schema";
import { planFormOptions } from "@/lib/plans/plan-form-options";
import { Card, PageTitle } from "../../../../_components/ui";
import { PlanForm } from "../_components/plan-form";
import { loadForPage } from "../_lib/load";

export async function generateMetadata() {
  const t = await getTranslations("plans");
  return { title: t("newTitle") };
}

export default async function NewPlanPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const t = await getTranslations("plans");
  const { data: options } = await loadForPage(`/topics/${id}/plans/new`, (ctx) => planFormOptions(ctx, { topicId: id }));
  const back = { href: `/topics/${id}`, label: options?.topic.title ?? t("backToTopic") };
  if (!options || !options.mayDraft) {
    const reason = !options ? t("notVerified") : !options.open ? t("closedForDrafting") : t("notAllowedToDraft");
    return (
      <div className="max-w-3xl">
        <PageTitle title={t("newTitle")} back={back} />
        <div role="alert" className="alert alert-warning text-base">
          {reason}
        </div>
      </div>
    );
  }
  const alternative = options.draftKind === "alternative";
  return (
    <div className="max-w-3xl">
      <PageTitle title={alternative ? t("newAlternativeTitle") : t("newTitle")} subtitle={options.topic.title} back={back} />
      {alternative && (
        <div role="note" className="alert alert-info text-base mb-4">
          {t("alternativeNote")}
        </div>
      )}
      <Card>
        <PlanForm
          mode="draft"
          topicId={options.topic.id}
          organisations={options.organisations}
          people={options.people}
          speaksFor={options.speaksFor}
          sources={budgetSources}
        />
      </Card>
    </div>
  );
}
