import fs from "node:fs";
import path from "node:path";
import { backupDatabase } from "./backup";
import { BackupError, copyWithBackupApi, fileStamp, integrityOf, looksLikeSqlite, openExisting } from "./sqlite-file";

export type BackupInfo = {
  file: string;
  bytes: number;
  /** Migrations applied in the backup, and how many this code has that the backup lacks (applied on the next start). */
  migrations: number;
  pendingMigrations: number;
};

export type RestoreResult = BackupInfo & { target: string; safetyCopy: string | null };

type JournalEntry = { tag: string; when: number };

/** The migrations this code knows: drizzle records each applied one by its journal `when`. */
export function knownMigrations(migrationsFolder: string): JournalEntry[] {
  const journal = JSON.parse(fs.readFileSync(path.join(migrationsFolder, "meta", "_journal.json"), "utf8")) as { entries: JournalEntry[] };
  return journal.entries;
}

/**
 * Checks that a file can be restored: a SQLite database that passes integrity_check, made by
 * GridCouncil (it has drizzle's migrations table and the app's tables), and not from a newer
 * schema than this code — the server could not run on tables it does not know.
 */
export function inspectBackup(file: string, migrationsFolder: string): BackupInfo {
  const abs = path.resolve(file);
  if (!fs.existsSync(abs) || !fs.statSync(abs).isFile()) throw new BackupError(`no backup file at ${abs}`, 2);
  if (!looksLikeSqlite(abs)) throw new BackupError(`${abs} is not a SQLite database`);
  let db;
  try {
    db = openExisting(abs, { readonly: true });
  } catch (e) {
    throw new BackupError(`${abs} cannot be opened as a SQLite database: ${(e as Error).message}`);
  }
  try {
    let integrity: string;
    try {
      integrity = integrityOf(db);
    } catch (e) {
      throw new BackupError(`${abs} is damaged: ${(e as Error).message}`);
    }
    if (integrity !== "ok") throw new BackupError(`${abs} failed integrity_check: ${integrity}`);
    const tables = new Set((db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").all() as { name: string }[]).map((r) => r.name));
    if (!tables.has("__drizzle_migrations") || !tables.has("communities") || !tables.has("people")) {
      throw new BackupError(`${abs} is not a GridCouncil database (no migrations table or no app tables)`);
    }
    const applied = (db.prepare("SELECT created_at AS at FROM __drizzle_migrations").all() as { at: number | string }[]).map((r) => Number(r.at));
    const known = knownMigrations(migrationsFolder);
    const knownAt = new Set(known.map((m) => m.when));
    const newest = Math.max(0, ...known.map((m) => m.when));
    const unknown = applied.filter((at) => !knownAt.has(at));
    if (unknown.some((at) => at > newest)) {
      throw new BackupError(`${abs} comes from a newer version of GridCouncil (its schema has migrations this code does not know); restore it with that version`);
    }
    if (unknown.length > 0) throw new BackupError(`${abs} has migrations this code does not know (${unknown.length}); it was made by a different branch of GridCouncil`);
    return { file: abs, bytes: fs.statSync(abs).size, migrations: applied.length, pendingMigrations: known.filter((m) => !applied.includes(m.when)).length };
  } finally {
    db.close();
  }
}

/**
 * True when another process has the database open. Under WAL, SQLite deletes the -wal file when
 * the last connection closes; so if it is still there after we open and close the file ourselves,
 * someone else (a running server) holds it. A crash leaves a -wal behind too, but our own open
 * recovers it and our close removes it, so a crashed server is not mistaken for a live one.
 */
export function databaseInUse(target: string): boolean {
  if (!fs.existsSync(target)) return false;
  const db = openExisting(target);
  try {
    if (db.pragma("journal_mode", { simple: true }) !== "wal") return false;
  } finally {
    db.close();
  }
  return fs.existsSync(`${target}-wal`);
}

/**
 * Restores a backup into the database file. The server must be stopped: it keeps its connection
 * and its already-applied schema, so it is refused while the database is in use. The current
 * database is first copied to `backups/pre-restore-<timestamp>.db` beside it; then the backup is
 * written into place with SQLite's backup API, which goes through the target's own journal
 * (a stale -wal is recovered, never mixed with the restored pages). Migrations the backup lacks
 * are applied when the server next starts.
 */
export async function restoreDatabase(backupFile: string, target: string, migrationsFolder: string, now = new Date()): Promise<RestoreResult> {
  const info = inspectBackup(backupFile, migrationsFolder);
  const dest = path.resolve(target);
  if (dest === info.file) throw new BackupError("the backup file is the database itself");
  fs.mkdirSync(path.dirname(dest), { recursive: true });

  let safetyCopy: string | null = null;
  if (fs.existsSync(dest)) {
    if (databaseInUse(dest)) throw new BackupError(`${dest} is in use (is the server running?); stop the server, then restore`, 3);
    safetyCopy = (await backupDatabase(dest, path.join(path.dirname(dest), "backups", `pre-restore-${fileStamp(now)}.db`))).file;
  }

  const src = openExisting(info.file, { readonly: true });
  try {
    await copyWithBackupApi(src, dest);
  } catch (e) {
    throw new BackupError(`restore into ${dest} failed: ${(e as Error).message}${safetyCopy ? `; the previous database is kept at ${safetyCopy}` : ""}`);
  } finally {
    src.close();
  }

  const restored = openExisting(dest);
  try {
    // The server runs in WAL mode; put the file back in it so nothing changes for it but the data.
    restored.pragma("journal_mode = WAL");
    const integrity = integrityOf(restored);
    if (integrity !== "ok") throw new BackupError(`the restored database failed integrity_check: ${integrity}${safetyCopy ? `; the previous one is kept at ${safetyCopy}` : ""}`);
  } finally {
    restored.close();
  }
  return { ...info, target: dest, safetyCopy };
}
