import pg from "pg";
import { describe, expect, it } from "vitest";
import { freshPgDatabase } from "./database";

describe("the PostgreSQL pass's throwaway cluster", () => {
  it("gives each test file its own empty UTF-8 database that takes Chinese text as it is", async () => {
    const db = await freshPgDatabase("cluster");
    const client = new pg.Client({ connectionString: db.url });
    await client.connect();
    try {
      const tables = await client.query("select count(*)::int as n from information_schema.tables where table_schema = 'public'");
      expect(tables.rows[0].n).toBe(0);
      const text = await client.query("select $1::text as t", ["3号楼电梯停运"]);
      expect(text.rows[0].t).toBe("3号楼电梯停运");
    } finally {
      await client.end();
      await db.drop();
    }
  });
});
