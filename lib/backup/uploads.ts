import fs from "node:fs";
import path from "node:path";
import type Database from "better-sqlite3";
import { STORED_NAME, thumbnailName } from "@/lib/uploads/names";

/**
 * Every column that names a file under uploads/. A new kind of upload adds its column here; the
 * backup test fails for any `*stored_name` column of the schema that is missing from this list.
 */
export const uploadColumns = [
  { table: "topic_photos", column: "stored_name" },
  { table: "task_photos", column: "stored_name" },
  { table: "rating_photos", column: "stored_name" },
  { table: "ballot_proxies", column: "scan_stored_name" },
] as const;

export type UploadFile = { name: string; file: string };

/**
 * The upload files a database refers to, with their thumbnails, as found in `uploadsDir`; and the
 * names it refers to whose file is not there. A name the app would never write (not 32 hex and an
 * image extension) is reported as missing rather than read, so a tampered row cannot make the
 * backup read a file outside uploads/.
 */
export function referencedUploads(db: Database.Database, uploadsDir: string): { files: UploadFile[]; missing: string[] } {
  const names = new Set<string>();
  for (const { table, column } of uploadColumns) {
    for (const r of db.prepare(`SELECT DISTINCT "${column}" AS n FROM "${table}"`).all() as { n: string }[]) names.add(r.n);
  }
  const files: UploadFile[] = [];
  const missing: string[] = [];
  for (const name of [...names].sort()) {
    const file = path.join(uploadsDir, name);
    if (!STORED_NAME.test(name) || !fs.existsSync(file)) {
      missing.push(name);
      continue;
    }
    files.push({ name, file });
    // Photos stored before re-encoding have no thumbnail until start re-encodes them (lib/uploads/legacy.ts).
    const thumb = path.join(uploadsDir, thumbnailName(name));
    if (fs.existsSync(thumb)) files.push({ name: thumbnailName(name), file: thumb });
  }
  return { files, missing };
}
