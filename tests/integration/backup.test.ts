import fs from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";
import { drizzle } from "drizzle-orm/better-sqlite3";
import { migrate } from "drizzle-orm/better-sqlite3/migrator";
import { afterEach, beforeEach, describe, expect, test } from "vitest";
import { openDatabase, type DB } from "@/db/client";
import * as schema from "@/db/schema";
import { backupDatabase, defaultBackupPath } from "@/lib/backup/backup";
import { databaseDigest } from "@/lib/backup/digest";
import { databaseInUse, inspectBackup, restoreDatabase } from "@/lib/backup/restore";
import { BackupError } from "@/lib/backup/sqlite-file";
import { tempDb } from "../helpers/db";
import { makeCommunity, makePerson } from "../helpers/factory";

const migrations = path.resolve("db/migrations");
let env: ReturnType<typeof tempDb>;
let db: DB;
let dir: string;
beforeEach(() => {
  env = tempDb();
  db = env.db;
  dir = path.dirname(env.file);
  const place = makeCommunity(db);
  for (let i = 0; i < 5; i++) makePerson(db, place, "resident");
});
afterEach(() => env.cleanup());

const digest = (file: string) => {
  const d = new Database(file, { readonly: true });
  try {
    return databaseDigest(d);
  } finally {
    d.close();
  }
};
const failure = async (p: Promise<unknown> | (() => unknown)) => {
  try {
    await (typeof p === "function" ? p() : p);
  } catch (e) {
    if (e instanceof BackupError) return { message: e.message, exitCode: e.exitCode };
    throw e;
  }
  throw new Error("expected a BackupError");
};
const peopleIn = (file: string) => {
  const d = new Database(file, { readonly: true });
  try {
    return (d.prepare("SELECT count(*) AS n FROM people").get() as { n: number }).n;
  } finally {
    d.close();
  }
};

describe("online backup", () => {
  test("copies what is committed while another connection is mid-transaction, without waiting for it", async () => {
    const writer = new Database(env.file);
    writer.exec("BEGIN IMMEDIATE");
    writer.prepare("INSERT INTO communities (code, name) VALUES ('UNC', '未提交的社区')").run();
    const committed = digest(env.file);

    const r = await backupDatabase(env.file, path.join(dir, "backups", "b.db"));
    writer.exec("ROLLBACK");
    writer.close();

    expect(r.integrity).toBe("ok");
    expect(r.bytes).toBe(fs.statSync(r.file).size);
    expect(digest(r.file)).toEqual(committed);
    expect(peopleIn(r.file)).toBe(5);
    // A single file: no -wal to carry along.
    const copy = new Database(r.file, { readonly: true });
    expect(copy.pragma("journal_mode", { simple: true })).toBe("delete");
    copy.close();
  });

  test("by default into backups/ beside the database, named by the time", () => {
    expect(defaultBackupPath("/srv/gc/data/gridcouncil.db", new Date(Date.UTC(2026, 10, 26, 1, 35, 12, 7)))).toBe("/srv/gc/data/backups/gridcouncil-20261126-013512-007.db");
  });

  test("refuses a missing database (exit 2) and an existing destination (exit 1)", async () => {
    expect(await failure(backupDatabase(path.join(dir, "nope.db"), path.join(dir, "x.db")))).toMatchObject({ exitCode: 2, message: expect.stringContaining("no database at") });
    fs.writeFileSync(path.join(dir, "taken.db"), "keep me");
    expect(await failure(backupDatabase(env.file, path.join(dir, "taken.db")))).toMatchObject({ exitCode: 1, message: expect.stringContaining("already exists") });
    expect(fs.readFileSync(path.join(dir, "taken.db"), "utf8")).toBe("keep me");
  });
});

describe("checking a file before restoring it", () => {
  test("a good backup: its migrations counted, none pending", async () => {
    const { file } = await backupDatabase(env.file, path.join(dir, "good.db"));
    const known = JSON.parse(fs.readFileSync(path.join(migrations, "meta", "_journal.json"), "utf8")).entries.length;
    expect(inspectBackup(file, migrations)).toMatchObject({ file, migrations: known, pendingMigrations: 0 });
  });

  test("refuses a missing file, a file that is not SQLite, and a SQLite file of another application", async () => {
    expect(await failure(() => inspectBackup(path.join(dir, "missing.db"), migrations))).toMatchObject({ exitCode: 2 });
    fs.writeFileSync(path.join(dir, "notes.db"), "phone,name\n13800000000,王建国\n");
    expect(await failure(() => inspectBackup(path.join(dir, "notes.db"), migrations))).toMatchObject({ message: expect.stringContaining("is not a SQLite database") });
    const other = new Database(path.join(dir, "other.db"));
    other.exec("CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT)");
    other.close();
    expect(await failure(() => inspectBackup(path.join(dir, "other.db"), migrations))).toMatchObject({ message: expect.stringContaining("is not a GridCouncil database") });
  });

  test("refuses a damaged copy", async () => {
    const { file } = await backupDatabase(env.file, path.join(dir, "damaged.db"));
    // Scribble over pages 2 and 3: the root pages of the first tables the migrations create.
    const fd = fs.openSync(file, "r+");
    fs.writeSync(fd, Buffer.alloc(8192, 0x5a), 0, 8192, 4096);
    fs.closeSync(fd);
    const f = await failure(() => inspectBackup(file, migrations));
    expect(f.exitCode).toBe(1);
    expect(f.message).toMatch(/damaged|integrity_check/);
  });

  test("refuses a backup from a newer version of GridCouncil", async () => {
    const { file } = await backupDatabase(env.file, path.join(dir, "newer.db"));
    const d = new Database(file);
    d.prepare("INSERT INTO __drizzle_migrations (hash, created_at) VALUES ('future', ?)").run(Date.UTC(2030, 0, 1));
    d.close();
    expect(await failure(() => inspectBackup(file, migrations))).toMatchObject({ exitCode: 1, message: expect.stringContaining("newer version of GridCouncil") });
  });
});

describe("restore", () => {
  test("refuses while another connection (the server) has the database open, and changes nothing", async () => {
    const { file } = await backupDatabase(env.file, path.join(dir, "b.db"));
    makePerson(db, makeCommunity(db), "resident");
    const before = digest(env.file);
    expect(databaseInUse(env.file)).toBe(true);
    expect(await failure(restoreDatabase(file, env.file, migrations))).toMatchObject({ exitCode: 3, message: expect.stringContaining("is in use") });
    expect(digest(env.file)).toEqual(before);
  });

  test("with nobody connected: the old database kept as a safety copy, the backup in place, back in WAL mode", async () => {
    const { file } = await backupDatabase(env.file, path.join(dir, "b.db"));
    makePerson(db, makeCommunity(db), "resident");
    db.$client.close();
    const before = digest(env.file);
    expect(databaseInUse(env.file)).toBe(false);

    const r = await restoreDatabase(file, env.file, migrations, new Date(Date.UTC(2026, 10, 26, 2, 0, 0)));
    expect(r.safetyCopy).toBe(path.join(dir, "backups", "pre-restore-20261126-020000-000.db"));
    expect(digest(r.safetyCopy!)).toEqual(before);
    expect(digest(env.file)).toEqual(digest(file));
    expect(peopleIn(env.file)).toBe(5);
    const reopened = openDatabase(env.file);
    expect(reopened.$client.pragma("journal_mode", { simple: true })).toBe("wal");
    reopened.$client.close();
    db = openDatabase(env.file); // for the cleanup's close
  });

  test("a crashed server's leftover WAL is not mistaken for a running one, and its pages do not leak into the restore", async () => {
    const { file } = await backupDatabase(env.file, path.join(dir, "b.db"));
    // Commit a row, then copy the files as a SIGKILL would leave them: the row only in the -wal.
    makePerson(db, makeCommunity(db), "resident");
    const crashed = path.join(dir, "crashed.db");
    for (const suffix of ["", "-wal", "-shm"]) if (fs.existsSync(env.file + suffix)) fs.copyFileSync(env.file + suffix, crashed + suffix);
    expect(fs.existsSync(`${crashed}-wal`)).toBe(true);

    expect(databaseInUse(crashed)).toBe(false);
    const r = await restoreDatabase(file, crashed, migrations);
    expect(peopleIn(r.safetyCopy!)).toBe(6);
    expect(peopleIn(crashed)).toBe(5);
    expect(digest(crashed)).toEqual(digest(file));
  });

  test("a backup from an older schema is restored and brought up to date when the app next opens it", async () => {
    // An older GridCouncil: the first migrations only.
    const oldMigrations = path.join(dir, "old-migrations");
    fs.cpSync(migrations, oldMigrations, { recursive: true });
    const journalFile = path.join(oldMigrations, "meta", "_journal.json");
    const journal = JSON.parse(fs.readFileSync(journalFile, "utf8"));
    journal.entries = journal.entries.slice(0, 2);
    fs.writeFileSync(journalFile, JSON.stringify(journal));
    const oldFile = path.join(dir, "old.db");
    const old = new Database(oldFile);
    migrate(drizzle(old, { schema }), { migrationsFolder: oldMigrations });
    old.pragma("journal_mode = DELETE");
    old.close();

    const info = inspectBackup(oldFile, migrations);
    expect(info.migrations).toBe(2);
    const known = JSON.parse(fs.readFileSync(path.join(migrations, "meta", "_journal.json"), "utf8")).entries.length as number;
    expect(info.pendingMigrations).toBe(known - 2);
    const target = path.join(dir, "fresh", "gridcouncil.db");
    const r = await restoreDatabase(oldFile, target, migrations);
    expect(r.safetyCopy).toBeNull();
    const upgraded = openDatabase(target);
    expect(upgraded.$client.prepare("SELECT count(*) AS n FROM __drizzle_migrations").get()).toEqual({ n: info.migrations + info.pendingMigrations });
    upgraded.$client.close();
  });
});
