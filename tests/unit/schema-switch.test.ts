import { getTableName, is, Table } from "drizzle-orm";
import { PgTable } from "drizzle-orm/pg-core";
import { SQLiteTable } from "drizzle-orm/sqlite-core";
import { afterEach, describe, expect, test, vi } from "vitest";
import * as sqlite from "@/db/schema/sqlite";

const tableNames = Object.keys(sqlite).filter((k) => is((sqlite as Record<string, unknown>)[k], Table)).sort();

afterEach(() => {
  vi.unstubAllEnvs();
  vi.resetModules();
});

describe("db/schema: one import, the tables of the configured engine", () => {
  test("without DATABASE_URL every table is SQLite's own object", async () => {
    vi.stubEnv("DATABASE_URL", "");
    vi.resetModules();
    const chosen = (await import("@/db/schema")) as Record<string, unknown>;
    const own = (await import("@/db/schema/sqlite")) as Record<string, unknown>;
    expect(tableNames.length).toBeGreaterThan(50);
    for (const name of tableNames) {
      expect(chosen[name], name).toBe(own[name]);
      expect(is(chosen[name], SQLiteTable), name).toBe(true);
    }
  });

  test("with DATABASE_URL every table is its PostgreSQL twin, same name in the database; enums stay shared", async () => {
    vi.stubEnv("DATABASE_URL", "postgres://example.invalid/gridcouncil");
    vi.resetModules();
    const chosen = (await import("@/db/schema")) as Record<string, unknown>;
    for (const name of tableNames) {
      const table = chosen[name];
      // A table added to db/schema but not listed in db/schema/index.ts would still be SQLite's here.
      expect(is(table, PgTable), `${name} is a PostgreSQL table`).toBe(true);
      expect(getTableName(table as Table)).toBe(getTableName((sqlite as unknown as Record<string, Table>)[name]!));
    }
    expect(chosen.topicStateValues).toBe(((await import("@/db/schema/sqlite")) as Record<string, unknown>).topicStateValues);
  });
});
