import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll } from "vitest";
import type { DB } from "@/db/client";

/*
 * For suites that call routes and next-auth the way the app does, through its process-wide database
 * (getDb opens GRIDCOUNCIL_DB). Only node modules are imported at the top: throwawayDbEnv runs from
 * vi.hoisted, before the suite's mocks are in place.
 */

/** A throwaway folder with GRIDCOUNCIL_DB (and the given variables) pointing into it; call from vi.hoisted. */
export function throwawayDbEnv(name: string, env: Record<string, string> = {}) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `gridcouncil-${name}-`));
  process.env.GRIDCOUNCIL_DB = path.join(dir, `${name}.db`);
  Object.assign(process.env, env);
  return { dir };
}

/** Opens the process-wide database before the file's tests (`opened` receives it, ctxAs uses it); closes it and removes `dir` after. */
export function processDb(dir: string, opened: (db: DB) => unknown) {
  let db: DB | undefined;
  beforeAll(async () => {
    const { getDb } = await import("@/db/client");
    db = getDb();
    (await import("./db")).useFileDb(db);
    await opened(db);
  });
  afterAll(async () => {
    (await import("./db")).useFileDb(undefined);
    db?.$client.close();
    delete (globalThis as { gridcouncilDb?: unknown }).gridcouncilDb;
    fs.rmSync(dir, { recursive: true, force: true });
  });
}
