import { sql, type SQL } from "drizzle-orm";
import type { SQLiteTable } from "drizzle-orm/sqlite-core";

/**
 * `"table"."id"`, for correlated subqueries. Drizzle leaves columns unqualified in a single-table
 * select, and an unqualified "id" inside a subquery refers to the subquery's own table.
 */
export const qualifiedId = (table: SQLiteTable): SQL => sql`${table}.${sql.identifier("id")}`;
