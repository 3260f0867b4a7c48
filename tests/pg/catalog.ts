import type Database from "better-sqlite3";
import { getTableName, is } from "drizzle-orm";
import { getTableConfig, SQLiteTable, SQLiteTimestamp } from "drizzle-orm/sqlite-core";
import type pg from "pg";

// The runtime half of "schema twice, proven equal" (issue 15): what the two migration folders
// actually build, read back from each engine's catalog and compared. tests/pg/schema-parity.test.ts
// runs it; the comparison is a pure function so a drift can be shown to be caught.

export type CatalogColumn = {
  name: string;
  /** SQLite: the declared type, plus drizzle's mode when it has one ("integer (timestamp_ms)"); PostgreSQL: the SQL type. */
  type: string;
  notNull: boolean;
  /** The default's SQL as the engine keeps it; null when none (identity and autoincrement keys have none). */
  default: string | null;
};
export type CatalogIndex = {
  name: string;
  columns: string[];
  unique: boolean;
  /** A partial index's condition as the engine keeps it; null when the index is not partial. */
  where: string | null;
};
export type CatalogForeignKey = { columns: string[]; table: string; references: string[]; onDelete: string; onUpdate: string };
export type CatalogTable = { columns: CatalogColumn[]; primaryKey: string[]; indexes: CatalogIndex[]; foreignKeys: CatalogForeignKey[] };
export type Catalog = Record<string, CatalogTable>;

/**
 * The dialect-specific exceptions, all in one place. Anything not listed here must be the same.
 * - topic_search: full-text search is dialect-specific by nature. SQLite has an FTS5 virtual table
 *   (db/migrations/0002) with its shadow tables; PostgreSQL an ordinary table with a generated
 *   tsvector and a GIN index (db/schema-pg/search.ts). lib/search is what makes them answer alike.
 * - sqlite_sequence: SQLite's own counters behind AUTOINCREMENT (PostgreSQL: identity sequences).
 * - __drizzle_migrations: the migrator's bookkeeping (on PostgreSQL it lives in the "drizzle" schema).
 */
export const ignoredTables: readonly (string | RegExp)[] = [/^topic_search(_(data|idx|content|docsize|config))?$/, /^sqlite_/, "__drizzle_migrations"];

/**
 * Which PostgreSQL type stands for which SQLite one. Integers may widen to bigint where values can
 * pass 2^31 (db/schema-pg/plans.ts budget_fen); drizzle's timestamp_ms integers are timestamptz to the
 * millisecond; its booleans real booleans; its JSON text jsonb.
 */
export const equivalentTypes: Readonly<Record<string, readonly string[]>> = {
  integer: ["integer", "bigint"],
  text: ["text"],
  real: ["double precision"],
  "integer (timestamp_ms)": ["timestamp(3) with time zone"],
  "integer (boolean)": ["boolean"],
  "text (json)": ["jsonb"],
};

/**
 * Defaults spelt differently by the two engines for the same value. PostgreSQL's casts of literals
 * ('pending'::text) are dropped before the comparison, so literals need no entry.
 */
export const equivalentDefaults: Readonly<Record<string, string>> = {
  // db/schema/columns.ts's creation time, milliseconds since the epoch; timestamptz's now() on PostgreSQL.
  "unixepoch('subsec') * 1000": "now()",
};

/** A default as both engines would spell it, for the comparison. */
export function normalizeDefault(value: string | null): string | null {
  if (value === null) return null;
  return equivalentDefaults[value] ?? value.replace(/::[a-z]+( [a-z]+)*(\[\])?$/, "");
}

const ignored = (table: string) => ignoredTables.some((t) => (typeof t === "string" ? t === table : t.test(table)));

/**
 * A partial index's condition in a form both engines' spellings reduce to: PostgreSQL gives back
 * `(status = ANY (ARRAY['waiting'::text, 'speaking'::text]))` for SQLite's `status in ('waiting', 'speaking')`.
 */
export function normalizeCondition(condition: string | null): string | null {
  if (condition === null) return null;
  return condition
    .toLowerCase()
    .replace(/::[a-z]+( [a-z]+)*(\[\])?/g, "")
    .replace(/=\s*any\s*\(\s*array\s*\[([^\]]*)\]\s*\)/g, "in ($1)")
    .replace(/[`"()\s]/g, "");
}

/**
 * Every difference between the SQLite catalog and the PostgreSQL one, as readable lines (none when
 * they match): tables, columns (type by equivalentTypes, nullability, default by equivalentDefaults), primary keys, indexes (name,
 * columns, unique, partial condition) and foreign keys (columns, target, on delete/update).
 */
export function compareCatalogs(sqlite: Catalog, postgres: Catalog): string[] {
  const differences: string[] = [];
  const tables = (c: Catalog) => Object.keys(c).filter((t) => !ignored(t));
  for (const t of tables(sqlite)) if (!postgres[t]) differences.push(`table ${t}: only on SQLite`);
  for (const t of tables(postgres)) if (!sqlite[t]) differences.push(`table ${t}: only on PostgreSQL`);
  for (const t of tables(sqlite).sort()) {
    const s = sqlite[t]!;
    const p = postgres[t];
    if (!p) continue;
    const pColumns = new Map(p.columns.map((c) => [c.name, c]));
    const sColumns = new Map(s.columns.map((c) => [c.name, c]));
    for (const sc of s.columns) {
      const pc = pColumns.get(sc.name);
      if (!pc) {
        differences.push(`${t}.${sc.name}: column only on SQLite`);
        continue;
      }
      const allowed = equivalentTypes[sc.type];
      if (!allowed) differences.push(`${t}.${sc.name}: SQLite type ${sc.type} has no PostgreSQL equivalent listed`);
      else if (!allowed.includes(pc.type)) differences.push(`${t}.${sc.name}: type ${sc.type} on SQLite but ${pc.type} on PostgreSQL (expected ${allowed.join(" or ")})`);
      if (sc.notNull !== pc.notNull) differences.push(`${t}.${sc.name}: ${sc.notNull ? "not null" : "nullable"} on SQLite but ${pc.notNull ? "not null" : "nullable"} on PostgreSQL`);
      if (normalizeDefault(sc.default) !== normalizeDefault(pc.default)) differences.push(`${t}.${sc.name}: default ${sc.default ?? "(none)"} on SQLite but ${pc.default ?? "(none)"} on PostgreSQL`);
    }
    for (const pc of p.columns) if (!sColumns.has(pc.name)) differences.push(`${t}.${pc.name}: column only on PostgreSQL`);
    if (s.primaryKey.join(",") !== p.primaryKey.join(",")) differences.push(`${t}: primary key (${s.primaryKey.join(", ")}) on SQLite but (${p.primaryKey.join(", ")}) on PostgreSQL`);

    const pIndexes = new Map(p.indexes.map((i) => [i.name, i]));
    const sIndexes = new Set(s.indexes.map((i) => i.name));
    for (const si of s.indexes) {
      const pi = pIndexes.get(si.name);
      if (!pi) {
        differences.push(`${t}: index ${si.name} only on SQLite`);
        continue;
      }
      if (si.columns.join(",") !== pi.columns.join(",")) differences.push(`${t}: index ${si.name} on (${si.columns.join(", ")}) on SQLite but (${pi.columns.join(", ")}) on PostgreSQL`);
      if (si.unique !== pi.unique) differences.push(`${t}: index ${si.name} is ${si.unique ? "unique" : "not unique"} on SQLite but ${pi.unique ? "unique" : "not unique"} on PostgreSQL`);
      if (normalizeCondition(si.where) !== normalizeCondition(pi.where)) differences.push(`${t}: index ${si.name} where ${si.where ?? "(none)"} on SQLite but ${pi.where ?? "(none)"} on PostgreSQL`);
    }
    for (const pi of p.indexes) if (!sIndexes.has(pi.name)) differences.push(`${t}: index ${pi.name} only on PostgreSQL`);

    const fkKey = (f: CatalogForeignKey) => `(${f.columns.join(", ")}) → ${f.table}(${f.references.join(", ")})`;
    const fkFull = (f: CatalogForeignKey) => `${fkKey(f)} on delete ${f.onDelete} on update ${f.onUpdate}`;
    const pKeys = new Map(p.foreignKeys.map((f) => [fkKey(f), f]));
    const sKeys = new Set(s.foreignKeys.map(fkKey));
    for (const sf of s.foreignKeys) {
      const pf = pKeys.get(fkKey(sf));
      if (!pf) differences.push(`${t}: foreign key ${fkFull(sf)} only on SQLite`);
      else if (fkFull(sf) !== fkFull(pf)) differences.push(`${t}: foreign key ${fkFull(sf)} on SQLite but ${fkFull(pf)} on PostgreSQL`);
    }
    for (const pf of p.foreignKeys) if (!sKeys.has(fkKey(pf))) differences.push(`${t}: foreign key ${fkFull(pf)} only on PostgreSQL`);
  }
  return differences;
}

/** The drizzle mode of each SQLite column the schema declares with one ("timestamp_ms", "boolean", "json"), by table and column. */
function sqliteModes(schema: Record<string, unknown>): Map<string, string> {
  const modes = new Map<string, string>();
  for (const table of Object.values(schema)) {
    if (!is(table, SQLiteTable)) continue;
    for (const column of getTableConfig(table).columns) {
      const mode = is(column, SQLiteTimestamp) ? column.mode : column.columnType === "SQLiteBoolean" ? "boolean" : column.columnType === "SQLiteTextJson" ? "json" : null;
      if (mode) modes.set(`${getTableName(table)}.${column.name}`, mode);
    }
  }
  return modes;
}

/**
 * The catalog of a migrated SQLite database (sqlite_master and the table/index/foreign-key pragmas).
 * SQLite stores an integer or text whatever drizzle makes of it, so the schema's column modes say
 * which integers are timestamps or booleans and which texts JSON.
 */
export function readSqliteCatalog(sqlite: Database.Database, schema: Record<string, unknown>): Catalog {
  const modes = sqliteModes(schema);
  const catalog: Catalog = {};
  const tables = sqlite.prepare("select name from sqlite_master where type = 'table' order by name").all() as { name: string }[];
  for (const { name } of tables) {
    if (ignored(name)) continue;
    const info = sqlite.pragma(`table_info("${name}")`) as { name: string; type: string; notnull: number; dflt_value: string | null; pk: number }[];
    const columns = info.map((c) => {
      const mode = modes.get(`${name}.${c.name}`);
      return { name: c.name, type: `${c.type.toLowerCase()}${mode ? ` (${mode})` : ""}`, notNull: c.notnull === 1, default: c.dflt_value };
    });
    const primaryKey = info
      .filter((c) => c.pk > 0)
      .sort((a, b) => a.pk - b.pk)
      .map((c) => c.name);
    const list = sqlite.pragma(`index_list("${name}")`) as { name: string; unique: number; origin: string; partial: number }[];
    const indexes = list
      // The primary key's own index (origin "pk") is the primary key, compared above.
      .filter((i) => i.origin !== "pk")
      .map((i) => {
        const cols = (sqlite.pragma(`index_info("${i.name}")`) as { seqno: number; name: string }[]).sort((a, b) => a.seqno - b.seqno).map((c) => c.name);
        let where: string | null = null;
        if (i.partial) {
          const row = sqlite.prepare("select sql from sqlite_master where type = 'index' and name = ?").get(i.name) as { sql: string };
          where = row.sql.replace(/^[\s\S]*?\bwhere\b/i, "").trim();
        }
        return { name: i.name, columns: cols, unique: i.unique === 1, where };
      });
    const fkRows = sqlite.pragma(`foreign_key_list("${name}")`) as { id: number; seq: number; table: string; from: string; to: string; on_update: string; on_delete: string }[];
    const byId = new Map<number, typeof fkRows>();
    for (const r of fkRows) byId.set(r.id, [...(byId.get(r.id) ?? []), r]);
    const foreignKeys = [...byId.values()].map((rows) => {
      rows.sort((a, b) => a.seq - b.seq);
      return {
        columns: rows.map((r) => r.from),
        table: rows[0]!.table,
        references: rows.map((r) => r.to),
        onDelete: rows[0]!.on_delete.toLowerCase(),
        onUpdate: rows[0]!.on_update.toLowerCase(),
      };
    });
    catalog[name] = { columns, primaryKey, indexes, foreignKeys };
  }
  return catalog;
}

const pgAction: Record<string, string> = { a: "no action", r: "restrict", c: "cascade", n: "set null", d: "set default" };

/** The catalog of a migrated PostgreSQL database's public schema (information_schema and pg_catalog). */
export async function readPgCatalog(client: pg.ClientBase): Promise<Catalog> {
  const catalog: Catalog = {};
  const tables = await client.query<{ table_name: string }>(
    "select table_name from information_schema.tables where table_schema = 'public' and table_type = 'BASE TABLE' order by table_name",
  );
  for (const { table_name } of tables.rows) {
    if (!ignored(table_name)) catalog[table_name] = { columns: [], primaryKey: [], indexes: [], foreignKeys: [] };
  }
  const columns = await client.query<{ table_name: string; column_name: string; type: string; is_nullable: string; column_default: string | null }>(
    `select table_name, column_name, is_nullable, column_default, format_type(a.atttypid, a.atttypmod) as type
       from information_schema.columns c
       join pg_attribute a on a.attrelid = format('public.%I', c.table_name)::regclass and a.attname = c.column_name
      where c.table_schema = 'public'
      order by table_name, ordinal_position`,
  );
  for (const c of columns.rows) catalog[c.table_name]?.columns.push({ name: c.column_name, type: c.type, notNull: c.is_nullable === "NO", default: c.column_default });
  const indexes = await client.query<{ table_name: string; index_name: string; unique: boolean; primary: boolean; columns: string[]; predicate: string | null }>(
    `select t.relname as table_name, i.relname as index_name, x.indisunique as "unique", x.indisprimary as "primary",
            array(select a.attname from unnest(x.indkey::int2[]) with ordinality k(attnum, ord)
                    join pg_attribute a on a.attrelid = x.indrelid and a.attnum = k.attnum order by k.ord)::text[] as columns,
            pg_get_expr(x.indpred, x.indrelid) as predicate
       from pg_index x
       join pg_class i on i.oid = x.indexrelid
       join pg_class t on t.oid = x.indrelid
       join pg_namespace n on n.oid = t.relnamespace
      where n.nspname = 'public'
      order by t.relname, i.relname`,
  );
  for (const i of indexes.rows) {
    const table = catalog[i.table_name];
    if (!table) continue;
    if (i.primary) table.primaryKey = i.columns;
    else table.indexes.push({ name: i.index_name, columns: i.columns, unique: i.unique, where: i.predicate });
  }
  const keys = await client.query<{ table_name: string; columns: string[]; target: string; references: string[]; on_delete: string; on_update: string }>(
    `select t.relname as table_name, r.relname as target, c.confdeltype as on_delete, c.confupdtype as on_update,
            array(select a.attname from unnest(c.conkey) with ordinality k(attnum, ord)
                    join pg_attribute a on a.attrelid = c.conrelid and a.attnum = k.attnum order by k.ord)::text[] as columns,
            array(select a.attname from unnest(c.confkey) with ordinality k(attnum, ord)
                    join pg_attribute a on a.attrelid = c.confrelid and a.attnum = k.attnum order by k.ord)::text[] as "references"
       from pg_constraint c
       join pg_class t on t.oid = c.conrelid
       join pg_class r on r.oid = c.confrelid
       join pg_namespace n on n.oid = t.relnamespace
      where c.contype = 'f' and n.nspname = 'public'
      order by t.relname, c.conname`,
  );
  for (const k of keys.rows) {
    catalog[k.table_name]?.foreignKeys.push({
      columns: k.columns,
      table: k.target,
      references: k.references,
      onDelete: pgAction[k.on_delete] ?? k.on_delete,
      onUpdate: pgAction[k.on_update] ?? k.on_update,
    });
  }
  return catalog;
}
