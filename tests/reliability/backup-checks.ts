/**
 * What a backup taken under load must satisfy: every write acknowledged before the backup began is
 * in it, and it is one consistent snapshot of the source — the append-only tables hold exactly the
 * source's first rows (same content), and the counters agree with the rows they count.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { expect } from "vitest";
import { DB_ENTRY, unpackBackup, type Manifest } from "@/lib/backup/archive";
import { tableDigest } from "@/lib/backup/digest";
import { referencedUploads } from "@/lib/backup/uploads";
import type { AckedWrite } from "./load";
import { consistencyProblems, openRaw, root } from "./support";

/** Tables the app only ever appends to (the load writes into each of them). */
export const appendOnlyTables = ["opinions", "events", "audit_log", "topic_events"] as const;

export function expectConsistentSnapshot(backupFile: string, sourceFile: string, ackedBefore: AckedWrite[]): void {
  const backup = openRaw(backupFile);
  const source = openRaw(sourceFile);
  try {
    const opinions = new Map((backup.prepare("SELECT id, body FROM opinions").all() as { id: number; body: string }[]).map((o) => [o.id, o.body]));
    const voters = new Set((backup.prepare("SELECT elector_key AS k FROM votes").all() as { k: string }[]).map((v) => v.k));
    const missing = ackedBefore.filter((w) => (w.kind === "opinion" ? opinions.get(w.id) !== w.body : !voters.has(`person:${w.personId}`)));
    expect(missing).toEqual([]);
    for (const table of appendOnlyTables) {
      const maxId = (backup.prepare(`SELECT coalesce(max(id), 0) AS m FROM ${table}`).get() as { m: number }).m;
      expect(tableDigest(backup, table), table).toEqual(tableDigest(source, table, `WHERE id <= ${maxId}`));
    }
    expect(consistencyProblems(backup)).toEqual([]);
  } finally {
    backup.close();
    source.close();
  }
}

/**
 * Unpacks a backup archive (checked against its manifest, as the restore does) into a temporary
 * folder: the database copy, the uploads folder and the manifest, for checks that read them.
 */
export async function unpackedBackup(archive: string): Promise<{ dir: string; db: string; uploads: string; manifest: Manifest }> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "gridcouncil-unpacked-"));
  const manifest = await unpackBackup(archive, dir, path.join(root, "db", "migrations"));
  return { dir, db: path.join(dir, DB_ENTRY), uploads: path.join(dir, "uploads"), manifest };
}

/**
 * The uploads in a backup are exactly the files its database refers to (with their thumbnails),
 * each byte for byte as the live uploads folder holds it: nothing missing, no file that arrived
 * after the database snapshot.
 */
export function expectUploadsMatchDatabase(unpacked: { db: string; uploads: string; manifest: Manifest }, liveUploads: string): void {
  const db = openRaw(unpacked.db);
  try {
    const { files, missing } = referencedUploads(db, liveUploads);
    expect(missing).toEqual([]);
    expect(unpacked.manifest.missing).toEqual([]);
    const inBackup = fs.existsSync(unpacked.uploads) ? fs.readdirSync(unpacked.uploads).sort() : [];
    expect(inBackup).toEqual(files.map((f) => f.name).sort());
    for (const f of files) expect(fs.readFileSync(path.join(unpacked.uploads, f.name)).equals(fs.readFileSync(f.file)), f.name).toBe(true);
  } finally {
    db.close();
  }
}
