import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { openDatabase, type DB } from "@/db/client";
import { loadActor, type Actor } from "@/lib/auth/actor";

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
