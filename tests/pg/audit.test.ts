import { asc, desc, eq, sql } from "drizzle-orm";
import { drizzle } from "drizzle-orm/node-postgres";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { auditLog } from "@/db/schema";
import * as pgSchema from "@/db/schema-pg";
import { auditHash, appendAudit, canonicalJson } from "@/lib/audit/append";
import { pgAuditReport } from "@/lib/audit/verify-pg";
import { auditReport } from "@/lib/audit/verify";
import type { PgDB } from "@/lib/search/pg-text-search";
import { copyToPg } from "@/scripts/copy-to-pg";
import { tempDb } from "../helpers/db";
import { freshPgDatabase } from "./database";

/**
 * The audit chain read from PostgreSQL (lib/audit/verify-pg.ts): the same check and the same
 * hashes as on SQLite, with PostgreSQL's own way of telling a deleted entry from an id that was
 * merely used up (nextval() is not rolled back with the transaction that called it).
 */

const ENTRIES = 6;
let sqlite: ReturnType<typeof tempDb>;
const opened: { pool: pg.Pool; drop: () => Promise<void> }[] = [];

beforeAll(async () => {
  sqlite = tempDb();
  const T0 = Date.UTC(2026, 4, 10, 1, 0, 0, 123);
  // Entries recording no ballot: the chain alone is under test here.
  for (let n = 1; n <= ENTRIES; n++) await appendAudit(sqlite.db, { kind: "vote.cast", ballotId: null, actorId: n, at: new Date(T0 + n * 60_000), payload: { note: `第${n}条`, n } });
  sqlite.db.$client.pragma("wal_checkpoint(TRUNCATE)");
});

afterAll(async () => {
  for (const o of opened) {
    await o.pool.end();
    await o.drop();
  }
  sqlite?.cleanup();
});

/** A fresh PostgreSQL copy of the SQLite chain. */
async function copy(label: string): Promise<{ db: PgDB; pool: pg.Pool }> {
  const d = await freshPgDatabase(label);
  const r = await copyToPg({ sqliteFile: sqlite.file, databaseUrl: d.url, log: () => {}, warn: () => {} });
  expect(r.exitCode).toBe(0);
  const pool = new pg.Pool({ connectionString: d.url, max: 2 });
  opened.push({ pool, drop: d.drop });
  return { db: drizzle(pool, { schema: pgSchema }) as PgDB, pool };
}

/** Appends one entry on PostgreSQL as the app's append does: insert, chain onto the previous entry, store the hash. */
async function appendOnPg(db: PgDB, payload: Record<string, unknown>) {
  const at = new Date(Date.UTC(2026, 4, 11));
  const text = canonicalJson(payload);
  const [row] = await db.insert(pgSchema.auditLog).values({ at, actorId: 1, kind: "vote.cast", ballotId: null, payload: text, prevHash: "", hash: "" }).returning({ id: pgSchema.auditLog.id });
  const [prev] = await db.select({ hash: pgSchema.auditLog.hash }).from(pgSchema.auditLog).where(sql`${pgSchema.auditLog.id} < ${row!.id}`).orderBy(desc(pgSchema.auditLog.id)).limit(1);
  await db
    .update(pgSchema.auditLog)
    .set({ prevHash: prev!.hash, hash: auditHash(prev!.hash, row!.id, at.getTime(), "vote.cast", text) })
    .where(eq(pgSchema.auditLog.id, row!.id));
  return row!.id;
}

describe("the audit chain on PostgreSQL", () => {
  test("a chain copied from SQLite verifies with the same hashes (times to the millisecond, payload text as stored)", async () => {
    const { db } = await copy("audit_same");
    const onSqlite = sqlite.db.select().from(auditLog).orderBy(asc(auditLog.id)).all();
    const onPg = await db.select().from(pgSchema.auditLog).orderBy(asc(pgSchema.auditLog.id));
    expect(onPg).toEqual(onSqlite);
    for (const e of onPg) expect(auditHash(e.prevHash, e.id, e.at.getTime(), e.kind, e.payload)).toBe(e.hash);
    expect(await pgAuditReport(db)).toEqual(await auditReport(sqlite.db));
    expect((await pgAuditReport(db)).entries).toBe(ENTRIES);
  });

  test("an id used up by a transaction that rolled back is no deletion: the next entry chains over the hole", async () => {
    const { db, pool } = await copy("audit_burnt");
    const client = await pool.connect();
    try {
      await client.query("BEGIN");
      await client.query("insert into audit_log (at, kind, payload, prev_hash, hash) values (now(), 'vote.cast', '{}', '', '')");
      await client.query("ROLLBACK");
    } finally {
      client.release();
    }
    // The hole is at the end for now: it cannot be told from a deleted last entry, and is reported.
    expect((await pgAuditReport(db)).problems).toEqual([expect.objectContaining({ table: "audit_log", rowId: ENTRIES + 1, message: expect.stringContaining("rolled back") })]);
    const id = await appendOnPg(db, { note: "after the rollback" });
    expect(id).toBe(ENTRIES + 2);
    expect((await pgAuditReport(db)).problems).toEqual([]);
  });

  test("a deleted entry in the middle is reported: the next entry no longer chains onto the one before the hole", async () => {
    const { db } = await copy("audit_gap");
    await db.delete(pgSchema.auditLog).where(eq(pgSchema.auditLog.id, 3));
    expect((await pgAuditReport(db)).problems).toContainEqual(expect.objectContaining({ table: "audit_log", rowId: 4, message: "entry 3 is missing before entry 4 (deleted)" }));
  });

  test("the last entry deleted is reported from the identity sequence", async () => {
    const { db } = await copy("audit_tail");
    await db.delete(pgSchema.auditLog).where(eq(pgSchema.auditLog.id, ENTRIES));
    expect((await pgAuditReport(db)).problems).toContainEqual(expect.objectContaining({ table: "audit_log", rowId: ENTRIES, message: expect.stringContaining(`entry ${ENTRIES}, the last one, is missing`) }));
  });

  test("a SQLite chain whose last entry was deleted arrives with the hole still visible, and the copy says the chain already failed", async () => {
    const broken = tempDb();
    try {
      for (let n = 1; n <= 3; n++) await appendAudit(broken.db, { kind: "vote.cast", ballotId: null, actorId: n, at: new Date(Date.UTC(2026, 0, n)), payload: { n } });
      broken.db.$client.prepare("delete from audit_log where id = 3").run();
      broken.db.$client.pragma("wal_checkpoint(TRUNCATE)");
      expect((await auditReport(broken.db)).problems).toEqual([expect.objectContaining({ rowId: 3, message: "entry 3, the last one, is missing (deleted)" })]);
      const d = await freshPgDatabase("audit_broken");
      const pool = new pg.Pool({ connectionString: d.url, max: 2 });
      opened.push({ pool, drop: d.drop });
      const said: string[] = [];
      const r = await copyToPg({ sqliteFile: broken.file, databaseUrl: d.url, log: () => {}, warn: (l) => said.push(l) });
      // Copied (the copy is faithful), but not a clean bill of health.
      expect(r.exitCode).toBe(1);
      expect(said.join("\n")).toContain("the audit chain already fails on the SQLite file (1 problem), and on the copy alike");
      const onPg = await pgAuditReport(drizzle(pool, { schema: pgSchema }) as PgDB);
      expect(onPg.entries).toBe(2);
      expect(onPg.problems).toEqual([expect.objectContaining({ rowId: 3, message: expect.stringContaining("entry 3, the last one, is missing") })]);
    } finally {
      broken.cleanup();
    }
  });

  test("an edited entry is reported, as on SQLite", async () => {
    const { db } = await copy("audit_edit");
    await db.update(pgSchema.auditLog).set({ payload: canonicalJson({ note: "改过", n: 2 }) }).where(eq(pgSchema.auditLog.id, 2));
    expect((await pgAuditReport(db)).problems).toEqual([expect.objectContaining({ table: "audit_log", rowId: 2, message: "entry 2 (vote.cast) does not match its hash: it was edited" })]);
  });
});
