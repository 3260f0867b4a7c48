import Link from "next/link";
import { getTranslations } from "next-intl/server";
import { Badge, Card, EmptyState, PageTitle } from "@/app/_components/ui";
import { getBuildingAdmin } from "@/lib/admin/get-building-admin";
import { NoPermission } from "../../_components/no-permission";
import { adminGate, formatArea } from "../../_lib/gate";
import { CreateUnitForm } from "./_components/create-unit-form";

export async function generateMetadata() {
  const t = await getTranslations("admin");
  return { title: t("building.unitsTitle") };
}

export default async function BuildingPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const gate = await adminGate(`/admin/buildings/${id}`);
  if (!gate) return <NoPermission />;
  const t = await getTranslations("admin");
  const { building, units, totalAreaHundredths } = await gate.read((ctx) => getBuildingAdmin(ctx, { buildingId: id }));

  return (
    <div className="flex flex-col gap-5">
      <PageTitle
        title={building.name}
        subtitle={t("building.subtitle", { grid: building.gridCode, gridName: building.gridName, code: building.code })}
        back={{ href: `/admin/grids/${building.gridId}`, label: building.gridName }}
      />
      <Card
        title={t("building.unitsTitle")}
        actions={
          <Link href="/admin/imports/estate" className="btn btn-ghost btn-sm text-base">
            {t("building.importLink")}
          </Link>
        }
      >
        <p className="text-base-content/80">{t("building.summary", { count: units.length, area: formatArea(totalAreaHundredths) })}</p>
        {units.length === 0 ? (
          <EmptyState>{t("building.empty")}</EmptyState>
        ) : (
          <div className="overflow-x-auto">
            <table className="table table-zebra text-base">
              <thead>
                <tr>
                  <th scope="col">{t("building.number")}</th>
                  <th scope="col" className="text-right">
                    {t("building.areaColumn")}
                  </th>
                  <th scope="col">
                    <span className="sr-only">{t("building.developerHeld")}</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {units.map((u) => (
                  <tr key={u.id}>
                    <td className="font-mono">{u.number}</td>
                    <td className="text-right tabular-nums">{formatArea(u.areaHundredths)}</td>
                    <td>{u.developerHeld && <Badge tone="warning">{t("building.developerHeld")}</Badge>}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </Card>
      <Card title={t("building.createTitle")}>
        <CreateUnitForm buildingId={building.id} />
      </Card>
    </div>
  );
}
