import { sql, type SQL, type SQLWrapper } from "drizzle-orm";
import { isPgHandle } from "@/db/pg/engine";

/**
 * Reading one key of a JSON column inside a query: SQLite stores JSON as text and reads it with
 * json_extract; PostgreSQL stores jsonb and reads it with -> / ->>. `db` is the handle the query
 * runs on; `key` is a constant of the code (never input).
 */

/**
 * The number stored under `key` of `col`, else NULL. On PostgreSQL ->> gives text: it is cast only
 * when the value is a JSON number, so a row holding something else there reads NULL instead of
 * failing the whole query (PostgreSQL does not promise to apply the other filters first).
 */
export function jsonNumber(db: object, col: SQLWrapper, key: string): SQL<number | null> {
  return isPgHandle(db)
    ? sql<number | null>`(case when jsonb_typeof(${col} -> ${key}::text) = 'number' then (${col} ->> ${key}::text)::integer end)`
    : sql<number | null>`json_extract(${col}, ${`$.${key}`})`;
}

/** The string stored under `key` of `col`, else NULL. */
export function jsonText(db: object, col: SQLWrapper, key: string): SQL<string | null> {
  return isPgHandle(db) ? sql<string | null>`(${col} ->> ${key}::text)` : sql<string | null>`json_extract(${col}, ${`$.${key}`})`;
}
