import "server-only";
import fs from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";
import { drizzle, type BetterSQLite3Database } from "drizzle-orm/better-sqlite3";
import { migrate } from "drizzle-orm/better-sqlite3/migrator";
import { openPgDatabase, type PgEngine } from "./pg/engine";
import * as schema from "./schema/sqlite";

/**
 * The database handle use cases get. Its `transaction` is taken away on purpose: better-sqlite3's
 * transaction takes a synchronous callback only, and an async one would commit the part after its
 * first `await` outside the transaction. Every write goes through `unitOfWork` (db/unit-of-work.ts),
 * which awaits the work inside one transaction on the engine's writer.
 */
export type DB = Omit<BetterSQLite3Database<typeof schema>, "transaction"> & { $client: Database.Database };
declare const insideUnitOfWork: unique symbol;
/**
 * The handle a use case receives inside `unitOfWork(db, async (tx) => …)`: the writer, with the
 * same query API as DB. Branded, so a helper that writes (typed `tx: Tx`) cannot be handed the
 * reading handle by mistake: outside a unit of work there is nothing to write with.
 */
export type Tx = DB & { readonly [insideUnitOfWork]: true };

/** The SQLite file: GRIDCOUNCIL_DB, read here because db/ imports nothing from lib/ (lib/config.ts checks it at start). */
export function databasePath(): string {
  return path.resolve(/*turbopackIgnore: true*/ process.env.GRIDCOUNCIL_DB ?? path.join("data", "gridcouncil.db"));
}

const STATEMENT_CACHE_SIZE = 1000;

/**
 * Keeps compiled statements by their SQL text. drizzle asks better-sqlite3 to prepare every query
 * it runs, and profiling the topic page and the vote showed SQLite compiling the same few hundred
 * statements again on every request. A statement is reused only through get/all/run/raw, which
 * drizzle uses (never iterate, which would hold it busy); raw mode is a setting left on the
 * statement, so it is reset each time a statement is handed out again.
 */
function cachePreparedStatements(sqlite: Database.Database): void {
  const prepare = sqlite.prepare.bind(sqlite);
  const cache = new Map<string, Database.Statement>();
  sqlite.prepare = ((source: string) => {
    const hit = cache.get(source);
    if (hit) {
      // Most recently used last, so the oldest is dropped first.
      cache.delete(source);
      cache.set(source, hit);
      return hit.reader ? hit.raw(false) : hit;
    }
    const statement = prepare(source);
    cache.set(source, statement);
    if (cache.size > STATEMENT_CACHE_SIZE) cache.delete(cache.keys().next().value!);
    return statement;
  }) as typeof sqlite.prepare;
}

/** The synchronous transaction API, refused at once at run time as the type refuses it at compile time. */
function refuseSyncTransactions(db: BetterSQLite3Database<typeof schema>): DB {
  Object.defineProperty(db, "transaction", {
    value: () => {
      throw new TypeError("db.transaction is not used here: run the work in unitOfWork(db, async (tx) => …) (db/unit-of-work.ts)");
    },
  });
  return db as unknown as DB;
}

function connect(file: string): Database.Database {
  const sqlite = new Database(file);
  cachePreparedStatements(sqlite);
  // WAL lets readers go on while one writer commits; the busy timeout makes a second writer
  // wait for the lock instead of failing at once with SQLITE_BUSY.
  sqlite.pragma("journal_mode = WAL");
  sqlite.pragma("synchronous = NORMAL");
  sqlite.pragma("busy_timeout = 5000");
  return sqlite;
}

/**
 * Each SQLite file is open twice in a process: the handle everybody reads with, and one writer that
 * only `unitOfWork` uses (one transaction at a time, under its mutex, BEGIN IMMEDIATE). Readers on
 * their own connection never see a transaction's writes before its commit, even while the work
 * awaits. An in-memory database cannot be opened twice: it writes on its one connection.
 */
const writers = new WeakMap<Database.Database, DB>();

/** The writer paired with `db` (the handle itself when it is the writer or an in-memory database). */
export function writerOf(db: DB): DB {
  const client = db.$client;
  if (writerClients.has(client) || client.memory) return db;
  let writer = writers.get(client);
  if (!writer || !writer.$client.open) {
    if (client.readonly) throw new TypeError(`the database ${client.name} was opened read-only: nothing may be written to it`);
    const connection = connect(client.name);
    connection.pragma("foreign_keys = ON");
    writerClients.add(connection);
    writer = refuseSyncTransactions(drizzle(connection, { schema }));
    writers.set(client, writer);
    // Closing the handle closes its writer too (tests remove the file right after).
    const close = client.close.bind(client);
    client.close = () => {
      if (connection.open) connection.close();
      return close();
    };
  }
  return writer;
}
const writerClients = new WeakSet<Database.Database>();

/** Opens (creating if needed) the SQLite file and brings its schema up to date. */
export function openDatabase(file: string): DB {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const sqlite = connect(file);
  const db = drizzle(sqlite, { schema });
  // Foreign keys are off while migrations run: a migration that changes a column rebuilds its table
  // (SQLite's documented 12 steps), and dropping the old copy would otherwise trip every reference
  // to it. The migrator runs in one transaction, where the pragma cannot change, so it is set
  // around it; the check afterwards proves no reference was broken.
  sqlite.pragma("foreign_keys = OFF");
  migrate(db, { migrationsFolder: path.join(/*turbopackIgnore: true*/ process.cwd(), "db", "migrations") });
  const broken = sqlite.pragma("foreign_key_check") as unknown[];
  if (broken.length > 0) throw new Error(`migration left ${broken.length} broken references: ${JSON.stringify(broken.slice(0, 5))}`);
  sqlite.pragma("foreign_keys = ON");
  return refuseSyncTransactions(db);
}

/**
 * Opens an existing file for reading only: no migration, no journal-mode change, nothing written.
 * For checks of a file that may be a backup (npm run audit:verify), which must stay as it was.
 */
export function openDatabaseReadOnly(file: string): DB {
  const sqlite = new Database(file, { readonly: true, fileMustExist: true });
  return refuseSyncTransactions(drizzle(sqlite, { schema }));
}

const globalForDb = globalThis as unknown as { gridcouncilDb?: DB; gridcouncilDbPath?: string; gridcouncilPg?: { url: string; engine: Promise<PgEngine>; opened?: PgEngine } };

/**
 * Opens the configured database before anything is served (instrumentation.ts): with DATABASE_URL
 * the PostgreSQL pool, whose migrations apply asynchronously; otherwise the SQLite file. Afterwards
 * getDb() hands out the opened handle synchronously.
 */
export async function openConfiguredDatabase(url = process.env.DATABASE_URL?.trim()): Promise<DB> {
  if (!url) return getDb();
  let pg = globalForDb.gridcouncilPg;
  if (!pg || pg.url !== url) {
    const engine = openPgDatabase(url, { applicationName: "gridcouncil" });
    pg = globalForDb.gridcouncilPg = { url, engine };
    engine.then((opened) => (pg!.opened = opened), () => (globalForDb.gridcouncilPg = undefined));
  }
  pg.opened = await pg.engine;
  return pg.opened.db as unknown as DB;
}

/** Closes the PostgreSQL pool opened by openConfiguredDatabase (tests, scripts, shutdown). */
export async function closeConfiguredDatabase(): Promise<void> {
  const pg = globalForDb.gridcouncilPg;
  globalForDb.gridcouncilPg = undefined;
  if (pg) await (await pg.engine).close();
}

/** The process-wide handle, kept on globalThis so hot reload in development does not open another. */
export function getDb(): DB {
  if (process.env.DATABASE_URL?.trim()) {
    const opened = globalForDb.gridcouncilPg?.opened;
    if (!opened) throw new Error("DATABASE_URL is set but PostgreSQL has not been opened: openConfiguredDatabase() runs before anything is served");
    return opened.db as unknown as DB;
  }
  const file = databasePath();
  if (!globalForDb.gridcouncilDb || globalForDb.gridcouncilDbPath !== file) {
    globalForDb.gridcouncilDb?.$client.close();
    globalForDb.gridcouncilDb = openDatabase(file);
    globalForDb.gridcouncilDbPath = file;
  }
  return globalForDb.gridcouncilDb;
}
