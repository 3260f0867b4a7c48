import fs from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";
import { drizzle } from "drizzle-orm/better-sqlite3";
import { migrate } from "drizzle-orm/better-sqlite3/migrator";
import zlib from "node:zlib";
import { pack, type Header } from "tar-stream";
import { afterEach, beforeEach, describe, expect, test } from "vitest";
import { openDatabase, type DB } from "@/db/client";
import * as schema from "@/db/schema";
import { backupDatabase } from "@/lib/backup/backup";
import { backupDeployment, defaultBackupPath, restoreDeployment, type Manifest } from "@/lib/backup/archive";
import { databaseDigest } from "@/lib/backup/digest";
import { databaseInUse, inspectBackup, restoreDatabase } from "@/lib/backup/restore";
import { BackupError } from "@/lib/backup/sqlite-file";
import { extractTarGz, writeTarGz } from "@/lib/backup/tar";
import { uploadColumns } from "@/lib/backup/uploads";
import { proposeTopic } from "@/lib/topics/propose";
import { thumbnailName } from "@/lib/uploads/names";
import { storePhotos, uploadsDir } from "@/lib/uploads/photos";
import { agendaCategories, agendaItems, topicPhotos } from "@/db/schema";
import { ctxAs, tempDb } from "../helpers/db";
import { makeCommunity, makePerson } from "../helpers/factory";
import { cameraJpeg, gifBytes, jpegBytes } from "../helpers/images";
import { first } from "@/db/query";

const migrations = path.resolve("db/migrations");
let env: ReturnType<typeof tempDb>;
let db: DB;
let dir: string;
beforeEach(async () => {
  env = tempDb();
  db = env.db;
  dir = path.dirname(env.file);
  const place = await makeCommunity(db);
  for (let i = 0; i < 5; i++) await makePerson(db, place, "resident");
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
    expect(defaultBackupPath("/srv/gc/data/gridcouncil.db", new Date(Date.UTC(2026, 10, 26, 1, 35, 12, 7)))).toBe("/srv/gc/data/backups/gridcouncil-20261126-013512-007.tar.gz");
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
    await makePerson(db, await makeCommunity(db), "resident");
    const before = digest(env.file);
    expect(databaseInUse(env.file)).toBe(true);
    expect(await failure(restoreDatabase(file, env.file, migrations))).toMatchObject({ exitCode: 3, message: expect.stringContaining("is in use") });
    expect(digest(env.file)).toEqual(before);
  });

  test("with nobody connected: the old database kept as a safety copy, the backup in place, back in WAL mode", async () => {
    const { file } = await backupDatabase(env.file, path.join(dir, "b.db"));
    await makePerson(db, await makeCommunity(db), "resident");
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
    await makePerson(db, await makeCommunity(db), "resident");
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

describe("one backup of the whole deployment: database and uploads", () => {
  let uploads: string;
  beforeEach(() => {
    process.env.GRIDCOUNCIL_DB = env.file; // photos go beside the test database
    uploads = uploadsDir();
  });

  /** Two topics with photos (each photo has a thumbnail beside it), through the use case. */
  async function topicsWithPhotos() {
    const place = await makeCommunity(db);
    const cat = await first(db.insert(agendaCategories).values({ communityId: place.community.id, name: "设施设备" }).returning());
    const item = await first(db.insert(agendaItems).values({ categoryId: cat.id, name: "楼道照明" }).returning());
    const resident = await makePerson(db, place, "resident", { grid: "A" });
    const doc = { type: "doc", content: [{ type: "paragraph", content: [{ type: "text", text: "三楼楼道灯坏了一个月，晚上看不见。" }] }] };
    const photo = async (bytes: Uint8Array<ArrayBuffer>, name: string) => new File([bytes], name);
    for (const title of ["楼道灯坏了", "单元门关不上"]) {
      await proposeTopic(await ctxAs(resident, db), { gridId: place.gridA.id, agendaItemId: item.id, title, description: doc }, [
        await photo(new Uint8Array(await cameraJpeg(400, 300)), "a.jpg"),
        await photo(gifBytes(), "b.gif"),
      ]);
    }
    return (await db.select().from(topicPhotos)).map((p) => p.storedName);
  }
  const sha = (file: string) => require("node:crypto").createHash("sha256").update(fs.readFileSync(file)).digest("hex") as string;

  test("holds the database, every upload it refers to with its thumbnail, and a manifest of their digests; an upload no committed row names is left out", async () => {
    const names = await topicsWithPhotos();
    expect(names).toHaveLength(4);
    // An upload whose transaction has not committed (or failed): on disk, named by no row.
    const inFlight = await storePhotos([new File([jpegBytes()], "c.jpg")]);
    const archive = path.join(dir, "backups", "all.tar.gz");
    const r = await backupDeployment(env.file, uploads, archive, new Date(Date.UTC(2026, 10, 26, 1, 0)));
    expect(r).toMatchObject({ file: archive, integrity: "ok", uploads: 8, missing: [] });
    expect(fs.existsSync(`${archive}.partial`) || fs.existsSync(`${archive}.db-partial`)).toBe(false);
    // Password hashes and ballots: readable by the owner only, not by every account on the machine.
    expect((fs.statSync(archive).mode & 0o777).toString(8)).toBe("600");

    const out = path.join(dir, "unpacked");
    fs.mkdirSync(out);
    // Plain tar reads it.
    const { execFileSync } = await import("node:child_process");
    execFileSync("tar", ["-xzf", archive, "-C", out]);
    const expected = names.flatMap((n) => [n, thumbnailName(n)]).sort();
    expect(fs.readdirSync(path.join(out, "uploads")).sort()).toEqual(expected);
    expect(fs.readdirSync(out).sort()).toEqual(["gridcouncil.db", "manifest.json", "uploads"]);
    expect(fs.existsSync(path.join(out, "uploads", inFlight.photos[0]!.storedName))).toBe(false);
    for (const n of expected) expect(fs.readFileSync(path.join(out, "uploads", n)).equals(fs.readFileSync(path.join(uploads, n)))).toBe(true);
    expect(digest(path.join(out, "gridcouncil.db"))).toEqual(digest(env.file));

    const manifest = JSON.parse(fs.readFileSync(path.join(out, "manifest.json"), "utf8")) as Manifest;
    expect(manifest).toMatchObject({ format: "gridcouncil-backup", version: 1, createdAt: "2026-11-26T01:00:00.000Z", missing: [] });
    expect(manifest.database.sha256).toBe(sha(path.join(out, "gridcouncil.db")));
    expect(manifest.uploads.map((u) => u.name).sort()).toEqual(expected);
    for (const u of manifest.uploads) expect(u.sha256).toBe(sha(path.join(uploads, u.name)));
  }, 60_000);

  test("a file the database refers to but that is gone is named in the manifest, and the rest is still backed up", async () => {
    const [gone, ...kept] = await topicsWithPhotos();
    fs.rmSync(path.join(uploads, gone!));
    const r = await backupDeployment(env.file, uploads, path.join(dir, "b.tar.gz"));
    expect(r.missing).toEqual([gone]);
    expect(r.uploads).toBe(kept.length * 2); // the lost photo's thumbnail is not kept without it
  }, 60_000);

  test("restored onto an empty path: the database and every upload it refers to, byte for byte", async () => {
    const names = await topicsWithPhotos();
    const archive = (await backupDeployment(env.file, uploads, path.join(dir, "b.tar.gz"))).file;
    const fresh = path.join(dir, "elsewhere", "data", "gridcouncil.db");
    const freshUploads = path.join(dir, "elsewhere", "data", "uploads");
    const r = await restoreDeployment(archive, fresh, freshUploads, migrations);
    expect(r).toMatchObject({ target: fresh, safetyCopy: null, uploadsSafetyCopy: null, uploads: 8 });
    expect(digest(fresh)).toEqual(digest(env.file));
    for (const n of names.flatMap((x) => [x, thumbnailName(x)])) expect(sha(path.join(freshUploads, n))).toBe(sha(path.join(uploads, n)));
    // Nothing left behind next to the database but the database and its uploads.
    expect(fs.readdirSync(path.dirname(fresh)).filter((f) => !f.startsWith("gridcouncil.db")).sort()).toEqual(["uploads"]);
  }, 60_000);

  test("restored over a deployment: refused while the server holds it, otherwise both the database and the uploads are kept aside first", async () => {
    const before = await topicsWithPhotos();
    const archive = (await backupDeployment(env.file, uploads, path.join(dir, "b.tar.gz"))).file;
    // Life goes on after the backup: another topic with photos.
    await topicsWithPhotos();
    const filesNow = fs.readdirSync(uploads).sort();

    expect(await failure(restoreDeployment(archive, env.file, uploads, migrations))).toMatchObject({ exitCode: 3 });
    expect(fs.readdirSync(uploads).sort()).toEqual(filesNow);

    db.$client.close();
    const r = await restoreDeployment(archive, env.file, uploads, migrations, new Date(Date.UTC(2026, 10, 26, 2, 0, 0)));
    expect(r.safetyCopy).toBe(path.join(dir, "backups", "pre-restore-20261126-020000-000.db"));
    expect(r.uploadsSafetyCopy).toBe(path.join(dir, "backups", "pre-restore-20261126-020000-000-uploads"));
    expect(fs.readdirSync(r.uploadsSafetyCopy!).sort()).toEqual(filesNow);
    expect(fs.readdirSync(uploads).sort()).toEqual(before.flatMap((x) => [x, thumbnailName(x)]).sort());
    db = openDatabase(env.file);
    expect((await db.select().from(topicPhotos)).map((p) => p.storedName).sort()).toEqual([...before].sort());
  }, 60_000);

  test("a damaged or doctored archive is refused before anything is touched", async () => {
    await topicsWithPhotos();
    const archive = (await backupDeployment(env.file, uploads, path.join(dir, "b.tar.gz"))).file;
    db.$client.close();
    const dbBefore = digest(env.file);
    const uploadsBefore = fs.readdirSync(uploads).sort();
    const untouched = () => {
      expect(digest(env.file)).toEqual(dbBefore);
      expect(fs.readdirSync(uploads).sort()).toEqual(uploadsBefore);
      expect(fs.readdirSync(dir).filter((f) => f.startsWith(".restore-"))).toEqual([]);
    };

    // Cut short.
    const truncated = path.join(dir, "truncated.tar.gz");
    fs.writeFileSync(truncated, fs.readFileSync(archive).subarray(0, Math.floor(fs.statSync(archive).size / 2)));
    expect((await failure(restoreDeployment(truncated, env.file, uploads, migrations))).message).toMatch(/cannot be read/);
    untouched();

    // A photo swapped for another after the manifest was written.
    const out = path.join(dir, "unpacked");
    fs.mkdirSync(out);
    const { execFileSync } = await import("node:child_process");
    execFileSync("tar", ["-xzf", archive, "-C", out]);
    const victim = fs.readdirSync(path.join(out, "uploads"))[0]!;
    fs.writeFileSync(path.join(out, "uploads", victim), jpegBytes());
    const entries = ["gridcouncil.db", ...fs.readdirSync(path.join(out, "uploads")).map((n) => `uploads/${n}`)];
    const doctored = path.join(dir, "doctored.tar.gz");
    await writeTarGz(doctored, entries.map((name) => ({ name, file: path.join(out, name) })), () => [{ name: "manifest.json", file: path.join(out, "manifest.json") }]);
    expect((await failure(restoreDeployment(doctored, env.file, uploads, migrations))).message).toContain(`uploads/${victim} does not match its digest`);
    untouched();

    // A name that climbs out of the folder.
    const climbing = path.join(dir, "climbing.tar.gz");
    await writeTarGz(climbing, [{ name: "../../etc/cron.d/x", data: Buffer.from("* * * * * root id\n") }], () => []);
    expect((await failure(restoreDeployment(climbing, env.file, uploads, migrations))).message).toContain("unexpected file in the archive");
    untouched();

    // Not a backup at all.
    fs.writeFileSync(path.join(dir, "notes.txt"), "phone,name\n");
    expect((await failure(restoreDeployment(path.join(dir, "notes.txt"), env.file, uploads, migrations))).message).toContain("is not a GridCouncil backup");
    untouched();
    db = openDatabase(env.file);
  }, 60_000);

  test("a database-only backup from before still restores the database and leaves the uploads as they are", async () => {
    await topicsWithPhotos();
    const { file } = await backupDatabase(env.file, path.join(dir, "old-style.db"));
    const uploadsBefore = fs.readdirSync(uploads).sort();
    db.$client.close();
    const r = await restoreDeployment(file, env.file, uploads, migrations);
    expect(r.uploads).toBeNull();
    expect(fs.readdirSync(uploads).sort()).toEqual(uploadsBefore);
    db = openDatabase(env.file);
  }, 60_000);

  test("every column of the schema that names an upload file is backed up", () => {
    const raw = db.$client;
    const tables = (raw.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").all() as { name: string }[]).map((t) => t.name);
    const columns = tables.flatMap((t) => (raw.pragma(`table_info("${t}")`) as { name: string }[]).filter((c) => /stored_name$/.test(c.name)).map((c) => `${t}.${c.name}`));
    expect(columns.sort()).toEqual(uploadColumns.map((c) => `${c.table}.${c.column}`).sort());
  });
});

describe("reading an archive: only the regular files a backup holds, each once, into the folder", () => {
  const allow = (n: string) => n === "manifest.json" || n.startsWith("uploads/");
  /** A raw tar of the given entries (any type tar knows), gzipped; `cut` drops bytes from its end. */
  async function archiveOf(entries: (Partial<Header> & { name: string; body?: string })[], cut = 0) {
    const p = pack();
    for (const { body, ...h } of entries) p.entry(h, body ?? "");
    p.finalize();
    const chunks: Buffer[] = [];
    for await (const c of p) chunks.push(c as Buffer);
    const tar = Buffer.concat(chunks);
    const file = path.join(dir, `t${fs.readdirSync(dir).length}.tar.gz`);
    fs.writeFileSync(file, zlib.gzipSync(tar.subarray(0, tar.length - cut)));
    return file;
  }
  const refusal = async (file: string) => {
    const out = path.join(dir, `x${fs.readdirSync(dir).length}`);
    const e = await extractTarGz(file, out, allow).then(() => null, (err: Error) => err.message);
    return { message: e, escaped: fs.existsSync(path.join(dir, "escaped")) || fs.existsSync("/tmp/escaped-by-backup-test") };
  };

  test("links, folders and devices are refused, and nothing is written outside", async () => {
    for (const h of [
      { name: "uploads/a", type: "symlink", linkname: "../../escaped" },
      { name: "uploads/b", type: "link", linkname: "manifest.json" },
      { name: "uploads/c", type: "directory" },
      { name: "uploads/d", type: "character-device", devmajor: 1, devminor: 3 },
      { name: "uploads/e", type: "fifo" },
    ] as const) {
      expect(await refusal(await archiveOf([h]))).toEqual({ message: `unexpected entry in the archive: ${h.name} (type ${h.type})`, escaped: false });
    }
  });

  test("names that climb out, are absolute, are not written the way the backup writes them, or are not on the list are refused", async () => {
    for (const name of ["../escaped", "uploads/../../escaped", "/tmp/escaped-by-backup-test", "uploads/./a", "uploads//a", "notes.txt"]) {
      expect(await refusal(await archiveOf([{ name, body: "x" }]))).toEqual({ message: `unexpected file in the archive: ${name}`, escaped: false });
    }
  });

  test("the same entry twice is refused rather than overwritten", async () => {
    expect((await refusal(await archiveOf([{ name: "uploads/a", body: "first" }, { name: "uploads/a", body: "second" }]))).message).toBe("the archive holds uploads/a twice");
  });

  test("an archive cut short inside a whole gzip stream, or with a damaged header, is refused", async () => {
    const entries = [{ name: "uploads/a", body: "x".repeat(3000) }, { name: "manifest.json", body: "{}" }];
    // At an entry's boundary (no end-of-archive blocks), and in the middle of an entry.
    expect((await refusal(await archiveOf(entries, 1024))).message).toBe("the archive is truncated (no end-of-archive marker)");
    expect((await refusal(await archiveOf(entries, 1024 + 512 + 600))).message).toBe("the archive is truncated (no end-of-archive marker)");
    const good = await archiveOf(entries);
    expect(await extractTarGz(good, path.join(dir, "good"), allow)).toMatchObject([
      { name: "uploads/a", bytes: 3000 },
      { name: "manifest.json", bytes: 2 },
    ]);
    const tar = zlib.gunzipSync(fs.readFileSync(good));
    tar[0] = "v".charCodeAt(0); // the first header's name, not its checksum
    fs.writeFileSync(good, zlib.gzipSync(tar));
    expect((await refusal(good)).message).toBe("not a tar archive (a header's checksum does not match)");
  });
});
