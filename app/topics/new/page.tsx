import { redirect } from "next/navigation";
import { getTranslations } from "next-intl/server";
import { getDb } from "@/db/client";
import { currentActor } from "@/lib/auth/session";
import { proposalOptions } from "@/lib/topics/proposal-options";
import { PageTitle } from "../../_components/ui";
import { ProposeForm } from "./_components/propose-form";

export async function generateMetadata() {
  const t = await getTranslations("topics");
  return { title: t("newTitle") };
}

export default async function NewTopicPage() {
  const actor = await currentActor();
  if (!actor) redirect("/sign-in?callbackUrl=/topics/new");
  const t = await getTranslations("topics");
  const options = proposalOptions({ db: getDb(), actor });
  return (
    <div className="max-w-2xl mx-auto">
      <PageTitle title={t("newTitle")} subtitle={t("newSubtitle")} back={{ href: "/topics", label: t("title") }} />
      {actor.status !== "verified" ? (
        <div role="status" className="alert alert-warning text-base">
          {t("notVerified")}
        </div>
      ) : options.grids.length === 0 ? (
        <div role="status" className="alert alert-warning text-base">
          {t("notAllowedToPropose")}
        </div>
      ) : (
        <div className="card bg-base-100 border border-base-300">
          <div className="card-body p-4 md:p-6">
            <ProposeForm grids={options.grids} categories={options.categories} />
          </div>
        </div>
      )}
    </div>
  );
}
