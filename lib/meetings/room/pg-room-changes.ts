import { sql, type SQL } from "drizzle-orm";
import pg from "pg";
import { meetingChanged, watchedMeetingIds } from "./changes";

/**
 * The meeting room's live updates across app servers on PostgreSQL (issue 15). On SQLite every
 * process polls each open meeting's version (changes.ts, watchMeeting); with several servers on one
 * PostgreSQL that is one query per open meeting per server every 500 ms, so there the change itself
 * says so instead:
 *  - the writer, inside the change's transaction, calls `notifyRoomChange` — PostgreSQL delivers a
 *    NOTIFY when (and only if) the transaction commits, in commit order, so a screen never hears of
 *    a change that was rolled back, nor before it can read it;
 *  - every server holds ONE dedicated connection that LISTENs (`listenForRoomChanges`) and turns
 *    each notification into `meetingChanged(meetingId)`, which wakes that server's streams exactly
 *    as a change made on it does.
 * A dropped listen connection is reconnected with backoff; what was notified during the gap is lost,
 * so after every (re)connect each meeting watched here is told to re-read once.
 */

/** The one channel of the room's changes. A constant, never built from input. */
export const ROOM_CHANNEL = "gridcouncil_room";

/** What a notification carries: the meeting and the room's version after the change. */
export type RoomChange = { meetingId: number; version: number };

// A payload is two small integers; anything longer is not ours and is not parsed.
const MAX_PAYLOAD_CHARS = 100;

const isId = (n: unknown): n is number => typeof n === "number" && Number.isSafeInteger(n) && n > 0;

/**
 * Reads a notification's payload, or null when it is not one of ours (not JSON, wrong shape, ids
 * that are not positive integers, too long). Anyone who may connect could NOTIFY this channel, so a
 * bad payload is dropped, never thrown — it would otherwise take the listener down.
 */
export function parseRoomChange(payload: string | undefined | null): RoomChange | null {
  if (typeof payload !== "string" || payload.length === 0 || payload.length > MAX_PAYLOAD_CHARS) return null;
  let value: unknown;
  try {
    value = JSON.parse(payload);
  } catch {
    return null;
  }
  if (typeof value !== "object" || value === null || Array.isArray(value)) return null;
  const { m, v } = value as { m?: unknown; v?: unknown };
  return isId(m) && isId(v) ? { meetingId: m, version: v } : null;
}

/** A connection or transaction to notify through: node-postgres (a Client, a pool's client) or drizzle over it (a PgDB, its tx). */
export type RoomNotifier = Pick<pg.ClientBase, "query"> | { execute: (query: SQL) => PromiseLike<unknown> };

/**
 * Announces a room change. Call it INSIDE the change's transaction, after the version is bumped:
 * PostgreSQL holds the notification until the commit and drops it on a rollback. (Outside a
 * transaction it would be sent at once — before, or without, the change it announces being readable
 * in the same order.)
 */
export async function notifyRoomChange(client: RoomNotifier, meetingId: number, version: number): Promise<void> {
  if (!isId(meetingId) || !isId(version)) throw new TypeError(`notifyRoomChange: bad meeting ${meetingId} / version ${version}`);
  const payload = JSON.stringify({ m: meetingId, v: version });
  // pg_notify with a bound payload: NOTIFY itself takes no parameters.
  if ("execute" in client) await client.execute(sql`select pg_notify(${ROOM_CHANNEL}, ${payload})`);
  else await client.query("select pg_notify($1, $2)", [ROOM_CHANNEL, payload]);
}

export type ListenOptions = {
  /** After each LISTEN is in place: whether it follows a lost connection, and the meetings told to re-read. */
  onListening?: (info: { reconnect: boolean; reread: number[] }) => void;
  /** A lost or refused connection (it is retried). Default: one line on the console, no stack. */
  onError?: (error: Error) => void;
  /** Reconnect backoff: the first wait, doubled per failure up to the maximum (with jitter). */
  backoff?: { initialMs?: number; maxMs?: number };
  /** A `select 1` this often on the listen connection, so a silently dead link is noticed. */
  pingMs?: number;
  /** How long a (re)connect may take before it counts as failed. */
  connectTimeoutMs?: number;
  /** Shown in pg_stat_activity, so operators can tell the listen connections apart. */
  applicationName?: string;
  /** The meetings to re-read after a reconnect (default: every meeting with an open stream here). */
  watched?: () => Iterable<number>;
};

/** Stops listening and closes the connection; no reconnect follows. */
export type StopListening = () => Promise<void>;

/**
 * Listens for room changes on ONE dedicated connection (a node-postgres Client made from the pool's
 * settings, never a client borrowed from the pool: a pooled connection goes back or gets recycled,
 * and its LISTEN with it). Each notification calls `meetingChanged(meetingId)` (this server's
 * streams wake) and then `onChange(meetingId, version)`. Returns at once; the connection is made in
 * the background and remade, with backoff, whenever it drops. Call once per server.
 */
export function listenForRoomChanges(
  source: pg.Pool | string | pg.ClientConfig,
  onChange?: (meetingId: number, version: number) => void,
  options: ListenOptions = {},
): StopListening {
  const initialMs = options.backoff?.initialMs ?? 250;
  const maxMs = options.backoff?.maxMs ?? 10_000;
  const pingMs = options.pingMs ?? 30_000;
  const watched = options.watched ?? watchedMeetingIds;
  const onError = options.onError ?? ((e: Error) => console.warn(`room listener: ${e.message}`));
  // A pool by its shape, not instanceof: Next.js may bundle its own copy of pg, whose Pool is another class.
  const isPool = (s: typeof source): s is pg.Pool => typeof s === "object" && "totalCount" in s && "options" in s;
  const base: pg.ClientConfig = isPool(source) ? { ...source.options } : typeof source === "string" ? { connectionString: source } : { ...source };
  const config: pg.ClientConfig = {
    ...base,
    application_name: options.applicationName ?? "gridcouncil room listener",
    connectionTimeoutMillis: options.connectTimeoutMs ?? 10_000,
    // The OS notices a dead peer too, not only the ping.
    keepAlive: true,
  };

  let stopped = false;
  let client: pg.Client | null = null;
  let retry: NodeJS.Timeout | null = null;
  let ping: NodeJS.Timeout | null = null;
  let failures = 0;
  let listenedBefore = false;

  const onNotification = (msg: pg.Notification) => {
    if (msg.channel !== ROOM_CHANNEL) return;
    const change = parseRoomChange(msg.payload);
    if (!change) return;
    try {
      meetingChanged(change.meetingId);
      onChange?.(change.meetingId, change.version);
    } catch (e) {
      onError(e instanceof Error ? e : new Error(String(e)));
    }
  };

  // Called at most once per connection, by whichever of error / end / a failed query comes first.
  const lost = (c: pg.Client, e?: Error) => {
    if (client !== c) return;
    client = null;
    if (ping) clearInterval(ping);
    ping = null;
    c.removeListener("notification", onNotification);
    // The old socket may still emit 'error' after we let go of it: keep a handler so it never throws.
    c.end().catch(() => {});
    if (e) onError(e);
    schedule();
  };

  const schedule = () => {
    if (stopped || retry) return;
    const ceiling = Math.min(maxMs, initialMs * 2 ** Math.min(failures, 20));
    failures += 1;
    // Jitter: after a database restart, the servers do not all come back in the same millisecond.
    const wait = Math.round(ceiling / 2 + Math.random() * (ceiling / 2));
    retry = setTimeout(() => {
      retry = null;
      void connect();
    }, wait);
    retry.unref?.();
  };

  const connect = async () => {
    if (stopped) return;
    const c = new pg.Client(config);
    client = c;
    c.on("error", (e) => lost(c, e));
    c.on("end", () => lost(c, new Error("listen connection ended")));
    c.on("notification", onNotification);
    try {
      await c.connect();
      await c.query(`LISTEN ${ROOM_CHANNEL}`);
    } catch (e) {
      lost(c, e instanceof Error ? e : new Error(String(e)));
      return;
    }
    if (stopped || client !== c) {
      if (client === c) client = null;
      await c.end().catch(() => {});
      return;
    }
    failures = 0;
    ping = setInterval(() => {
      c.query("select 1").catch((e: unknown) => lost(c, e instanceof Error ? e : new Error(String(e))));
    }, pingMs);
    ping.unref?.();
    const reconnect = listenedBefore;
    listenedBefore = true;
    try {
      // Whatever was notified while no LISTEN was in place is lost: every stream here reads once more.
      const reread = [...watched()];
      for (const id of reread) meetingChanged(id);
      options.onListening?.({ reconnect, reread });
    } catch (e) {
      onError(e instanceof Error ? e : new Error(String(e)));
    }
  };

  void connect();

  return async () => {
    if (stopped) return;
    stopped = true;
    if (retry) clearTimeout(retry);
    if (ping) clearInterval(ping);
    retry = ping = null;
    const c = client;
    client = null;
    if (c) {
      c.removeListener("notification", onNotification);
      await c.end().catch(() => {});
    }
  };
}
