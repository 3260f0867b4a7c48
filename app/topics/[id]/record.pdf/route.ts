import { getDb } from "@/db/client";
import { fileResponse, fileRoute } from "@/lib/api/file-route";
import { signedInActorFor } from "@/lib/api/handler";
import { notFound } from "@/lib/errors";
import { getTopicRecord } from "@/lib/exports/topic-record";
import { configuredCjkFont, renderTopicRecordPdf } from "@/lib/exports/topic-record-pdf";
import { errorMessage } from "@/lib/i18n/translate";

export const dynamic = "force-dynamic";

/**
 * GET /topics/{id}/record.pdf — the whole record of a topic, for whoever may see it; a JSON error
 * otherwise, and 503 (never garbled text) when the server has no CJK font.
 */
export const GET = fileRoute<{ id: string }>(async ({ req, params, locale }) => {
  if (!/^\d{1,9}$/.test(params.id)) throw notFound("topicNotFound");
  const ctx = { db: getDb(), actor: await signedInActorFor(req) };
  const record = await getTopicRecord(ctx, { topicId: params.id });
  const font = configuredCjkFont();
  if (!font) return Response.json({ error: { code: "font_missing", message: errorMessage(locale, "fontMissing") } }, { status: 503 });
  const pdf = await renderTopicRecordPdf(ctx.actor.personId, record, font);
  return fileResponse(pdf, "inline");
});
