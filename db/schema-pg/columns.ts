import { timestamp } from "drizzle-orm/pg-core";

/**
 * The PostgreSQL form of SQLite's `integer(name, { mode: "timestamp_ms" })`: a timestamptz with
 * millisecond precision (what SQLite keeps), read and written as a Date, so both engines give the
 * app the same instants and the same inferred types.
 */
export const timestampMs = (name: string) => timestamp(name, { mode: "date", withTimezone: true, precision: 3 });

/** Every table's creation time, set by PostgreSQL (SQLite: unixepoch('subsec') * 1000). */
export const createdAt = () => timestampMs("created_at").notNull().defaultNow();
