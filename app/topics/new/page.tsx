import { getTranslations } from "next-intl/server";
import { Forbidden } from "@/app/_components/forbidden";
import { signedInPage } from "@/app/_lib/page";
import { proposalOptions } from "@/lib/topics/proposal-options";
import { PageTitle } from "../../_components/ui";
import { ProposeForm } from "./_components/propose-form";

export async function generateMetadata() {
  const t = await getTranslations("topics");
  return { title: t("newTitle") };
}

export default async function NewTopicPage() {
  const page = await signedInPage("/topics/new");
  const t = await getTranslations("topics");
  const options = await page.read((ctx) => proposalOptions(ctx));
  const back = { href: "/topics", label: t("title") };
  if (page.ctx.actor.status !== "verified") return <Forbidden title={t("newTitle")} back={back}>{t("notVerified")}</Forbidden>;
  if (options.grids.length === 0) return <Forbidden title={t("newTitle")} back={back}>{t("notAllowedToPropose")}</Forbidden>;
  return (
    <div className="max-w-2xl mx-auto">
      <PageTitle title={t("newTitle")} subtitle={t("newSubtitle")} back={back} />
      <div className="card bg-base-100 border border-base-300">
        <div className="card-body p-4 md:p-6">
          <ProposeForm grids={options.grids} categories={options.categories} />
        </div>
      </div>
    </div>
  );
}
