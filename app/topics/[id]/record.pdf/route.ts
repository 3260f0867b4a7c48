import type { NextRequest } from "next/server";
import { getDb } from "@/db/client";
import { actorFor } from "@/lib/api/handler";
import { describeError } from "@/lib/describe-error";
import { notFound } from "@/lib/errors";
import { topicRecordResponse } from "@/lib/exports/topic-record";
import { localeCookie, pickLocale } from "@/lib/i18n/config";

export const dynamic = "force-dynamic";

/** GET /topics/{id}/record.pdf — the whole record of a topic, for whoever may see it. */
export async function GET(req: NextRequest, { params }: { params: Promise<{ id: string }> }) {
  const locale = pickLocale(req.cookies.get(localeCookie)?.value, req.headers.get("accept-language"));
  try {
    const { id } = await params;
    if (!/^\d{1,9}$/.test(id)) throw notFound("topicNotFound");
    const actor = await actorFor(req);
    return topicRecordResponse(getDb(), actor, Number(id), locale);
  } catch (e) {
    const { status, body } = describeError(e, locale);
    return Response.json({ error: body }, { status });
  }
}
