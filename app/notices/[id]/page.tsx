import Link from "next/link";
import { getFormatter, getTranslations } from "next-intl/server";
import { cache } from "react";
import { publicPage } from "@/app/_lib/page";
import { getNotice, type NoticeView } from "@/lib/notices/get-notice";
import { lastDayOf } from "@/lib/notices/period";
import { publicUrl } from "@/lib/security/public-origin";
import { qrSvg } from "@/app/meetings/_lib/qr";
import { ReadAloud } from "../../_components/read-aloud";
import { Card, PageTitle } from "../../_components/ui";
import { PrintButton } from "../_components/print-button";
import { NoticeSheet } from "./_components/notice-sheet";

type Props = { params: Promise<{ id: string }>; searchParams: Promise<Record<string, string | string[] | undefined>> };

/** Public: no sign-in. A missing, malformed or not yet published id is a plain 404. Once per request. */
const load = cache(async (id: string): Promise<NoticeView> => (await publicPage(`/notices/${id}`)).read((ctx) => getNotice(ctx, { noticeId: id })));

export async function generateMetadata({ params }: Props) {
  const t = await getTranslations("notices");
  try {
    const notice = await load((await params).id);
    return { title: `${t("sheet.heading")} · ${notice.title}` };
  } catch {
    // No such notice: the page itself answers 404.
    return { title: t("title") };
  }
}

export default async function NoticePage({ params, searchParams }: Props) {
  const { id } = await params;
  const notice = await load(id);
  const print = [(await searchParams).print].flat()[0] === "1";
  const t = await getTranslations("notices");
  const format = await getFormatter();
  const date = (d: Date) => format.dateTime(d, "date");
  // The QR code leaves the screen: it must carry the public origin, not a relative path. It leads
  // to the topic's public decision record, which a posted notice always has: no sign-in wall.
  const qr = await qrSvg(publicUrl(`/records/${notice.topic.id}`));

  if (print) {
    return (
      <div className="flex flex-col gap-4">
        <div className="no-print flex flex-wrap items-center gap-2">
          <Link href={`/notices/${notice.id}`} className="link link-hover text-base-content/70">
            ‹ {notice.title}
          </Link>
          <span className="ml-auto">
            <PrintButton label={t("detail.printNow")} />
          </span>
        </div>
        <NoticeSheet notice={notice} qrSvg={qr} />
      </div>
    );
  }

  const current = notice.status === "current";
  return (
    <>
      {/* On paper only the sheet appears: Ctrl+P on this page prints the same A4 notice. */}
      <article className="flex flex-col gap-4 print:hidden">
        <PageTitle
          title={notice.title}
          back={{ href: "/notices", label: t("detail.back") }}
          subtitle={
            <span className="flex flex-wrap items-center gap-2 mt-1">
              <span className={`badge badge-md ${current ? "badge-success" : "badge-ghost"}`}>{current ? t("currentUntil", { date: format.dateTime(lastDayOf(notice.until), "date") }) : t("ended")}</span>
              <span>
                {notice.community.name} · {notice.grid?.name ?? t("communityWide")}
              </span>
            </span>
          }
        />
        <Card>
          <dl className="grid grid-cols-[auto_1fr] gap-x-4 gap-y-1 text-base">
            {notice.resolution && (
              <>
                <dt className="text-base-content/70">{t("detail.number")}</dt>
                <dd className="font-mono">{notice.resolution.number}</dd>
                <dt className="text-base-content/70">{t("detail.resolutionTitle")}</dt>
                <dd>{notice.resolution.title}</dd>
              </>
            )}
            <dt className="text-base-content/70">{t("detail.topic")}</dt>
            <dd>
              <Link href={`/topics/${notice.topic.id}`} className="link link-hover">
                {notice.topic.title}
              </Link>
            </dd>
            <dt className="text-base-content/70">{t("detail.where")}</dt>
            <dd>
              {notice.community.name} · {notice.grid?.name ?? t("communityWide")}
            </dd>
            <dt className="text-base-content/70">{t("detail.period")}</dt>
            <dd>{t("detail.periodValue", { from: date(notice.publishedAt), to: date(lastDayOf(notice.until)) })}</dd>
          </dl>
          {/* A closure notice reports how the matter was settled: it is not a resolution's text. */}
          <h2 className="text-lg font-semibold mt-2">{t(notice.kind === "closure" ? "detail.closureText" : "detail.text")}</h2>
          {/* Plain text: rendered as text with its line breaks, never as HTML. */}
          <div className="text-lg whitespace-pre-line leading-relaxed">{notice.body}</div>
          <div>
            <ReadAloud what="notice" parts={[{ text: notice.title }, { text: notice.body }]} />
          </div>
          {current && <p className="text-sm text-base-content/70">{t("detail.objection")}</p>}
          <div className="flex flex-wrap items-center gap-2 mt-2">
            <PrintButton label={t("detail.print")} />
            <Link href={`/notices/${notice.id}?print=1`} className="btn btn-outline">
              {t("detail.preview")}
            </Link>
            <Link href={`/topics/${notice.topic.id}`} className="btn btn-ghost">
              {t("detail.viewTopic")}
            </Link>
          </div>
          <p className="text-sm text-base-content/60">{t("detail.printHint")}</p>
        </Card>
      </article>
      <NoticeSheet notice={notice} qrSvg={qr} className="hidden print:block" />
    </>
  );
}
