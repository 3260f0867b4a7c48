import Link from "next/link";
import { getFormatter, getTranslations } from "next-intl/server";
import { Forbidden } from "@/app/_components/forbidden";
import { Refusal, signedInPage } from "@/app/_lib/page";
import { myBallots } from "@/lib/ballots/my-ballots";
import { Card, EmptyState, PageTitle } from "../_components/ui";
import { PhaseBadge } from "./_components/ballot-bits";

export async function generateMetadata() {
  const t = await getTranslations("ballots");
  return { title: t("mine.title") };
}

/** 我的表决: every ballot the signed-in person may vote on, for themself or as someone's proxy. */
export default async function MyBallotsPage() {
  const page = await signedInPage("/ballots");
  const t = await getTranslations("ballots");
  const format = await getFormatter();
  const list = await page.read(async (ctx) => (await myBallots(ctx)).ballots, { forbidden: "inPage" });
  if (list instanceof Refusal) return <Forbidden title={t("mine.title")}>{t("notVerified")}</Forbidden>;
  return (
    <div className="max-w-3xl">
      <PageTitle title={t("mine.title")} subtitle={t("mine.subtitle")} />
      {list.length === 0 ? (
        <Card>
          <EmptyState>{t("mine.none")}</EmptyState>
        </Card>
      ) : (
        <ul className="flex flex-col gap-3">
          {list.map((b) => {
            const pending = b.electors.filter((e) => !e.voted).length;
            return (
              <li key={b.id}>
                <Card>
                  <div className="flex flex-wrap items-center gap-2">
                    <Link href={`/ballots/${b.id}`} className="link link-hover text-xl font-semibold">
                      {b.title}
                    </Link>
                    <PhaseBadge phase={b.phase} />
                  </div>
                  <p className="text-base-content/70">
                    {b.topic.title} · {t("mine.closes", { date: format.dateTime(b.closesAt, "dateTime") })}
                  </p>
                  <ul className="flex flex-col gap-1">
                    {b.electors.map((e) => (
                      <li key={e.electorKey} className="flex flex-wrap items-center gap-2">
                        <span>{e.viaProxy ? t("vote.forPrincipal", { label: e.label }) : e.label}</span>
                        <span className={`badge ${e.voted ? "badge-success" : "badge-warning"}`}>{e.voted ? t("mine.voted") : t("mine.notVoted")}</span>
                      </li>
                    ))}
                  </ul>
                  <div>
                    <Link href={`/ballots/${b.id}`} className={`btn ${pending > 0 && b.phase === "open" ? "btn-primary" : "btn-outline"} btn-lg`}>
                      {pending > 0 && b.phase === "open" ? t("mine.goVote") : t("mine.view")}
                    </Link>
                  </div>
                </Card>
              </li>
            );
          })}
        </ul>
      )}
    </div>
  );
}
