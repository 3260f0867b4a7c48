/**
 * `npm run backup [-- <destination.tar.gz>]`: one backup of the whole deployment, safe while the
 * server is serving. The database (GRIDCOUNCIL_DB, default data/gridcouncil.db) is copied with
 * SQLite's backup API, then every photo, thumbnail and proxy scan that copy refers to is taken
 * from the uploads folder beside it; both go into one gzipped tar with a manifest of SHA-256
 * digests (data/backups/gridcouncil-<timestamp>.tar.gz unless a destination is given). Prints its
 * path and size. Exit 0 on success, 1 when the backup failed, 2 when there is no database.
 */
import { databasePath } from "@/db/client";
import { backupDeployment } from "@/lib/backup/archive";
import { BackupError } from "@/lib/backup/sqlite-file";
import { uploadsDirFor } from "@/lib/uploads/names";

const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(2)} MB`;

async function main(): Promise<number> {
  const [destination, extra] = process.argv.slice(2);
  if (extra !== undefined || destination === "--help" || destination === "-h") {
    console.error("usage: npm run backup [-- <destination.tar.gz>]");
    return destination === "--help" || destination === "-h" ? 0 : 1;
  }
  try {
    const r = await backupDeployment(databasePath(), uploadsDirFor(databasePath()), destination);
    console.log(`backup of ${r.source} and its uploads`);
    console.log(`written to ${r.file}`);
    console.log(`size ${mb(r.bytes)} (${r.bytes} bytes): database ${mb(r.databaseBytes)} (${r.pages} pages), ${r.uploads} upload files ${mb(r.uploadBytes)}`);
    console.log(`integrity_check of the copy: ${r.integrity}`);
    if (r.missing.length > 0) {
      console.warn(`warning: ${r.missing.length} upload file(s) the database refers to were not found in ${uploadsDirFor(databasePath())} and are not in the backup: ${r.missing.slice(0, 10).join(", ")}${r.missing.length > 10 ? " …" : ""}`);
    }
    return 0;
  } catch (e) {
    console.error(e instanceof BackupError ? `backup failed: ${e.message}` : e);
    return e instanceof BackupError ? e.exitCode : 1;
  }
}

main().then((code) => {
  process.exitCode = code;
});
