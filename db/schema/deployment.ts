import { integer, sqliteTable, text } from "drizzle-orm/sqlite-core";
import { createdAt } from "./columns";

// ── The deployment itself: what was put into this database besides people's own work

/**
 * One row each time a seed filled this database. A production start (GRIDCOUNCIL_MODE=production)
 * refuses a database with a "demo" row: its accounts share a published password. A marker, not a
 * guess from phone numbers or names, so a real community that happens to look alike is not refused.
 */
export const seedRuns = sqliteTable("seed_runs", {
  id: integer("id").primaryKey({ autoIncrement: true }),
  kind: text("kind", { enum: ["demo"] }).notNull(),
  createdAt: createdAt(),
});
export type SeedRun = typeof seedRuns.$inferSelect;
