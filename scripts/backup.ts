/**
 * `npm run backup [destination]`: online backup of the database (GRIDCOUNCIL_DB, default
 * data/gridcouncil.db) with SQLite's backup API. Safe while the server is serving. Writes
 * data/backups/gridcouncil-<timestamp>.db beside the database unless a destination is given,
 * checks the copy with integrity_check and prints its path and size. Exit 0 on success, 1 when the
 * backup failed, 2 when there is no database.
 */
import fs from "node:fs";
import { databasePath } from "@/db/client";
import { backupDatabase } from "@/lib/backup/backup";
import { BackupError } from "@/lib/backup/sqlite-file";
import { uploadsDir } from "@/lib/uploads/photos";

const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(2)} MB`;

async function main(): Promise<number> {
  const [destination, extra] = process.argv.slice(2);
  if (extra !== undefined || destination === "--help" || destination === "-h") {
    console.error("usage: npm run backup [-- <destination.db>]");
    return destination === "--help" || destination === "-h" ? 0 : 1;
  }
  try {
    const r = await backupDatabase(databasePath(), destination);
    console.log(`backup of ${r.source}`);
    console.log(`written to ${r.file}`);
    console.log(`size ${mb(r.bytes)} (${r.bytes} bytes, ${r.pages} pages)`);
    console.log(`integrity_check of the copy: ${r.integrity}`);
    // Photos live as files, written before the row that names them and never changed: a copy of
    // the folder made after this backup holds every photo the backup refers to.
    if (fs.existsSync(uploadsDir())) console.log(`photos are files, not in the database: copy ${uploadsDir()} too, after this backup`);
    return 0;
  } catch (e) {
    console.error(e instanceof BackupError ? `backup failed: ${e.message}` : e);
    return e instanceof BackupError ? e.exitCode : 1;
  }
}

main().then((code) => {
  process.exitCode = code;
});
