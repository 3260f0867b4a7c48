import { integer, sqliteTable, text } from "drizzle-orm/sqlite-core";

// ── Background jobs shared by every app server of a deployment

/**
 * One row per background job (lib/jobs/lease.ts): whoever holds an unexpired lease runs the job,
 * every other server's tick skips it, so with several app servers on one database each job runs
 * once per tick. A lease is taken and renewed by one atomic upsert and freed when the run ends; a
 * holder that died frees it by expiry. The last run's times and error are kept for whoever looks.
 */
export const jobLeases = sqliteTable("job_leases", {
  name: text("name").primaryKey(),
  /** hostname:pid:random of the process that holds (or last held) the lease. */
  holder: text("holder").notNull(),
  expiresAt: integer("expires_at", { mode: "timestamp_ms" }).notNull(),
  lastRunAt: integer("last_run_at", { mode: "timestamp_ms" }),
  lastOkAt: integer("last_ok_at", { mode: "timestamp_ms" }),
  /** The last run's error message (never a stack), cleared by the next good run. */
  lastError: text("last_error"),
});
export type JobLease = typeof jobLeases.$inferSelect;
