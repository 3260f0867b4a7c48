/**
 * `npm run audit:verify`: checks the audit chain of the ballots and every ballot against it (see
 * lib/audit/verify.ts). Prints each problem with its table and row id and exits 1, or prints
 * "audit chain ok: N entries, M ballots" and exits 0. Exit 2 when there is no database to check.
 */
import fs from "node:fs";
import { databasePath, openDatabaseReadOnly } from "@/db/client";
import { auditReport } from "@/lib/audit/verify";

function main(): number {
  const file = databasePath();
  if (!fs.existsSync(file)) {
    console.error(`no database at ${file} (set GRIDCOUNCIL_DB to check another file)`);
    return 2;
  }
  // Read-only: checking a backup must not migrate it or leave -wal/-shm files beside it.
  const db = openDatabaseReadOnly(file);
  try {
    const { problems, entries, ballots } = auditReport(db);
    if (problems.length === 0) {
      console.log(`audit chain ok: ${entries} entries, ${ballots} ballots`);
      return 0;
    }
    for (const p of problems) console.error(`${p.table} #${p.rowId ?? "—"}: ${p.message}`);
    console.error(`audit check failed: ${problems.length} problem${problems.length === 1 ? "" : "s"} in ${entries} entries, ${ballots} ballots`);
    return 1;
  } finally {
    db.$client.close();
  }
}

process.exitCode = main();
