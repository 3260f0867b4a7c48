import "server-only";
import fs from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";
import { drizzle, type BetterSQLite3Database } from "drizzle-orm/better-sqlite3";
import { migrate } from "drizzle-orm/better-sqlite3/migrator";
import * as schema from "./schema";

export type DB = BetterSQLite3Database<typeof schema> & { $client: Database.Database };
/** The handle a use case receives inside `db.transaction(tx => …)`. Same query API as DB. */
export type Tx = Parameters<Parameters<DB["transaction"]>[0]>[0];

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

/** Opens (creating if needed) the SQLite file and brings its schema up to date. */
export function openDatabase(file: string): DB {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const sqlite = new Database(file);
  cachePreparedStatements(sqlite);
  // WAL lets readers go on while one writer commits; the busy timeout makes a second writer
  // wait for the lock instead of failing at once with SQLITE_BUSY.
  sqlite.pragma("journal_mode = WAL");
  sqlite.pragma("synchronous = NORMAL");
  sqlite.pragma("busy_timeout = 5000");
  const db = drizzle(sqlite, { schema }) as DB;
  // Foreign keys are off while migrations run: a migration that changes a column rebuilds its table
  // (SQLite's documented 12 steps), and dropping the old copy would otherwise trip every reference
  // to it. The migrator runs in one transaction, where the pragma cannot change, so it is set
  // around it; the check afterwards proves no reference was broken.
  sqlite.pragma("foreign_keys = OFF");
  migrate(db, { migrationsFolder: path.join(/*turbopackIgnore: true*/ process.cwd(), "db", "migrations") });
  const broken = sqlite.pragma("foreign_key_check") as unknown[];
  if (broken.length > 0) throw new Error(`migration left ${broken.length} broken references: ${JSON.stringify(broken.slice(0, 5))}`);
  sqlite.pragma("foreign_keys = ON");
  return db;
}

/**
 * Opens an existing file for reading only: no migration, no journal-mode change, nothing written.
 * For checks of a file that may be a backup (npm run audit:verify), which must stay as it was.
 */
export function openDatabaseReadOnly(file: string): DB {
  const sqlite = new Database(file, { readonly: true, fileMustExist: true });
  return drizzle(sqlite, { schema }) as DB;
}

const globalForDb = globalThis as unknown as { gridcouncilDb?: DB; gridcouncilDbPath?: string };

/** The process-wide handle, kept on globalThis so hot reload in development does not open another. */
export function getDb(): DB {
  const file = databasePath();
  if (!globalForDb.gridcouncilDb || globalForDb.gridcouncilDbPath !== file) {
    globalForDb.gridcouncilDb?.$client.close();
    globalForDb.gridcouncilDb = openDatabase(file);
    globalForDb.gridcouncilDbPath = file;
  }
  return globalForDb.gridcouncilDb;
}
