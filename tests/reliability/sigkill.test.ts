import fs from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import {
  admittedTopic,
  auditVerify,
  call,
  collectingTopic,
  consistencyProblems,
  groupMembers,
  integrity,
  makeLoadGrid,
  openAppDb,
  openRaw,
  openResidentsBallot,
  seedDemoDb,
  startServer,
  tempDir,
  type LoadGrid,
  type Server,
} from "./support";
import { prng } from "./voting";

const ROUNDS = 3;
const CONCURRENCY = 40;
const choices = ["agree", "disagree", "abstain"] as const;
type Choice = (typeof choices)[number];

/**
 * The server is killed with SIGKILL (no shutdown hook runs) while 40 requests at a time post
 * opinions, co-sign and vote, then started again on the same file. Whatever was acknowledged with
 * a 2xx must be there; whatever was in flight may or may not be, but never half of it.
 */
describe("SIGKILL in the middle of a write load, then restart", () => {
  let dir: string;
  let dbFile: string;
  let grid: LoadGrid;
  let opinionTopic: number;
  let cosignTopicId: number;
  let ballotId: number;
  let server: Server | undefined;

  // What the clients were told, over all rounds.
  const ackedOpinions = new Map<number, string>(); // opinion id → body
  const ackedCosigners = new Set<number>();
  const cosignTried = new Set<number>();
  /** Per voter: the last acknowledged choice, and choices sent after it whose answer never came. */
  const votes = new Map<number, { acked: Choice | null; unknown: Choice[] }>();

  beforeAll(async () => {
    dir = tempDir();
    dbFile = path.join(dir, "sigkill.db");
    seedDemoDb(dbFile);
    const db = openAppDb(dbFile);
    grid = await makeLoadGrid(db, 400);
    opinionTopic = await admittedTopic(db, grid, "小区南门夜间照明不足");
    cosignTopicId = await collectingTopic(db, grid, "增设快递柜的建议");
    ballotId = (await openResidentsBallot(db, grid, "中心花园改造方案")).ballotId;
    db.$client.close();
  });

  afterAll(async () => {
    await server?.kill();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  for (let round = 1; round <= ROUNDS; round++) {
    test(`round ${round}: every acknowledged write survives, nothing is half-written`, async () => {
      const rnd = prng(7919 * round);
      server = await startServer(dbFile);
      const { baseURL, pid } = server;
      let killed = false;
      let seq = 0;
      let inFlightAtKill = 0;
      let inFlight = 0;
      let acks = 0;
      const fiveHundreds: string[] = [];
      const conflicts: string[] = [];
      const busyVoters = new Set<number>();

      const one = async () => {
        const r = rnd();
        const resident = grid.residents[Math.floor(rnd() * grid.residents.length)]!;
        if (r < 0.45) {
          const body = `第${round}轮意见${++seq}：建议晚上十点前保持照明。`;
          inFlight++;
          const res = await call(baseURL, `/api/v1/topics/${opinionTopic}/opinions`, { token: resident.token, body: { stance: "suggestion", body } }).finally(() => inFlight--);
          if (res.status === 201) {
            ackedOpinions.set(res.json.opinionId as number, body);
            acks++;
          } else if (res.status >= 500) fiveHundreds.push(`opinion ${res.status}`);
        } else if (r < 0.6) {
          if (cosignTried.has(resident.personId) || resident === grid.residents[grid.residents.length - 1]) return;
          cosignTried.add(resident.personId);
          inFlight++;
          const res = await call(baseURL, `/api/v1/topics/${cosignTopicId}/cosign`, { token: resident.token, method: "POST" }).finally(() => inFlight--);
          if (res.status === 200) {
            ackedCosigners.add(resident.personId);
            acks++;
          } else if (res.status >= 500) fiveHundreds.push(`cosign ${res.status}`);
          else conflicts.push(`cosign ${res.status} ${JSON.stringify(res.json)}`);
        } else {
          // One request at a time per voter, so "last acknowledged" is well defined.
          if (busyVoters.has(resident.personId)) return;
          busyVoters.add(resident.personId);
          const choice = choices[Math.floor(rnd() * 3)]!;
          const state = votes.get(resident.personId) ?? { acked: null, unknown: [] };
          votes.set(resident.personId, state);
          state.unknown.push(choice);
          inFlight++;
          const res = await call(baseURL, `/api/v1/ballots/${ballotId}/votes`, { token: resident.token, body: { choice } }).finally(() => {
            inFlight--;
            busyVoters.delete(resident.personId);
          });
          if (res.status === 200) {
            state.acked = choice;
            state.unknown = [];
            acks++;
          } else if (res.status >= 500) fiveHundreds.push(`vote ${res.status}`);
          else conflicts.push(`vote ${res.status} ${JSON.stringify(res.json)}`);
        }
      };
      const worker = async () => {
        while (!killed) {
          try {
            await one();
          } catch {
            // The connection died with the server: the answer never came, so the write is unknown.
            if (!killed) throw new Error("request failed while the server was up");
          }
        }
      };

      const workers = Array.from({ length: CONCURRENCY }, worker);
      // Wait until the load is in full swing, then kill at a random moment of the next few seconds.
      while (acks < 50) await new Promise((r) => setTimeout(r, 20));
      await new Promise((r) => setTimeout(r, 500 + Math.floor(rnd() * 3500)));
      inFlightAtKill = inFlight;
      killed = true;
      await server.kill();
      server = undefined;
      await Promise.all(workers);
      console.log(`[reliability] SIGKILL round ${round}: ${acks} writes acknowledged this round, ${inFlightAtKill} in flight at the kill`);

      expect(groupMembers(pid)).toEqual([]);
      expect(inFlightAtKill).toBeGreaterThan(0);
      expect(fiveHundreds).toEqual([]);
      expect(conflicts).toEqual([]);

      // The file as the crash left it (our connection replays the WAL): sound, and everything acknowledged is in it.
      expect(integrity(dbFile)).toBe("ok");
      const db = openRaw(dbFile);
      try {
        const opinionRows = new Map((db.prepare("SELECT id, body FROM opinions WHERE topic_id = ?").all(opinionTopic) as { id: number; body: string }[]).map((o) => [o.id, o.body]));
        const missingOpinions = [...ackedOpinions].filter(([id, body]) => opinionRows.get(id) !== body);
        expect(missingOpinions).toEqual([]);
        const ackedBodies = new Set(ackedOpinions.values());
        const landedUnanswered = [...opinionRows.values()].filter((b) => b.startsWith(`第${round}轮`) && !ackedBodies.has(b)).length;
        console.log(`[reliability] SIGKILL round ${round}: ${landedUnanswered} opinion(s) committed whose answer the kill cut off`);
        const cosigners = new Set((db.prepare("SELECT person_id AS p FROM cosigns WHERE topic_id = ?").all(cosignTopicId) as { p: number }[]).map((r) => r.p));
        expect([...ackedCosigners].filter((p) => !cosigners.has(p))).toEqual([]);
        // A co-sign nobody asked for cannot appear.
        expect([...cosigners].filter((p) => !cosignTried.has(p))).toEqual([]);
        const voteRows = new Map((db.prepare("SELECT elector_key AS k, choice FROM votes WHERE ballot_id = ?").all(ballotId) as { k: string; choice: Choice }[]).map((v) => [Number(v.k.slice(7)), v.choice]));
        const wrongVotes = [...votes].filter(([personId, s]) => {
          const stored = voteRows.get(personId);
          if (s.acked == null) return stored != null && !s.unknown.includes(stored);
          return stored !== s.acked && !(stored != null && s.unknown.includes(stored));
        });
        expect(wrongVotes).toEqual([]);
        expect([...voteRows.keys()].filter((p) => !votes.has(p))).toEqual([]);
        expect(consistencyProblems(db)).toEqual([]);
      } finally {
        db.close();
      }
      const audit = auditVerify(dbFile);
      expect(audit.ok, audit.output).toBe(true);

      // Restarted on the same file, the server serves what was acknowledged.
      server = await startServer(dbFile);
      const listed = await call(server.baseURL, `/api/v1/topics/${opinionTopic}/opinions`, { token: grid.chief.token });
      expect(listed.status).toBe(200);
      const listedIds = new Set(JSON.stringify(listed.json).match(/"id":\d+/g)?.map((s) => Number(s.slice(5))) ?? []);
      expect([...ackedOpinions.keys()].filter((id) => !listedIds.has(id))).toEqual([]);
      const ballot = await call(server.baseURL, `/api/v1/ballots/${ballotId}`, { token: grid.chief.token });
      expect((ballot.json.turnout as { votedCount: number }).votedCount).toBeGreaterThanOrEqual([...votes.values()].filter((s) => s.acked != null).length);
      await server.stop();
      server = undefined;
    });
  }
});
