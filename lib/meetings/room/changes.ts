import { EventEmitter } from "node:events";
import { eq, sql } from "drizzle-orm";
import type { DB, Tx } from "@/db/client";
import { meetingRooms } from "@/db/schema";
import { unitOfWork } from "@/db/unit-of-work";
import { first } from "@/db/query";
import { isPgHandle } from "@/db/pg/engine";
import { notifyRoomChange, type RoomNotifier } from "./room-channel";

/**
 * How a change to a meeting's room reaches every open screen. Two paths, on purpose:
 *  - in this process, `meetingChanged` wakes the streams of that meeting at once (after the commit,
 *    so a woken stream reads the committed state);
 *  - the SSE loop also reads the room's `version` every 500 ms, so a change made by another process
 *    on the same SQLite file (a second server, a script) reaches the screens too.
 * This module imports only the database, so lib/ballots and the check-in can call it without a cycle.
 */

// Kept on globalThis so hot reload and the several bundles of one Next.js server share one emitter.
const globalForRoom = globalThis as unknown as { gridcouncilRoomChanges?: EventEmitter };
const emitter = (globalForRoom.gridcouncilRoomChanges ??= (() => {
  const e = new EventEmitter();
  // One listener per open stream: 300 phones on one meeting are normal, not a leak.
  e.setMaxListeners(0);
  return e;
})());

/**
 * Inside the change's transaction: the room's version goes up by one (the room row is created on the
 * first change, so a check-in before the meeting starts counts as well). Returns the new version.
 */
export async function bumpRoomVersion(tx: DB | Tx, meetingId: number): Promise<number> {
  const row = await first(tx
    .insert(meetingRooms)
    .values({ meetingId, version: 1 })
    .onConflictDoUpdate({ target: meetingRooms.meetingId, set: { version: sql`${meetingRooms.version} + 1` } })
    .returning({ version: meetingRooms.version }));
  // PostgreSQL: announced in the same transaction, so every server's listener hears it on the commit
  // (never on a rollback) and wakes its streams at once (pg-room-changes.ts).
  if (isPgHandle(tx)) await notifyRoomChange(tx as unknown as RoomNotifier, meetingId, row.version);
  return row.version;
}

/** After the commit: wake every stream of this meeting in this process. */
export function meetingChanged(meetingId: number): void {
  emitter.emit(`meeting:${meetingId}`);
}

/** Calls `onChange` on every change to the meeting in this process; returns the unsubscribe. */
export function onMeetingChange(meetingId: number, onChange: () => void): () => void {
  const name = `meeting:${meetingId}`;
  emitter.on(name, onChange);
  return () => {
    emitter.off(name, onChange);
  };
}

/** The room's version as committed (0 before anything happened in it): what the SSE loop polls. */
export async function roomVersion(db: DB | Tx, meetingId: number): Promise<number> {
  return (await first(db.select({ version: meetingRooms.version }).from(meetingRooms).where(eq(meetingRooms.meetingId, meetingId))))?.version ?? 0;
}

/**
 * Runs a room change as one transaction that also bumps the version, then tells the open streams.
 * Every use case of the room goes through here, so none can forget either half.
 */
export async function changeRoom<T>(db: DB, meetingId: number, write: (tx: Tx) => Promise<T> | T): Promise<T> {
  const result = await unitOfWork(db, async (tx) => {
    // Awaited before the bump: the version moves only once the change is written (and not if it is refused).
    const r = await write(tx);
    await bumpRoomVersion(tx, meetingId);
    return r;
  });
  meetingChanged(meetingId);
  return result;
}

/**
 * Every open stream of a meeting in this process shares one 500 ms read of the room's version: a
 * change committed by another process (another server on the same file, a script, the ballot
 * closer) wakes them through the emitter like a change made here. The poll stops with the last stream.
 */
const watchers = ((globalForRoom as { gridcouncilRoomWatchers?: Map<number, { subscribers: number; timer: NodeJS.Timeout }> }).gridcouncilRoomWatchers ??= new Map());

export const VERSION_POLL_MS = 500;

export async function watchMeeting(db: DB, meetingId: number, onChange: () => void): Promise<() => void> {
  let w = watchers.get(meetingId);
  let firstRead: Promise<void> | null = null;
  if (!w) {
    // The watcher and its subscriber are registered before the first read awaits: two streams
    // opening at once share one watcher, and neither can remove it from under the other.
    let seen: number | null = null;
    const timer = setInterval(async () => {
      try {
        const now = await roomVersion(db, meetingId);
        if (seen !== null && now !== seen) meetingChanged(meetingId);
        seen = now;
      } catch {
        // A busy or closed database: the next tick tries again; the streams keep their last state.
      }
    }, VERSION_POLL_MS);
    timer.unref?.();
    w = { subscribers: 0, timer };
    watchers.set(meetingId, w);
    firstRead = roomVersion(db, meetingId).then(
      (version) => void (seen ??= version),
      () => {}, // The first tick reads it instead.
    );
  }
  const off = onMeetingChange(meetingId, onChange);
  w.subscribers += 1;
  if (firstRead) await firstRead;
  let done = false;
  return () => {
    if (done) return;
    done = true;
    off();
    const cur = watchers.get(meetingId);
    if (cur && --cur.subscribers <= 0) {
      clearInterval(cur.timer);
      watchers.delete(meetingId);
    }
  };
}

/** The meetings with an open stream in this process: what must re-read after a gap in the change feed (pg-room-changes.ts). */
export function watchedMeetingIds(): number[] {
  return [...watchers.keys()];
}
