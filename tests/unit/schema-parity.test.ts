import { getTableName, is, Table, type InferInsertModel, type InferSelectModel } from "drizzle-orm";
import { PgTable } from "drizzle-orm/pg-core";
import { SQLiteTable } from "drizzle-orm/sqlite-core";
import { describe, expect, expectTypeOf, it } from "vitest";
import * as sqlite from "@/db/schema";
import * as pg from "@/db/schema-pg";
// The one PostgreSQL-only module: SQLite keeps its full-text index in the FTS5 virtual table
// topic_search (db/migrations/0002), which is not a drizzle table there; PostgreSQL's twin is an
// ordinary table with what it needs to tokenize alike (db/schema-pg/search.ts). Nothing else may be
// on one side only.
import * as pgSearch from "@/db/schema-pg/search";

// The two schemas of issue 15 — db/schema (SQLite) and its mirror db/schema-pg (PostgreSQL) — must
// give the app the very same row types, or code that compiles against one breaks on the other.
// The checks below run over every exported table (mapped types, not a hand-written list), so a
// table added to either side cannot be forgotten: `npx tsc --noEmit` (part of npm test) fails.

type TablesOf<M> = { [K in keyof M as M[K] extends Table ? K : never]: M[K] };
type SqliteTables = TablesOf<typeof sqlite>;
type PgTables = TablesOf<typeof pg>;
type Shared = keyof SqliteTables & keyof PgTables;

/** Exact equality (both ways assignable, optional and readonly modifiers included). */
type Equal<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;

/** The export names whose select (or insert) row types differ between the engines; never when none do. */
type SelectDrift = { [K in Shared]: Equal<InferSelectModel<SqliteTables[K]>, InferSelectModel<PgTables[K]>> extends true ? never : K }[Shared];
type InsertDrift = { [K in Shared]: Equal<InferInsertModel<SqliteTables[K]>, InferInsertModel<PgTables[K]>> extends true ? never : K }[Shared];

/** Compiles only when Drift is never, i.e. when no table differs. */
const noDrift = <Drift extends never>(): void => undefined;

function exportedTables(module: Record<string, unknown>, kind: typeof SQLiteTable | typeof PgTable) {
  return new Map(Object.entries(module).flatMap(([name, value]) => (is(value, kind) ? [[name, getTableName(value as Table)] as const] : [])));
}

describe("the SQLite schema and its PostgreSQL mirror", () => {
  it("infer the same select and insert row types for every table (checked by the compiler)", () => {
    // A compile error here names the drifting tables' exports:
    // Type '"ballots"' does not satisfy the constraint 'never'.
    noDrift<SelectDrift>();
    noDrift<InsertDrift>();
    // No table on one side only, but for the search module's.
    expectTypeOf<Exclude<keyof SqliteTables, keyof PgTables>>().toEqualTypeOf<never>();
    expectTypeOf<Exclude<keyof PgTables, keyof SqliteTables>>().toEqualTypeOf<keyof TablesOf<typeof pgSearch>>();
    expectTypeOf<"topicSearch">().toEqualTypeOf<keyof TablesOf<typeof pgSearch>>();
    // The check is not vacuous: tables are found on both sides, and a real difference is one.
    expectTypeOf<"ballots" | "votes" | "topics" | "people">().toExtend<Shared>();
    expectTypeOf<Equal<InferSelectModel<typeof sqlite.votes>, InferSelectModel<typeof pg.ballots>>>().toEqualTypeOf<false>();
    expectTypeOf<Equal<{ a: number; b?: string }, { a: number; b: string | undefined }>>().toEqualTypeOf<false>();
  });

  it("export the same tables under the same names, with the same SQL names", () => {
    const onSqlite = exportedTables(sqlite, SQLiteTable);
    const onPg = exportedTables(pg, PgTable);
    expect(onSqlite.size).toBeGreaterThan(50);
    const pgNames = [...onPg].filter(([name]) => !(name in pgSearch));
    // Sorted [export, table] pairs: a table on one side only, or renamed on one, shows in the diff.
    expect(pgNames.sort()).toEqual([...onSqlite].sort());
  });

  it("export the same vocabularies and other names besides the tables", () => {
    expect(Object.keys(pg).filter((name) => !(name in pgSearch)).sort()).toEqual(Object.keys(sqlite).sort());
  });
});
