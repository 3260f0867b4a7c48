/**
 * The concurrent voting scenario, shared by the 2,000-voter reliability test and the few-hundred
 * voter check in `npm test`: everyone votes through POST /api/v1/ballots/:id/votes with bounded
 * concurrency, many change their vote (some several times, some racing their own requests), staff
 * close through the API, and the tally is compared with what each voter was last told.
 */
import type Database from "better-sqlite3";
import { expect } from "vitest";
import { call, pool, type LoadGrid, type Reply } from "./support";

const choices = ["agree", "disagree", "abstain"] as const;
type Choice = (typeof choices)[number];

/** Small seeded PRNG (mulberry32), so a failing run can be replayed with the same plan. */
export function prng(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

type Plan = { index: number; kind: "once" | "changes" | "races"; steps: Choice[] };

export type VotingStats = {
  voters: number;
  requests: number;
  seconds: number;
  perSecond: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
  statuses: Record<number, number>;
  tally: Record<Choice, number>;
};

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;

/**
 * Runs the scenario and asserts it: no 5xx, no unexplained 409, one vote per voter, the closed
 * ballot's counts equal to each voter's last acknowledged choice and turnout equal to the voters.
 */
export async function voteAndClose(opts: { baseURL: string; ballotId: number; grid: LoadGrid; concurrency: number; seed: number; db: () => Database.Database }): Promise<VotingStats> {
  const { baseURL, ballotId, grid, concurrency } = opts;
  const rnd = prng(opts.seed);
  const pick = (): Choice => choices[Math.floor(rnd() * 3)]!;
  // About half vote once, a third change their vote one to three times, the rest fire two to four
  // first votes at the same moment (a double-tap on a slow phone, two open tabs).
  const plans: Plan[] = grid.residents.map((_, index) => {
    const r = rnd();
    const kind = r < 0.5 ? "once" : r < 0.83 ? "changes" : "races";
    const n = kind === "once" ? 1 : kind === "changes" ? 2 + Math.floor(rnd() * 3) : 2 + Math.floor(rnd() * 3);
    return { index, kind, steps: Array.from({ length: n }, pick) };
  });

  const latencies: number[] = [];
  const statuses: Record<number, number> = {};
  const unexpected: string[] = [];
  const timed = async (route: string, init: Parameters<typeof call>[2]): Promise<Reply> => {
    const t = performance.now();
    const r = await call(baseURL, route, init);
    latencies.push(performance.now() - t);
    statuses[r.status] = (statuses[r.status] ?? 0) + 1;
    return r;
  };
  const vote = (token: string, choice: Choice) => timed(`/api/v1/ballots/${ballotId}/votes`, { token, body: { choice } });

  const expected = new Map<number, Choice>();
  const firstVotesAcked = new Map<number, number>();
  const started = performance.now();
  await pool(plans, concurrency, async (plan) => {
    const voter = grid.residents[plan.index]!;
    if (plan.kind === "races") {
      const replies = await Promise.all(plan.steps.map((c) => vote(voter.token, c)));
      for (const r of replies) if (r.status !== 200) unexpected.push(`racing voter ${voter.personId}: ${r.status} ${JSON.stringify(r.json)}`);
      // Exactly one of the simultaneous requests is the first vote; the others are changes.
      firstVotesAcked.set(voter.personId, replies.filter((r) => r.status === 200 && r.json.changed === false).length);
      // Which of them committed last is the server's business; the voter's own view says which.
      const view = await timed(`/api/v1/ballots/${ballotId}`, { token: voter.token });
      const mine = (view.json.me as { electors: { vote: { choice: Choice } | null }[] } | undefined)?.electors[0]?.vote?.choice;
      if (!mine || !plan.steps.includes(mine)) unexpected.push(`racing voter ${voter.personId}: own vote reads ${String(mine)}, sent ${plan.steps.join(",")}`);
      else expected.set(voter.personId, mine);
      return;
    }
    let first = 0;
    for (const choice of plan.steps) {
      const r = await vote(voter.token, choice);
      if (r.status !== 200) {
        unexpected.push(`voter ${voter.personId}: ${r.status} ${JSON.stringify(r.json)}`);
        continue;
      }
      if (r.json.changed === false) first++;
      expect(r.json.choice).toBe(choice);
      expected.set(voter.personId, choice);
    }
    firstVotesAcked.set(voter.personId, first);
  });
  const seconds = (performance.now() - started) / 1000;

  expect(unexpected).toEqual([]);
  expect(Object.keys(statuses).filter((s) => Number(s) >= 500)).toEqual([]);
  expect([...firstVotesAcked.entries()].filter(([, n]) => n !== 1)).toEqual([]);
  expect(expected.size).toBe(grid.residents.length);

  // Staff close through the API; a vote after the close is refused with 409 (ballot closed), which is the only 409 we accept.
  const closed = await call(baseURL, `/api/v1/ballots/${ballotId}/close`, { token: grid.chief.token, method: "POST" });
  expect(closed.status, JSON.stringify(closed.json)).toBe(200);
  const late = await call(baseURL, `/api/v1/ballots/${ballotId}/votes`, { token: grid.residents[0]!.token, body: { choice: "agree" } });
  expect(late.status).toBe(409);

  const tally: Record<Choice, number> = { agree: 0, disagree: 0, abstain: 0 };
  for (const c of expected.values()) tally[c]++;
  const view = await call(baseURL, `/api/v1/ballots/${ballotId}`, { token: grid.chief.token });
  const result = view.json.result as { counts: Record<Choice, number>; votesCast: number; electorCount: number };
  expect(result.counts).toEqual(tally);
  expect(result.votesCast).toBe(grid.residents.length);
  expect((view.json.turnout as { votedCount: number }).votedCount).toBe(grid.residents.length);

  // The database itself: one row per elector, each holding the voter's last acknowledged choice.
  const db = opts.db();
  try {
    const rows = db.prepare("SELECT elector_key AS k, choice FROM votes WHERE ballot_id = ?").all(ballotId) as { k: string; choice: Choice }[];
    expect(rows.length).toBe(grid.residents.length);
    expect(new Set(rows.map((r) => r.k)).size).toBe(rows.length);
    const mismatched = rows.filter((r) => expected.get(Number(r.k.replace("person:", ""))) !== r.choice);
    expect(mismatched).toEqual([]);
  } finally {
    db.close();
  }

  const sorted = [...latencies].sort((a, b) => a - b);
  return {
    voters: grid.residents.length,
    requests: latencies.length,
    seconds: Math.round(seconds * 10) / 10,
    perSecond: Math.round(latencies.length / seconds),
    p50: Math.round(percentile(sorted, 50)),
    p95: Math.round(percentile(sorted, 95)),
    p99: Math.round(percentile(sorted, 99)),
    max: Math.round(sorted[sorted.length - 1] ?? 0),
    statuses,
    tally,
  };
}
