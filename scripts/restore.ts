/**
 * `npm run restore <backup.db>`: puts a backup in place of the database (GRIDCOUNCIL_DB, default
 * data/gridcouncil.db). Stop the server first: the restore refuses a database another process
 * holds open (exit 3). The backup must pass integrity_check and be a GridCouncil database no newer
 * than this code; the current database is kept as backups/pre-restore-<timestamp>.db beside it.
 * Exit 0 on success, 1 for an unusable backup or a failed restore, 2 when the file is missing.
 */
import path from "node:path";
import { databasePath } from "@/db/client";
import { restoreDatabase } from "@/lib/backup/restore";
import { BackupError } from "@/lib/backup/sqlite-file";

async function main(): Promise<number> {
  const args = process.argv.slice(2);
  if (args.length !== 1 || args[0] === "--help" || args[0] === "-h") {
    console.error("usage: npm run restore -- <backup.db>   (stop the server first; GRIDCOUNCIL_DB picks the database to replace)");
    return args[0] === "--help" || args[0] === "-h" ? 0 : 1;
  }
  try {
    const r = await restoreDatabase(args[0]!, databasePath(), path.join(process.cwd(), "db", "migrations"));
    console.log(`checked ${r.file}: integrity_check ok, GridCouncil schema with ${r.migrations} migrations`);
    if (r.safetyCopy) console.log(`previous database kept at ${r.safetyCopy}`);
    console.log(`restored into ${r.target}`);
    if (r.pendingMigrations > 0) console.log(`${r.pendingMigrations} newer migration(s) will be applied when the server starts`);
    console.log("start the server again (npm start)");
    return 0;
  } catch (e) {
    console.error(e instanceof BackupError ? `restore failed: ${e.message}` : e);
    return e instanceof BackupError ? e.exitCode : 1;
  }
}

main().then((code) => {
  process.exitCode = code;
});
