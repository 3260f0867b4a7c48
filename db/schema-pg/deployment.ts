// PostgreSQL mirror of db/schema/deployment.ts (issue 15): the same tables, columns, indexes and keys;
// tests/unit/schema-parity.test.ts and tests/pg/schema-parity.test.ts fail when the two drift.
import { integer, pgTable, text } from "drizzle-orm/pg-core";
import { createdAt, timestampMs } from "./columns";

// ── The deployment itself: what was put into this database besides people's own work

/**
 * One row each time a seed filled this database. A production start (GRIDCOUNCIL_MODE=production)
 * refuses a database with a "demo" row: its accounts share a published password. A marker, not a
 * guess from phone numbers or names, so a real community that happens to look alike is not refused.
 */
export const seedRuns = pgTable("seed_runs", {
  id: integer("id").primaryKey().generatedByDefaultAsIdentity(),
  kind: text("kind", { enum: ["demo"] }).notNull(),
  createdAt: createdAt(),
});
export type SeedRun = typeof seedRuns.$inferSelect;

/**
 * The one-time code that guards the web setup (/setup) while this database has no community: the
 * server prints it in its log at start, as Gitea and Grafana do, so only whoever reads the log can
 * set up. Only its SHA-256 is kept; the database, not a process's memory, holds it, so every
 * process of the deployment accepts the same code. Each start replaces it; setup deletes it.
 */
export const setupCodes = pgTable("setup_codes", {
  id: integer("id").primaryKey().generatedByDefaultAsIdentity(),
  codeSha256: text("code_sha256").notNull(),
  createdAt: createdAt(),
  expiresAt: timestampMs("expires_at").notNull(),
});
export type SetupCode = typeof setupCodes.$inferSelect;
