/**
 * `npm run audit:verify`: checks the audit chain of the ballots and every ballot against it (see
 * lib/audit/check.ts). Prints each problem with its table and row id and exits 1, or prints
 * "audit chain ok: N entries, M ballots" and exits 0. Exit 2 when there is no database to check.
 * With DATABASE_URL=postgres://… it checks that PostgreSQL database instead of the SQLite file.
 */
import fs from "node:fs";
import { drizzle } from "drizzle-orm/node-postgres";
import pg from "pg";
import { databasePath, openDatabaseReadOnly } from "@/db/client";
import * as pgSchema from "@/db/schema-pg";
import type { AuditReport } from "@/lib/audit/check";
import { pgAuditReport } from "@/lib/audit/verify-pg";
import { auditReport } from "@/lib/audit/verify";
import { redactedDatabaseUrl } from "@/lib/config";

function print({ problems, entries, ballots }: AuditReport): number {
  if (problems.length === 0) {
    console.log(`audit chain ok: ${entries} entries, ${ballots} ballots`);
    return 0;
  }
  for (const p of problems) console.error(`${p.table} #${p.rowId ?? "—"}: ${p.message}`);
  console.error(`audit check failed: ${problems.length} problem${problems.length === 1 ? "" : "s"} in ${entries} entries, ${ballots} ballots`);
  return 1;
}

async function onSqlite(): Promise<number> {
  const file = databasePath();
  if (!fs.existsSync(file)) {
    console.error(`no database at ${file} (set GRIDCOUNCIL_DB to check another file)`);
    return 2;
  }
  // Read-only: checking a backup must not migrate it or leave -wal/-shm files beside it.
  const db = openDatabaseReadOnly(file);
  try {
    return print(await auditReport(db));
  } finally {
    db.$client.close();
  }
}


async function onPostgres(url: string): Promise<number> {
  const pool = new pg.Pool({ connectionString: url, max: 1 });
  try {
    const db = drizzle(pool, { schema: pgSchema });
    const exists = await db.$client.query<{ found: string | null }>("select to_regclass('audit_log')::text as found");
    if (!exists.rows[0]?.found) {
      console.error(`no GridCouncil database at ${redactedDatabaseUrl(url)}: it has no audit_log table`);
      return 2;
    }
    return print(await pgAuditReport(db));
  } catch (e) {
    console.error(`cannot check ${redactedDatabaseUrl(url)}: ${e instanceof Error ? e.message : String(e)}`);
    return 2;
  } finally {
    await pool.end();
  }
}

const url = process.env.DATABASE_URL;
if (url) onPostgres(url).then((code) => (process.exitCode = code));
else onSqlite().then((code) => (process.exitCode = code));
