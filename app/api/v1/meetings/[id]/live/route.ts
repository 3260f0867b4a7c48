import { publicApiRoute } from "@/lib/api/handler";
import { liveAnswer } from "@/lib/meetings/room/live-stream";

// A stream per reader: never cached, never prerendered.
export const dynamic = "force-dynamic";

/**
 * The meeting's live state: SSE (event "state", id = version, Last-Event-ID honoured, heartbeat),
 * `?once=1` for one JSON answer, `?display=<code>` for the projector. Signed out is 401 unless a
 * valid display code is given: public at the adapter only so that the projector needs no session.
 */
export const GET = publicApiRoute<{ id: string }>(({ req, ctx, params, locale }) =>
  liveAnswer(ctx, params.id, { headers: req.headers, query: req.nextUrl.searchParams, signal: req.signal }, locale),
);
