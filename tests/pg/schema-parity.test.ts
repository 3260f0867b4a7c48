import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { drizzle } from "drizzle-orm/node-postgres";
import { migrate } from "drizzle-orm/node-postgres/migrator";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDatabase } from "@/db/client";
import * as sqliteSchema from "@/db/schema";
import { compareCatalogs, readPgCatalog, readSqliteCatalog, type Catalog } from "./catalog";
import { freshPgDatabase } from "./database";

// Issue 15, "schema twice, proven equal": both migration folders, applied to empty databases, must
// build the same tables, columns, types, nullability, indexes and foreign keys. The type-level half
// is tests/unit/schema-parity.test.ts.

let sqliteCatalog: Catalog;
let pgCatalog: Catalog;
let sqlite: ReturnType<typeof openDatabase>;
let pool: pg.Pool;

const clone = (c: Catalog): Catalog => structuredClone(c);

describe("the migrated SQLite and PostgreSQL schemas", () => {
  const cleanups: (() => Promise<void> | void)[] = [];

  beforeAll(async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "gridcouncil-parity-"));
    sqlite = openDatabase(path.join(dir, "parity.db"));
    cleanups.push(() => {
      sqlite.$client.close();
      fs.rmSync(dir, { recursive: true, force: true });
    });
    sqliteCatalog = readSqliteCatalog(sqlite.$client, sqliteSchema);

    const database = await freshPgDatabase("schema_parity");
    cleanups.push(database.drop);
    pool = new pg.Pool({ connectionString: database.url, max: 1 });
    cleanups.unshift(() => pool.end());
    await migrate(drizzle(pool), { migrationsFolder: path.join(process.cwd(), "db", "migrations-pg") });
    const client = await pool.connect();
    try {
      pgCatalog = await readPgCatalog(client);
    } finally {
      client.release();
    }
  });

  afterAll(async () => {
    for (const cleanup of cleanups) await cleanup();
  });

  it("have the same tables, columns, types, nullability, keys and indexes", () => {
    // Not vacuous: both sides were read, with what the app relies on.
    expect(Object.keys(sqliteCatalog).length).toBeGreaterThan(50);
    expect(pgCatalog.votes?.indexes.map((i) => i.name)).toContain("votes_ballot_elector");
    expect(pgCatalog.meeting_speakers?.indexes.find((i) => i.name === "meeting_speakers_one_speaking")?.where).toBeTruthy();
    expect(compareCatalogs(sqliteCatalog, pgCatalog)).toEqual([]);
  });

  it("number the same rows automatically, and take copied rows with their ids (db:copy-to-pg)", async () => {
    // SQLite's AUTOINCREMENT keys are PostgreSQL identities "by default", which accept given ids.
    const autoincrement = (sqlite.$client.prepare("select name, sql from sqlite_master where type = 'table'").all() as { name: string; sql: string }[])
      .filter((t) => /\bAUTOINCREMENT\b/i.test(t.sql))
      .map((t) => `${t.name}.${sqliteCatalog[t.name]?.primaryKey.join(",")}`);
    const identities = await pool.query<{ column: string }>(
      "select table_name || '.' || column_name as column from information_schema.columns where table_schema = 'public' and is_identity = 'YES' and identity_generation = 'BY DEFAULT'",
    );
    expect(autoincrement.length).toBeGreaterThan(50);
    expect(identities.rows.map((r) => r.column).sort()).toEqual(autoincrement.sort());

    // A copied row keeps its id; with the sequence reset past it, the next new row follows on.
    await pool.query("insert into communities (id, code, name) values (41, 'HX', '和谐社区')");
    await pool.query("select setval(pg_get_serial_sequence('communities', 'id'), (select max(id) from communities))");
    const next = await pool.query<{ id: number }>("insert into communities (code, name) values ('XY', '幸福社区') returning id");
    expect(next.rows[0]!.id).toBe(42);
  });

  it("reports a drift on either side, naming the table, the column or the index", () => {
    const pgDrift = clone(pgCatalog);
    pgDrift.topics!.columns.find((c) => c.name === "title")!.notNull = false;
    pgDrift.ballots!.columns.find((c) => c.name === "closes_at")!.type = "bigint";
    pgDrift.votes!.indexes.find((i) => i.name === "votes_ballot_elector")!.unique = false;
    pgDrift.tasks!.foreignKeys.find((f) => f.table === "topics")!.onDelete = "cascade";
    pgDrift.job_leases!.columns.push({ name: "owner", type: "text", notNull: false, default: null });
    pgDrift.grids!.columns.find((c) => c.name === "cosign_threshold")!.default = "6";
    delete pgDrift.reminder_mutes;
    expect(compareCatalogs(sqliteCatalog, pgDrift)).toEqual([
      "table reminder_mutes: only on SQLite",
      "ballots.closes_at: type integer (timestamp_ms) on SQLite but bigint on PostgreSQL (expected timestamp(3) with time zone)",
      "grids.cosign_threshold: default 5 on SQLite but 6 on PostgreSQL",
      "job_leases.owner: column only on PostgreSQL",
      "tasks: foreign key (topic_id) → topics(id) on delete no action on update no action on SQLite but (topic_id) → topics(id) on delete cascade on update no action on PostgreSQL",
      "topics.title: not null on SQLite but nullable on PostgreSQL",
      "votes: index votes_ballot_elector is unique on SQLite but not unique on PostgreSQL",
    ]);

    const sqliteDrift = clone(sqliteCatalog);
    sqliteDrift.meeting_speakers!.indexes.find((i) => i.name === "meeting_speakers_one_speaking")!.where = "status = 'waiting'";
    sqliteDrift.people!.columns.find((c) => c.name === "claimed_owner")!.type = "integer";
    sqliteDrift.grids!.indexes = sqliteDrift.grids!.indexes.filter((i) => i.name !== "grids_community_code");
    expect(compareCatalogs(sqliteDrift, pgCatalog)).toEqual([
      "grids: index grids_community_code only on PostgreSQL",
      "meeting_speakers: index meeting_speakers_one_speaking where status = 'waiting' on SQLite but (status = 'speaking'::text) on PostgreSQL",
      "people.claimed_owner: type integer on SQLite but boolean on PostgreSQL (expected integer or bigint)",
    ]);
  });
});

describe("the catalog comparison", () => {
  it("takes PostgreSQL's spellings of a partial index's condition and of a default for SQLite's", () => {
    const table = (where: string, dflt: string) => ({
      columns: [{ name: "status", type: "text", notNull: true, default: dflt }],
      primaryKey: [],
      indexes: [{ name: "one", columns: ["status"], unique: true, where }],
      foreignKeys: [],
    });
    const sqlite: Catalog = { t: table("status in ('waiting', 'speaking')", "'open'") };
    expect(compareCatalogs(sqlite, { t: table("(status = ANY (ARRAY['waiting'::text, 'speaking'::text]))", "'open'::text") })).toEqual([]);
    expect(compareCatalogs(sqlite, { t: table("(status = ANY (ARRAY['waiting'::text, 'done'::text]))", "'open'::text") })).toEqual([
      "t: index one where status in ('waiting', 'speaking') on SQLite but (status = ANY (ARRAY['waiting'::text, 'done'::text])) on PostgreSQL",
    ]);
    expect(compareCatalogs(sqlite, { t: table("(status = ANY (ARRAY['waiting'::text, 'speaking'::text]))", "'closed'::text") })).toEqual([
      "t.status: default 'open' on SQLite but 'closed'::text on PostgreSQL",
    ]);
  });

  it("ignores only the listed dialect-specific tables", () => {
    const empty = { columns: [], primaryKey: [], indexes: [], foreignKeys: [] };
    const sqlite: Catalog = { topic_search: empty, topic_search_data: empty, sqlite_sequence: empty, __drizzle_migrations: empty };
    expect(compareCatalogs(sqlite, { topic_search: empty })).toEqual([]);
    expect(compareCatalogs({ topic_search_extra: empty }, {})).toEqual(["table topic_search_extra: only on SQLite"]);
  });
});
