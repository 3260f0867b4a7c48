import Link from "next/link";
import { getTranslations } from "next-intl/server";
import { Forbidden } from "@/app/_components/forbidden";
import { Refusal, signedInPage } from "@/app/_lib/page";
import { ballotOpenOptions } from "@/lib/ballots/open-options";
import { toShanghaiLocal } from "@/lib/time";
import { Card, PageTitle } from "../../_components/ui";
import { OpenBallotForm } from "./_components/open-ballot-form";

export async function generateMetadata() {
  const t = await getTranslations("ballots");
  return { title: t("new.title") };
}

const one = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v);
const DAY = 86_400_000;

export default async function NewBallotPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const sp = await searchParams;
  const topicParam = one(sp.topicId) ?? "";
  const page = await signedInPage(`/ballots/new?topicId=${topicParam}`);
  const t = await getTranslations("ballots");
  const topicId = Number(topicParam);
  if (!Number.isSafeInteger(topicId) || topicId <= 0) {
    return (
      <div className="max-w-3xl">
        <PageTitle title={t("new.title")} back={{ href: "/topics", label: t("new.backToTopics") }} />
        <div role="alert" className="alert alert-info text-base">
          {t("new.chooseTopic")}
        </div>
      </div>
    );
  }

  const options = await page.read((ctx) => ballotOpenOptions(ctx, { topicId }), { forbidden: "inPage" });
  if (options instanceof Refusal) {
    return (
      <Forbidden title={t("new.title")} back={{ href: `/topics/${topicId}`, label: t("backToTopic") }}>
        {options.messageKey === "notVerified" ? t("notVerified") : t("new.notStaff")}
      </Forbidden>
    );
  }

  const back = { href: `/topics/${options.topic.id}`, label: t("backToTopic") };
  if (!options.canOpen) {
    return (
      <div className="max-w-3xl">
        <PageTitle title={t("new.title")} subtitle={options.topic.title} back={back} />
        <div role="alert" className="alert alert-warning text-base">
          {options.topic.state !== "drafting" ? t("new.notDrafting") : t("new.noPlans")}{" "}
          <Link href={`/topics/${options.topic.id}`} className="link font-medium">
            {t("backToTopic")}
          </Link>
        </div>
      </div>
    );
  }

  const now = Date.now();
  return (
    <div className="max-w-3xl">
      <PageTitle title={t("new.title")} subtitle={options.topic.title} back={back} />
      <Card>
        <OpenBallotForm options={options} defaults={{ opensAt: toShanghaiLocal(new Date(now)), closesAt: toShanghaiLocal(new Date(now + 7 * DAY)) }} />
      </Card>
    </div>
  );
}
