import fs from "node:fs";
import path from "node:path";
import { isUploadFileName } from "@/lib/uploads/names";
import { backupDatabase } from "./backup";
import { databaseInUse, inspectBackup, restoreDatabase, type RestoreResult } from "./restore";
import { BackupError, fileStamp, looksLikeSqlite, openExisting, removeDatabaseFiles } from "./sqlite-file";
import { extractTarGz, writeTarGz, type TarWritten } from "./tar";
import { referencedUploads } from "./uploads";

/**
 * One backup of the whole deployment: a gzipped tar holding the database, every upload file it
 * refers to (photos, thumbnails, proxy scans) under uploads/, and manifest.json (last) with the
 * size and SHA-256 of each. Readable with plain `tar -xzf`.
 */
export const DB_ENTRY = "gridcouncil.db";
export const MANIFEST_ENTRY = "manifest.json";
export const FORMAT = "gridcouncil-backup";

export type Manifest = {
  format: typeof FORMAT;
  version: 1;
  createdAt: string;
  database: { name: string; bytes: number; sha256: string; pages: number; integrity: string };
  uploads: { name: string; bytes: number; sha256: string }[];
  /** Upload names the database refers to whose file was not found when the backup was made. */
  missing: string[];
};

export type DeploymentBackup = { source: string; file: string; bytes: number; integrity: string; pages: number; databaseBytes: number; uploads: number; uploadBytes: number; missing: string[] };

/** `data/backups/gridcouncil-<timestamp>.tar.gz` beside the database (so GRIDCOUNCIL_DB moves it too). */
export function defaultBackupPath(source: string, now = new Date()): string {
  return path.join(path.dirname(source), "backups", `gridcouncil-${fileStamp(now)}.tar.gz`);
}

/**
 * Backs up the database and its uploads into one archive while the server keeps serving.
 *
 * Consistent without stopping anything, because of the order: first the database is copied with
 * SQLite's backup API (one snapshot), then every upload file that snapshot refers to. An upload is
 * written in full before the transaction that names it commits (storePhotos runs before it), and
 * is never changed or removed afterwards (only an upload whose transaction failed is removed, and
 * no committed row names that one). So each file a row of the snapshot names was complete when the
 * snapshot was taken and is still the same when it is copied; uploads that arrive meanwhile
 * belong to rows the snapshot does not have and are left out, so a restore brings back no orphans.
 * The archive is written under a temporary name and renamed at the end: no half backup under the
 * final name.
 */
export async function backupDeployment(source: string, uploadsDir: string, destination = defaultBackupPath(source), now = new Date()): Promise<DeploymentBackup> {
  const dest = path.resolve(destination);
  if (fs.existsSync(dest)) throw new BackupError(`${dest} already exists; choose another file name`);
  fs.mkdirSync(path.dirname(dest), { recursive: true });
  const partial = `${dest}.partial`;
  const dbCopy = `${dest}.db-partial`;
  removeDatabaseFiles(dbCopy);
  fs.rmSync(partial, { force: true });
  try {
    const db = await backupDatabase(source, dbCopy);
    const copy = openExisting(dbCopy, { readonly: true });
    let uploads: ReturnType<typeof referencedUploads>;
    try {
      uploads = referencedUploads(copy, path.resolve(uploadsDir));
    } finally {
      copy.close();
    }
    let manifest: Manifest | null = null;
    try {
      await writeTarGz(
        partial,
        [{ name: DB_ENTRY, file: dbCopy }, ...uploads.files.map((u) => ({ name: `uploads/${u.name}`, file: u.file }))],
        (written: TarWritten[]) => {
          const [database, ...files] = written;
          manifest = {
            format: FORMAT,
            version: 1,
            createdAt: now.toISOString(),
            database: { name: DB_ENTRY, bytes: database!.bytes, sha256: database!.sha256, pages: db.pages, integrity: db.integrity },
            uploads: files.map((f) => ({ name: f.name.slice("uploads/".length), bytes: f.bytes, sha256: f.sha256 })),
            missing: uploads.missing,
          };
          return [{ name: MANIFEST_ENTRY, data: Buffer.from(`${JSON.stringify(manifest, null, 2)}\n`) }];
        },
        now,
      );
    } catch (e) {
      throw new BackupError(`writing ${dest} failed: ${(e as Error).message}`);
    }
    fs.renameSync(partial, dest);
    const m = manifest as unknown as Manifest;
    return {
      source: db.source,
      file: dest,
      bytes: fs.statSync(dest).size,
      integrity: db.integrity,
      pages: db.pages,
      databaseBytes: m.database.bytes,
      uploads: m.uploads.length,
      uploadBytes: m.uploads.reduce((s, u) => s + u.bytes, 0),
      missing: m.missing,
    };
  } finally {
    removeDatabaseFiles(dbCopy);
    fs.rmSync(partial, { force: true });
  }
}

const GZIP_MAGIC = Buffer.from([0x1f, 0x8b]);

function looksLikeGzip(file: string): boolean {
  const fd = fs.openSync(file, "r");
  try {
    const head = Buffer.alloc(2);
    return fs.readSync(fd, head, 0, 2, 0) === 2 && head.equals(GZIP_MAGIC);
  } finally {
    fs.closeSync(fd);
  }
}

/**
 * Unpacks an archive into `staging` and checks it against its manifest: every file present with
 * its size and SHA-256, nothing that the manifest does not list, a GridCouncil database this code
 * can run (inspectBackup). Returns the manifest.
 */
export async function unpackBackup(archive: string, staging: string, migrationsFolder: string): Promise<Manifest> {
  const abs = path.resolve(archive);
  if (!fs.existsSync(abs) || !fs.statSync(abs).isFile()) throw new BackupError(`no backup file at ${abs}`, 2);
  if (!looksLikeGzip(abs)) throw new BackupError(`${abs} is not a GridCouncil backup (neither a .tar.gz archive nor a SQLite database)`);
  fs.mkdirSync(staging, { recursive: true });
  let entries;
  try {
    entries = await extractTarGz(abs, staging, (n) => n === DB_ENTRY || n === MANIFEST_ENTRY || (n.startsWith("uploads/") && isUploadFileName(n.slice("uploads/".length))));
  } catch (e) {
    throw new BackupError(`${abs} cannot be read: ${(e as Error).message}`);
  }
  const manifestEntry = entries.find((e) => e.name === MANIFEST_ENTRY);
  if (!manifestEntry) throw new BackupError(`${abs} has no ${MANIFEST_ENTRY}: it is incomplete or not a GridCouncil backup`);
  let manifest: Manifest;
  try {
    manifest = JSON.parse(fs.readFileSync(manifestEntry.path, "utf8")) as Manifest;
  } catch {
    throw new BackupError(`${abs} has an unreadable ${MANIFEST_ENTRY}`);
  }
  if (manifest.format !== FORMAT || manifest.version !== 1) throw new BackupError(`${abs} is not a GridCouncil backup of a format this code reads`);
  const expected = new Map<string, { bytes: number; sha256: string }>([[DB_ENTRY, manifest.database], ...manifest.uploads.map((u) => [`uploads/${u.name}`, u] as const)]);
  const problems: string[] = [];
  for (const e of entries) {
    if (e.name === MANIFEST_ENTRY) continue;
    const want = expected.get(e.name);
    if (!want) problems.push(`${e.name} is not in the manifest`);
    else if (want.bytes !== e.bytes || want.sha256 !== e.sha256) problems.push(`${e.name} does not match its digest`);
    expected.delete(e.name);
  }
  for (const name of expected.keys()) problems.push(`${name} is missing`);
  if (problems.length > 0) throw new BackupError(`${abs} is damaged: ${problems.slice(0, 5).join("; ")}${problems.length > 5 ? ` (and ${problems.length - 5} more)` : ""}`);
  inspectBackup(path.join(staging, DB_ENTRY), migrationsFolder);
  return manifest;
}

export type DeploymentRestore = RestoreResult & { uploads: number | null; uploadsTarget: string; uploadsSafetyCopy: string | null; missing: string[] };

/**
 * Puts a backup back: the database (with restoreDatabase's refusals and safety copy) and the
 * uploads folder beside it. The archive is unpacked and checked in full, next to the target,
 * before anything is touched. The current uploads folder is moved aside to
 * `backups/pre-restore-<timestamp>-uploads` (with the database's safety copy, the state before the
 * restore is kept whole), then the backup's takes its place.
 *
 * A plain `.db` file from before backups held the uploads is still accepted: the database is
 * restored and the uploads folder is left as it is (`uploads: null`).
 */
export async function restoreDeployment(backupFile: string, target: string, uploadsDir: string, migrationsFolder: string, now = new Date()): Promise<DeploymentRestore> {
  const abs = path.resolve(backupFile);
  const dest = path.resolve(target);
  const uploadsTarget = path.resolve(uploadsDir);
  if (fs.existsSync(abs) && fs.statSync(abs).isFile() && looksLikeSqlite(abs)) {
    const r = await restoreDatabase(abs, dest, migrationsFolder, now);
    return { ...r, uploads: null, uploadsTarget, uploadsSafetyCopy: null, missing: [] };
  }
  // Refuse at once while the server runs, before unpacking what may be gigabytes.
  if (fs.existsSync(dest) && databaseInUse(dest)) throw new BackupError(`${dest} is in use (is the server running?); stop the server, then restore`, 3);

  fs.mkdirSync(path.dirname(dest), { recursive: true });
  const staging = path.join(path.dirname(dest), `.restore-${fileStamp(now)}`);
  fs.rmSync(staging, { recursive: true, force: true });
  let keepStaging = false;
  try {
    const manifest = await unpackBackup(abs, staging, migrationsFolder);
    const r = await restoreDatabase(path.join(staging, DB_ENTRY), dest, migrationsFolder, now);
    const stagedUploads = path.join(staging, "uploads");
    fs.mkdirSync(stagedUploads, { recursive: true });
    let uploadsSafetyCopy: string | null = null;
    try {
      if (fs.existsSync(uploadsTarget)) {
        uploadsSafetyCopy = path.join(path.dirname(dest), "backups", `pre-restore-${fileStamp(now)}-uploads`);
        fs.mkdirSync(path.dirname(uploadsSafetyCopy), { recursive: true });
        fs.renameSync(uploadsTarget, uploadsSafetyCopy);
      }
      fs.mkdirSync(path.dirname(uploadsTarget), { recursive: true });
      fs.renameSync(stagedUploads, uploadsTarget);
    } catch (e) {
      keepStaging = true;
      throw new BackupError(
        `the database was restored, but putting the uploads in place failed: ${(e as Error).message}; the backup's uploads are in ${stagedUploads}${uploadsSafetyCopy ? `, the previous ones in ${uploadsSafetyCopy}` : ""}; move them to ${uploadsTarget} by hand`,
      );
    }
    return { ...r, file: abs, bytes: fs.statSync(abs).size, uploads: manifest.uploads.length, uploadsTarget, uploadsSafetyCopy, missing: manifest.missing };
  } finally {
    // Kept only if the uploads could not be moved (the message above names it).
    if (!keepStaging) fs.rmSync(staging, { recursive: true, force: true });
  }
}
