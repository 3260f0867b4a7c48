import net from "node:net";
import { performance } from "node:perf_hooks";
import { drizzle } from "drizzle-orm/node-postgres";
import { sql } from "drizzle-orm";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, test, vi } from "vitest";
import { onMeetingChange, watchMeeting } from "@/lib/meetings/room/changes";
import { listenForRoomChanges, notifyRoomChange, parseRoomChange, ROOM_CHANNEL } from "@/lib/meetings/room/pg-room-changes";
import { tempDb } from "../helpers/db";
import { freshPgDatabase } from "./database";

/**
 * The meeting room's live updates across app servers on PostgreSQL: two "servers" (two listeners,
 * each on its own connection, each with its own onChange) and a writer on a third connection that
 * bumps a room's version and notifies inside its transaction, as changeRoom will.
 */

type Heard = { meetingId: number; version: number; at: number };

function server(source: string | pg.Pool, name: string) {
  const heard: Heard[] = [];
  const listening: { reconnect: boolean; reread: number[] }[] = [];
  const errors: Error[] = [];
  const stop = listenForRoomChanges(source, (meetingId, version) => heard.push({ meetingId, version, at: performance.now() }), {
    applicationName: name,
    onListening: (info) => listening.push(info),
    onError: (e) => errors.push(e),
    backoff: { initialMs: 50, maxMs: 400 },
  });
  const of = (meetingId: number) => heard.filter((h) => h.meetingId === meetingId);
  return { name, heard, listening, errors, stop, of };
}

let database: Awaited<ReturnType<typeof freshPgDatabase>>;
let writer: pg.Client;
let pool: pg.Pool;
let a: ReturnType<typeof server>;
let b: ReturnType<typeof server>;

/** The room's version bumped as bumpRoomVersion does, and the change announced, in one transaction. */
async function change(meetingId: number, end: "commit" | "rollback" = "commit", beforeEnd?: () => Promise<void>): Promise<number> {
  await writer.query("begin");
  try {
    const { rows } = await writer.query<{ version: number }>(
      `insert into meeting_rooms (meeting_id, version) values ($1, 1)
       on conflict (meeting_id) do update set version = meeting_rooms.version + 1 returning version`,
      [meetingId],
    );
    const version = rows[0]!.version;
    await notifyRoomChange(writer, meetingId, version);
    await beforeEnd?.();
    await writer.query(end);
    return version;
  } catch (e) {
    await writer.query("rollback");
    throw e;
  }
}

async function backendsNamed(name: string): Promise<number[]> {
  const { rows } = await writer.query<{ pid: number }>("select pid from pg_stat_activity where application_name = $1", [name]);
  return rows.map((r) => r.pid);
}

const settle = (ms: number) => new Promise((r) => setTimeout(r, ms));

beforeAll(async () => {
  database = await freshPgDatabase("room_notify");
  writer = new pg.Client({ connectionString: database.url });
  await writer.connect();
  await writer.query("create table meeting_rooms (meeting_id integer primary key, version integer not null)");
  pool = new pg.Pool({ connectionString: database.url });
  // One server is given a connection string, the other its pool (as the engine will pass it).
  a = server(database.url, "room-test-a");
  b = server(pool, "room-test-b");
  await vi.waitFor(() => expect(a.listening.length + b.listening.length).toBe(2), { timeout: 10_000 });
});

afterAll(async () => {
  await a?.stop();
  await b?.stop();
  await pool?.end();
  await writer?.end();
  await database?.drop();
});

describe("room changes over LISTEN/NOTIFY", () => {
  test("each server listens on its own dedicated connection, not on one borrowed from its pool", async () => {
    expect(await backendsNamed("room-test-a")).toHaveLength(1);
    expect(await backendsNamed("room-test-b")).toHaveLength(1);
    expect(pool.totalCount).toBe(0);
    expect(a.listening[0]).toEqual({ reconnect: false, reread: [] });
  });

  test("a committed change reaches both servers within a second — only once committed — and wakes this process's streams", async () => {
    let woken = 0;
    const off = onMeetingChange(101, () => woken++);
    let committedAt = 0;
    const version = await change(101, "commit", async () => {
      // Notified but not committed yet: nobody hears of it.
      await settle(300);
      expect(a.of(101)).toEqual([]);
      expect(b.of(101)).toEqual([]);
      committedAt = performance.now();
    });
    await vi.waitFor(() => expect(a.of(101).length + b.of(101).length).toBe(2), { timeout: 2_000, interval: 5 });
    off();
    for (const s of [a, b]) {
      expect(s.of(101).map((h) => h.version)).toEqual([version]);
      expect(s.of(101)[0]!.at - committedAt).toBeLessThan(1000);
    }
    // Each listener wakes the streams as a local change does (both "servers" share this process).
    expect(woken).toBe(2);
  });

  test("a rolled-back change reaches neither server", async () => {
    await change(102, "rollback");
    // A change committed after it arrives after it would have: once both hear it, the rollback's is not coming.
    await change(103);
    await vi.waitFor(() => expect(a.of(103).length + b.of(103).length).toBe(2), { timeout: 2_000 });
    expect(a.of(102)).toEqual([]);
    expect(b.of(102)).toEqual([]);
    const { rows } = await writer.query("select * from meeting_rooms where meeting_id = 102");
    expect(rows).toEqual([]);
  });

  test("a burst of changes arrives at both servers in order, each with its version", async () => {
    const versions: number[] = [];
    for (let i = 0; i < 60; i++) versions.push(await change(i % 2 === 0 ? 104 : 114));
    await vi.waitFor(() => expect(a.of(104).length + a.of(114).length + b.of(104).length + b.of(114).length).toBe(120), { timeout: 5_000 });
    const expected = Array.from({ length: 30 }, (_, i) => i + 1);
    for (const s of [a, b]) {
      expect(s.of(104).map((h) => h.version)).toEqual(expected);
      expect(s.of(114).map((h) => h.version)).toEqual(expected);
      // Interleaved as committed, across meetings too.
      const burst = s.heard.filter((h) => h.meetingId === 104 || h.meetingId === 114);
      expect(burst.map((h) => h.version)).toEqual(versions);
    }
  });

  test("a change made through a drizzle transaction over node-postgres is announced alike, on commit only", async () => {
    const orm = drizzle(writer);
    const bump = (meetingId: number) =>
      orm.transaction(async (tx) => {
        const res = await tx.execute<{ version: number }>(
          sql`insert into meeting_rooms (meeting_id, version) values (${meetingId}, 1)
              on conflict (meeting_id) do update set version = meeting_rooms.version + 1 returning version`,
        );
        const version = res.rows[0]!.version;
        await notifyRoomChange(tx, meetingId, version);
        return version;
      });
    await bump(120);
    await bump(120);
    await expect(
      orm.transaction(async (tx) => {
        await notifyRoomChange(tx, 121, 1);
        throw new Error("the change failed");
      }),
    ).rejects.toThrow("the change failed");
    await change(122);
    await vi.waitFor(() => expect(a.of(122).length + b.of(122).length).toBe(2), { timeout: 2_000 });
    for (const s of [a, b]) {
      expect(s.of(120).map((h) => h.version)).toEqual([1, 2]);
      expect(s.of(121)).toEqual([]);
    }
  });

  test("malformed payloads and other channels are ignored, and the listener keeps going", async () => {
    const before = { a: a.heard.length, b: b.heard.length };
    const junk = [
      "garbage",
      "",
      "null",
      "[130, 1]",
      '{"m":"130","v":1}',
      '{"m":-130,"v":1}',
      '{"m":130.5,"v":1}',
      '{"m":130,"v":0}',
      '{"m":130}',
      `{"m":130,"v":1,"pad":"${"x".repeat(200)}"}`,
      '{"m":1e400,"v":1}',
      '{"__proto__":{"m":130,"v":1}}',
    ];
    for (const payload of junk) await writer.query("select pg_notify($1, $2)", [ROOM_CHANNEL, payload]);
    await writer.query("select pg_notify('another_channel', $1)", [JSON.stringify({ m: 130, v: 1 })]);
    await change(131);
    await vi.waitFor(() => expect(a.of(131).length + b.of(131).length).toBe(2), { timeout: 2_000 });
    expect(a.heard.slice(before.a).map((h) => h.meetingId)).toEqual([131]);
    expect(b.heard.slice(before.b).map((h) => h.meetingId)).toEqual([131]);
    expect([...a.errors, ...b.errors]).toEqual([]);
    expect(a.listening).toHaveLength(1);

    expect(parseRoomChange('{"m":7,"v":3}')).toEqual({ meetingId: 7, version: 3 });
    for (const payload of [...junk, undefined, null]) expect(parseRoomChange(payload)).toBeNull();
    // The writer refuses to announce nonsense rather than sending it.
    await expect(notifyRoomChange(writer, 0, 1)).rejects.toThrow(TypeError);
    await expect(notifyRoomChange(writer, 5, Number.NaN)).rejects.toThrow(TypeError);
  });

  test("a killed listen connection is remade; every watched meeting re-reads once, and the next change arrives", async () => {
    // A stream open on this server for meeting 140 (watchMeeting also polls SQLite; its version never changes there).
    const sqlite = tempDb();
    let wakes = 0;
    const unwatch = await watchMeeting(sqlite.db, 140, () => wakes++);
    try {
      const [oldPid] = await backendsNamed("room-test-a");
      const { rows } = await writer.query<{ ok: boolean }>("select pg_terminate_backend($1) as ok", [oldPid]);
      expect(rows[0]?.ok).toBe(true);
      await vi.waitFor(() => expect(a.listening).toHaveLength(2), { timeout: 10_000 });
      expect(a.listening[1]).toEqual({ reconnect: true, reread: [140] });
      expect(wakes).toBe(1);
      expect(a.errors.length).toBeGreaterThan(0);
      const pids = await backendsNamed("room-test-a");
      expect(pids).toHaveLength(1);
      expect(pids[0]).not.toBe(oldPid);
      // The other server never noticed.
      expect(b.listening).toHaveLength(1);
      expect(b.errors).toEqual([]);

      await change(141);
      await vi.waitFor(() => expect(a.of(141).length + b.of(141).length).toBe(2), { timeout: 2_000 });
      await settle(700);
      // Once: a reconnect is not a stream of re-reads, and nothing else woke meeting 140.
      expect(wakes).toBe(1);
    } finally {
      unwatch();
      sqlite.cleanup();
    }
  });

  test("while the database cannot be reached, the listener retries with growing waits until stopped", async () => {
    // A port nobody listens on: every connect is refused at once.
    const probe = net.createServer();
    await new Promise<void>((r) => probe.listen(0, "127.0.0.1", () => r()));
    const port = (probe.address() as net.AddressInfo).port;
    await new Promise((r) => probe.close(r));
    const url = new URL(database.url);
    url.port = String(port);
    const e = server(url.toString(), "room-test-e");
    await settle(1_500);
    const tries = e.errors.length;
    // Waits of 25–50, 50–100, 100–200, then 200–400 ms: about eight attempts, not one every 50 ms (30).
    expect(tries).toBeGreaterThanOrEqual(3);
    expect(tries).toBeLessThanOrEqual(12);
    expect(e.listening).toEqual([]);
    await e.stop();
    await settle(600);
    expect(e.errors.length).toBe(tries);
  });

  test("stop() closes the connection for good: no reconnect, nothing more heard", async () => {
    const c = server(database.url, "room-test-c");
    await vi.waitFor(() => expect(c.listening).toHaveLength(1), { timeout: 10_000 });
    expect(await backendsNamed("room-test-c")).toHaveLength(1);
    await c.stop();
    await c.stop();
    await vi.waitFor(async () => expect(await backendsNamed("room-test-c")).toEqual([]), { timeout: 5_000 });

    // Stopped while still connecting: the connection it was making is closed too.
    const d = server(database.url, "room-test-d");
    await d.stop();

    await change(150);
    await vi.waitFor(() => expect(a.of(150).length + b.of(150).length).toBe(2), { timeout: 2_000 });
    await settle(500);
    expect(c.of(150)).toEqual([]);
    expect(d.heard).toEqual([]);
    expect(d.listening).toEqual([]);
    expect(c.listening).toHaveLength(1);
    expect(await backendsNamed("room-test-c")).toEqual([]);
    expect(await backendsNamed("room-test-d")).toEqual([]);
    expect([...c.errors, ...d.errors]).toEqual([]);
  });
});
