import Link from "next/link";
import { getFormatter, getTranslations } from "next-intl/server";
import { PhaseBadge, TurnoutBars } from "@/app/ballots/_components/ballot-bits";
import { Refusal, signedInPage } from "@/app/_lib/page";
import { listBallots } from "@/lib/ballots/list-ballots";

/**
 * The topic's ballots (表决) on the topic page: each with its status, the turnout while open (never
 * a choice) or the outcome once closed, and a link; staff who own a topic in drafting get the link
 * to open one. Loads what it needs itself, for the signed-in reader.
 */
export async function TopicBallots({ topicId }: { topicId: number }) {
  const page = await signedInPage(`/topics/${topicId}`, { signedOut: "null" });
  // The topic page itself answers for a topic the reader may not see; this part stays silent.
  const data = await page?.attempt((ctx) => listBallots(ctx, { topicId }));
  if (!data || data instanceof Refusal) return null;
  if (data.ballots.length === 0 && !data.mayOpen) return null;
  const t = await getTranslations("ballots");
  const format = await getFormatter();
  const when = (d: Date) => format.dateTime(d, "dateTime");

  return (
    <section className="flex flex-col gap-3" aria-labelledby={`topic-ballots-${topicId}`} data-testid="topic-ballots">
      <div className="flex flex-wrap items-center gap-2">
        <h2 id={`topic-ballots-${topicId}`} className="text-xl font-semibold">
          {t("topic.title")}
        </h2>
        {data.mayOpen && (
          <Link href={`/ballots/new?topicId=${topicId}`} className="btn btn-primary btn-sm ml-auto no-print">
            {t("topic.open")}
          </Link>
        )}
      </div>
      {data.ballots.length === 0 ? (
        <p className="text-base-content/60">{t("topic.none")}</p>
      ) : (
        <ul className="flex flex-col gap-2">
          {data.ballots.map((b) => (
            <li key={b.id} className="rounded-box border border-base-300 bg-base-100 p-3 flex flex-col gap-2">
              <div className="flex flex-wrap items-center gap-2">
                <Link href={`/ballots/${b.id}`} className="link link-hover font-medium text-lg">
                  {b.title}
                </Link>
                <PhaseBadge phase={b.phase} passed={b.passed} />
              </div>
              <p className="text-sm text-base-content/70">
                {t(`rules.${b.rule}`)} · {t(`electorates.${b.electorateKind}`)} · {b.secret ? t("secret") : t("named")}
              </p>
              {b.phase === "closed" ? (
                <p className="text-base">
                  {b.reasonKey ? t(`reasons.${b.reasonKey}`) : null}
                  {b.resolution?.noticeId != null && (
                    <>
                      {" "}
                      <Link href={`/notices/${b.resolution.noticeId}`} className="link link-primary">
                        {b.resolution.number}
                      </Link>
                    </>
                  )}
                </p>
              ) : (
                <>
                  <p className="text-sm">{b.phase === "upcoming" ? t("topic.opens", { date: when(b.opensAt) }) : t("topic.closes", { date: when(b.closesAt) })}</p>
                  <TurnoutBars turnout={b.turnout} compact />
                  {b.phase === "open" && (
                    <Link href={`/ballots/${b.id}`} className="btn btn-primary btn-lg w-full sm:w-auto self-start">
                      {t("topic.goVote")}
                    </Link>
                  )}
                </>
              )}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
