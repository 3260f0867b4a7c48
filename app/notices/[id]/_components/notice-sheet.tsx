import { getFormatter, getTranslations } from "next-intl/server";
import type { NoticeView } from "@/lib/notices/get-notice";
import { lastDayOf } from "@/lib/notices/period";

/**
 * The notice as an A4 sheet for the paper board: district, street and community as letterhead
 * (lib/domain/letterhead.ts, as the setup page previews it), "公示", the
 * resolution's number and text, the publication period, the issuing community and date, and a QR
 * code to the topic's whole history. The QR code is an SVG drawn on the server from our own URL.
 */
export async function NoticeSheet({ notice, qrSvg, className = "" }: { notice: NoticeView; qrSvg: string; className?: string }) {
  const t = await getTranslations("notices.sheet");
  const format = await getFormatter();
  const date = (d: Date) => format.dateTime(d, "date");
  return (
    <article className={`bg-white text-black p-6 print:p-0 rounded-box print:rounded-none border border-base-300 print:border-0 max-w-[210mm] mx-auto text-[12pt] leading-relaxed ${className}`} data-testid="notice-sheet">
      <header className="text-center border-b-2 border-[#b91c1c] pb-2">
        <div className="text-[20pt] font-bold tracking-widest text-[#b91c1c]">{notice.community.letterhead}</div>
      </header>
      <h1 className="text-center text-[26pt] font-bold tracking-[0.5em] mt-5">{t("heading")}</h1>
      {notice.resolution && <p className="text-center font-mono mt-1">{t("number", { number: notice.resolution.number })}</p>}
      <h2 className="text-center text-[15pt] font-semibold mt-3">{notice.resolution?.title ?? notice.title}</h2>
      <div className="mt-4 whitespace-pre-line indent-[2em]">{notice.body}</div>
      <p className="mt-4">{t("period", { from: date(notice.publishedAt), to: date(lastDayOf(notice.until)) })}</p>
      <p className="mt-1">{t("objection")}</p>
      <footer className="mt-8 flex items-end justify-between gap-6 break-inside-avoid">
        <figure className="flex flex-col items-center">
          {/* The SVG holds only the QR modules of a URL we built; no text from input is embedded. */}
          <div className="w-[32mm] [&>svg]:w-full [&>svg]:h-auto" role="img" aria-label={t("qrLabel")} dangerouslySetInnerHTML={{ __html: qrSvg }} />
          <figcaption className="text-[10pt] mt-1">{t("qrCaption")}</figcaption>
        </figure>
        <div className="text-right">
          <div>{t("issuer", { community: notice.community.name })}</div>
          <time dateTime={notice.publishedAt.toISOString()}>{date(notice.publishedAt)}</time>
        </div>
      </footer>
    </article>
  );
}
