import { publicApiRoute } from "@/lib/api/handler";
import { liveAnswer } from "@/lib/meetings/room/live-stream";

// A stream per reader: never cached, never prerendered.
export const dynamic = "force-dynamic";

/**
 * The meeting's live state: SSE (event "state", id = version, Last-Event-ID honoured, heartbeat),
 * `?once=1` for one JSON answer. Signed out is 401 (checked by liveAnswer, which also holds the
 * per-person stream ceiling: 429 beyond it). The room PC's projector has its own route,
 * /meetings/{id}/projector/live, reading the display code from its cookie.
 */
export const GET = publicApiRoute<{ id: string }>(({ req, ctx, params, locale }) =>
  liveAnswer(ctx, params.id, { headers: req.headers, query: req.nextUrl.searchParams, signal: req.signal }, locale),
);
