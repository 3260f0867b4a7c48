/**
 * `npm run db:copy-to-pg`: moves a SQLite deployment (GRIDCOUNCIL_DB, default data/gridcouncil.db)
 * into an empty PostgreSQL database (DATABASE_URL). It applies db/migrations-pg, refuses a database
 * that already holds rows, copies every table of db/schema into its twin of db/schema-pg (parents
 * before children, ids kept, 1,000 rows a batch, all in one PostgreSQL transaction), moves each
 * identity sequence past the ids copied, copies the search index, and before committing verifies
 * the copy: the row count of every table and the audit chain (lib/audit/verify-pg.ts), which must
 * report exactly what it reports on the SQLite file. Uploaded files stay where they are: it says
 * where, and that they must be copied by hand. Exit 0: copied and verified; 1: refused, failed or
 * not verified (nothing is left half-copied); 2: no SQLite file or no DATABASE_URL.
 */
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { getTableColumns, getTableName, is, sql } from "drizzle-orm";
import { drizzle } from "drizzle-orm/node-postgres";
import { migrate } from "drizzle-orm/node-postgres/migrator";
import { PgTable } from "drizzle-orm/pg-core";
import { getTableConfig, SQLiteTable } from "drizzle-orm/sqlite-core";
import pg from "pg";
import { databasePath, openDatabaseReadOnly, type DB } from "@/db/client";
import * as schema from "@/db/schema/sqlite";
import * as pgSchema from "@/db/schema-pg";
import type { AuditProblem } from "@/lib/audit/check";
import { pgAuditReport } from "@/lib/audit/verify-pg";
import { auditReport } from "@/lib/audit/verify";
import type { PgDB } from "@/lib/search/pg-text-search";
import { uploadsDirFor } from "@/lib/uploads/names";
import { redactedDatabaseUrl } from "@/lib/config";

const BATCH_ROWS = 1000;
/** PostgreSQL takes at most 65,535 parameters a statement: a wide table gets smaller batches. */
const MAX_PARAMETERS = 60_000;

export type CopyOptions = {
  sqliteFile: string;
  databaseUrl: string;
  /** Where progress goes (stdout by default) and where problems go (stderr). */
  log?: (line: string) => void;
  warn?: (line: string) => void;
};

export type TableCount = { table: string; sqlite: number; postgres: number };
export type CopyResult = { exitCode: 0 | 1 | 2; counts: TableCount[] };

/** A reason to stop, already worded for the operator; the transaction is rolled back. */
class CopyStop extends Error {
  constructor(
    message: string,
    readonly exitCode: 1 | 2 = 1,
  ) {
    super(message);
  }
}

type Pair = { name: string; table: string; from: SQLiteTable; to: PgTable };

/**
 * Every table of db/schema with its db/schema-pg twin of the same export name, parents before
 * children (a table after every table its foreign keys point to), so each row's references exist
 * when it is inserted and no constraint has to be switched off.
 */
export function tablesInCopyOrder(): Pair[] {
  const pairs = new Map<string, Pair>();
  for (const [name, from] of Object.entries(schema)) {
    if (!is(from, SQLiteTable)) continue;
    const to = (pgSchema as Record<string, unknown>)[name];
    if (!is(to, PgTable)) throw new Error(`db/schema-pg has no table ${name} (db/schema has): the two schemas have drifted`);
    pairs.set(getTableName(from), { name, table: getTableName(from), from, to });
  }
  const ordered: Pair[] = [];
  const state = new Map<string, "visiting" | "done">();
  const visit = (table: string, via: string[]) => {
    if (state.get(table) === "done") return;
    if (state.get(table) === "visiting") throw new Error(`foreign keys form a cycle: ${[...via, table].join(" → ")}`);
    state.set(table, "visiting");
    const pair = pairs.get(table)!;
    for (const fk of getTableConfig(pair.from).foreignKeys) {
      const parent = getTableName(fk.reference().foreignTable);
      if (parent !== table && pairs.has(parent)) visit(parent, [...via, table]);
    }
    state.set(table, "done");
    ordered.push(pair);
  };
  for (const table of [...pairs.keys()].sort()) visit(table, []);
  return ordered;
}

/** The column holding U+0000 (which PostgreSQL's text and jsonb refuse), or null. */
function nulCharacterIn(row: Record<string, unknown>): string | null {
  const holds = (v: unknown): boolean => {
    if (typeof v === "string") return v.includes("\u0000");
    if (Array.isArray(v)) return v.some(holds);
    if (v && typeof v === "object" && !(v instanceof Date) && !Buffer.isBuffer(v)) return Object.entries(v).some(([k, x]) => k.includes("\u0000") || holds(x));
    return false;
  };
  return Object.keys(row).find((column) => holds(row[column])) ?? null;
}

const quoteIdent = (name: string) => `"${name.replaceAll('"', '""')}"`;


/** What a driver error says, without a stack: PostgreSQL's message, its detail and the row it names. */
function pgMessage(e: unknown): string {
  if (!(e instanceof Error)) return String(e);
  const cause = (e as { cause?: unknown }).cause;
  const err = (cause instanceof Error ? cause : e) as Error & { detail?: string; code?: string };
  return [err.message, err.detail].filter(Boolean).join(" — ");
}

/** The SQLite file's migrations must all have run: a read-only copy cannot bring it up to date. */
function checkSqliteIsCurrent(db: DB): void {
  const journal = JSON.parse(fs.readFileSync(path.join(process.cwd(), "db", "migrations", "meta", "_journal.json"), "utf8")) as { entries: { when: number; tag: string }[] };
  const newest = journal.entries.at(-1)!;
  const applied = (db.$client.prepare("select max(created_at) as at from __drizzle_migrations").get() as { at: number | null } | undefined)?.at ?? 0;
  if (Number(applied) < newest.when) {
    throw new CopyStop(`the SQLite file's schema is older than this version of GridCouncil (its newest migration is not ${newest.tag}): start the app on it once (npm start) or run npm run db:setup, so its migrations apply, then copy it`);
  }
}

function listUploads(dir: string): { files: number; bytes: number } {
  let files = 0;
  let bytes = 0;
  if (!fs.existsSync(dir)) return { files, bytes };
  for (const entry of fs.readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (!entry.isFile()) continue;
    files++;
    bytes += fs.statSync(path.join(entry.parentPath, entry.name)).size;
  }
  return { files, bytes };
}

const problemKey = (p: AuditProblem) => `${p.table}#${p.rowId ?? "-"}@${p.ballotId ?? "-"}`;

/** The table of counts, one line a table, aligned. */
function countTable(counts: TableCount[]): string[] {
  const width = Math.max(...counts.map((c) => c.table.length), "table".length);
  const line = (a: string, b: string, c: string, d: string) => `  ${a.padEnd(width)}  ${b.padStart(9)}  ${c.padStart(9)}  ${d}`;
  return [line("table", "sqlite", "postgres", ""), ...counts.map((c) => line(c.table, String(c.sqlite), String(c.postgres), c.sqlite === c.postgres ? "ok" : "DIFFERENT"))];
}

export async function copyToPg(opts: CopyOptions): Promise<CopyResult> {
  const log = opts.log ?? ((line: string) => console.log(line));
  const warn = opts.warn ?? ((line: string) => console.error(line));
  const counts: TableCount[] = [];
  const file = path.resolve(opts.sqliteFile);
  if (!fs.existsSync(file)) {
    warn(`no SQLite database at ${file} (set GRIDCOUNCIL_DB to copy another file)`);
    return { exitCode: 2, counts };
  }

  const source = openDatabaseReadOnly(file);
  const pool = new pg.Pool({ connectionString: opts.databaseUrl, max: 2 });
  const target = drizzle(pool, { schema: pgSchema });
  const where = redactedDatabaseUrl(opts.databaseUrl);
  try {
    checkSqliteIsCurrent(source);
    const pairs = tablesInCopyOrder();

    log(`copying ${file}`);
    log(`     to ${where}`);
    try {
      await migrate(target, { migrationsFolder: path.join(process.cwd(), "db", "migrations-pg") });
    } catch (e) {
      throw new CopyStop(`cannot prepare ${where}: ${pgMessage(e)}`);
    }
    log("PostgreSQL schema up to date (db/migrations-pg)");

    // Only into an empty database: copying over rows would mix two deployments' ids.
    const pgTables = (Object.values(pgSchema) as unknown[]).filter((t): t is PgTable => is(t, PgTable));
    const occupied: string[] = [];
    for (const t of pgTables) {
      const r = await pool.query<{ n: string }>(`select count(*)::text as n from ${quoteIdent(getTableName(t))}`);
      if (Number(r.rows[0]!.n) > 0) occupied.push(`${getTableName(t)}: ${r.rows[0]!.n}`);
    }
    if (occupied.length > 0) {
      throw new CopyStop(
        `${where} already holds rows (${occupied.slice(0, 8).join(", ")}${occupied.length > 8 ? ", …" : ""}). db:copy-to-pg copies into an empty database only: create a new one (createdb) and point DATABASE_URL at it. No row was changed.`,
      );
    }

    // One snapshot of the SQLite file for the whole copy, even if a server is still writing to it.
    source.$client.exec("BEGIN");
    const sqliteCount = (table: string) => (source.$client.prepare(`select count(*) as n from ${quoteIdent(table)}`).get() as { n: number }).n;
    const sequences = new Map(
      (source.$client.prepare("select name, seq from sqlite_sequence").all() as { name: string; seq: number }[]).map((r) => [r.name, r.seq]),
    );

    const sourceAudit = await auditReport(source);

    await target.transaction(async (tx) => {
      for (const { table, from, to } of pairs) {
        const total = sqliteCount(table);
        const columns = getTableColumns(from);
        const batch = Math.max(1, Math.min(BATCH_ROWS, Math.floor(MAX_PARAMETERS / Object.keys(columns).length)));
        let copied = 0;
        let lastRowid = Number.MIN_SAFE_INTEGER;
        for (;;) {
          // Keyset paging on the rowid (the id itself for every table with an integer key): each
          // batch is one indexed range, where OFFSET would rescan everything before it.
          const page = source
            .select({ ...columns, copyRowid: sql<number>`rowid` })
            .from(from)
            .where(sql`rowid > ${lastRowid}`)
            .orderBy(sql`rowid`)
            .limit(batch)
            .all() as (Record<string, unknown> & { copyRowid: number })[];
          if (page.length === 0) break;
          lastRowid = page.at(-1)!.copyRowid;
          const rows = page.map(({ copyRowid: _, ...row }) => row);
          for (const [i, row] of rows.entries()) {
            const column = nulCharacterIn(row);
            if (column) {
              throw new CopyStop(
                `${table} row ${String(row.id ?? page[i]!.copyRowid)}: column ${column} holds the character U+0000, which PostgreSQL cannot store in text or jsonb. Remove it in the SQLite file (e.g. with sqlite3: update ${table} set … = replace(…, char(0), '') where id = …) and copy again. Nothing was copied.`,
              );
            }
          }
          try {
            // Through the pg drizzle table: Dates become timestamptz, parsed JSON becomes jsonb, booleans booleans.
            await tx.insert(to).values(rows as never[]);
          } catch (e) {
            throw new CopyStop(`copying ${table} (rows ${String(rows[0]!.id ?? "")}–${String(rows.at(-1)!.id ?? "")}) failed: ${pgMessage(e)}. Nothing was copied.`);
          }
          copied += rows.length;
          if (total > batch) log(`  ${table}: ${copied} / ${total}`);
        }
        log(`copied ${table}: ${copied} row${copied === 1 ? "" : "s"}`);

        // The next id continues after the highest ever issued: the largest copied, or (AUTOINCREMENT
        // never reuses one) the largest SQLite handed out, when the last rows were deleted.
        const issued = sequences.get(table) ?? 0;
        if ("id" in getTableColumns(to)) await tx.execute(sql`
          select setval(seq::regclass, greatest(coalesce(m.top, 0), ${issued}::bigint, 1), greatest(coalesce(m.top, 0), ${issued}::bigint) > 0)
          from (select pg_get_serial_sequence(${quoteIdent(table)}, 'id') as seq) s,
               (select max(id)::bigint as top from ${sql.identifier(table)}) m
          where s.seq is not null`);
      }

      // The search index: SQLite's FTS5 table holds the segmented text, keyed by the topic's id;
      // PostgreSQL computes its tsvector and token count from the same text.
      let searchCopied = 0;
      let orphans = 0;
      let lastTopic = Number.MIN_SAFE_INTEGER;
      const searchTotal = sqliteCount("topic_search");
      for (;;) {
        const page = source.$client
          .prepare("select rowid as topicId, title, body, rowid in (select id from topics) as live from topic_search where rowid > ? order by rowid limit ?")
          .all(lastTopic, BATCH_ROWS) as { topicId: number; title: string | null; body: string | null; live: number }[];
        if (page.length === 0) break;
        lastTopic = page.at(-1)!.topicId;
        const rows = page.filter((r) => r.live).map((r) => ({ topicId: r.topicId, title: r.title ?? "", body: r.body ?? "" }));
        orphans += page.length - rows.length;
        for (const row of rows) {
          const column = nulCharacterIn(row);
          if (column) throw new CopyStop(`topic_search entry of topic ${row.topicId}: column ${column} holds the character U+0000, which PostgreSQL cannot store. Nothing was copied.`);
        }
        if (rows.length > 0) await tx.insert(pgSchema.topicSearch).values(rows);
        searchCopied += rows.length;
        if (searchTotal > BATCH_ROWS) log(`  topic_search: ${searchCopied + orphans} / ${searchTotal}`);
      }
      log(`copied topic_search: ${searchCopied} entr${searchCopied === 1 ? "y" : "ies"}${orphans ? ` (${orphans} left behind: their topics no longer exist)` : ""}`);

      // ── Verify before committing: counts first, then the audit chain.
      for (const { table } of pairs) {
        const r = await tx.execute<{ n: string }>(sql`select count(*)::text as n from ${sql.identifier(table)}`);
        counts.push({ table, sqlite: sqliteCount(table), postgres: Number(r.rows[0]!.n) });
      }
      const r = await tx.execute<{ n: string }>(sql`select count(*)::text as n from topic_search`);
      counts.push({ table: "topic_search", sqlite: searchTotal - orphans, postgres: Number(r.rows[0]!.n) });
      log("");
      log("row counts:");
      for (const line of countTable(counts)) log(line);
      const different = counts.filter((c) => c.sqlite !== c.postgres);
      if (different.length > 0) throw new CopyStop(`the copy is not complete: ${different.map((c) => `${c.table} has ${c.postgres} rows, not ${c.sqlite}`).join("; ")}. Nothing was copied.`);

      const copyAudit = await pgAuditReport(tx as unknown as PgDB);
      const before = sourceAudit.problems.map(problemKey).sort();
      const after = copyAudit.problems.map(problemKey).sort();
      if (before.join("\n") !== after.join("\n")) {
        for (const p of copyAudit.problems) warn(`  on PostgreSQL: ${p.table} #${p.rowId ?? "—"}: ${p.message}`);
        for (const p of sourceAudit.problems) warn(`  on SQLite:     ${p.table} #${p.rowId ?? "—"}: ${p.message}`);
        throw new CopyStop(`the audit chain does not verify the same on the copy (${copyAudit.problems.length} problems) as on the SQLite file (${sourceAudit.problems.length}). Nothing was copied.`);
      }
      log("");
      log(`audit chain on PostgreSQL: ${copyAudit.entries} entries, ${copyAudit.ballots} ballots, ${copyAudit.problems.length === 0 ? "ok" : `${copyAudit.problems.length} problems, the same as on the SQLite file`}`);
    });

    const uploads = uploadsDirFor(file);
    const { files, bytes } = listUploads(uploads);
    log("");
    log(`uploads NOT copied: ${files} file${files === 1 ? "" : "s"} (${(bytes / 1024 / 1024).toFixed(1)} MB) in ${uploads}`);
    log("  Photos, thumbnails and proxy scans stay files: this command does not put them into PostgreSQL.");
    log("  Copy that folder to the shared uploads folder every app server will read (e.g. rsync -a <uploads>/ <shared>/uploads/).");
    log("  Serving uploads from a shared folder or from PostgreSQL is not built yet (issue 15): until it is, keep the folder beside the database the servers use.");

    if (sourceAudit.problems.length > 0) {
      for (const p of sourceAudit.problems) warn(`${p.table} #${p.rowId ?? "—"}: ${p.message}`);
      warn(`copied, but the audit chain already fails on the SQLite file (${sourceAudit.problems.length} problem${sourceAudit.problems.length === 1 ? "" : "s"}), and on the copy alike`);
      return { exitCode: 1, counts };
    }
    log("");
    log("copied and verified");
    return { exitCode: 0, counts };
  } catch (e) {
    if (e instanceof CopyStop) {
      warn(`db:copy-to-pg: ${e.message}`);
      return { exitCode: e.exitCode, counts };
    }
    warn(`db:copy-to-pg failed: ${pgMessage(e)}. Nothing was copied.`);
    return { exitCode: 1, counts };
  } finally {
    if (source.$client.inTransaction) source.$client.exec("ROLLBACK");
    source.$client.close();
    await pool.end();
  }
}

async function main(): Promise<number> {
  const databaseUrl = process.env.DATABASE_URL;
  if (!databaseUrl) {
    console.error("set DATABASE_URL=postgres://… to the empty PostgreSQL database to copy into (GRIDCOUNCIL_DB names the SQLite file, default data/gridcouncil.db)");
    return 2;
  }
  return (await copyToPg({ sqliteFile: databasePath(), databaseUrl })).exitCode;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main().then((code) => (process.exitCode = code));
}
