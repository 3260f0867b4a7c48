import { getTranslations } from "next-intl/server";
import { publicPage } from "@/app/_lib/page";
import { listGridsPublic } from "@/lib/places/public-directory";
import { PageTitle, Stat } from "../_components/ui";

export async function generateMetadata() {
  const t = await getTranslations("staff");
  return { title: t("communityTitle") };
}

export default async function CommunityPage() {
  const t = await getTranslations("staff");
  const th = await getTranslations("home");
  const page = await publicPage("/community");
  const grids = await page.read(({ db }) => listGridsPublic(db));
  const totals = grids.reduce((a, g) => ({ b: a.b + g.buildingCount, u: a.u + g.unitCount }), { b: 0, u: 0 });
  return (
    <div>
      <PageTitle title={grids[0]?.communityName ?? t("communityTitle")} subtitle={t("communitySubtitle")} />
      <div className="grid grid-cols-3 gap-3 mb-5">
        <Stat label={t("gridsCount")} value={grids.length} />
        <Stat label={t("buildingsCount")} value={totals.b} />
        <Stat label={t("unitsCount")} value={totals.u} />
      </div>
      <ul className="grid gap-3 md:grid-cols-3">
        {grids.map((g) => (
          <li key={g.id} className="rounded-box bg-base-100 border border-base-300 p-4">
            <div className="text-lg font-semibold">{g.name}</div>
            <div className="text-base-content/70">{t("gridCard", { buildings: g.buildingCount, units: g.unitCount })}</div>
            <div className="text-sm text-base-content/60 mt-1">{g.councilDay ? th("councilDay", { day: g.councilDay }) : th("noCouncilDay")}</div>
          </li>
        ))}
      </ul>
    </div>
  );
}
