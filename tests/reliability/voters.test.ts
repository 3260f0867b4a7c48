import fs from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { auditVerify, makeLoadGrid, openAppDb, openRaw, openResidentsBallot, seedDemoDb, startServer, tempDir, type LoadGrid, type Server } from "./support";
import { voteAndClose } from "./voting";

const VOTERS = 2_000;

describe(`${VOTERS} voters casting and changing votes at once through the HTTP API`, () => {
  let dir: string;
  let dbFile: string;
  let server: Server | undefined;
  let grid: LoadGrid;
  let ballotId: number;

  beforeAll(async () => {
    dir = tempDir();
    dbFile = path.join(dir, "voters.db");
    seedDemoDb(dbFile);
    const db = openAppDb(dbFile);
    grid = await makeLoadGrid(db, VOTERS);
    const ballot = await openResidentsBallot(db, grid, "小区东门改造方案表决");
    expect(ballot.electorCount).toBe(VOTERS);
    ballotId = ballot.ballotId;
    db.$client.close();
    server = await startServer(dbFile);
  });

  afterAll(async () => {
    await server?.stop();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  test("the tally equals the ballots exactly, no voter counted twice, the audit chain verifies", async () => {
    const stats = await voteAndClose({ baseURL: server!.baseURL, ballotId, grid, concurrency: 80, seed: 20261126, db: () => openRaw(dbFile) });
    console.log(`[reliability] ${VOTERS} voters: ${JSON.stringify(stats)}`);
    const audit = auditVerify(dbFile);
    expect(audit.ok, audit.output).toBe(true);
  });
});
