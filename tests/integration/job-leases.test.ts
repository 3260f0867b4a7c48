import { spawn, type ChildProcess } from "node:child_process";
import path from "node:path";
import { and, eq } from "drizzle-orm";
import { afterEach, beforeEach, describe, expect, test, vi } from "vitest";
import { openDatabase, type DB } from "@/db/client";
import { auditLog, ballots, events, jobLeases } from "@/db/schema";
import { castVote } from "@/lib/ballots/cast-vote";
import { openBallot } from "@/lib/ballots/open-ballot";
import { runOnce } from "@/lib/jobs/lease";
import { ctxAs, tempDb } from "../helpers/db";
import { DAY, HOUR, T0, at, ballotWorld } from "./ballot-helpers";
import { first } from "@/db/query";

/*
 * Several app servers on one database: each background job runs once per tick across all of them.
 * A "server" here is its own better-sqlite3 connection to the same file (and, in the last tests, its
 * own OS process), with its own holder id.
 */

let firstServer: DB;
let second: DB;
// The server's start-up (instrumentation.ts) runs its jobs against this file's first "server".
vi.mock("@/db/client", async (real) => ({ ...(await real<typeof import("@/db/client")>()), getDb: () => firstServer }));
let cleanup: () => void;
let file: string;
beforeEach(() => {
  const env = tempDb();
  firstServer = env.db;
  file = env.file;
  second = openDatabase(file);
  cleanup = () => {
    second.$client.close();
    env.cleanup();
  };
});
afterEach(() => {
  vi.useRealTimers();
  vi.unstubAllEnvs();
  cleanup();
});

const lease = async (db: DB, name: string) => await first(db.select().from(jobLeases).where(eq(jobLeases.name, name)));
const clock = (d: Date) => () => d;
/** A job that runs until the test lets it finish. */
function gate() {
  let open!: () => void;
  const closed = new Promise<void>((resolve) => (open = resolve));
  return { open, closed };
}

describe("one run per tick across servers", () => {
  test("two servers tick the same job while it runs: it runs once, the other is told who holds it", async () => {
    let runs = 0;
    const g = gate();
    const job = async () => {
      runs++;
      await g.closed;
      return "counted";
    };
    const a = runOnce(firstServer, "ballots.close-due", { leaseMs: 60_000, holder: "server-a", now: clock(T0) }, job);
    // One thread cannot tick two servers at one instant (the OS processes below do): B ticks the same
    // moment by the clock, once A's lease statement is through and its job is running.
    await new Promise(setImmediate);
    expect(runs).toBe(1);
    const b = runOnce(second, "ballots.close-due", { leaseMs: 60_000, holder: "server-b", now: clock(T0) }, job);
    g.open();
    expect(await Promise.all([a, b])).toEqual([
      { status: "ran", result: "counted" },
      { status: "skipped", reason: "held by server-a" },
    ]);
    expect(runs).toBe(1);
    // Freed when done, with the run on record.
    expect(await lease(second, "ballots.close-due")).toMatchObject({ holder: "server-a", expiresAt: T0, lastRunAt: T0, lastOkAt: T0, lastError: null });
  });

  test("the second server runs the next tick once the first has finished", async () => {
    const ranOn: string[] = [];
    const tick = (db: DB, holder: string, now: Date) => runOnce(db, "tasks.flag-overdue", { leaseMs: 5 * 60_000, holder, now: clock(now) }, () => void ranOn.push(holder));
    expect(await tick(firstServer, "server-a", T0)).toMatchObject({ status: "ran" });
    // Well within server A's five-minute lease, but A is done: B may take it.
    expect(await tick(second, "server-b", at(60_000))).toMatchObject({ status: "ran" });
    expect(ranOn).toEqual(["server-a", "server-b"]);
    expect(await lease(firstServer, "tasks.flag-overdue")).toMatchObject({ holder: "server-b", lastRunAt: at(60_000), lastOkAt: at(60_000) });
  });

  test("a lease whose holder vanished mid-run is taken by another server after it expires, not before", async () => {
    // Server A takes the lease and dies mid-run: its job never ends and its connection goes away.
    void runOnce(firstServer, "topics.cosign-deadlines", { leaseMs: 5 * 60_000, holder: "server-a", now: clock(T0), renewEveryMs: 2 ** 31 - 1 }, () => new Promise(() => {}));
    await new Promise(setImmediate);
    expect((await lease(second, "topics.cosign-deadlines"))?.holder).toBe("server-a");
    firstServer.$client.close();
    let ran = 0;
    const tick = (now: Date) => runOnce(second, "topics.cosign-deadlines", { leaseMs: 5 * 60_000, holder: "server-b", now: clock(now) }, () => void ran++);
    expect(await tick(at(4 * 60_000))).toEqual({ status: "skipped", reason: "held by server-a" });
    expect(ran).toBe(0);
    expect(await tick(at(5 * 60_000 + 1))).toEqual({ status: "ran", result: undefined });
    expect(ran).toBe(1);
    expect(await lease(second, "topics.cosign-deadlines")).toMatchObject({ holder: "server-b", lastOkAt: at(5 * 60_000 + 1) });
  });

  test("a failed job records its error and frees the lease: the next tick on any server tries again", async () => {
    const failing = runOnce(firstServer, "ratings.review-reminders", { leaseMs: 5 * 60_000, holder: "server-a", now: clock(T0) }, () => {
      throw new Error("disk full");
    });
    await expect(failing).rejects.toThrow("disk full");
    expect(await lease(second, "ratings.review-reminders")).toMatchObject({ holder: "server-a", expiresAt: T0, lastRunAt: T0, lastOkAt: null, lastError: "disk full" });

    const next = await runOnce(second, "ratings.review-reminders", { leaseMs: 5 * 60_000, holder: "server-b", now: clock(at(60_000)) }, () => 3);
    expect(next).toEqual({ status: "ran", result: 3 });
    expect(await lease(firstServer, "ratings.review-reminders")).toMatchObject({ holder: "server-b", lastOkAt: at(60_000), lastError: null });
  });

  test("an async job's lease is renewed while it awaits, so a long send never lets a second server start the same run", async () => {
    vi.useFakeTimers({ toFake: ["Date", "setTimeout", "setInterval", "clearInterval"] });
    vi.setSystemTime(T0);
    let sends = 0;
    const sender = () =>
      runOnce(firstServer, "notify.remind-and-send", { leaseMs: 2 * 60_000, holder: "server-a" }, async () => {
        sends++;
        // A slow SMS provider: ten minutes of awaiting, five times the lease.
        await new Promise((resolve) => setTimeout(resolve, 10 * 60_000));
      });
    const running = sender();
    await vi.advanceTimersByTimeAsync(9 * 60_000);
    expect(await runOnce(second, "notify.remind-and-send", { leaseMs: 2 * 60_000, holder: "server-b" }, () => void sends++)).toEqual({ status: "skipped", reason: "held by server-a" });
    await vi.advanceTimersByTimeAsync(60_000);
    await running;
    expect(sends).toBe(1);
    expect(await runOnce(second, "notify.remind-and-send", { leaseMs: 2 * 60_000, holder: "server-b" }, () => void sends++)).toMatchObject({ status: "ran" });
    expect(sends).toBe(2);
  });

  test("a tick that comes while this process's previous run still awaits is skipped, not run alongside it", async () => {
    const g = gate();
    let runs = 0;
    const job = async () => {
      runs++;
      await g.closed;
    };
    const a = runOnce(firstServer, "notify.remind-and-send", { leaseMs: 60_000, holder: "server-c", now: clock(T0) }, job);
    // A minute later the lease is still this process's own, which the upsert would let it take again.
    expect(await runOnce(firstServer, "notify.remind-and-send", { leaseMs: 60_000, holder: "server-c", now: clock(at(60_000)) }, job)).toEqual({ status: "skipped", reason: "held by server-c" });
    g.open();
    await a;
    expect(runs).toBe(1);
  });
});

describe("the server's start-up", () => {
  test("every background job goes through its own lease; a job another server holds is skipped here", async () => {
    // Another server is counting ballots right now.
    const elsewhere = new Date(Date.now() + 60_000);
    await firstServer.insert(jobLeases).values({ name: "ballots.close-due", holder: "server-elsewhere", expiresAt: elsewhere });
    // The minute and ten-minute ticks stay on a fake clock that ends with the test.
    vi.useFakeTimers({ toFake: ["setInterval", "clearInterval"] });
    vi.stubEnv("NEXT_RUNTIME", "nodejs");
    const { register } = await import("@/instrumentation");
    await register();
    const done = ["notify.remind-and-send", "ratings.review-reminders", "tasks.flag-overdue", "topics.cosign-deadlines"];
    await vi.waitFor(async () => expect((await firstServer.select().from(jobLeases)).filter((l) => l.lastOkAt).map((l) => l.name).sort()).toEqual(done), { timeout: 10_000 });
    for (const name of done) expect(await lease(firstServer, name)).toMatchObject({ holder: expect.stringMatching(/^.+:\d+:[0-9a-f]{8}$/), lastError: null });
    expect(await lease(firstServer, "ballots.close-due")).toEqual({ name: "ballots.close-due", holder: "server-elsewhere", expiresAt: elsewhere, lastRunAt: null, lastOkAt: null, lastError: null });
  });
});

// ── Real OS processes on one SQLite file ─────────────────────────────────────────────────────────

const root = path.resolve(__dirname, "../..");
type Outcome = { holder: string; run: { status: string; result?: unknown; reason?: string } };
type Server = { child: ChildProcess; holder: Promise<string>; result: Promise<Outcome> };

/** A process that loads the app's job code and waits for "go" (tests/helpers/job-lease-server.ts). */
function server(job: string, now: Date, hold: string): Server {
  const child = spawn(path.join(root, "node_modules", ".bin", "tsx"), ["--conditions=react-server", "tests/helpers/job-lease-server.ts", file, job, String(now.getTime()), hold], {
    cwd: root,
    env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1" },
    stdio: ["pipe", "pipe", "pipe"],
  });
  let out = "";
  let err = "";
  child.stderr!.on("data", (c) => (err += c));
  const lines: ((line: string) => void)[] = [];
  child.stdout!.on("data", (c) => {
    out += c;
    let i;
    while ((i = out.indexOf("\n")) >= 0) {
      const line = out.slice(0, i);
      out = out.slice(i + 1);
      lines.forEach((l) => l(line));
    }
  });
  const exited = new Promise<never>((_, reject) => child.on("exit", (code, signal) => reject(new Error(`server exited (${code ?? signal}) early: ${err}`))));
  const holder = Promise.race([exited, new Promise<string>((resolve) => lines.push((l) => l.startsWith("ready ") && resolve(l.slice(6))))]);
  const result = Promise.race([exited, new Promise<Outcome>((resolve) => lines.push((l) => l.startsWith("{") && resolve(JSON.parse(l))))]);
  holder.catch(() => {});
  result.catch(() => {});
  return { child, holder, result };
}

describe("two app server processes on one SQLite file", () => {
  test("both count due ballots at the same instant: the ballot is counted once, with one tally in the audit chain", async () => {
    const w = await ballotWorld(firstServer);
    const opened = await openBallot(await ctxAs(w.chief, firstServer), { topicId: w.topic.id, kind: "single", planIds: [w.plan.id], electorateKind: "gridResidents", closesAt: at(DAY) }, T0);
    await castVote(await ctxAs(w.proposer, firstServer), { ballotId: opened.ballotId, choice: "agree" }, at(HOUR));
    const due = at(DAY + 60_000);

    // Each holds its lease a second and a half after its work, so the two ticks surely overlap.
    const servers = [server("ballots.close-due", due, "1500"), server("ballots.close-due", due, "1500")];
    const holders = await Promise.all(servers.map((s) => s.holder));
    expect(new Set(holders).size).toBe(2);
    for (const s of servers) s.child.stdin!.write("go\n");
    const results = await Promise.all(servers.map((s) => s.result));

    const ran = results.filter((r) => r.run.status === "ran");
    const skipped = results.filter((r) => r.run.status === "skipped");
    expect(ran).toHaveLength(1);
    expect(ran[0]!.run.result).toEqual({ closed: [opened.ballotId] });
    expect(skipped).toEqual([{ holder: expect.any(String), run: { status: "skipped", reason: `held by ${ran[0]!.holder}` } }]);

    expect(await first(firstServer.select({ status: ballots.status, closedAt: ballots.closedAt }).from(ballots).where(eq(ballots.id, opened.ballotId)))).toEqual({ status: "closed", closedAt: at(DAY) });
    expect(await firstServer.select().from(auditLog).where(and(eq(auditLog.ballotId, opened.ballotId), eq(auditLog.kind, "ballot.tallied")))).toHaveLength(1);
    expect(await firstServer.select().from(events).where(and(eq(events.kind, "ballot.closed"), eq(events.subjectId, opened.ballotId)))).toHaveLength(1);
    expect(await lease(firstServer, "ballots.close-due")).toMatchObject({ holder: ran[0]!.holder, lastOkAt: due, lastError: null });
  }, 120_000);

  test("a server killed (SIGKILL) while it holds a lease: the others skip the job until the lease expires, then one takes it", async () => {
    const killed = server("tasks.flag-overdue", T0, "hang");
    const holder = await killed.holder;
    killed.child.stdin!.write("go\n");
    // Wait until its lease is in the table, then kill it mid-run: nothing frees the lease but time.
    await vi.waitFor(async () => expect((await lease(firstServer, "tasks.flag-overdue"))?.holder).toBe(holder), { timeout: 30_000, interval: 50 });
    const gone = new Promise((resolve) => killed.child.on("exit", resolve));
    killed.child.kill("SIGKILL");
    await gone;

    let ran = 0;
    const tick = (now: Date) => runOnce(second, "tasks.flag-overdue", { leaseMs: 60_000, holder: "server-b", now: clock(now) }, () => void ran++);
    expect(await tick(at(30_000))).toEqual({ status: "skipped", reason: `held by ${holder}` });
    expect(await tick(at(60_001))).toMatchObject({ status: "ran" });
    expect(ran).toBe(1);
  }, 120_000);
});
