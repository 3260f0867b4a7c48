import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, afterEach, beforeAll, beforeEach } from "vitest";
import { openDatabase, type DB } from "@/db/client";
import { loadActor, type Actor } from "@/lib/auth/actor";
import type { ActorCtx, Ctx } from "@/lib/context";

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

/** The database this test file opened with fileDb or processDb; ctxAs and the factories' use-case steps run in it. */
let fileDatabase: DB | undefined;
export function theFileDb(): DB {
  if (!fileDatabase) throw new Error("no file database: call fileDb() or processDb() in this file, or pass a db");
  return fileDatabase;
}
export const useFileDb = (db: DB | undefined) => void (fileDatabase = db);

type Person = { id: number } | number;
const idOf = (p: Person) => (typeof p === "number" ? p : p.id);

/** The signed-in person as the session would load them: verified or not, with their roles. */
export async function actorOf(db: DB, person: Person): Promise<Actor> {
  const a = await loadActor(db, idOf(person));
  if (!a) throw new Error(`no person ${idOf(person)}`);
  return a;
}

/** A use case's context as `person`, signed in (the file's database unless another is given). */
export const ctxAs = async (person: Person, db: DB = theFileDb()): Promise<ActorCtx> => ({ db, actor: await actorOf(db, person) });

/** A use case's context with nobody signed in, for the public reads. */
export const ctxSignedOut = (db: DB = theFileDb()): Ctx => ({ db, actor: null });

/**
 * One temporary database for the whole test file, opened before its tests and removed after them
 * (`perTest`: a fresh one for each test). Pages and routes the file renders open the same file,
 * named in GRIDCOUNCIL_DB (proxy scans and photos are stored beside it). `opened` receives the
 * database and the file's path; ctxAs uses it.
 */
export function fileDb(opened: (db: DB, file: string) => unknown, opts: { perTest?: boolean } = {}) {
  let env: ReturnType<typeof tempDb>;
  (opts.perTest ? beforeEach : beforeAll)(async () => {
    env = tempDb();
    process.env.GRIDCOUNCIL_DB = env.file;
    useFileDb(env.db);
    await opened(env.db, env.file);
  });
  (opts.perTest ? afterEach : afterAll)(() => {
    useFileDb(undefined);
    env.cleanup();
  });
}
