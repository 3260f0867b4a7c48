/**
 * What a backup taken under load must satisfy: every write acknowledged before the backup began is
 * in it, and it is one consistent snapshot of the source — the append-only tables hold exactly the
 * source's first rows (same content), and the counters agree with the rows they count.
 */
import { expect } from "vitest";
import { tableDigest } from "@/lib/backup/digest";
import type { AckedWrite } from "./load";
import { consistencyProblems, openRaw } from "./support";

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
