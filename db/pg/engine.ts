import path from "node:path";
import { createTableRelationsHelpers, extractTablesRelationalConfig, is, type RelationalSchemaConfig, type TablesRelationalConfig } from "drizzle-orm";
import { drizzle, NodePgDatabase, NodePgSession } from "drizzle-orm/node-postgres";
import { migrate } from "drizzle-orm/node-postgres/migrator";
import { PgDialect } from "drizzle-orm/pg-core";
import pg from "pg";
import * as schema from "../schema-pg";

/**
 * The PostgreSQL engine (issue 15): a node-postgres pool, drizzle over it with db/schema-pg, and
 * db/migrations-pg applied at start. Writes go through pgUnitOfWork (db/pg/unit-of-work.ts), as on
 * SQLite through unitOfWork.
 */

declare const insidePgUnit: unique symbol;

/** What a bound handle queries through: a pool's client, guarded so it cannot be used after its transaction ends. */
export type PgConnection = Pick<pg.PoolClient, "query">;

/**
 * drizzle's query API on PostgreSQL without `transaction`, as DB on SQLite: a write runs in
 * pgUnitOfWork, never in drizzle's own transaction (it would skip the writers' lock).
 */
export type PgQueries = Omit<NodePgDatabase<typeof schema>, "transaction">;
/** The process-wide handle: queries on it take any free connection of the pool (autocommit). */
export type PgDb = PgQueries & { $client: pg.Pool };
/** A read-only snapshot's handle (pgReadSnapshot): one connection inside REPEATABLE READ READ ONLY. */
export type PgSnapshot = PgQueries & { $client: PgConnection };
/** The writer inside pgUnitOfWork: one connection inside the unit's transaction, holding the writers' lock. Branded like Tx. */
export type PgTx = PgSnapshot & { readonly [insidePgUnit]: true };
/** Any handle a unit or snapshot may be started from. */
export type PgHandle = PgDb | PgSnapshot;

/**
 * Advisory lock keys, constants of this app (never built from input). Each database has its own
 * lock space, so deployments sharing a cluster do not wait for one another.
 */
export const PG_LOCK = {
  /** Held (session lock) by the server applying migrations: the others wait, then find nothing to do. */
  migrate: 7_151_500_001,
  /** Held (transaction lock) by the one unit of work writing at a time, across every app server. */
  write: 7_151_500_002,
} as const;

export type PgOpenOptions = {
  /** Connections in this server's pool (default 10). Writers use one at a time (see pgUnitOfWork); the rest serve reads. */
  max?: number;
  /** Shown in pg_stat_activity (default "gridcouncil"); an application_name in the URL wins. */
  applicationName?: string;
  /** Where the migrations are (default db/migrations-pg under the working directory). */
  migrationsFolder?: string;
};

/** The open engine: drizzle over the pool, the pool itself (LISTEN connections copy its settings), and close, which ends the pool. */
export type PgEngine = { db: PgDb; pool: pg.Pool; close: () => Promise<void> };

const INT8 = 20;
const NUMERIC = 1700;

/**
 * count(*) and sum() of integers are bigint, and avg() or sum() of bigint numeric, which node-postgres
 * returns as strings by default; the app (written for SQLite) expects numbers. A value a double
 * cannot hold exactly is refused rather than rounded: an id or a total that silently changed would
 * be worse than a failed request.
 */
function parseInt8(text: string): number {
  const n = Number(text);
  if (!Number.isSafeInteger(n)) throw new RangeError(`PostgreSQL returned the integer ${text}, beyond what a JavaScript number holds exactly (2^53)`);
  return n;
}
function parseNumeric(text: string): number {
  const n = Number(text);
  if (Number.isFinite(n) && Math.abs(n) > Number.MAX_SAFE_INTEGER) {
    throw new RangeError(`PostgreSQL returned the number ${text}, beyond what a JavaScript number holds exactly (2^53)`);
  }
  return n;
}

type TypeParsers = pg.CustomTypesConfig;
/** `base`'s parsers with bigint and numeric as numbers (text format, the only one drizzle and the app use). */
function withNumbers(base: TypeParsers): TypeParsers {
  const getTypeParser = (oid: number, format?: "text" | "binary") => {
    if (format !== "binary" && oid === INT8) return parseInt8;
    if (format !== "binary" && oid === NUMERIC) return parseNumeric;
    return (base.getTypeParser as (oid: number, format?: string) => unknown)(oid, format);
  };
  return { getTypeParser: getTypeParser as TypeParsers["getTypeParser"] };
}

/** pg's own parsers (never changed) with the two above: what every connection of our pools reads with. */
const poolTypes = withNumbers(pg.types);

/**
 * The pool's connections. A pool's `types` reach only queries that bring no parsers of their own,
 * and drizzle brings its own on every query (to leave dates as text for its columns to map),
 * falling back to pg's global parsers, so the pool setting alone would never apply to a drizzle
 * `count(*)`. Here each query's parsers get the two number parsers in front; the global ones stay
 * as they are. (Not named *Pool*: drizzle takes any class so named for a pool.)
 */
class NumbersClient extends pg.Client {
  // One signature for pg's many overloads: only the first argument is looked at.
  override query(...args: unknown[]): never {
    const config = args[0] as { submit?: unknown; types?: TypeParsers } | null | undefined;
    if (config && typeof config === "object" && typeof config.submit !== "function" && config.types) {
      args[0] = { ...config, types: withNumbers(config.types) };
    }
    return (pg.Client.prototype.query as (...a: unknown[]) => never).apply(this, args);
  }
}

// JIT off (it costs more than it saves on this app's short queries); a connection left idle inside a
// transaction for a minute (a stalled server) is ended, so it cannot hold the writers' lock for long.
const JIT_OFF = "-c jit=off -c idle_in_transaction_session_timeout=60000";

/**
 * The connection settings with JIT off on every connection: the app's queries are short, and a
 * plan whose estimate crosses jit_above_cost would spend longer compiling than running. Startup
 * options in the URL (?options=…) win over the pool's, so jit=off is added to them there.
 */
function connectionWithJitOff(url: string): { connectionString: string; options?: string } {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return { connectionString: url, options: JIT_OFF };
  }
  const given = parsed.searchParams.get("options");
  if (given === null) return { connectionString: url, options: JIT_OFF };
  // The operator chose a JIT setting: theirs stands.
  if (/\bjit\s*=/.test(given)) return { connectionString: url };
  parsed.searchParams.set("options", `${given} ${JIT_OFF}`);
  return { connectionString: parsed.toString() };
}

let relational: RelationalSchemaConfig<TablesRelationalConfig> | undefined;
const dialect = new PgDialect();

/**
 * drizzle over `client` with db/schema-pg, built as drizzle() builds it but with the dialect and
 * the schema's relational config made once: drizzle() redoes that (about 0.7 ms), and a unit of
 * work binds a new instance to its connection every time.
 */
export function bindPg<C extends pg.Pool | PgConnection>(client: C): PgQueries & { $client: C } {
  if (!relational) {
    const tables = extractTablesRelationalConfig(schema, createTableRelationsHelpers);
    relational = { fullSchema: schema, schema: tables.tables, tableNamesMap: tables.tableNamesMap };
  }
  const session = new NodePgSession(client as pg.Pool, dialect, relational, {});
  const db = new NodePgDatabase<Record<string, unknown>>(dialect, session, relational) as unknown as NodePgDatabase<typeof schema> & { $client: C };
  db.$client = client;
  Object.defineProperty(db, "transaction", {
    value: () => {
      throw new TypeError("db.transaction is not used here: run the work in unitOfWork(db, async (tx) => …) (db/pg/unit-of-work.ts)");
    },
  });
  return db;
}

/** A drizzle handle on PostgreSQL (from openPgDatabase, or a unit's or snapshot's), as opposed to SQLite's. */
export function isPgHandle(db: unknown): db is PgHandle {
  return is(db, NodePgDatabase);
}

/**
 * Applies db/migrations-pg holding a session advisory lock, so two servers starting together do
 * not both run a migration: the second waits, then reads the migrations table the first committed
 * and finds nothing to do. All of drizzle's migrator runs on the locked connection (drizzle over a
 * single client runs its transaction there too), its CREATE SCHEMA/TABLE IF NOT EXISTS included,
 * which race as well. The lock goes with the connection: a server that dies mid-way frees it.
 */
async function migrateUnderLock(pool: pg.Pool, migrationsFolder: string): Promise<void> {
  const client = await pool.connect();
  try {
    await client.query(`SELECT pg_advisory_lock(${PG_LOCK.migrate})`);
    await migrate(drizzle(client), { migrationsFolder });
    await client.query(`SELECT pg_advisory_unlock(${PG_LOCK.migrate})`);
    client.release();
  } catch (e) {
    // Closed, not returned: closing frees the lock whatever state the connection is in.
    client.release(e instanceof Error ? e : true);
    throw e;
  }
}

/**
 * Opens PostgreSQL at `url` (DATABASE_URL): a pool of `max` connections (default 10), every one
 * with JIT off and bigint/numeric read as numbers; drizzle over it with db/schema-pg; migrations
 * applied under an advisory lock. Rejects (with the pool ended) when the database cannot be
 * reached or a migration fails.
 */
export async function openPgDatabase(url: string, options: PgOpenOptions = {}): Promise<PgEngine> {
  const pool = new pg.Pool({
    ...connectionWithJitOff(url),
    max: options.max ?? 10,
    application_name: options.applicationName ?? "gridcouncil",
    types: poolTypes,
    Client: NumbersClient as unknown as pg.PoolConfig["Client"],
    // The OS notices a peer gone silent (a failed-over server) on idle connections too.
    keepAlive: true,
    // A database that does not answer is an error after 10 s, not a start or a request that hangs.
    connectionTimeoutMillis: 10_000,
  });
  // An idle connection the server closes (a restart, a failover) is reported here; unheard, it
  // would end the process. The pool drops it and opens another when needed.
  pool.on("error", (e) => console.error(`[gridcouncil] an idle PostgreSQL connection failed: ${e.message}`));
  try {
    await migrateUnderLock(pool, options.migrationsFolder ?? path.join(/*turbopackIgnore: true*/ process.cwd(), "db", "migrations-pg"));
  } catch (e) {
    await pool.end();
    throw e;
  }
  return { db: bindPg(pool), pool, close: () => pool.end() };
}
