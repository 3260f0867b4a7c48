import { afterAll, beforeAll } from "vitest";
import { closeConfiguredDatabase, openConfiguredDatabase, type DB } from "@/db/client";
import { freshPgDatabase } from "./database";

/**
 * Runs a test file's use cases on a fresh PostgreSQL database, as the server does with
 * DATABASE_URL: opened (migrations applied) before the file's tests, dropped after. The file sets
 * DATABASE_URL itself in `vi.hoisted`, since db/schema picks the tables as the modules load, before
 * this runs. `opened` receives the handle.
 */
export function appOnPostgres(label: string, opened: (db: DB) => void) {
  let drop: (() => Promise<void>) | undefined;
  beforeAll(async () => {
    const fresh = await freshPgDatabase(label);
    drop = fresh.drop;
    process.env.DATABASE_URL = fresh.url;
    opened(await openConfiguredDatabase(fresh.url));
  });
  afterAll(async () => {
    await closeConfiguredDatabase();
    delete process.env.DATABASE_URL;
    await drop?.();
  });
}
