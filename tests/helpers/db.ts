import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll } from "vitest";
import { openDatabase, type DB } from "@/db/client";
import { loadActor, type Actor } from "@/lib/auth/actor";
import type { Ctx } from "@/lib/context";

/** A real SQLite file in a fresh temporary folder, migrated like production. */
export function tempDb(): { db: DB; file: string; cleanup: () => void } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "gridcouncil-test-"));
  const file = path.join(dir, "test.db");
  const db = openDatabase(file);
  return {
    db,
    file,
    cleanup: () => {
      db.$client.close();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

export function actorOf(db: DB, personId: number): Actor {
  const a = loadActor(db, personId);
  if (!a) throw new Error(`no person ${personId}`);
  return a;
}

/** Use cases' context as the given person, in `db`. */
export const ctxOf = (db: DB) => (p: { id: number }): Ctx => ({ db, actor: actorOf(db, p.id) });

/**
 * One temporary database for the whole test file, opened before its tests and removed after them.
 * Pages and routes the file renders open the same file, named in GRIDCOUNCIL_DB (proxy scans and
 * photos are stored beside it). `opened` receives it.
 */
export function fileDb(opened: (db: DB) => void) {
  let env: ReturnType<typeof tempDb>;
  beforeAll(() => {
    env = tempDb();
    process.env.GRIDCOUNCIL_DB = env.file;
    opened(env.db);
  });
  afterAll(() => env.cleanup());
}
