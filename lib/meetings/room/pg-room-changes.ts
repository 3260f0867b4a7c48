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

export { notifyRoomChange, parseRoomChange, ROOM_CHANNEL, type RoomChange, type RoomNotifier } from "./room-channel";
import { parseRoomChange, ROOM_CHANNEL } from "./room-channel";

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
