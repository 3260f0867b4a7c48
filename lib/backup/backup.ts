import fs from "node:fs";
import path from "node:path";
import { BackupError, copyWithBackupApi, integrityOf, openExisting, removeDatabaseFiles } from "./sqlite-file";

export type BackupResult = { source: string; file: string; bytes: number; integrity: string; pages: number };

/**
 * Online copy (在线备份) of the database alone — the first step of a backup (archive.ts), and the
 * restore's safety copy — while the server keeps serving: SQLite's backup API
 * from a separate connection reads one consistent snapshot under WAL, so the server's writes
 * neither block nor get half-copied. The copy is switched to a rollback journal so that it is one
 * self-contained file, and checked with `PRAGMA integrity_check` before it is reported good.
 */
export async function backupDatabase(source: string, destination: string): Promise<BackupResult> {
  const src = path.resolve(source);
  const dest = path.resolve(destination);
  if (!fs.existsSync(src)) throw new BackupError(`no database at ${src} (set GRIDCOUNCIL_DB to back up another file)`, 2);
  if (src === dest) throw new BackupError("the backup cannot overwrite the database it copies");
  if (fs.existsSync(dest)) throw new BackupError(`${dest} already exists; choose another file name`);
  fs.mkdirSync(path.dirname(dest), { recursive: true });

  const db = openExisting(src);
  try {
    await copyWithBackupApi(db, dest);
  } catch (e) {
    removeDatabaseFiles(dest);
    throw new BackupError(`backup of ${src} failed: ${(e as Error).message}`);
  } finally {
    db.close();
  }

  const copy = openExisting(dest);
  let integrity: string;
  let pages: number;
  try {
    copy.pragma("journal_mode = DELETE");
    integrity = integrityOf(copy);
    pages = copy.pragma("page_count", { simple: true }) as number;
  } finally {
    copy.close();
  }
  if (integrity !== "ok") throw new BackupError(`the copy at ${dest} failed integrity_check: ${integrity}`);
  return { source: src, file: dest, bytes: fs.statSync(dest).size, integrity, pages };
}
