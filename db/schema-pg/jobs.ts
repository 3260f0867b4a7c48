// PostgreSQL mirror of db/schema/jobs.ts (issue 15): the same tables, columns, indexes and keys;
// tests/unit/schema-parity.test.ts and tests/pg/schema-parity.test.ts fail when the two drift.
import { pgTable, text } from "drizzle-orm/pg-core";
import { timestampMs } from "./columns";

// ── Background jobs shared by every app server of a deployment

/**
 * One row per background job (lib/jobs/lease.ts): whoever holds an unexpired lease runs the job,
 * every other server's tick skips it, so with several app servers on one database each job runs
 * once per tick. A lease is taken and renewed by one atomic upsert and freed when the run ends; a
 * holder that died frees it by expiry. The last run's times and error are kept for whoever looks.
 */
export const jobLeases = pgTable("job_leases", {
  name: text("name").primaryKey(),
  /** hostname:pid:random of the process that holds (or last held) the lease. */
  holder: text("holder").notNull(),
  expiresAt: timestampMs("expires_at").notNull(),
  lastRunAt: timestampMs("last_run_at"),
  lastOkAt: timestampMs("last_ok_at"),
  /** The last run's error message (never a stack), cleared by the next good run. */
  lastError: text("last_error"),
});
export type JobLease = typeof jobLeases.$inferSelect;
