import { getTranslations } from "next-intl/server";
import { Card, PageTitle } from "@/app/_components/ui";
import { SHEET_MAX_ROWS } from "@/lib/imports/sheet/read";
import { CommunitySwitch } from "../../_components/community-switch";
import { NoPermission } from "../../_components/no-permission";
import { adminGate } from "../../_lib/gate";
import { EstateImport } from "./_components/estate-import";

export async function generateMetadata() {
  const t = await getTranslations("imports");
  return { title: t("estate.title") };
}

export default async function EstateImportPage() {
  const gate = await adminGate("/admin/imports/estate");
  if (!gate) return <NoPermission />;
  const t = await getTranslations("imports");

  return (
    <div className="flex flex-col gap-5">
      <CommunitySwitch communities={gate.communities} current={gate.community.id} />
      <PageTitle title={t("estate.title")} subtitle={t("estate.subtitle", { community: gate.community.name })} back={{ href: "/admin/imports", label: t("estate.back") }} />
      <Card>
        <p className="text-base-content/80">{t("estate.how")}</p>
      </Card>
      <EstateImport communityId={gate.community.id} maxRows={SHEET_MAX_ROWS} />
    </div>
  );
}
