import type { DB, Tx } from "./client";

const byConnection = new WeakMap<object, Map<(db: DB) => unknown, unknown>>();

/**
 * Queries built and prepared once per connection, for the few that run on every request (token
 * check, actor, vote reads): building a drizzle query costs more CPU than running it. They belong
 * to the connection they were built on: the reading handle's outside a unit of work, the writer's
 * inside one (a unit's `tx` is the writer), so inside a unit they read the unit's own writes. A
 * handle without a connection of its own gets null (its caller falls back to the query builder).
 */
export function compiledOnce<T>(db: DB | Tx, build: (db: DB) => T): T | null {
  if (!("$client" in db)) return null;
  const connection = (db as DB).$client;
  // SQLite only: a better-sqlite3 connection keeps statements compiled in this process. PostgreSQL
  // plans a statement on its server (and a pooled handle is many connections): the builder is used.
  if (typeof (connection as { pragma?: unknown }).pragma !== "function") return null;
  let built = byConnection.get(connection);
  if (!built) byConnection.set(connection, (built = new Map()));
  if (!built.has(build)) built.set(build, build(db as DB));
  return built.get(build) as T;
}
