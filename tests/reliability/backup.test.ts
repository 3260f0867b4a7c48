import fs from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { databaseDigest } from "@/lib/backup/digest";
import { expectConsistentSnapshot } from "./backup-checks";
import { startWriteLoad } from "./load";
import { admittedTopic, auditVerify, call, makeLoadGrid, openAppDb, openRaw, openResidentsBallot, runTsx, runTsxAsync, seedDemoDb, startServer, tempDir, type LoadGrid, type Server } from "./support";

const digestOf = (file: string) => {
  const db = openRaw(file);
  try {
    return databaseDigest(db);
  } finally {
    db.close();
  }
};

/**
 * `npm run backup` while the production server takes a write load, then `npm run restore`: into a
 * new path (compared table by table), refused while the server holds the database, and over the
 * live database once the server is stopped, after which the server serves the restored data.
 */
describe("online backup under load, and restore", () => {
  let dir: string;
  let dbFile: string;
  let grid: LoadGrid;
  let topicId: number;
  let ballotId: number;
  let server: Server | undefined;
  let loadedBackup: string;
  let loadedBackupOpinions: number;

  beforeAll(async () => {
    dir = tempDir();
    dbFile = path.join(dir, "live.db");
    seedDemoDb(dbFile);
    const db = openAppDb(dbFile);
    grid = makeLoadGrid(db, 300);
    topicId = await admittedTopic(db, grid, "小区北门增设非机动车道");
    ballotId = (await openResidentsBallot(db, grid, "北门道路划线方案")).ballotId;
    db.$client.close();
    server = await startServer(dbFile);
  });

  afterAll(async () => {
    await server?.stop();
    if (dir && !process.env.REL_KEEP) fs.rmSync(dir, { recursive: true, force: true });
  });

  test("a backup taken while 30 requests at a time write is sound, holds every earlier acknowledged write and is one snapshot", async () => {
    const load = startWriteLoad({ baseURL: server!.baseURL, grid, topicId, ballotId, concurrency: 30, tag: "备份" });
    while (load.acked.length < 100) await new Promise((r) => setTimeout(r, 50));
    const startedAt = Date.now();
    const ackedBefore = [...load.acked];
    loadedBackup = path.join(dir, "backups", "under-load.db");
    const r = await runTsxAsync("scripts/backup.ts", dbFile, [loadedBackup]);
    const ackedDuring = load.acked.filter((w) => w.at > startedAt).length;
    await load.stop();
    console.log(`[reliability] backup under load: ${ackedBefore.length} writes acknowledged before it began, ${ackedDuring} while it ran; ${r.stdout.trim().split("\n").join(" | ")}`);

    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toContain(`written to ${loadedBackup}`);
    expect(r.stdout).toContain("integrity_check of the copy: ok");
    expect(r.stdout).toMatch(/size \d+\.\d\d MB/);
    expect(load.failures).toEqual([]);
    // The server kept serving writes while the copy was made.
    expect(ackedDuring).toBeGreaterThan(0);
    expectConsistentSnapshot(loadedBackup, dbFile, ackedBefore);
    const b = openRaw(loadedBackup);
    loadedBackupOpinions = (b.prepare("SELECT count(*) AS n FROM opinions WHERE topic_id = ?").get(topicId) as { n: number }).n;
    // One self-contained file: no WAL beside it to forget when copying it elsewhere.
    expect(b.pragma("journal_mode", { simple: true })).toBe("delete");
    b.close();
    const audit = auditVerify(loadedBackup);
    expect(audit.ok, audit.output).toBe(true);
  });

  test("restored into a new path, the backup equals the source table by table (rows and their hash), and the audit chain verifies", async () => {
    // The server is up but idle: the source stands still while both are read.
    const backup = path.join(dir, "backups", "idle.db");
    expect(runTsx("scripts/backup.ts", dbFile, [backup]).status).toBe(0);
    const target = path.join(dir, "restored", "copy.db");
    const r = runTsx("scripts/restore.ts", target, [backup]);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toContain(`restored into ${target}`);
    const source = digestOf(dbFile);
    expect(Object.keys(source).length).toBeGreaterThan(30);
    expect(digestOf(target)).toEqual(source);
    const audit = auditVerify(target);
    expect(audit.ok, audit.output).toBe(true);
  });

  test("restore refuses while the server holds the database, and changes nothing", async () => {
    const before = digestOf(dbFile);
    const r = runTsx("scripts/restore.ts", dbFile, [loadedBackup]);
    expect(r.status).toBe(3);
    expect(r.stderr).toContain("is in use (is the server running?)");
    expect(digestOf(dbFile)).toEqual(before);
    expect((await call(server!.baseURL, `/api/v1/topics/${topicId}/opinions`, { token: grid.chief.token })).status).toBe(200);
  });

  test("with the server stopped, restore puts the backup in place and keeps the old database; the restarted server serves the restored data", async () => {
    await server!.stop();
    server = undefined;
    const before = digestOf(dbFile);
    const r = runTsx("scripts/restore.ts", dbFile, [loadedBackup]);
    expect(r.status, r.stderr).toBe(0);
    const safety = r.stdout.match(/previous database kept at (\S+)/)?.[1];
    expect(safety).toBeTruthy();
    expect(digestOf(safety!)).toEqual(before);
    expect(digestOf(dbFile)).toEqual(digestOf(loadedBackup));

    server = await startServer(dbFile);
    const listed = await call(server.baseURL, `/api/v1/topics/${topicId}/opinions`, { token: grid.chief.token });
    expect(listed.status).toBe(200);
    const d = openRaw(dbFile);
    expect((d.prepare("SELECT count(*) AS n FROM opinions WHERE topic_id = ?").get(topicId) as { n: number }).n).toBe(loadedBackupOpinions);
    d.close();
    // Writes go on from the restored state.
    const posted = await call(server.baseURL, `/api/v1/topics/${topicId}/opinions`, { token: grid.residents[5]!.token, body: { stance: "support", body: "恢复之后的第一条意见，写入正常。" } });
    expect(posted.status).toBe(201);
    const audit = auditVerify(dbFile);
    expect(audit.ok, audit.output).toBe(true);
  });
});
