import { createTranslator } from "next-intl";
import { getDb } from "@/db/client";
import { fileResponse, fileRoute } from "@/lib/api/file-route";
import { signedInActorFor } from "@/lib/api/handler";
import { notFound } from "@/lib/errors";
import { configuredCjkFont } from "@/lib/exports/topic-record-pdf";
import { errorMessage } from "@/lib/i18n/translate";
import { messages } from "@/lib/i18n/messages";
import { renderEntranceNoticePdf } from "@/lib/records/entrance-notice-pdf";
import { getEntranceNotice } from "@/lib/records/get-entrance-notice";
import { publicUrl } from "@/lib/security/public-origin";
import { formatDate } from "@/lib/i18n/dates";

export const dynamic = "force-dynamic";

/**
 * GET /topics/{id}/entrance-notice.pdf — the A4 notice for a building's entrance (公告栏): the
 * topic, its date and a QR code to the public record (or the co-sign card). For the staff who own
 * the topic; rendered in the PDF worker pool, at most two at once per person; 503 without a CJK font.
 */
export const GET = fileRoute<{ id: string }>(async ({ req, params, locale }) => {
  if (!/^\d{1,9}$/.test(params.id)) throw notFound("topicNotFound");
  const ctx = { db: getDb(), actor: await signedInActorFor(req) };
  const notice = await getEntranceNotice(ctx, { topicId: params.id });
  const font = configuredCjkFont();
  if (!font) return Response.json({ error: { code: "font_missing", message: errorMessage(locale, "fontMissing") } }, { status: 503 });
  const t = createTranslator({ locale, messages: messages[locale], namespace: "records.entrance" });
  const fmt = (d: Date, time = true) => formatDate(d, locale, time ? "dateTime" : "date");
  const when = notice.when;
  const lines =
    when?.kind === "meeting"
      ? [t("meeting", { title: when.title }), t("meetingAt", { date: fmt(when.at) }), ...(when.place ? [t("place", { place: when.place })] : [])]
      : when?.kind === "ballot"
        ? [t("ballot", { title: when.title }), t("ballotPeriod", { from: fmt(when.opensAt), to: fmt(when.closesAt) })]
        : [t("noDate")];
  const caption = { record: t("qrRecord"), cosign: t("qrCosign"), ballot: t("qrBallot"), topic: t("qrTopic") }[notice.qr.kind];
  const pdf = await renderEntranceNoticePdf(
    ctx.actor.personId,
    {
      letterhead: notice.letterhead,
      heading: t("heading"),
      title: notice.title,
      lines,
      // The QR code leaves the screen: the configured public origin, never the request's Host.
      qrUrl: publicUrl(notice.qr.path),
      qrCaption: caption,
      help: t("help"),
      issuer: t("issuer", { community: notice.community, grid: notice.grid }),
      date: fmt(new Date(), false),
    },
    font,
    notice.topicId,
  );
  return fileResponse(pdf, "inline");
});
