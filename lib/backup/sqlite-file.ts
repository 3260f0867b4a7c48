import fs from "node:fs";
import Database from "better-sqlite3";

/**
 * Small helpers shared by backup and restore. Deliberately free of `server-only` and of the app's
 * db client: the CLI scripts and the tests open files that must not be migrated on open.
 */

export class BackupError extends Error {
  constructor(
    message: string,
    /** The CLI's exit code: 1 a bad or unusable file, 2 nothing to work on, 3 database in use. */
    readonly exitCode: 1 | 2 | 3 = 1,
  ) {
    super(message);
    this.name = "BackupError";
  }
}

const SQLITE_MAGIC = Buffer.from("SQLite format 3\0", "latin1");

/** True when the file starts with SQLite's 16-byte header string. */
export function looksLikeSqlite(file: string): boolean {
  const fd = fs.openSync(file, "r");
  try {
    const head = Buffer.alloc(16);
    const n = fs.readSync(fd, head, 0, 16, 0);
    return n === 16 && head.equals(SQLITE_MAGIC);
  } finally {
    fs.closeSync(fd);
  }
}

/** `PRAGMA integrity_check` as one string: "ok", or the problems SQLite lists, joined. */
export function integrityOf(db: Database.Database): string {
  const rows = db.pragma("integrity_check") as { integrity_check: string }[];
  return rows.map((r) => r.integrity_check).join("; ");
}

/** Opens an existing file without creating it and without touching its schema. */
export function openExisting(file: string, opts: { readonly?: boolean } = {}): Database.Database {
  const db = new Database(file, { fileMustExist: true, readonly: opts.readonly ?? false });
  // A busy server may hold the write lock for a moment; wait instead of failing at once.
  db.pragma("busy_timeout = 5000");
  return db;
}

/**
 * Copies the whole of `source` into `destination` with SQLite's online backup API, in one step:
 * the copy is one consistent snapshot (a single read transaction on the source, which under WAL
 * never blocks the server's writers), and a write landing mid-copy cannot make the backup restart
 * over and over as it can when copying a few pages at a time.
 */
export async function copyWithBackupApi(source: Database.Database, destination: string): Promise<void> {
  await source.backup(destination, { progress: () => 0x7fffffff });
}

/** Removes a SQLite file together with its -wal and -shm companions. */
export function removeDatabaseFiles(file: string): void {
  for (const f of [file, `${file}-wal`, `${file}-shm`, `${file}-journal`]) fs.rmSync(f, { force: true });
}

/** Timestamp for file names, e.g. 20261126-013512-123 (UTC, sorts by time, no characters a shell minds). */
export function fileStamp(now: Date): string {
  const iso = now.toISOString(); // 2026-11-26T01:35:12.123Z
  return `${iso.slice(0, 10).replaceAll("-", "")}-${iso.slice(11, 19).replaceAll(":", "")}-${iso.slice(20, 23)}`;
}
