import { sql, type Column, type SQL, type SQLWrapper } from "drizzle-orm";
import { isPgHandle } from "@/db/pg/engine";

/**
 * Timestamp arithmetic, the one thing about instants the two engines write differently: SQLite
 * stores them as milliseconds (integer), PostgreSQL as timestamptz, which adds an interval, not a
 * number. `db` is the handle the query runs on (it says which engine the tables are).
 */

/** The instant `ts` (a timestamp column or expression) plus `minutes` (a column or expression), as the same kind of instant. */
export function plusMinutes(db: object, ts: SQLWrapper, minutes: SQLWrapper): SQL {
  return isPgHandle(db) ? sql`(${ts} + ${minutes} * interval '1 minute')` : sql`(${ts} + ${minutes} * 60000)`;
}

/**
 * `at` as a bound value in the form `like` (a timestamp column) is stored in: milliseconds on
 * SQLite, an ISO string on PostgreSQL. For comparing a computed instant (plusMinutes) with a Date;
 * a plain column compares with drizzle's own gt/lte, which encode the Date the same way.
 */
export const instantLike = (like: Column, at: Date): SQL => sql`${sql.param(at, like)}`;
