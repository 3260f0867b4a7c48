import { getTranslations } from "next-intl/server";
import { Forbidden } from "@/app/_components/forbidden";
import { Refusal } from "@/app/_lib/page";
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
  const options = await loadForPage(`/topics/${id}/plans/new`, (ctx) => planFormOptions(ctx, { topicId: id }));
  const back = { href: `/topics/${id}`, label: options instanceof Refusal ? t("backToTopic") : options.topic.title };
  if (options instanceof Refusal || !options.mayDraft) {
    const reason = options instanceof Refusal ? options.explain({ notVerified: t("notVerified") }) : !options.open ? t("closedForDrafting") : t("notAllowedToDraft");
    return (
      <Forbidden title={t("newTitle")} back={back}>
        {reason}
      </Forbidden>
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
