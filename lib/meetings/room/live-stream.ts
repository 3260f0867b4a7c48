import "server-only";
import type { DB } from "@/db/client";
import { loadActor } from "@/lib/auth/actor";
import type { Ctx } from "@/lib/context";
import { describeError } from "@/lib/describe-error";
import { secretHash } from "@/lib/auth/tokens";
import { AppError } from "@/lib/errors";
import type { Locale } from "@/lib/i18n/config";
import { inFlightLimit } from "@/lib/security/in-flight";
import { requestRate } from "@/lib/security/request-rate";
import { roomRef } from "@/lib/validation/meeting-room";
import { watchMeeting } from "./changes";
import { projectorAccess } from "./display-code";
import { getLiveState, getProjectorState, type LiveState } from "./live-state";

export const HEARTBEAT_MS = 15_000;
/** A stream reads the room at most once per this long, however fast changes come (the last change always arrives). */
export const MIN_PUSH_MS = 500;
/** What EventSource waits before reconnecting after the stream drops. */
export const RETRY_MS = 2_000;
/**
 * A stream ends after five minutes and the browser reconnects (resuming by Last-Event-ID, so no
 * event is lost or repeated): the reconnect goes through sign-in again, so a session ended
 * elsewhere (sign-out, password change) or a revoked API token stops receiving within minutes.
 */
export const MAX_STREAM_MS = 5 * 60_000;

/**
 * The live room as Server-Sent Events: event "state" with the whole LiveState, its id the room's
 * version. The first event is the state now — unless the client's Last-Event-ID says it already has
 * this version (a reconnect with nothing missed). Then one event per change, a comment every 15 s so
 * proxies and phones keep the connection, and a "denied" event followed by the end of the stream
 * when the reader may no longer see the meeting (signed out, display code revoked).
 *
 * `read` re-checks access on every call: the stream never outlives the right to see it.
 */
export function liveStream(opts: {
  db: DB;
  meetingId: number;
  read: () => Promise<LiveState>;
  lastEventId: number | null;
  signal: AbortSignal;
  locale: Locale;
  /** Called once when the stream ends, whichever way (its life is over, the reader left, access ended). */
  onEnd?: () => void;
  /** Shorter in tests. */
  timing?: { heartbeatMs?: number; maxMs?: number; minPushMs?: number };
}): Response {
  const encoder = new TextEncoder();
  let stop = () => {};
  const stream = new ReadableStream<Uint8Array>({
    async start(controller) {
      let closed = false;
      let lastSent = opts.lastEventId;
      const write = (text: string) => {
        if (closed) return;
        try {
          controller.enqueue(encoder.encode(text));
        } catch {
          stop();
        }
      };
      // One read at a time per stream: a change arriving during a read is read again right after it.
      let reading = false;
      let again = false;
      const push = async (): Promise<void> => {
        if (closed) return;
        if (reading) {
          again = true;
          return;
        }
        reading = true;
        try {
          const state = await opts.read();
          if (closed || state.version === lastSent) return;
          lastSent = state.version;
          write(`event: state\nid: ${state.version}\ndata: ${JSON.stringify(state)}\n\n`);
        } catch (e) {
          const { status, body } = describeError(e, opts.locale);
          write(`event: denied\ndata: ${JSON.stringify({ status, error: body })}\n\n`);
          stop();
        } finally {
          reading = false;
          if (again && !closed) {
            again = false;
            void push();
          }
        }
      };
      // Changes in a burst are read once per MIN_PUSH_MS per stream: every change wakes every
      // stream of the meeting, so without this one attendee toggling "request to speak" in a loop
      // would make the server re-read the whole room for each of the 300 phones on every toggle.
      const minGap = opts.timing?.minPushMs ?? MIN_PUSH_MS;
      let lastRead = -Infinity;
      let trailing: ReturnType<typeof setTimeout> | null = null;
      const wake = () => {
        if (closed || trailing) return;
        const wait = lastRead + minGap - Date.now();
        if (wait <= 0) {
          lastRead = Date.now();
          return void push();
        }
        trailing = setTimeout(() => {
          trailing = null;
          lastRead = Date.now();
          void push();
        }, wait);
        trailing.unref?.();
      };
      const unwatch = await watchMeeting(opts.db, opts.meetingId, wake);
      const heartbeat = setInterval(() => write(`: heartbeat\n\n`), opts.timing?.heartbeatMs ?? HEARTBEAT_MS);
      heartbeat.unref?.();
      const lifetime = setTimeout(() => stop(), opts.timing?.maxMs ?? MAX_STREAM_MS);
      lifetime.unref?.();
      stop = () => {
        if (closed) return;
        closed = true;
        unwatch();
        clearInterval(heartbeat);
        clearTimeout(lifetime);
        if (trailing) clearTimeout(trailing);
        opts.signal.removeEventListener("abort", stop);
        opts.onEnd?.();
        try {
          controller.close();
        } catch {
          // already closed by the reader
        }
      };
      opts.signal.addEventListener("abort", stop);
      if (opts.signal.aborted) return stop();
      write(`retry: ${RETRY_MS}\n\n`);
      lastRead = Date.now();
      void push().then(() => {
        // A reconnect that had this version already gets nothing until the next change: say hello.
        if (lastSent === opts.lastEventId) write(`: up to date at ${lastSent}\n\n`);
      });
    },
    cancel() {
      stop();
    },
  });
  return new Response(stream, {
    status: 200,
    // no-transform / X-Accel-Buffering: a proxy must pass events on as they come, not buffer the answer.
    headers: {
      "content-type": "text/event-stream; charset=utf-8",
      "cache-control": "no-store, no-transform",
      "x-accel-buffering": "no",
    },
  });
}

/** The Last-Event-ID a reconnecting EventSource sends (or `lastEventId` in the query, for clients that cannot set headers). */
export function lastEventIdOf(headers: Headers, query: URLSearchParams): number | null {
  const raw = headers.get("last-event-id") ?? query.get("lastEventId");
  if (raw == null || !/^\d{1,15}$/.test(raw.trim())) return null;
  return Number(raw.trim());
}

/**
 * How many live streams one person (or one display code) may hold at once in this process: the
 * chair console on a tablet, the phone view, a signed-in projector and one spare tab. Each stream
 * holds a socket, a watcher and a state read on every change; without a ceiling one account could
 * open thousands and slow the room for everyone. A phone that drops off without closing its socket
 * holds its slot until the stream's five-minute life ends; meanwhile its page polls (`?once=1`,
 * not counted here), so a refusal never leaves a screen blank.
 */
export const MAX_STREAMS_PER_READER = 4;

// On globalThis: the API route and the projector's route are separate bundles of one server, and
// the ceiling is per person, whichever route the stream comes through.
const globalForStreams = globalThis as unknown as { gridcouncilLiveStreams?: ReturnType<typeof inFlightLimit> };
const streamSlots = (globalForStreams.gridcouncilLiveStreams ??= inFlightLimit(MAX_STREAMS_PER_READER));

/**
 * Takes one of the reader's stream slots, or refuses with 429. The slot is held until `release` is
 * called (the stream's end); inFlightLimit counts it while its work — here, waiting for that — runs.
 */
export function holdStreamSlot(reader: string): Promise<() => void> {
  return new Promise((resolve, reject) => {
    streamSlots
      .run(
        reader,
        () => new AppError("too_many_requests", "liveStreamsTooMany", { max: MAX_STREAMS_PER_READER }),
        () => new Promise<void>((release) => resolve(() => release())),
      )
      .catch(reject);
  });
}

/**
 * How many answers (a `?once=1` poll or a stream's opening, each a read of the whole live state)
 * one reader may ask for per LIVE_READ_WINDOW_MS: the page polls every 2 s only while its stream is
 * down, so four screens of one person stay well under it, while a script looping on `?once=1`
 * gets 429 instead of re-reading the room as fast as the server answers. The page ignores a 429
 * and asks again at its next tick.
 */
export const MAX_LIVE_READS_PER_WINDOW = 30;
export const LIVE_READ_WINDOW_MS = 10_000;

const globalForReads = globalThis as unknown as { gridcouncilLiveReads?: ReturnType<typeof requestRate> };
const liveReads = (globalForReads.gridcouncilLiveReads ??= requestRate(MAX_LIVE_READS_PER_WINDOW, LIVE_READ_WINDOW_MS));

type LiveRequest = { headers: Headers; query: URLSearchParams; signal: AbortSignal };

/**
 * GET /api/v1/meetings/{id}/live: who may read is decided before anything streams (401 signed
 * out, 404 outside the community, 403 unverified), then
 *  - `?once=1`: the state as plain JSON (the polling fallback);
 *  - otherwise the SSE stream above, one of the reader's MAX_STREAMS_PER_READER (429 beyond).
 * A signed-in reader is loaded afresh on every event, so a role taken away or an account suspended
 * ends their stream. The projector without a session reads its own route (projectorLiveAnswer).
 */
export function liveAnswer(ctx: Ctx, rawMeetingId: unknown, req: LiveRequest, locale: Locale): Promise<Response> {
  const { meetingId } = roomRef.parse({ meetingId: rawMeetingId });
  if (!ctx.actor) throw new AppError("unauthenticated", "signInRequired");
  const db = ctx.db;
  const personId = ctx.actor.personId;
  let actor = ctx.actor;
  let first = true;
  const read = async () => {
    if (!first) {
      const fresh = await loadActor(db, personId);
      if (!fresh) throw new AppError("unauthenticated", "signInRequired");
      actor = fresh;
    }
    first = false;
    return getLiveState({ db, actor }, meetingId, { locale });
  };
  return answer(db, meetingId, read, `person:${personId}`, req, locale);
}

/**
 * GET /meetings/{id}/projector/live: the same for the room's PC, by the display code in its
 * cookie (never in a URL: the stream reconnects often and each URL lands in logs). 403 without a
 * valid code; a code revoked or expired mid-stream ends it with "denied".
 */
export function projectorLiveAnswer(db: DB, rawMeetingId: unknown, code: string | undefined, req: LiveRequest, locale: Locale): Promise<Response> {
  const { meetingId } = roomRef.parse({ meetingId: rawMeetingId });
  const read = async () => {
    if (!await projectorAccess(db, meetingId, code)) throw new AppError("forbidden", "displayCodeInvalid");
    return getProjectorState(db, meetingId, { locale });
  };
  return answer(db, meetingId, read, `display:${secretHash(code ?? "")}`, req, locale);
}

async function answer(db: DB, meetingId: number, read: () => Promise<LiveState>, reader: string, req: LiveRequest, locale: Locale): Promise<Response> {
  // Counted before the read it guards: the read is what costs.
  liveReads.take(reader, () => new AppError("too_many_requests", "liveReadsTooFast"));
  // Access is checked here, before the stream starts: a refusal is an ordinary 4xx JSON answer.
  const now = await read();
  // Personal (the chair's check-in link, whether I voted): no cache, shared or the phone's own, keeps it.
  if (req.query.get("once") === "1") return Response.json(now, { headers: { "cache-control": "private, no-store" } });
  const release = await holdStreamSlot(reader);
  let initial: LiveState | null = now;
  return liveStream({
    db,
    meetingId,
    // The state read for the check is the stream's first event: no second read at the start.
    read: async () => {
      const s = initial ?? (await read());
      initial = null;
      return s;
    },
    lastEventId: lastEventIdOf(req.headers, req.query),
    signal: req.signal,
    locale,
    onEnd: release,
  });
}
