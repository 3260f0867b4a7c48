import { getTranslations } from "next-intl/server";
import { Card, PageTitle } from "@/app/_components/ui";
import { CSV_HEADER_EN, CSV_HEADER_ZH } from "@/lib/admin/import-units";
import { CSV_MAX_ROWS } from "@/lib/validation/admin";
import { CommunitySwitch } from "../../_components/community-switch";
import { NoPermission } from "../../_components/no-permission";
import { adminGate } from "../../_lib/gate";
import { ImportForm } from "./_components/import-form";

export async function generateMetadata() {
  const t = await getTranslations("admin");
  return { title: t("import.title") };
}

const example = [CSV_HEADER_ZH, "01,01,101,89.12", "01,01,102,76.5", "02,03,1302,120"].join("\n");

export default async function ImportUnitsPage() {
  const gate = await adminGate("/admin/units/import");
  if (!gate) return <NoPermission />;
  const t = await getTranslations("admin");
  // The BOM makes Excel open the template as UTF-8 instead of garbling the Chinese header.
  const template = `data:text/csv;charset=utf-8,${encodeURIComponent(`\uFEFF${example}\n`)}`;

  return (
    <div className="flex flex-col gap-5">
      <CommunitySwitch communities={gate.communities} current={gate.community.id} />
      <PageTitle title={t("import.title")} subtitle={t("import.subtitle", { community: gate.community.name })} back={{ href: "/admin/grids", label: t("grids.title") }} />
      <Card title={t("import.howTitle")}>
        <ol className="list-decimal pl-6 flex flex-col gap-1">
          <li>
            {t("import.how1")} <code className="font-mono bg-base-200 px-1 rounded break-all">{CSV_HEADER_ZH}</code>
            <span className="block text-base-content/70">
              {t("import.how1b")} <code className="font-mono break-all">{CSV_HEADER_EN}</code>
            </span>
          </li>
          <li>{t("import.how2")}</li>
          <li>{t("import.how3")}</li>
          <li>{t("import.how4", { max: CSV_MAX_ROWS })}</li>
          <li className="font-semibold">{t("import.how5")}</li>
        </ol>
        <div>
          <div className="text-sm text-base-content/70 mb-1">{t("import.example")}</div>
          <pre className="bg-base-200 rounded-box p-3 font-mono text-base overflow-x-auto">{example}</pre>
        </div>
        <a href={template} download="units-template.csv" className="btn btn-outline btn-md self-start">
          {t("import.template")}
        </a>
      </Card>
      <Card title={t("import.formTitle")}>
        <ImportForm communityId={gate.community.id} />
      </Card>
    </div>
  );
}
