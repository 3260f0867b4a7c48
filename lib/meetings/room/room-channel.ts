import { sql, type SQL } from "drizzle-orm";
import type pg from "pg";

/*
 * The room's change feed on PostgreSQL, the half a change needs: the channel, the payload and the
 * NOTIFY sent inside the change's transaction (lib/meetings/room/changes.ts bumpRoomVersion). The
 * listening half is pg-room-changes.ts, which wakes this server's streams.
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
