import { getTranslations } from "next-intl/server";
import { Forbidden } from "@/app/_components/forbidden";
import { Refusal } from "@/app/_lib/page";
import { budgetSources } from "@/db/schema";
import { getPlan } from "@/lib/plans/get-plan";
import { fenToYuanInput } from "@/lib/domain/money";
import { planFormOptions } from "@/lib/plans/plan-form-options";
import { Card, PageTitle } from "../../../../../_components/ui";
import { PlanForm, type PlanFormValues } from "../../_components/plan-form";
import { loadForPage } from "../../_lib/load";

export async function generateMetadata() {
  const t = await getTranslations("plans");
  return { title: t("editTitle") };
}

export default async function EditPlanPage({ params }: { params: Promise<{ id: string; planId: string }> }) {
  const { id, planId } = await params;
  const t = await getTranslations("plans");
  const data = await loadForPage(`/topics/${id}/plans/${planId}/edit`, async (ctx) => {
    const detail = await getPlan(ctx, { topicId: id, planId });
    return { detail, options: await planFormOptions(ctx, { topicId: detail.topic.id }) };
  });
  const back = data instanceof Refusal ? { href: `/topics/${id}`, label: t("backToTopic") } : { href: `/topics/${data.detail.topic.id}/plans/${data.detail.plan.id}`, label: data.detail.plan.title };
  if (data instanceof Refusal || !data.detail.me.mayRevise) {
    const reason =
      data instanceof Refusal
        ? data.explain({ notVerified: t("notVerified") })
        : data.detail.plan.frozenAt
          ? t("page.frozenShort")
          : !data.detail.open
            ? t("closedForDrafting")
            : t("notAllowedToRevise");
    return (
      <Forbidden title={t("editTitle")} back={back}>
        {reason}
      </Forbidden>
    );
  }

  const { detail, options } = data;
  const r = detail.revision;
  const responsible =
    r.responsibleOrganisationId != null ? `org:${r.responsibleOrganisationId}` : r.responsiblePersonId != null ? `person:${r.responsiblePersonId}` : r.responsibleText ? "text" : "";
  // Someone named before who is no longer among the usual candidates stays selectable.
  const people =
    r.responsible.kind === "person" && !options.people.some((p) => p.id === r.responsiblePersonId)
      ? [...options.people, { id: r.responsible.id, name: r.responsible.name, displayNumber: r.responsible.displayNumber }]
      : options.people;
  const initial: PlanFormValues = {
    body: r.bodyJson,
    responsible,
    responsibleText: r.responsibleText,
    budget: fenToYuanInput(r.budgetFen),
    budgetSource: r.budgetSource,
    deadline: r.deadline ?? "",
    milestones: r.milestones,
  };

  return (
    <div className="max-w-3xl">
      <PageTitle title={t("editTitle")} subtitle={t("editSubtitle", { title: detail.plan.title, number: detail.plan.currentRevision + 1 })} back={back} />
      <Card>
        <PlanForm
          mode="revise"
          topicId={detail.topic.id}
          planId={detail.plan.id}
          baseRevision={detail.plan.currentRevision}
          initial={initial}
          organisations={options.organisations}
          people={people}
          speaksFor={options.speaksFor}
          sources={budgetSources}
        />
      </Card>
    </div>
  );
}
