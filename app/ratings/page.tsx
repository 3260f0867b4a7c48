import Link from "next/link";
import { getTranslations } from "next-intl/server";
import { communitiesWhere } from "@/lib/auth/policy";
import { Refusal, signedInPage } from "@/app/_lib/page";
import { listMyRatings } from "@/lib/ratings/list-my-ratings";
import { Badge, Card, EmptyState, PageTitle } from "../_components/ui";
import { StateBadge } from "../topics/_components/state-badge";

export async function generateMetadata() {
  const t = await getTranslations("ratings");
  return { title: t("list.title") };
}

/** 待我评价: the topics a civilian supervisor is assigned to, those awaiting a rating first. */
export default async function MyRatingsPage() {
  const page = await signedInPage("/ratings");
  const { actor } = page.ctx;
  const t = await getTranslations("ratings");
  // Someone who may rate nothing (not yet verified) simply has nothing awaiting them.
  const read = await page.read((ctx) => listMyRatings(ctx), { forbidden: "inPage" });
  const list = read instanceof Refusal ? { awaiting: [], others: [] } : read;
  const isAdmin = communitiesWhere(actor, "catalog.manage").length > 0;
  const row = (r: (typeof list.awaiting)[number]) => (
    <li key={r.topicId}>
      <Card>
        <div className="flex flex-wrap items-center gap-2">
          <Link href={`/topics/${r.topicId}`} className="link link-hover font-semibold text-lg">
            {r.title}
          </Link>
          <StateBadge state={r.state} />
          <Badge tone="info">{t("list.round", { round: r.round + 1 })}</Badge>
          {r.rated && <Badge tone="success">{t("list.rated")}</Badge>}
        </div>
        <p className="text-sm text-base-content/70">{r.gridName}</p>
        {r.awaiting && (
          <Link href={`/ratings/${r.topicId}`} className="btn btn-primary self-start">
            {t("list.rate")}
          </Link>
        )}
      </Card>
    </li>
  );
  return (
    <div className="max-w-3xl flex flex-col gap-4">
      <PageTitle title={t("list.title")} subtitle={t("list.intro")} />
      {isAdmin && (
        <Link href="/ratings/settings" className="link self-start">
          {t("list.settings")}
        </Link>
      )}
      <h2 className="text-xl font-semibold">{t("list.awaiting")}</h2>
      {list.awaiting.length === 0 ? (
        <Card>
          <EmptyState>{t("list.none")}</EmptyState>
        </Card>
      ) : (
        <ul className="flex flex-col gap-3">{list.awaiting.map(row)}</ul>
      )}
      {list.others.length > 0 && (
        <>
          <h2 className="text-xl font-semibold">{t("list.others")}</h2>
          <ul className="flex flex-col gap-3">{list.others.map(row)}</ul>
        </>
      )}
    </div>
  );
}
