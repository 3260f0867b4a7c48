import { AsyncLocalStorage } from "node:async_hooks";
import { writerOf, type DB, type Tx } from "./client";
import { isPgHandle, type PgHandle, type PgSnapshot, type PgTx } from "./pg/engine";
import { pgReadSnapshot, pgUnitOfWork } from "./pg/unit-of-work";
import { isForeignKeyViolation, isUniqueViolation, WriteConflict } from "./engine-errors";

export { WriteConflict };

/**
 * One async mutex per database file: a promise chain, each holder waiting for the one before. Per
 * file, not per connection, because two handles on one file in one process (a second server in a
 * test, a script) would otherwise wait for SQLite's lock synchronously, holding up the very event
 * loop the other unit needs to commit. Other processes are kept apart by SQLite's lock itself.
 */
const queues = new Map<unknown, Promise<void>>();
function lock(key: unknown): Promise<() => void> {
  const before = queues.get(key) ?? Promise.resolve();
  let release!: () => void;
  const mine = new Promise<void>((resolve) => (release = resolve));
  const tail = before.then(() => mine);
  queues.set(key, tail);
  return before.then(() => () => {
    release();
    // The last in line leaves nothing behind.
    if (queues.get(key) === tail) queues.delete(key);
  });
}
/** A file by its path; an in-memory database, which cannot be opened twice, by its one connection. */
const fileOf = (db: DB): unknown => (db.$client.memory ? db.$client : db.$client.name);

/** The writer whose transaction the current async call chain is inside, if any. */
const open = new AsyncLocalStorage<DB>();

/**
 * Runs `work` as ONE transaction and returns its result: every use case writes through here.
 *
 * On SQLite the work runs on the file's writer connection, one unit at a time (an async mutex),
 * inside `BEGIN IMMEDIATE`, so the write lock is taken before the first read and two units never
 * interleave, even when the work awaits. The work may await freely: its queries run on the writer,
 * which nothing else uses meanwhile; readers elsewhere see its writes only after the commit.
 * A thrown error rolls everything back. A unit started inside another (a use case calling a helper
 * that is itself a unit) joins the outer one.
 *
 * Unique-index and foreign-key failures that the work did not turn into its own AppError come out
 * as `WriteConflict`, the same on every engine.
 */
export async function unitOfWork<T>(db: DB, work: (tx: Tx) => Promise<T>): Promise<T> {
  // PostgreSQL (DATABASE_URL): one pooled connection, READ COMMITTED behind the writers' advisory
  // lock, retried on serialization failure and deadlock (db/pg/unit-of-work.ts).
  if (isPgHandle(db)) return pgUnitOfWork(db as unknown as PgHandle, work as unknown as (tx: PgTx) => Promise<T>);
  const writer = writerOf(db);
  if (open.getStore() === writer) return work(writer as Tx);
  const release = await lock(fileOf(writer));
  try {
    const sqlite = writer.$client;
    sqlite.exec("BEGIN IMMEDIATE");
    let result: T;
    try {
      result = await open.run(writer, () => work(writer as Tx));
    } catch (e) {
      if (sqlite.inTransaction) sqlite.exec("ROLLBACK");
      throw asWriteConflict(e);
    }
    try {
      sqlite.exec("COMMIT");
    } catch (e) {
      if (sqlite.inTransaction) sqlite.exec("ROLLBACK");
      throw asWriteConflict(e);
    }
    return result;
  } finally {
    release();
  }
}

function asWriteConflict(e: unknown): unknown {
  if (e instanceof WriteConflict) return e;
  if (isUniqueViolation(e)) return new WriteConflict("unique", { cause: e });
  if (isForeignKeyViolation(e)) return new WriteConflict("foreignKey", { cause: e });
  return e;
}

/**
 * Reads as one snapshot, for a screen that must not mix two versions (the meeting room's state).
 * On SQLite: a read transaction on the reading connection (never the writer, so it waits for no
 * write and blocks none), one snapshot at a time per connection. Nothing may be written in it.
 */
export async function readSnapshot<T>(db: DB, read: (snapshot: DB) => Promise<T>): Promise<T> {
  if (isPgHandle(db)) return pgReadSnapshot(db as unknown as PgHandle, read as unknown as (snapshot: PgSnapshot) => Promise<T>);
  const sqlite = db.$client;
  // Already in a transaction on this connection (a unit's writer, or another snapshot): that one holds.
  if (sqlite.inTransaction) return read(db);
  // Snapshots queue per reading connection: each has its own read transaction.
  const release = await lock(sqlite);
  try {
    sqlite.exec("BEGIN");
    try {
      return await read(db);
    } finally {
      if (sqlite.inTransaction) sqlite.exec("COMMIT");
    }
  } finally {
    release();
  }
}
