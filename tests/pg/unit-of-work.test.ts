import { createHash } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { asc, count, desc, eq, sql } from "drizzle-orm";
import { integer, pgTable, serial, text } from "drizzle-orm/pg-core";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { isRetryableConflict, WriteConflict } from "@/db/engine-errors";
import { openPgDatabase, type PgDb, type PgEngine, type PgTx } from "@/db/pg/engine";
import { PG_UNIT_ATTEMPTS, pgReadSnapshot, pgUnitOfWork } from "@/db/pg/unit-of-work";
import { topics } from "@/db/schema-pg";
import { freshPgDatabase } from "./database";

/**
 * The PostgreSQL unit of work (issue 15) against a real server: two engines opened on one database
 * stand for two app servers. Scratch tables (uow_*) beside the app's migrated schema.
 */

const counters = pgTable("uow_counters", { id: integer("id").primaryKey(), value: integer("value").notNull() });
const parents = pgTable("uow_parents", { id: integer("id").primaryKey(), name: text("name").notNull() });
const children = pgTable("uow_children", { id: serial("id").primaryKey(), parentId: integer("parent_id").notNull() });
const chain = pgTable("uow_chain", {
  id: serial("id").primaryKey(),
  prev: text("prev").notNull(),
  hash: text("hash").notNull(),
  payload: text("payload").notNull(),
  server: text("server").notNull(),
});
const attempts = pgTable("uow_attempts", { id: serial("id").primaryKey(), unit: text("unit").notNull(), attempt: integer("attempt").notNull() });
const deferred = pgTable("uow_deferred", { key: text("key").notNull() });

const SCRATCH = `
  CREATE TABLE uow_counters (id integer PRIMARY KEY, value integer NOT NULL);
  CREATE TABLE uow_parents (id integer PRIMARY KEY, name text NOT NULL UNIQUE);
  CREATE TABLE uow_children (id serial PRIMARY KEY, parent_id integer NOT NULL REFERENCES uow_parents (id));
  CREATE TABLE uow_chain (id serial PRIMARY KEY, prev text NOT NULL, hash text NOT NULL, payload text NOT NULL, server text NOT NULL);
  CREATE TABLE uow_attempts (id serial PRIMARY KEY, unit text NOT NULL, attempt integer NOT NULL);
  CREATE TABLE uow_deferred (key text NOT NULL, CONSTRAINT uow_deferred_key UNIQUE (key) DEFERRABLE INITIALLY DEFERRED);
`;

const GENESIS = "0".repeat(64);
const sha256 = (s: string) => createHash("sha256").update(s).digest("hex");
const raise = (code: string) => sql.raw(`DO $$ BEGIN RAISE EXCEPTION 'made to fail' USING ERRCODE = '${code}'; END $$`);

let database: Awaited<ReturnType<typeof freshPgDatabase>>;
let a: PgEngine;
let b: PgEngine;

async function parentIds(db: PgDb): Promise<number[]> {
  return (await db.select({ id: parents.id }).from(parents).orderBy(asc(parents.id))).map((r) => r.id);
}

/** Every connection of the pool is back and idle: no unit or snapshot kept one. */
function expectAllReturned(engine: PgEngine) {
  expect(engine.pool.waitingCount).toBe(0);
  expect(engine.pool.idleCount).toBe(engine.pool.totalCount);
}

beforeAll(async () => {
  database = await freshPgDatabase("unit_of_work");
  a = await openPgDatabase(database.url, { applicationName: "uow server a" });
  // A small pool on purpose: the test of writers queueing needs more writers than connections.
  b = await openPgDatabase(database.url, { applicationName: "uow server b", max: 2 });
  await a.pool.query(SCRATCH);
});

afterAll(async () => {
  await a?.close();
  await b?.close();
  await database?.drop();
});

describe("pgUnitOfWork", () => {
  test("commits the work and returns its result; every server reads it after the commit", async () => {
    const result = await pgUnitOfWork(a.db, async (tx) => {
      await tx.insert(parents).values({ id: 1, name: "one" });
      return "done";
    });
    expect(result).toBe("done");
    expect(await parentIds(a.db)).toEqual([1]);
    expect(await parentIds(b.db)).toEqual([1]);
  });

  test("a thrown error rolls back everything the work wrote, and comes out as it was thrown", async () => {
    const oops = new Error("the use case refused");
    await expect(
      pgUnitOfWork(a.db, async (tx) => {
        await tx.insert(parents).values({ id: 2, name: "two" });
        await tx.insert(parents).values({ id: 3, name: "three" });
        throw oops;
      }),
    ).rejects.toBe(oops);
    expect(await parentIds(a.db)).toEqual([1]);
    expectAllReturned(a);
  });

  test("a unit started inside another joins it: one transaction, committed or rolled back as a whole", async () => {
    let seenOutside: number[] = [];
    await expect(
      pgUnitOfWork(a.db, async (tx) => {
        await tx.insert(parents).values({ id: 10, name: "ten" });
        await pgUnitOfWork(a.db, async (inner) => {
          expect(inner).toBe(tx);
          // The outer unit's write, not yet committed, is there.
          expect((await inner.select().from(parents).where(eq(parents.id, 10))).length).toBe(1);
          await inner.insert(parents).values({ id: 11, name: "eleven" });
        });
        // Started from the unit's own handle: joins as well.
        await pgUnitOfWork(tx, async (inner) => void (await inner.insert(parents).values({ id: 12, name: "twelve" })));
        // Other connections do not see any of it before the commit.
        seenOutside = await parentIds(a.db);
        throw new Error("rolled back after the inner units returned");
      }),
    ).rejects.toThrow("rolled back after the inner units returned");
    expect(seenOutside).toEqual([1]);
    expect(await parentIds(a.db)).toEqual([1]);

    await pgUnitOfWork(a.db, async (tx) => {
      await tx.insert(parents).values({ id: 10, name: "ten" });
      await pgUnitOfWork(a.db, async (inner) => void (await inner.insert(parents).values({ id: 11, name: "eleven" })));
    });
    expect(await parentIds(b.db)).toEqual([1, 10, 11]);
  });

  test("50 concurrent units on two servers, each reading a counter and writing it plus one, count exactly 50", async () => {
    await a.db.insert(counters).values({ id: 1, value: 0 });
    await Promise.all(
      Array.from({ length: 50 }, (_, i) =>
        pgUnitOfWork((i % 2 ? a : b).db, async (tx) => {
          const [row] = await tx.select().from(counters).where(eq(counters.id, 1));
          // A turn of the event loop between the read and the write, where another unit could slip in.
          await new Promise((resolve) => setImmediate(resolve));
          await tx
            .update(counters)
            .set({ value: row!.value + 1 })
            .where(eq(counters.id, 1));
        }),
      ),
    );
    const [row] = await a.db.select().from(counters).where(eq(counters.id, 1));
    expect(row!.value).toBe(50);
  });

  test("two servers appending 200 entries to one hash chain at once never fork it", async () => {
    const append = (engine: PgEngine, server: string, n: number) =>
      pgUnitOfWork(engine.db, async (tx) => {
        const [last] = await tx.select({ hash: chain.hash }).from(chain).orderBy(desc(chain.id)).limit(1);
        const prev = last?.hash ?? GENESIS;
        const payload = `${server}:${n}`;
        await tx.insert(chain).values({ prev, hash: sha256(prev + payload), payload, server });
      });
    await Promise.all(Array.from({ length: 200 }, (_, n) => (n % 2 ? append(a, "a", n) : append(b, "b", n))));

    const rows = await a.db.select().from(chain).orderBy(asc(chain.id));
    expect(rows).toHaveLength(200);
    expect(rows.filter((r) => r.server === "a")).toHaveLength(100);
    rows.forEach((row, i) => {
      expect(row.prev).toBe(i === 0 ? GENESIS : rows[i - 1]!.hash);
      expect(row.hash).toBe(sha256(row.prev + row.payload));
    });
    // No two entries follow the same one.
    expect(new Set(rows.map((r) => r.prev)).size).toBe(200);
  });

  test("writers waiting for the lock do not take the pool's connections: the writing unit can still read through the pool", async () => {
    // Server b has two connections. Were each waiting writer to hold one, the unit holding the lock
    // could not get one for its read, and nobody would ever finish.
    const seen = await Promise.all(
      Array.from({ length: 12 }, (_, i) =>
        pgUnitOfWork(b.db, async (tx) => {
          await tx.insert(attempts).values({ unit: "pool", attempt: i });
          const [row] = await b.db.select({ n: count() }).from(parents);
          return row!.n;
        }),
      ),
    );
    expect(seen).toEqual(Array(12).fill(3));
    expectAllReturned(b);
    // A deadlock here would hang: fail soon instead.
  }, 10_000);

  test("a unique clash comes out as WriteConflict('unique') and nothing of the unit is written", async () => {
    const e = await pgUnitOfWork(a.db, async (tx) => {
      await tx.insert(parents).values({ id: 20, name: "twenty" });
      await tx.insert(parents).values({ id: 21, name: "one" });
    }).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(WriteConflict);
    expect((e as WriteConflict).kind).toBe("unique");
    expect(await parentIds(a.db)).toEqual([1, 10, 11]);
  });

  test("a missing parent comes out as WriteConflict('foreignKey') and nothing of the unit is written", async () => {
    const e = await pgUnitOfWork(a.db, async (tx) => {
      await tx.insert(parents).values({ id: 22, name: "twenty-two" });
      await tx.insert(children).values({ parentId: 999 });
    }).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(WriteConflict);
    expect((e as WriteConflict).kind).toBe("foreignKey");
    expect(await parentIds(a.db)).toEqual([1, 10, 11]);
    expect(await a.db.select().from(children)).toEqual([]);
  });

  test("a clash found only by the COMMIT (a deferred constraint) is a WriteConflict too, and the connection goes back", async () => {
    const e = await pgUnitOfWork(a.db, async (tx) => {
      await tx.insert(deferred).values([{ key: "same" }, { key: "same" }]);
    }).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(WriteConflict);
    expect((e as WriteConflict).kind).toBe("unique");
    expect(await a.db.select().from(deferred)).toEqual([]);
    expectAllReturned(a);
    // And it still works.
    await pgUnitOfWork(a.db, async (tx) => void (await tx.insert(deferred).values({ key: "once" })));
    expect(await a.db.select().from(deferred)).toEqual([{ key: "once" }]);
  });

  test("a serialization failure or deadlock runs the work again from the start, and it is written exactly once", async () => {
    for (const code of ["40001", "40P01"]) {
      let runs = 0;
      const result = await pgUnitOfWork(a.db, async (tx) => {
        runs++;
        await tx.insert(attempts).values({ unit: `retry ${code}`, attempt: runs });
        if (runs === 1) await tx.execute(raise(code));
        return runs;
      });
      expect(result).toBe(2);
      expect(runs).toBe(2);
      const written = await a.db.select({ attempt: attempts.attempt }).from(attempts).where(eq(attempts.unit, `retry ${code}`));
      expect(written).toEqual([{ attempt: 2 }]);
    }
    expectAllReturned(a);
  });

  test("after PG_UNIT_ATTEMPTS failed runs it gives up with the database's error, having written nothing", async () => {
    let runs = 0;
    const e = await pgUnitOfWork(a.db, async (tx) => {
      runs++;
      await tx.insert(attempts).values({ unit: "give up", attempt: runs });
      await tx.execute(raise("40001"));
    }).catch((x: unknown) => x);
    expect(runs).toBe(PG_UNIT_ATTEMPTS);
    expect(PG_UNIT_ATTEMPTS).toBe(5);
    expect(isRetryableConflict(e)).toBe(true);
    expect(e).not.toBeInstanceOf(WriteConflict);
    expect(await a.db.select().from(attempts).where(eq(attempts.unit, "give up"))).toEqual([]);
    expectAllReturned(a);
  });

  test("an error that is not a conflict is not retried", async () => {
    let runs = 0;
    await expect(
      pgUnitOfWork(a.db, async (tx) => {
        runs++;
        await tx.execute(sql`select 1 / 0`);
      }),
    ).rejects.toMatchObject({ cause: { code: "22012" } });
    expect(runs).toBe(1);
  });

  test("a handle kept past its unit refuses to query, and drizzle's own transaction is refused", async () => {
    let kept: PgTx | undefined;
    await pgUnitOfWork(a.db, async (tx) => void (kept = tx));
    await expect(kept!.select().from(parents)).rejects.toMatchObject({ cause: { message: expect.stringMatching(/has ended/) } });
    expect(() => (a.db as unknown as { transaction: (f: () => Promise<void>) => unknown }).transaction(async () => {})).toThrow(TypeError);
    expect(() => (kept as unknown as { transaction: (f: () => Promise<void>) => unknown }).transaction(async () => {})).toThrow(TypeError);
  });
});

describe("pgReadSnapshot", () => {
  test("reads one version while a unit commits in between", async () => {
    await a.db.insert(counters).values({ id: 2, value: 0 });
    const read = (db: PgDb | PgTx | Parameters<Parameters<typeof pgReadSnapshot>[1]>[0]) =>
      db
        .select({ value: counters.value })
        .from(counters)
        .where(eq(counters.id, 2))
        .then((rows) => rows[0]!.value);
    const [before, committedMeanwhile, after] = await pgReadSnapshot(a.db, async (snapshot) => {
      const first = await read(snapshot);
      await pgUnitOfWork(b.db, async (tx) => void (await tx.update(counters).set({ value: 7 }).where(eq(counters.id, 2))));
      return [first, await read(a.db), await read(snapshot)];
    });
    expect(before).toBe(0);
    expect(committedMeanwhile).toBe(7);
    expect(after).toBe(0);
    expect(await read(a.db)).toBe(7);
    expectAllReturned(a);
  });

  test("is read-only", async () => {
    await expect(pgReadSnapshot(a.db, async (s) => s.insert(parents).values({ id: 30, name: "thirty" }))).rejects.toMatchObject({
      cause: { code: "25006" },
    });
    expect(await parentIds(a.db)).toEqual([1, 10, 11]);
    expectAllReturned(a);
  });

  test("inside a unit it reads through the unit's transaction, the unit's own writes included", async () => {
    await expect(
      pgUnitOfWork(a.db, async (tx) => {
        await tx.insert(parents).values({ id: 40, name: "forty" });
        const inSnapshot = await pgReadSnapshot(a.db, async (s) => {
          expect(s).toBe(tx);
          return (await s.select().from(parents).where(eq(parents.id, 40))).length;
        });
        expect(inSnapshot).toBe(1);
        throw new Error("undo");
      }),
    ).rejects.toThrow("undo");
    expect(await parentIds(a.db)).toEqual([1, 10, 11]);
  });
});

describe("openPgDatabase", () => {
  test("two servers starting at once on an empty database both open it, and each migration runs once", async () => {
    const empty = await freshPgDatabase("uow_migrate");
    const opened: PgEngine[] = [];
    try {
      opened.push(...(await Promise.all([openPgDatabase(empty.url, { max: 2 }), openPgDatabase(empty.url, { max: 2 })])));
      const journal = JSON.parse(fs.readFileSync(path.join(process.cwd(), "db", "migrations-pg", "meta", "_journal.json"), "utf8")) as {
        entries: unknown[];
      };
      const { rows } = await opened[0]!.pool.query<{ hash: string; n: number }>(
        "select hash, count(*) as n from drizzle.__drizzle_migrations group by hash",
      );
      expect(journal.entries.length).toBeGreaterThan(0);
      expect(rows).toHaveLength(journal.entries.length);
      expect(rows.every((r) => r.n === 1)).toBe(true);
      // The schema is there for both.
      for (const engine of opened) expect(await engine.db.select({ n: count() }).from(topics)).toEqual([{ n: 0 }]);
    } finally {
      for (const engine of opened) await engine.close();
      await empty.drop();
    }
  });

  test("count(*) and sums come back as numbers, past 2^53 as an error; pg's own parsers are left alone", async () => {
    const [viaDrizzle] = await a.db.select({ n: sql<number>`count(*)`, total: sql<number>`sum(${counters.value})` }).from(counters);
    expect(viaDrizzle).toEqual({ n: 2, total: 57 });
    const executed = await a.db.execute<{ n: number; avg: number }>(sql`select count(*) as n, avg(value) as avg from uow_counters`);
    expect(executed.rows).toEqual([{ n: 2, avg: 28.5 }]);
    expect((await a.pool.query("select count(*) as n from uow_parents")).rows).toEqual([{ n: 3 }]);
    await pgUnitOfWork(a.db, async (tx) => {
      const [inUnit] = await tx.select({ n: sql<number>`count(*)` }).from(parents);
      expect(inUnit).toEqual({ n: 3 });
    });

    await expect(a.db.execute(sql`select 9007199254740993::int8 as n`)).rejects.toMatchObject({ cause: expect.any(RangeError) });
    await expect(a.pool.query("select 9007199254740993::numeric as n")).rejects.toThrow(RangeError);
    expect((await a.pool.query("select 9007199254740991::int8 as n")).rows).toEqual([{ n: Number.MAX_SAFE_INTEGER }]);

    // Dates are still drizzle's to map.
    const [topicColumns] = await a.db.select({ now: sql`now()`.mapWith(topics.createdAt) }).from(counters).limit(1);
    expect(topicColumns!.now).toBeInstanceOf(Date);

    // Another client in the same process reads bigint as text, as pg does by default.
    expect(pg.types.getTypeParser(20)("5")).toBe("5");
    const plain = new pg.Client({ connectionString: database.url });
    await plain.connect();
    try {
      expect((await plain.query("select count(*) as n from uow_parents")).rows).toEqual([{ n: "3" }]);
    } finally {
      await plain.end();
    }
  });

  test("every connection runs with JIT off", async () => {
    expect((await a.pool.query("show jit")).rows).toEqual([{ jit: "off" }]);
    const [row] = (await a.db.execute<{ jit: string }>(sql`show jit`)).rows;
    expect(row).toEqual({ jit: "off" });
    // A stalled server's transaction cannot hold the writers' lock for long.
    expect((await a.pool.query("show idle_in_transaction_session_timeout")).rows).toEqual([{ idle_in_transaction_session_timeout: "1min" }]);
  });
});
