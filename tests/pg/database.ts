import pg from "pg";
import { inject } from "vitest";

let counter = 0;

/**
 * A new, empty database in the test cluster, for one test file (or test): its URL, and a drop
 * for afterAll. Names carry the worker's pid so files running side by side never share one.
 */
export async function freshPgDatabase(label = "t"): Promise<{ url: string; drop: () => Promise<void> }> {
  const admin = inject("pgAdminUrl");
  const name = `${label.replace(/[^a-z0-9_]/gi, "_").toLowerCase()}_${process.pid}_${++counter}`;
  const client = new pg.Client({ connectionString: admin });
  await client.connect();
  try {
    await client.query(`CREATE DATABASE "${name}"`);
  } finally {
    await client.end();
  }
  const url = new URL(admin);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: async () => {
      const c = new pg.Client({ connectionString: admin });
      await c.connect();
      try {
        await c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      } finally {
        await c.end();
      }
    },
  };
}
