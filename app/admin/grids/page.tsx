import Link from "next/link";
import { getTranslations } from "next-intl/server";
import { Card, EmptyState, PageTitle } from "@/app/_components/ui";
import { listGridsAdmin } from "@/lib/admin/list-grids-admin";
import { CommunitySwitch } from "../_components/community-switch";
import { NoPermission } from "../_components/no-permission";
import { adminGate } from "../_lib/gate";
import { CreateGridForm } from "./_components/create-grid-form";

export async function generateMetadata() {
  const t = await getTranslations("admin");
  return { title: t("grids.title") };
}

export default async function GridsPage() {
  const gate = await adminGate("/admin/grids");
  if (!gate) return <NoPermission />;
  const t = await getTranslations("admin");
  const { community, grids } = await gate.read((ctx) => listGridsAdmin(ctx, { communityId: gate.community.id }));

  return (
    <div className="flex flex-col gap-5">
      <CommunitySwitch communities={gate.communities} current={community.id} />
      <PageTitle title={t("grids.title")} subtitle={t("grids.subtitle", { community: community.name })} back={{ href: "/admin", label: t("title") }} />
      <Card title={t("grids.listTitle")}>
        {grids.length === 0 ? (
          <EmptyState>{t("grids.empty")}</EmptyState>
        ) : (
          <ul className="flex flex-col divide-y divide-base-300">
            {grids.map((g) => (
              <li key={g.id} className="py-3 flex flex-col sm:flex-row sm:items-center gap-2">
                <div className="flex-1 min-w-0">
                  <div className="flex items-baseline gap-2">
                    <span className="font-mono text-lg text-base-content/70">{g.code}</span>
                    <span className="text-lg font-semibold">{g.name}</span>
                  </div>
                  <div className="text-sm text-base-content/70 flex flex-wrap gap-x-4">
                    <span>{t("grids.counts", { buildings: g.buildingCount, units: g.unitCount })}</span>
                    <span>
                      {t("grids.councilDay")}：{g.councilDay ? t("grids.councilDayValue", { day: g.councilDay }) : t("grids.councilDayNone")}
                    </span>
                    <span>
                      {t("grids.cosignThreshold")}：{t("grids.cosignValue", { count: g.cosignThreshold })}
                    </span>
                  </div>
                </div>
                <Link href={`/admin/grids/${g.id}`} className="btn btn-outline btn-md" aria-label={`${g.name} · ${t("grids.open")}`}>
                  {t("grids.open")}
                </Link>
              </li>
            ))}
          </ul>
        )}
      </Card>
      <Card title={t("grids.createTitle")}>
        <CreateGridForm communityId={community.id} />
      </Card>
    </div>
  );
}
