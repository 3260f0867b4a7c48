import Link from "next/link";
import { getTranslations } from "next-intl/server";
import { Card, EmptyState, PageTitle } from "@/app/_components/ui";
import { getGridAdmin } from "@/lib/admin/get-grid-admin";
import { NoPermission } from "../../_components/no-permission";
import { adminGate, formatArea } from "../../_lib/gate";
import { CreateBuildingForm } from "./_components/create-building-form";

export async function generateMetadata() {
  const t = await getTranslations("admin");
  return { title: t("grid.buildingsTitle") };
}

export default async function GridPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const gate = await adminGate(`/admin/grids/${id}`);
  if (!gate) return <NoPermission />;
  const t = await getTranslations("admin");
  const { grid, buildings } = await gate.read((ctx) => getGridAdmin(ctx, { gridId: id }));

  return (
    <div className="flex flex-col gap-5">
      <PageTitle
        title={grid.name}
        subtitle={t("grid.subtitle", { community: grid.communityName, code: grid.code })}
        back={{ href: "/admin/grids", label: t("grid.back") }}
      />
      <Card title={t("grid.buildingsTitle")}>
        {buildings.length === 0 ? (
          <EmptyState>{t("grid.empty")}</EmptyState>
        ) : (
          <ul className="grid grid-cols-1 sm:grid-cols-2 gap-3">
            {buildings.map((b) => (
              <li key={b.id} className="rounded-box border border-base-300 p-4 flex flex-col gap-2">
                <div className="flex items-baseline gap-2">
                  <span className="font-mono text-base-content/70">{b.code}</span>
                  <span className="text-lg font-semibold">{b.name}</span>
                  {b.floors != null && <span className="text-sm text-base-content/70">{t("grid.floorsValue", { floors: b.floors })}</span>}
                </div>
                <div className="text-base-content/80">
                  {t("grid.unitsSummary", { count: b.unitCount, area: formatArea(b.areaHundredths) })}
                </div>
                <Link href={`/admin/buildings/${b.id}`} className="btn btn-outline btn-md self-start" aria-label={`${b.name} · ${t("grid.open")}`}>
                  {t("grid.open")}
                </Link>
              </li>
            ))}
          </ul>
        )}
      </Card>
      <Card title={t("grid.createTitle")}>
        <CreateBuildingForm gridId={grid.id} />
      </Card>
    </div>
  );
}
