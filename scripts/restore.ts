/**
 * `npm run restore -- <backup.tar.gz>`: puts a backup in place of the database (GRIDCOUNCIL_DB,
 * default data/gridcouncil.db) and of the uploads folder beside it. Stop the server first: the
 * restore refuses a database another process holds open (exit 3). The archive is unpacked and
 * checked against its manifest first; its database must pass integrity_check and be a GridCouncil
 * database no newer than this code. The current database is kept as
 * backups/pre-restore-<timestamp>.db and the current uploads as backups/pre-restore-<timestamp>-uploads.
 * A database-only backup (.db) from earlier versions is still accepted; the uploads are then left
 * as they are. Exit 0 on success, 1 for an unusable backup or a failed restore, 2 when the file is missing.
 */
import path from "node:path";
import { databasePath } from "@/db/client";
import { restoreDeployment } from "@/lib/backup/archive";
import { BackupError } from "@/lib/backup/sqlite-file";
import { uploadsDirFor } from "@/lib/uploads/names";

async function main(): Promise<number> {
  const args = process.argv.slice(2);
  if (args.length !== 1 || args[0] === "--help" || args[0] === "-h") {
    console.error("usage: npm run restore -- <backup.tar.gz>   (stop the server first; GRIDCOUNCIL_DB picks the database to replace)");
    return args[0] === "--help" || args[0] === "-h" ? 0 : 1;
  }
  try {
    const r = await restoreDeployment(args[0]!, databasePath(), uploadsDirFor(databasePath()), path.join(process.cwd(), "db", "migrations"));
    console.log(`checked ${r.file}: integrity_check ok, GridCouncil schema with ${r.migrations} migrations${r.uploads !== null ? `, ${r.uploads} upload files matching the manifest` : ""}`);
    if (r.safetyCopy) console.log(`previous database kept at ${r.safetyCopy}`);
    if (r.uploadsSafetyCopy) console.log(`previous uploads kept at ${r.uploadsSafetyCopy}`);
    console.log(`restored into ${r.target}`);
    if (r.uploads !== null) console.log(`uploads restored into ${r.uploadsTarget}`);
    else console.warn(`warning: this backup holds the database only (made before backups included the uploads); ${r.uploadsTarget} was left as it is`);
    if (r.missing.length > 0) console.warn(`warning: ${r.missing.length} upload file(s) were already missing when the backup was made: ${r.missing.slice(0, 10).join(", ")}`);
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
