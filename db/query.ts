/**
 * The engine-neutral way to run a query. Every query is awaited (`await db.select()…`, which
 * drizzle runs as "all rows" on both engines); the two helpers here stand in for what only the
 * SQLite driver has: `.get()` (one row) and `.run().changes` (rows a write touched).
 */

type OneRow<T> = { get(): T | undefined };
type Limitable<T> = { limit(n: number): PromiseLike<T[]> };

/**
 * The first row a query returns, or undefined. On SQLite the driver's own `.get()` (it stops after
 * one row); on PostgreSQL a select is limited to one row, anything else (`insert … returning`)
 * returns its rows and the first is taken.
 */
export async function first<Q extends PromiseLike<unknown[]>>(query: Q): Promise<FirstRow<Q>> {
  const q = query as unknown as Partial<OneRow<FirstRow<Q>> & Limitable<FirstRow<Q>>>;
  if (typeof q.get === "function") return q.get() as FirstRow<Q>;
  if (typeof q.limit === "function" && isSelect(query)) return (await q.limit(1))[0] as FirstRow<Q>;
  return (await query)[0] as FirstRow<Q>;
}
/**
 * What `.get()` gave for the same query: the types are SQLite's builders (the PostgreSQL tables
 * are proven to have equal row types), so a query keeps exactly the row type it had.
 */
type FirstRow<Q> = Q extends { get(...args: never[]): infer R } ? R : Awaited<Q> extends (infer R)[] ? R | undefined : never;

/** A drizzle select builder (the only kind whose `limit` means "at most n rows returned"). */
function isSelect(query: unknown): boolean {
  const ctor = (query as { constructor?: { [k: symbol]: unknown } }).constructor;
  const kind = ctor?.[Symbol.for("drizzle:entityKind")];
  return typeof kind === "string" && /Select/.test(kind);
}

/** How many rows a write changed: SQLite reports `changes`, node-postgres `rowCount`. */
export function changedRows(result: unknown): number {
  const r = result as { changes?: number | bigint; rowCount?: number | null };
  if (r.changes !== undefined) return Number(r.changes);
  if (r.rowCount !== undefined && r.rowCount !== null) return r.rowCount;
  throw new TypeError("changedRows: the result carries no count of changed rows");
}
