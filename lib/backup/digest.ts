import { createHash } from "node:crypto";
import type Database from "better-sqlite3";

export type TableDigest = { rows: number; sha256: string };

const quote = (name: string) => `"${name.replaceAll('"', '""')}"`;

/** The ordinary tables of a database (virtual tables are covered by their shadow tables). */
export function tableNames(db: Database.Database): string[] {
  return (
    db
      .prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND sql NOT LIKE 'CREATE VIRTUAL TABLE%' ORDER BY name")
      .all() as { name: string }[]
  ).map((r) => r.name);
}

/**
 * Row count and a SHA-256 over every row of one table in a fixed order (all columns, so it works
 * for WITHOUT ROWID tables too). Two databases with equal digests hold the same rows.
 */
export function tableDigest(db: Database.Database, table: string, where = ""): TableDigest {
  const columns = (db.pragma(`table_info(${quote(table)})`) as { name: string }[]).length;
  const order = Array.from({ length: columns }, (_, i) => i + 1).join(", ");
  const hash = createHash("sha256");
  let rows = 0;
  for (const row of db.prepare(`SELECT * FROM ${quote(table)} ${where} ORDER BY ${order}`).raw().iterate() as Iterable<unknown[]>) {
    hash.update(JSON.stringify(row, (_k, v: unknown) => (Buffer.isBuffer(v) ? `x'${v.toString("hex")}'` : typeof v === "bigint" ? v.toString() : v)));
    hash.update("\n");
    rows++;
  }
  return { rows, sha256: hash.digest("hex") };
}

/** Digest of every table, by name. */
export function databaseDigest(db: Database.Database): Record<string, TableDigest> {
  return Object.fromEntries(tableNames(db).map((t) => [t, tableDigest(db, t)]));
}
