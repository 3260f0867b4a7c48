import Link from "next/link";
import { notFound } from "next/navigation";
import { getFormatter, getTranslations } from "next-intl/server";
import { Forbidden } from "@/app/_components/forbidden";
import { Alert, PageTitle } from "@/app/_components/ui";
import { Refusal, signedInPage } from "@/app/_lib/page";
import { PrintButton } from "@/app/notices/_components/print-button";
import { AppError } from "@/lib/errors";
import { getCallList } from "@/lib/records/get-call-list";

type Props = { params: Promise<{ id: string }> };

export async function generateMetadata() {
  const t = await getTranslations("records");
  return { title: t("callList.title") };
}

/**
 * The grid workers' call list for an open ballot: who has not voted yet, flat and phone, printable
 * (the print CSS drops the header and buttons). Only the ballot's own staff; never anyone's vote.
 */
export default async function CallListPage({ params }: Props) {
  const { id } = await params;
  const page = await signedInPage(`/ballots/${id}/call-list`);
  const answer = await page.attempt((ctx) => getCallList(ctx, { ballotId: id }));
  const t = await getTranslations("records");
  if (answer instanceof Refusal) {
    // A malformed id names nothing (404); a ballot no longer open says so in place (409).
    const status = answer.error instanceof AppError ? answer.error.status : 404;
    // Said in place, as the other staff pages say it: only the ballot's own staff keep this list.
    if (status === 403) return <Forbidden title={t("callList.title")}>{t("callList.notStaff")}</Forbidden>;
    if (status !== 409) notFound();
    return (
      <div className="flex flex-col gap-4">
        <PageTitle title={t("callList.title")} back={{ href: `/ballots/${id}`, label: t("callList.back") }} />
        <Alert tone="warning" role="status">
          {await answer.message()}
        </Alert>
      </div>
    );
  }
  const list = answer;
  const format = await getFormatter();
  return (
    <div className="flex flex-col gap-4" data-testid="call-list">
      <PageTitle title={`${t("callList.title")} · ${list.ballot.title}`} back={{ href: `/ballots/${list.ballot.id}`, label: t("callList.back") }} />
      <p className="text-lg">{t("callList.explain")}</p>
      <p className="text-lg font-semibold">
        {t("callList.summary", { electors: list.ballot.electorCount, voted: list.ballot.votedCount, waiting: list.rows.length })} ·{" "}
        {t("callList.closesAt", { date: format.dateTime(list.ballot.closesAt, "dateTime") })}
      </p>
      <div className="no-print">
        <PrintButton label={t("callList.print")} />
      </div>
      {list.rows.length === 0 ? (
        <p className="text-lg">{t("callList.empty")}</p>
      ) : (
        // A list, not a table: one line per household on a phone, as many as fit on paper.
        <ol className="flex flex-col divide-y divide-base-300 border-y border-base-300 text-lg" aria-label={t("callList.title")}>
          {list.rows.map((r, i) => (
            <li key={i} className="flex flex-wrap items-center gap-x-4 gap-y-1 py-2 break-inside-avoid">
              <span className="font-semibold min-w-[7.5rem]" title={t("callList.flat")}>
                {r.flats.join("、") || t("callList.noFlat")}
              </span>
              <span title={t("callList.name")}>{r.people.map((p) => p.name).join("、")}</span>
              <span className="ml-auto flex flex-col tabular-nums" title={t("callList.phone")}>
                {r.people.map((p) => (
                  <a key={p.phone} href={`tel:${p.phone}`} className="link inline-flex min-h-11 items-center">
                    {p.phone}
                  </a>
                ))}
              </span>
              <span aria-hidden className="hidden print:inline">
                ☐
              </span>
            </li>
          ))}
        </ol>
      )}
      <p className="text-base">
        <Link href={`/ballots/${list.ballot.id}`} className="link no-print">
          {t("callList.back")}
        </Link>
      </p>
    </div>
  );
}
