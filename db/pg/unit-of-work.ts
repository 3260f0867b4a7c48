import { AsyncLocalStorage } from "node:async_hooks";
import type pg from "pg";
import { isForeignKeyViolation, isRetryableConflict, isUniqueViolation, WriteConflict } from "../engine-errors";
import { bindPg, PG_LOCK, type PgConnection, type PgHandle, type PgSnapshot, type PgTx } from "./engine";

/** Runs of a unit before a serialization failure or deadlock is given up on and thrown. */
export const PG_UNIT_ATTEMPTS = 5;
const BACKOFF_BASE_MS = 10;
const BACKOFF_MAX_MS = 200;

/** A pool by its shape, not instanceof: Next.js may bundle its own copy of pg (as lib/meetings/room/pg-room-changes.ts). */
const isPool = (c: unknown): c is pg.Pool => typeof c === "object" && c !== null && "totalCount" in c && "connect" in c;

/** The pool each bound connection was taken from, so a unit or snapshot may be started from a bound handle too. */
const homePool = new WeakMap<PgConnection, pg.Pool>();

function poolOf(db: PgHandle): pg.Pool {
  const client = db.$client;
  if (isPool(client)) return client;
  const pool = homePool.get(client);
  if (!pool) throw new TypeError("not a PostgreSQL handle of openPgDatabase (db/pg/engine.ts), nor of one of its units or snapshots");
  return pool;
}

/** The unit or snapshot the current async call chain is inside, if any. */
type Open = { pool: pg.Pool; kind: "unit" | "snapshot"; handle: PgSnapshot };
const open = new AsyncLocalStorage<Open>();

/**
 * A pooled connection lent to one unit or snapshot. Queries through a handle kept past its end (a
 * promise nobody awaited) fail, instead of running inside whatever transaction the connection
 * serves next.
 */
function lend(pool: pg.Pool, client: pg.PoolClient): { connection: PgConnection; end: () => void } {
  let lent = true;
  const connection: PgConnection = {
    query: ((...args: unknown[]) => {
      if (!lent) throw new Error("this database handle's unit of work or snapshot has ended: a query was not awaited inside it");
      return (client.query as (...a: unknown[]) => unknown)(...args);
    }) as PgConnection["query"],
  };
  homePool.set(connection, pool);
  return { connection, end: () => void (lent = false) };
}

/**
 * Ends a failed transaction. After a failed COMMIT the server has already rolled back, and ROLLBACK
 * only warns. Returns what to hand `release`: an error when the connection is in no known state
 * (ROLLBACK failed too), so the pool closes it rather than lend it again.
 */
async function rollback(client: pg.PoolClient): Promise<Error | undefined> {
  try {
    await client.query("ROLLBACK");
    return undefined;
  } catch (e) {
    return e instanceof Error ? e : new Error(String(e));
  }
}

/**
 * One async queue per pool, as db/unit-of-work.ts keeps per SQLite file: this server's units take a
 * connection one at a time. Only one unit writes at a time anyway (the advisory lock), and a unit
 * waiting for that lock on a connection of its own would hold it idle: fifty waiting writers would
 * take every connection, and the one holding the lock could not borrow one to read with.
 */
const queues = new WeakMap<pg.Pool, Promise<void>>();
function queue(pool: pg.Pool): Promise<() => void> {
  const before = queues.get(pool) ?? Promise.resolve();
  let release!: () => void;
  const mine = new Promise<void>((resolve) => (release = resolve));
  const tail = before.then(() => mine);
  queues.set(pool, tail);
  return before.then(() => () => {
    release();
    if (queues.get(pool) === tail) queues.delete(pool);
  });
}

/**
 * One transaction on one pooled connection: the `begin` statements, then `body` with drizzle bound
 * to the connection (inside its AsyncLocalStorage frame, so nested units and snapshots join it),
 * COMMIT. On any failure a ROLLBACK, and the connection is closed instead of pooled when even that
 * fails. The connection always goes back.
 */
async function inTransaction<T, H extends PgSnapshot>(pool: pg.Pool, kind: "unit" | "snapshot", begin: string[], body: (handle: H) => Promise<T>): Promise<T> {
  const client = await pool.connect();
  const { connection, end } = lend(pool, client);
  let broken: Error | undefined;
  try {
    for (const statement of begin) await client.query(statement);
    const handle = bindPg(connection) as unknown as H;
    const result = await open.run({ pool, kind, handle }, () => body(handle));
    await client.query("COMMIT");
    return result;
  } catch (e) {
    broken = await rollback(client);
    throw e;
  } finally {
    end();
    client.release(broken);
  }
}

async function runUnit<T>(pool: pg.Pool, work: (tx: PgTx) => Promise<T>): Promise<T> {
  const dequeue = await queue(pool);
  try {
    return await inTransaction(pool, "unit", [
      "BEGIN ISOLATION LEVEL READ COMMITTED",
      // First, before anything is read: from here on no other unit on any server writes until this
      // one commits, and each statement sees every earlier commit (READ COMMITTED).
      `SELECT pg_advisory_xact_lock(${PG_LOCK.write})`,
    ], work);
  } finally {
    dequeue();
  }
}

const pause = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * Runs `work` as ONE transaction on PostgreSQL and returns its result: the twin of unitOfWork
 * (db/unit-of-work.ts), with the same contract.
 *
 * The unit is `BEGIN ISOLATION LEVEL READ COMMITTED` and, as its first statement,
 * `pg_advisory_xact_lock` on one key: writers are serialised across every app server as SQLite's
 * BEGIN IMMEDIATE serialises them, so the audit hash chain, whose every write appends to its end,
 * can never fork, and each statement sees every earlier commit. The lock goes with the commit or
 * rollback. `tx` is drizzle bound to the unit's connection; reads through the process handle meanwhile
 * run on other connections and see the unit's writes only after its commit.
 *
 * A thrown error rolls everything back. A serialization failure or deadlock (40001, 40P01) runs the
 * whole `work` again from the start, after a short random pause, up to PG_UNIT_ATTEMPTS runs; then
 * that error is thrown. A unit started inside another on the same database joins it (the outer one
 * alone commits, retries, and maps errors). Unique and foreign-key failures the work did not turn into
 * its own AppError come out as `WriteConflict`, also when raised by the COMMIT (deferred constraints).
 * The connection always goes back to the pool, closed if its state is unknown.
 */
export async function pgUnitOfWork<T>(db: PgHandle, work: (tx: PgTx) => Promise<T>): Promise<T> {
  const pool = poolOf(db);
  const current = open.getStore();
  if (current?.kind === "unit" && current.pool === pool) return work(current.handle as PgTx);
  for (let attempt = 1; ; attempt++) {
    try {
      return await runUnit(pool, work);
    } catch (e) {
      if (attempt >= PG_UNIT_ATTEMPTS || !isRetryableConflict(e)) throw asWriteConflict(e);
      // Random within a doubling bound, so units that collided do not collide again in step.
      await pause(Math.random() * Math.min(BACKOFF_BASE_MS * 2 ** (attempt - 1), BACKOFF_MAX_MS));
    }
  }
}

function asWriteConflict(e: unknown): unknown {
  if (e instanceof WriteConflict) return e;
  if (isUniqueViolation(e)) return new WriteConflict("unique", { cause: e });
  if (isForeignKeyViolation(e)) return new WriteConflict("foreignKey", { cause: e });
  return e;
}

/**
 * Reads as one snapshot, for a screen that must not mix two versions: the twin of readSnapshot.
 * `BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY` on one pooled connection: every query of `read`
 * sees the database as of its first query, whatever commits meanwhile; it takes no lock, waits for
 * no writer and is never made to retry. Nothing may be written in it. Inside a unit of work it reads
 * through the unit's transaction (its own writes included); inside another snapshot, through that one.
 */
export async function pgReadSnapshot<T>(db: PgHandle, read: (snapshot: PgSnapshot) => Promise<T>): Promise<T> {
  const pool = poolOf(db);
  const current = open.getStore();
  if (current && current.pool === pool) return read(current.handle);
  return inTransaction(pool, "snapshot", ["BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY"], read);
}
