import type { NextRequest } from "next/server";
import { getDb } from "@/db/client";
import { actorFor } from "@/lib/api/handler";
import { describeError } from "@/lib/describe-error";
import { exportResponse } from "@/lib/exports/respond";
import { localeCookie, pickLocale } from "@/lib/i18n/config";

export const dynamic = "force-dynamic";

/** GET /api/v1/exports/{topics|ballots|ratings}.{csv|xlsx}?gridId= — staff exports. */
export async function GET(req: NextRequest, { params }: { params: Promise<{ file: string }> }) {
  const locale = pickLocale(req.cookies.get(localeCookie)?.value, req.headers.get("accept-language"));
  try {
    const { file } = await params;
    const actor = await actorFor(req);
    return exportResponse(getDb(), actor, file, req.nextUrl, locale);
  } catch (e) {
    const { status, body } = describeError(e, locale);
    return Response.json({ error: body }, { status });
  }
}
