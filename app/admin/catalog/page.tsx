import { getTranslations } from "next-intl/server";
import { Badge, Card, EmptyState, PageTitle } from "@/app/_components/ui";
import { topicLevels, voteRules } from "@/db/schema";
import { listCatalogAdmin } from "@/lib/admin/list-catalog-admin";
import { CommunitySwitch } from "../_components/community-switch";
import { NoPermission } from "../_components/no-permission";
import { adminGate } from "../_lib/gate";
import { CommunityTurnoutForm, CreateCategoryForm, CreateItemForm, EditItemForm } from "./_components/catalog-forms";

export async function generateMetadata() {
  const t = await getTranslations("admin");
  return { title: t("catalog.title") };
}

export default async function CatalogPage() {
  const gate = await adminGate("/admin/catalog");
  if (!gate) return <NoPermission />;
  const t = await getTranslations("admin");
  const tc = await getTranslations("common");
  const { community, categories, minTurnoutPercent } = await gate.read((ctx) => listCatalogAdmin(ctx, { communityId: gate.community.id }));
  const choices = { levels: topicLevels, voteRules };

  return (
    <div className="flex flex-col gap-5">
      <CommunitySwitch communities={gate.communities} current={community.id} />
      <PageTitle title={t("catalog.title")} subtitle={t("catalog.subtitle", { community: community.name })} back={{ href: "/admin", label: t("title") }} />
      {categories.length === 0 && <EmptyState>{t("catalog.empty")}</EmptyState>}
      {categories.map((c, i) => (
        <Card key={c.id} title={t("catalog.categoryTitle", { n: i + 1, name: c.name })}>
          {c.items.length === 0 ? (
            <EmptyState>{t("catalog.noItems")}</EmptyState>
          ) : (
            <ul className="flex flex-col gap-3">
              {c.items.map((item) => (
                <li key={item.id} className={`rounded-box border border-base-300 p-4 ${item.active ? "" : "bg-base-200"}`}>
                  <div className="flex flex-wrap items-center gap-2">
                    <span className="text-lg font-semibold">{item.name}</span>
                    {!item.active && <Badge tone="neutral">{t("catalog.inactive")}</Badge>}
                  </div>
                  {item.description && <p className="text-base-content/80 mt-1">{item.description}</p>}
                  <div className="flex flex-wrap gap-2 mt-2">
                    <Badge tone={item.defaultLevel === "community" ? "info" : "neutral"}>{tc(`levels.${item.defaultLevel}`)}</Badge>
                    <Badge tone="neutral">{tc(`voteRules.${item.defaultVoteRule}`)}</Badge>
                    <Badge tone="neutral">
                      {item.cosignThreshold != null ? t("catalog.thresholdValue", { count: item.cosignThreshold }) : t("catalog.thresholdGrid")}
                    </Badge>
                    <Badge tone="neutral">
                      {item.minTurnoutPercent != null ? t("catalog.turnoutValue", { percent: item.minTurnoutPercent }) : t("catalog.turnoutCommunity")}
                    </Badge>
                  </div>
                  <details className="collapse collapse-arrow border border-base-300 bg-base-100 mt-3">
                    <summary className="collapse-title font-medium min-h-0 py-3">{t("catalog.editItem")}</summary>
                    <div className="collapse-content">
                      <EditItemForm item={item} {...choices} />
                    </div>
                  </details>
                </li>
              ))}
            </ul>
          )}
          <details className="collapse collapse-plus border border-dashed border-base-300 mt-2">
            <summary className="collapse-title font-medium min-h-0 py-3">{t("catalog.addItem")}</summary>
            <div className="collapse-content">
              <CreateItemForm categoryId={c.id} {...choices} />
            </div>
          </details>
        </Card>
      ))}
      <Card title={t("catalog.communityTurnoutTitle")}>
        <CommunityTurnoutForm communityId={community.id} minTurnoutPercent={minTurnoutPercent} />
      </Card>
      <Card title={t("catalog.createCategoryTitle")}>
        <CreateCategoryForm communityId={community.id} />
      </Card>
    </div>
  );
}
