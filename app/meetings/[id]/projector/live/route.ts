import { publicApiRoute } from "@/lib/api/handler";
import { projectorLiveAnswer } from "@/lib/meetings/room/live-stream";
import { DISPLAY_COOKIE } from "@/lib/meetings/room/projector-cookie";

// A stream per reader: never cached, never prerendered.
export const dynamic = "force-dynamic";

/**
 * GET /meetings/{id}/projector/live — the room PC's live state, by the display code in its cookie
 * (sent only to this meeting's projector paths): SSE as /api/v1/meetings/{id}/live, or `?once=1`
 * JSON. 403 without a valid code.
 */
export const GET = publicApiRoute<{ id: string }>(({ req, ctx, params, locale }) =>
  projectorLiveAnswer(ctx.db, params.id, req.cookies.get(DISPLAY_COOKIE)?.value, { headers: req.headers, query: req.nextUrl.searchParams, signal: req.signal }, locale),
);
