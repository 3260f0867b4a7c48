import Link from "next/link";
import { getTranslations } from "next-intl/server";
import { PageTitle } from "@/app/_components/ui";
import { listImportConflicts } from "@/lib/imports/people/list-conflicts";
import { CommunitySwitch } from "../../_components/community-switch";
import { NoPermission } from "../../_components/no-permission";
import { adminGate } from "../../_lib/gate";
import { PeopleImport } from "./_components/people-import";

export async function generateMetadata() {
  const t = await getTranslations("admin.peopleImport");
  return { title: t("title") };
}

/** 导入人员: the owners' register, the residents' list and the staff sheet, checked first, then imported. */
export default async function PeopleImportPage() {
  const gate = await adminGate("/admin/imports/people");
  if (!gate) return <NoPermission />;
  const t = await getTranslations("admin.peopleImport");
  const open = (await gate.read((ctx) => listImportConflicts(ctx, { communityId: gate.community.id }))).length;
  return (
    <div className="flex flex-col gap-5">
      <CommunitySwitch communities={gate.communities} current={gate.community.id} />
      <PageTitle title={t("title")} subtitle={t("subtitle")} back={{ href: "/admin", label: gate.community.name }} />
      {open > 0 && (
        <Link href="/admin/imports/people/conflicts" className="btn btn-warning btn-lg self-start">
          {t("conflictsLink", { count: open })}
        </Link>
      )}
      <PeopleImport communityId={gate.community.id} />
    </div>
  );
}
