import fs from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, inject, test } from "vitest";
import { uploadsDirFor } from "@/lib/uploads/names";
import { expectConsistentSnapshot, expectUploadsMatchDatabase, unpackedBackup } from "../reliability/backup-checks";
import { startWriteLoad } from "../reliability/load";
import { admittedTopic, auditVerify, makeLoadGrid, openAppDb, openRaw, openResidentsBallot, runTsxAsync, type LoadGrid } from "../reliability/support";
import { voteAndClose } from "../reliability/voting";

/**
 * The fast half of the reliability checks, against the shared production server: a few hundred
 * voters at once through the API, and an online backup while the server takes writes. The heavy
 * ones (2,000 voters, SIGKILL, restore) are in tests/reliability (npm run test:reliability).
 * Everything here happens in a grid of its own, so other test files see no difference.
 */
describe("reliability under concurrent use of the running server", () => {
  const dbFile = inject("dbFile");
  const baseURL = inject("baseURL");
  let grid: LoadGrid;
  let voteBallot: number;
  let loadTopic: number;
  let loadBallot: number;
  const made: string[] = [];

  beforeAll(async () => {
    const db = openAppDb(dbFile);
    try {
      grid = await makeLoadGrid(db, 250);
      voteBallot = (await openResidentsBallot(db, grid, "网格活动室开放时间调整")).ballotId;
      loadTopic = await admittedTopic(db, grid, "活动室空调维修意见征集");
      loadBallot = (await openResidentsBallot(db, grid, "活动室桌椅更新方案")).ballotId;
    } finally {
      db.$client.close();
    }
  });

  afterAll(() => {
    for (const f of made) fs.rmSync(f, { recursive: true, force: true });
  });

  test("250 voters voting, changing and racing their own votes: the tally equals the ballots, nobody counted twice", async () => {
    const stats = await voteAndClose({ baseURL, ballotId: voteBallot, grid, concurrency: 50, seed: 1126, db: () => openRaw(dbFile) });
    console.log(`[reliability] 250 voters: ${JSON.stringify(stats)}`);
  });

  test("npm run backup while the server takes writes: a sound copy with every earlier acknowledged write, the audit chain verifying on it", async () => {
    const load = startWriteLoad({ baseURL, grid, topicId: loadTopic, ballotId: loadBallot, concurrency: 10, tag: "在线备份" });
    while (load.acked.length < 30) await new Promise((r) => setTimeout(r, 50));
    const startedAt = Date.now();
    const ackedBefore = [...load.acked];
    const r = await runTsxAsync("scripts/backup.ts", dbFile);
    const ackedDuring = load.acked.filter((w) => w.at > startedAt).length;
    await load.stop();

    expect(r.status, r.stderr).toBe(0);
    const file = r.stdout.match(/written to (\S+)/)?.[1] ?? "";
    made.push(file);
    expect(path.dirname(file)).toBe(path.join(path.dirname(dbFile), "backups"));
    expect(path.basename(file)).toMatch(/^gridcouncil-\d{8}-\d{6}-\d{3}\.tar\.gz$/);
    expect(r.stdout).toContain("integrity_check of the copy: ok");
    expect(load.failures).toEqual([]);
    expect(ackedDuring).toBeGreaterThan(0);
    // One archive: the database copy and the uploads it refers to.
    const unpacked = await unpackedBackup(file);
    made.push(unpacked.dir);
    expectConsistentSnapshot(unpacked.db, dbFile, ackedBefore);
    expectUploadsMatchDatabase(unpacked, uploadsDirFor(dbFile));
    const audit = auditVerify(unpacked.db);
    expect(audit.ok, audit.output).toBe(true);
  });
});
