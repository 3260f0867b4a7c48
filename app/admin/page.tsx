import Link from "next/link";
import { getTranslations } from "next-intl/server";
import { PageTitle, Stat } from "@/app/_components/ui";
import { getAdminOverview } from "@/lib/admin/get-admin-overview";
import { CommunitySwitch } from "./_components/community-switch";
import { NoPermission } from "./_components/no-permission";
import { adminGate } from "./_lib/gate";

export async function generateMetadata() {
  const t = await getTranslations("admin");
  return { title: t("title") };
}

export default async function AdminHome() {
  const gate = await adminGate("/admin");
  if (!gate) return <NoPermission />;
  const t = await getTranslations("admin");
  const { community, counts } = await gate.read((ctx) => getAdminOverview(ctx, { communityId: gate.community.id }));

  const tiles = [
    { href: "/admin/grids", label: t("overview.grids"), value: counts.grids, hint: t("overview.buildingsHint", { count: counts.buildings }) },
    { href: "/admin/grids", label: t("overview.units"), value: counts.units, hint: t("overview.unitsHint") },
    { href: "/admin/people", label: t("overview.people"), value: counts.people, hint: t("overview.pendingHint", { count: counts.pendingPeople }) },
    { href: "/admin/organisations", label: t("overview.organisations"), value: counts.organisations, hint: t("overview.organisationsHint") },
    { href: "/admin/catalog", label: t("overview.items"), value: counts.items, hint: t("overview.categoriesHint", { count: counts.categories }) },
  ];
  const actions = [
    { href: "/admin/grids", label: t("overview.actionGrid") },
    { href: "/admin/imports/estate", label: t("overview.actionImport") },
    { href: "/admin/people#create", label: t("overview.actionPerson") },
    { href: "/admin/catalog", label: t("overview.actionCatalog") },
  ];

  return (
    <div>
      <CommunitySwitch communities={gate.communities} current={community.id} />
      <PageTitle title={t("title")} subtitle={t("overview.subtitle", { community: community.name })} />
      <ul className="grid grid-cols-2 md:grid-cols-3 gap-3">
        {tiles.map((tile) => (
          <li key={tile.label}>
            <Link href={tile.href} className="block hover:opacity-90 focus-visible:opacity-90">
              <Stat label={tile.label} value={tile.value} hint={tile.hint} />
            </Link>
          </li>
        ))}
      </ul>
      <h2 className="text-xl font-bold mt-8 mb-3">{t("overview.quick")}</h2>
      <div className="flex flex-col sm:flex-row flex-wrap gap-3">
        {actions.map((a) => (
          <Link key={a.href} href={a.href} className="btn btn-outline btn-lg">
            {a.label}
          </Link>
        ))}
        {counts.pendingPeople > 0 && (
          <Link href="/staff/registrations" className="btn btn-primary btn-lg">
            {t("overview.actionReview", { count: counts.pendingPeople })}
          </Link>
        )}
      </div>
    </div>
  );
}
