import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import bcrypt from "bcryptjs";
import { asc, eq, getTableColumns, sql } from "drizzle-orm";
import { drizzle } from "drizzle-orm/node-postgres";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import type { DB } from "@/db/client";
import * as schema from "@/db/schema/sqlite";
import * as pgSchema from "@/db/schema-pg";
import { seedDemoCommunity } from "@/db/seed/demo";
import { auditReport } from "@/lib/audit/verify";
import { pgAuditReport } from "@/lib/audit/verify-pg";
import { pgMatchingTopicIds, type PgDB } from "@/lib/search/pg-text-search";
import { matchingTopicIds } from "@/lib/search/search-topics";
import { queryWords } from "@/lib/search/segment";
import { uploadsDirFor } from "@/lib/uploads/names";
import { copyToPg, tablesInCopyOrder } from "@/scripts/copy-to-pg";
import { seedDemoTopics } from "@/scripts/seed/demo-topics";
import { tempDb } from "../helpers/db";
import { makeCommunity } from "../helpers/factory";
import { freshPgDatabase } from "./database";

/**
 * Moving a SQLite deployment over (issue 15): the demo community and its topics, ballots and
 * audit chain, copied by `npm run db:copy-to-pg` into empty PostgreSQL databases — once through
 * the exported function, once through the command line — must arrive whole: every table's rows,
 * the same values, an audit chain that verifies there (and catches an edit there), sequences
 * that continue after the copied ids, the same search results. A database that already holds
 * rows is refused and left as it was.
 */

type Pg = { url: string; drop: () => Promise<void>; pool: pg.Pool; db: PgDB };

let sqlite: ReturnType<typeof tempDb>;
let db: DB;
const databases: Pg[] = [];

async function emptyPg(label: string): Promise<Pg> {
  const d = await freshPgDatabase(label);
  const pool = new pg.Pool({ connectionString: d.url, max: 2 });
  const pgdb = { ...d, pool, db: drizzle(pool, { schema: pgSchema }) as PgDB };
  databases.push(pgdb);
  return pgdb;
}

const cwd = process.cwd();
function cli(script: string, env: Record<string, string>) {
  const r = spawnSync("npx", ["tsx", "--conditions=react-server", script], {
    cwd,
    env: { ...process.env, ...env },
    encoding: "utf8",
    timeout: 120_000,
  });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** Every table's row count on PostgreSQL, by table name, counted here rather than trusted from the script. */
async function pgCounts(p: Pg): Promise<Record<string, number>> {
  const out: Record<string, number> = {};
  for (const { table } of tablesInCopyOrder()) {
    const r = await p.pool.query<{ n: string }>(`select count(*)::text as n from "${table}"`);
    out[table] = Number(r.rows[0]!.n);
  }
  out.topic_search = Number((await p.pool.query<{ n: string }>("select count(*)::text as n from topic_search")).rows[0]!.n);
  return out;
}

function sqliteCounts(): Record<string, number> {
  const out: Record<string, number> = {};
  for (const { table } of tablesInCopyOrder()) out[table] = (db.$client.prepare(`select count(*) as n from "${table}"`).get() as { n: number }).n;
  out.topic_search = (db.$client.prepare("select count(*) as n from topic_search").get() as { n: number }).n;
  return out;
}

let copied: Pg;
let lines: string[];
let result: Awaited<ReturnType<typeof copyToPg>>;

beforeAll(async () => {
  sqlite = tempDb();
  db = sqlite.db;
  process.env.GRIDCOUNCIL_DB = sqlite.file;
  await seedDemoCommunity(db, bcrypt.hashSync("demo1234", 4));
  await seedDemoTopics(db);
  // An upload beside the database, which the copy must name and leave where it is.
  fs.mkdirSync(uploadsDirFor(sqlite.file), { recursive: true });
  fs.writeFileSync(path.join(uploadsDirFor(sqlite.file), "0123456789abcdef0123456789abcdef.jpg"), Buffer.alloc(2048));
  // The copy opens the file read-only: put the seed's writes into the file itself.
  db.$client.pragma("wal_checkpoint(TRUNCATE)");

  copied = await emptyPg("copy_fn");
  lines = [];
  result = await copyToPg({ sqliteFile: sqlite.file, databaseUrl: copied.url, log: (l) => lines.push(l), warn: (l) => lines.push(`! ${l}`) });
}, 240_000);

afterAll(async () => {
  for (const d of databases) {
    await d.pool.end();
    await d.drop();
  }
  sqlite?.cleanup();
});

describe("npm run db:copy-to-pg", () => {
  test("every table arrives with all its rows, and the script says so in a table of counts", async () => {
    expect(result.exitCode, lines.join("\n")).toBe(0);
    const before = sqliteCounts();
    // The demo holds what matters: people, topics, ballots with votes, an audit chain, a search index.
    for (const t of ["people", "topics", "ballots", "votes", "audit_log", "ballot_electors", "plan_revisions", "topic_search"]) expect(before[t], t).toBeGreaterThan(0);
    expect(await pgCounts(copied)).toEqual(before);
    expect(result.counts.every((c) => c.sqlite === c.postgres)).toBe(true);
    expect(lines).toContainEqual(expect.stringMatching(/^\s+votes\s+\d+\s+\d+\s+ok$/));
    expect(lines).toContain("copied and verified");
  });

  test("rows arrive field by field: a topic with its dates, a closed ballot with its json, a person, an audit entry, a vote", async () => {
    const pgdb = copied.db;
    const topic = db.select().from(schema.topics).where(sql`${schema.topics.closedAt} is not null`).orderBy(asc(schema.topics.id)).get()!;
    expect(topic.closedAt).toBeInstanceOf(Date);
    expect((await pgdb.select().from(pgSchema.topics).where(eq(pgSchema.topics.id, topic.id)))[0]).toEqual(topic);

    const ballot = db.select().from(schema.ballots).where(eq(schema.ballots.status, "closed")).orderBy(asc(schema.ballots.id)).get()!;
    expect(ballot.result).toMatchObject({ passed: expect.any(Boolean) });
    const pgBallot = (await pgdb.select().from(pgSchema.ballots).where(eq(pgSchema.ballots.id, ballot.id)))[0]!;
    expect(pgBallot).toEqual(ballot);
    // jsonb, not a string of JSON: PostgreSQL can look inside it.
    const kind = await copied.pool.query<{ t: string }>("select jsonb_typeof(result) as t from ballots where id = $1", [ballot.id]);
    expect(kind.rows[0]!.t).toBe("object");

    const person = db.select().from(schema.people).orderBy(asc(schema.people.id)).get()!;
    expect((await pgdb.select().from(pgSchema.people).where(eq(pgSchema.people.id, person.id)))[0]).toEqual(person);

    // Whole tables where the audit chain and the tally depend on every value.
    expect(await pgdb.select().from(pgSchema.auditLog).orderBy(asc(pgSchema.auditLog.id))).toEqual(db.select().from(schema.auditLog).orderBy(asc(schema.auditLog.id)).all());
    expect(await pgdb.select().from(pgSchema.votes).orderBy(asc(pgSchema.votes.id))).toEqual(db.select().from(schema.votes).orderBy(asc(schema.votes.id)).all());
    expect(await pgdb.select().from(pgSchema.ballotElectors).orderBy(asc(pgSchema.ballotElectors.id))).toEqual(
      db.select().from(schema.ballotElectors).orderBy(asc(schema.ballotElectors.id)).all(),
    );
  });

  test("the audit chain verifies on PostgreSQL as on SQLite, and an edited payload there is reported (also by npm run audit:verify)", async () => {
    const onSqlite = await auditReport(db);
    expect(onSqlite.problems).toEqual([]);
    const onPg = await pgAuditReport(copied.db);
    expect(onPg).toEqual(onSqlite);
    expect(onPg.entries).toBeGreaterThan(100);
    expect(lines).toContain(`audit chain on PostgreSQL: ${onPg.entries} entries, ${onPg.ballots} ballots, ok`);

    const ok = cli("scripts/audit-verify.ts", { DATABASE_URL: copied.url });
    expect(ok.status, ok.stderr).toBe(0);
    expect(ok.stdout.trim()).toBe(`audit chain ok: ${onSqlite.entries} entries, ${onSqlite.ballots} ballots`);

    const vote = (await copied.db.select().from(pgSchema.auditLog).where(eq(pgSchema.auditLog.kind, "vote.cast")).orderBy(asc(pgSchema.auditLog.id)).limit(1))[0]!;
    const edited = vote.payload.replace(/"choice":"[a-z]+"/, '"choice":"disagree"');
    expect(edited).not.toBe(vote.payload);
    await copied.db.update(pgSchema.auditLog).set({ payload: edited }).where(eq(pgSchema.auditLog.id, vote.id));
    try {
      const problems = (await pgAuditReport(copied.db)).problems;
      expect(problems).toContainEqual(expect.objectContaining({ table: "audit_log", rowId: vote.id, message: expect.stringContaining("does not match its hash: it was edited") }));
      const failed = cli("scripts/audit-verify.ts", { DATABASE_URL: copied.url });
      expect(failed.status).toBe(1);
      expect(failed.stderr).toContain(`audit_log #${vote.id}: entry ${vote.id} (vote.cast) does not match its hash`);
    } finally {
      await copied.db.update(pgSchema.auditLog).set({ payload: vote.payload }).where(eq(pgSchema.auditLog.id, vote.id));
    }
    expect((await pgAuditReport(copied.db)).problems).toEqual([]);
  });

  test("the sequences continue after the copied ids: a row inserted without an id gets the next one", async () => {
    const maxEvent = db.select({ id: sql<number>`max(id)` }).from(schema.events).get()!.id;
    const [event] = await copied.db.insert(pgSchema.events).values({ kind: "test.after-copy", subjectType: "test" }).returning({ id: pgSchema.events.id });
    expect(event!.id).toBe(maxEvent + 1);
    const maxPerson = db.select({ id: sql<number>`max(id)` }).from(schema.people).get()!.id;
    const [person] = await copied.db
      .insert(pgSchema.people)
      .values({ name: "搬迁后新居民", phone: "13900009999", displayNumber: "X-9999", passwordHash: "x" })
      .returning({ id: pgSchema.people.id });
    expect(person!.id).toBe(maxPerson + 1);
    // Every identity sequence stands at its table's highest id (none is left at 1 to collide later).
    for (const { table, to } of tablesInCopyOrder()) {
      if (!("id" in getTableColumns(to))) continue;
      const r = await copied.pool.query<{ top: string | null; last: string | null }>(
        `select (select max(id)::text from "${table}") as top,
                (select last_value::text from pg_sequences s where format('%I.%I', s.schemaname, s.sequencename)::regclass = pg_get_serial_sequence('"${table}"', 'id')::regclass) as last`,
      );
      if (r.rows[0]!.top !== null) expect({ table, last: Number(r.rows[0]!.last) }).toEqual({ table, last: Number(r.rows[0]!.top) });
    }
    await copied.db.delete(pgSchema.people).where(eq(pgSchema.people.id, person!.id));
    await copied.db.delete(pgSchema.events).where(eq(pgSchema.events.id, event!.id));
  });

  test("a search on the copy finds the same topics as on SQLite", async () => {
    for (const word of ["电梯", "停车", "垃圾"]) {
      const onSqlite = (await matchingTopicIds(db, word)).map((h) => h.id);
      const onPg = (await pgMatchingTopicIds(copied.db, queryWords(word))).map((h) => h.id);
      expect(onSqlite.length, word).toBeGreaterThan(0);
      expect({ word, onPg }).toEqual({ word, onPg: onSqlite });
    }
  });

  test("uploads are not moved: the output says where they are and that they must be copied by hand", () => {
    const uploads = uploadsDirFor(sqlite.file);
    expect(lines).toContain(`uploads NOT copied: 1 file (0.0 MB) in ${uploads}`);
    expect(lines.join("\n")).toContain("not built yet");
  });

  test("from the command line: a copy into an empty database exits 0; a second copy into it is refused with exit 1 and changes nothing", async () => {
    const target = await emptyPg("copy_cli");
    const first = cli("scripts/copy-to-pg.ts", { GRIDCOUNCIL_DB: sqlite.file, DATABASE_URL: target.url });
    expect(first.status, first.stderr).toBe(0);
    expect(first.stdout).toContain("copied and verified");
    expect(first.stdout).toMatch(/copied votes: \d+ rows/);
    expect(await pgCounts(target)).toEqual(sqliteCounts());

    const before = await pgCounts(target);
    const audit = await target.db.select().from(pgSchema.auditLog).orderBy(asc(pgSchema.auditLog.id));
    const second = cli("scripts/copy-to-pg.ts", { GRIDCOUNCIL_DB: sqlite.file, DATABASE_URL: target.url });
    expect(second.status).toBe(1);
    expect(second.stderr).toContain("already holds rows");
    expect(second.stderr).toContain("copies into an empty database only");
    expect(second.stderr).not.toMatch(/\n\s+at /); // a message, not a stack trace
    expect(await pgCounts(target)).toEqual(before);
    expect(await target.db.select().from(pgSchema.auditLog).orderBy(asc(pgSchema.auditLog.id))).toEqual(audit);

    // The function refuses alike.
    const again = await copyToPg({ sqliteFile: sqlite.file, databaseUrl: target.url, log: () => {}, warn: () => {} });
    expect(again.exitCode).toBe(1);
    expect(await pgCounts(target)).toEqual(before);
  });

  test("a value PostgreSQL cannot store (U+0000) stops the copy with the table, row and column named, and nothing copied", async () => {
    const small = tempDb();
    try {
      const place = await makeCommunity(small.db);
      small.db.update(schema.communities).set({ name: "坏\u0000名" }).where(eq(schema.communities.id, place.community.id)).run();
      small.db.$client.pragma("wal_checkpoint(TRUNCATE)");
      const target = await emptyPg("copy_nul");
      const said: string[] = [];
      const r = await copyToPg({ sqliteFile: small.file, databaseUrl: target.url, log: () => {}, warn: (l) => said.push(l) });
      expect(r.exitCode).toBe(1);
      expect(said.join("\n")).toContain(`communities row ${place.community.id}: column name holds the character U+0000`);
      const counts = await pgCounts(target);
      expect(Object.values(counts).every((n) => n === 0)).toBe(true);
    } finally {
      small.cleanup();
    }
  });
});
