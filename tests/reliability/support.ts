/**
 * Shared by the reliability tests (tests/reliability, and the fast ones in tests/e2e/reliability):
 * a production server we own and may kill, a grid of many verified residents with bearer tokens,
 * topics at the stages a write load needs, a bounded-concurrency HTTP driver, and the checks run
 * on a database file afterwards.
 */
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { createHash, randomBytes } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import Database from "better-sqlite3";
import { eq, like } from "drizzle-orm";
import { openDatabase, type DB } from "@/db/client";
import { agendaItems, apiTokens, buildings, communities, grids, people, roles, topics, units } from "@/db/schema";
import { loadActor } from "@/lib/auth/actor";
import { openBallot } from "@/lib/ballots/open-ballot";
import { draftPlan } from "@/lib/plans/draft-plan";
import { documentFromText } from "@/lib/richtext/document";
import { admitTopic } from "@/lib/topics/admit";
import { cosignTopic } from "@/lib/topics/cosign";
import { proposeTopic } from "@/lib/topics/propose";
import { startDrafting } from "@/lib/topics/start-drafting";
import { unitOfWork } from "@/db/unit-of-work";
import { first } from "@/db/query";
import { inOrder } from "../helpers/in-order";

export const root = path.resolve(__dirname, "../..");
const bin = (name: string) => path.join(root, "node_modules", ".bin", name);

// ── Files and processes ─────────────────────────────────────────────────────────────────────────

export function tempDir(prefix = "gridcouncil-rel-"): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

/** Runs a package script's TypeScript file the way npm does (react-server condition), on one database. */
export function runTsx(script: string, dbFile: string, args: string[] = [], extraEnv: Record<string, string> = {}) {
  return spawnSync(bin("tsx"), ["--conditions=react-server", script, ...args], {
    cwd: root,
    env: { ...process.env, GRIDCOUNCIL_DB: dbFile, NEXT_TELEMETRY_DISABLED: "1", ...extraEnv },
    encoding: "utf8",
  });
}

/** As runTsx, without blocking the event loop (so a load keeps running meanwhile). */
export function runTsxAsync(script: string, dbFile: string, args: string[] = []): Promise<{ status: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(bin("tsx"), ["--conditions=react-server", script, ...args], {
      cwd: root,
      env: { ...process.env, GRIDCOUNCIL_DB: dbFile, NEXT_TELEMETRY_DISABLED: "1" },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d: Buffer) => (stdout += d.toString()));
    child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
    child.on("error", reject);
    child.on("close", (status) => resolve({ status, stdout, stderr }));
  });
}

/** A fresh database with the migrations applied and the demo community seeded, as `npm start` makes it. */
export function seedDemoDb(dbFile: string): void {
  const r = runTsx("scripts/setup-db.ts", dbFile);
  if (r.status !== 0) throw new Error(`seeding failed: ${r.stderr}`);
}

/** `npm run audit:verify` on one database file. */
export function auditVerify(dbFile: string) {
  const r = runTsx("scripts/audit-verify.ts", dbFile);
  return { ok: r.status === 0, output: `${r.stdout}${r.stderr}`.trim() };
}

export type Server = { baseURL: string; port: number; pid: number; log: string; stop: () => Promise<void>; kill: () => Promise<void> };

async function waitForServer(url: string, child: ChildProcess, log: string, ms = 90_000) {
  const until = Date.now() + ms;
  while (Date.now() < until) {
    if (child.exitCode !== null || child.signalCode !== null) throw new Error(`server exited (${child.exitCode ?? child.signalCode}):\n${fs.readFileSync(log, "utf8")}`);
    try {
      const res = await fetch(url);
      if (res.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`server did not answer at ${url}:\n${fs.readFileSync(log, "utf8")}`);
}

const exited = (child: ChildProcess) =>
  child.exitCode !== null || child.signalCode !== null ? Promise.resolve() : new Promise<void>((r) => child.once("exit", () => r()));

/**
 * `next start` of the production build in `distDir` on a free port and the given database. It runs
 * in its own process group (detached) so that kill() can SIGKILL the whole group — the server and
 * anything it spawned — and no orphan keeps the database open.
 */
export async function startServer(dbFile: string, opts: { distDir?: string; port?: number; logDir?: string } = {}): Promise<Server> {
  const distDir = opts.distDir ?? process.env.NEXT_DIST_DIR ?? ".next-rel";
  if (!fs.existsSync(path.join(root, distDir, "BUILD_ID"))) throw new Error(`no production build in ${distDir}: run npm run test:reliability (it builds), or NEXT_DIST_DIR=${distDir} npx next build`);
  const port = opts.port ?? 20_000 + Math.floor(Math.random() * 20_000);
  const log = path.join(opts.logDir ?? path.dirname(dbFile), `server-${port}-${Date.now()}.log`);
  const fd = fs.openSync(log, "a");
  const child = spawn(bin("next"), ["start", "-p", String(port)], {
    cwd: root,
    env: { ...process.env, NEXT_DIST_DIR: distDir, GRIDCOUNCIL_DB: dbFile, PORT: String(port), NODE_ENV: "production", NEXT_TELEMETRY_DISABLED: "1" },
    stdio: ["ignore", fd, fd],
    detached: true,
  });
  fs.closeSync(fd);
  const pid = child.pid!;
  const signalGroup = (sig: NodeJS.Signals) => {
    try {
      process.kill(-pid, sig);
    } catch {
      // the group is gone already
    }
  };
  const baseURL = `http://127.0.0.1:${port}`;
  try {
    await waitForServer(`${baseURL}/api/v1/places/grids`, child, log);
  } catch (e) {
    signalGroup("SIGKILL");
    throw e;
  }
  return {
    baseURL,
    port,
    pid,
    log,
    kill: async () => {
      signalGroup("SIGKILL");
      await exited(child);
    },
    stop: async () => {
      signalGroup("SIGTERM");
      const t = setTimeout(() => signalGroup("SIGKILL"), 5_000);
      await exited(child);
      clearTimeout(t);
    },
  };
}

/** Pids still alive in a process group (empty once every member is gone). */
export function groupMembers(pgid: number): number[] {
  const r = spawnSync("ps", ["-o", "pid=", "-g", String(pgid)], { encoding: "utf8" });
  return r.stdout
    .split("\n")
    .map((s) => Number(s.trim()))
    .filter((n) => n > 0);
}

// ── HTTP ────────────────────────────────────────────────────────────────────────────────────────

export type Reply = { status: number; json: Record<string, unknown> };

export async function call(baseURL: string, route: string, init: { method?: string; token?: string; body?: unknown } = {}): Promise<Reply> {
  const method = init.method ?? (init.body !== undefined ? "POST" : "GET");
  try {
    return await callOnce(baseURL, route, method, init);
  } catch (e) {
    // A keep-alive socket the server closed while our event loop was blocked (spawnSync of a CLI)
    // is reused before its close is seen. A GET is safe to send again; a write never is.
    if (method !== "GET" || (e as { cause?: { code?: string } }).cause?.code !== "UND_ERR_SOCKET") throw e;
    return callOnce(baseURL, route, method, init);
  }
}

async function callOnce(baseURL: string, route: string, method: string, init: { token?: string; body?: unknown }): Promise<Reply> {
  const res = await fetch(`${baseURL}${route}`, {
    method,
    headers: {
      ...(init.token ? { authorization: `Bearer ${init.token}` } : {}),
      ...(init.body !== undefined ? { "content-type": "application/json" } : {}),
      "accept-language": "en",
    },
    body: init.body !== undefined ? JSON.stringify(init.body) : undefined,
  });
  const text = await res.text();
  let json: Record<string, unknown> = {};
  try {
    json = text ? (JSON.parse(text) as Record<string, unknown>) : {};
  } catch {
    json = { raw: text.slice(0, 500) };
  }
  return { status: res.status, json };
}

/** Runs fn over the items with at most `limit` in flight at once. */
export async function pool<T>(items: readonly T[], limit: number, fn: (item: T, index: number) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      await fn(items[i]!, i);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
}

// ── Data ────────────────────────────────────────────────────────────────────────────────────────

export type Voter = { personId: number; token: string };
export type LoadGrid = { gridId: number; communityId: number; chief: Voter; residents: Voter[] };

const sha256 = (s: string) => createHash("sha256").update(s).digest("hex");

/**
 * A grid of its own in the (demo) community, with a grid chief and `count` verified residents,
 * each with a bearer token. Residents and tokens are inserted directly: signing 2,000 people in
 * through POST /auth/token would spend minutes in bcrypt and measure password hashing, not voting.
 * Only the token's SHA-256 goes into api_tokens, exactly as lib/auth/tokens.ts stores it.
 */
export async function makeLoadGrid(db: DB, count: number): Promise<LoadGrid> {
  const community = await first(db.select({ id: communities.id }).from(communities).limit(1));
  if (!community) throw new Error("the database has no community: seed it first");
  const taken = new Set((await db.select({ code: grids.code }).from(grids).where(eq(grids.communityId, community.id))).map((g) => g.code));
  const code = Array.from({ length: 90 }, (_, i) => String(99 - i)).find((c) => !taken.has(c));
  if (!code) throw new Error("no free grid code");
  const run = randomBytes(4).toString("hex");
  // 16 + three digits of this grid + six of the person: 11 digits like a mobile number, unique per grid.
  let prefix = "";
  for (const p of Array.from({ length: 1000 }, (_, i) => `16${String((i + Number.parseInt(run, 16)) % 1000).padStart(3, "0")}`)) {
    if (!(await first(db.select({ id: people.id }).from(people).where(like(people.phone, `${p}%`))))) {
      prefix = p;
      break;
    }
  }
  const passwordHash = "$2b$04$reliabilitytestsdonotsigninwithpassword.."; // never matches: these people use tokens
  const expiresAt = new Date(Date.now() + 7 * 86_400_000);

  return await unitOfWork(db, async (tx) => {
    const grid = await first(tx.insert(grids).values({ communityId: community.id, code, name: `压力测试网格${code}` }).returning({ id: grids.id }));
    const building = await first(tx.insert(buildings).values({ gridId: grid.id, code: "01", name: "1号楼" }).returning({ id: buildings.id }));
    const unitIds = await inOrder(Array.from({ length: 20 }), async (_, i) =>
      (await first(tx.insert(units).values({ buildingId: building.id, number: `${Math.floor(i / 4) + 1}0${(i % 4) + 1}`, areaHundredths: 8900 }).returning({ id: units.id }))).id,
    );
    const person = async (i: number, role: "gridChief" | "resident") => {
      const p = await first(tx
        .insert(people)
        .values({ phone: `${prefix}${String(i).padStart(6, "0")}`, passwordHash, name: `${role === "gridChief" ? "网格长" : "居民"}${i}`, displayNumber: `REL${run}-${code}-${i}`, status: "verified" })
        .returning({ id: people.id }));
      await tx.insert(roles).values({ personId: p.id, role, communityId: community.id, gridId: grid.id, unitId: role === "resident" ? unitIds[i % unitIds.length]! : null });
      const token = `gc_${randomBytes(24).toString("base64url")}`;
      await tx.insert(apiTokens).values({ personId: p.id, tokenHash: sha256(token), expiresAt });
      return { personId: p.id, token };
    };
    const chief = await person(0, "gridChief");
    const residents = await inOrder(Array.from({ length: count }), (_, i) => person(i + 1, "resident"));
    return { gridId: grid.id, communityId: community.id, chief, residents };
  });
}

const ctxOf = async (db: DB, personId: number) => ({ db, actor: (await loadActor(db, personId))! });

async function simpleMajorityItem(db: DB): Promise<number> {
  const items = await db.select({ id: agendaItems.id, name: agendaItems.name, rule: agendaItems.defaultVoteRule, active: agendaItems.active }).from(agendaItems);
  const item = items.find((i) => i.name === "公共设施维修" && i.active) ?? items.find((i) => i.rule === "simpleMajority" && i.active);
  if (!item) throw new Error("no active agenda item decided by simple majority");
  return item.id;
}

/** A topic of the grid, proposed by its first resident, co-signed up to the threshold and admitted (in consultation). */
export async function admittedTopic(db: DB, g: LoadGrid, title: string): Promise<number> {
  const [proposer, ...others] = g.residents;
  const { topicId } = await proposeTopic(await ctxOf(db, proposer!.personId), { gridId: g.gridId, agendaItemId: await simpleMajorityItem(db), title, description: documentFromText(`${title}：可靠性测试用议题，请大家发表意见。`) });
  const threshold = (await first(db.select({ t: topics.cosignThreshold }).from(topics).where(eq(topics.id, topicId))))!.t;
  for (const r of others.slice(0, threshold - 1)) await cosignTopic(await ctxOf(db, r.personId), { topicId });
  await admitTopic(await ctxOf(db, g.chief.personId), { topicId, level: "grid" });
  return topicId;
}

/** A topic still collecting co-signatures, whose threshold no load will reach (so every co-sign is accepted). */
export async function collectingTopic(db: DB, g: LoadGrid, title: string): Promise<number> {
  const proposer = g.residents[g.residents.length - 1]!;
  const { topicId } = await proposeTopic(await ctxOf(db, proposer.personId), { gridId: g.gridId, agendaItemId: await simpleMajorityItem(db), title, description: documentFromText(`${title}：可靠性测试用议题，请大家附议。`) });
  await db.update(topics).set({ cosignThreshold: 1_000_000 }).where(eq(topics.id, topicId));
  return topicId;
}

/** A topic with the chief's plan and an open single ballot whose electorate is the grid's residents. */
export async function openResidentsBallot(db: DB, g: LoadGrid, title: string): Promise<{ topicId: number; ballotId: number; electorCount: number }> {
  const topicId = await admittedTopic(db, g, title);
  const chief = () => ctxOf(db, g.chief.personId);
  await startDrafting(await chief(), { topicId });
  const deadline = new Date(Date.now() + 30 * 86_400_000).toISOString().slice(0, 10);
  const plan = await draftPlan(await chief(), { topicId, title: `${title}方案`, body: documentFromText("按居民意见实施，费用由公共收益支出。"), budget: "1000", budgetSource: "publicRevenue", deadline });
  const opened = await openBallot(await chief(), { topicId, kind: "single", planIds: [plan.planId], electorateKind: "gridResidents", secret: true, closesAt: new Date(Date.now() + 6 * 3600_000) });
  return { topicId, ballotId: opened.ballotId, electorCount: opened.electorCount };
}

/** Opens the database file the way the app does (migrations are already applied, so this only connects). */
export function openAppDb(dbFile: string): DB {
  return openDatabase(dbFile);
}

/** A plain read connection for checks (no migration, no schema change). */
export function openRaw(dbFile: string, readonly = true): Database.Database {
  const db = new Database(dbFile, { readonly, fileMustExist: true });
  db.pragma("busy_timeout = 5000");
  return db;
}

/** Counters and rows that must agree with each other in a database no write was torn in. */
export function consistencyProblems(db: Database.Database): string[] {
  const problems: string[] = [];
  const q = <T>(sql: string) => db.prepare(sql).all() as T[];
  for (const r of q<{ id: number; n: number; c: number }>(
    "SELECT t.id, t.opinion_count AS n, (SELECT count(*) FROM opinions o WHERE o.topic_id = t.id AND o.hidden_at IS NULL) AS c FROM topics t WHERE n <> c",
  )) problems.push(`topic ${r.id}: opinion_count ${r.n} but ${r.c} visible opinions`);
  for (const r of q<{ id: number; n: number; c: number }>(
    "SELECT t.id, t.cosign_count AS n, (SELECT count(*) FROM cosigns s WHERE s.topic_id = t.id) AS c FROM topics t WHERE n <> c",
  )) problems.push(`topic ${r.id}: cosign_count ${r.n} but ${r.c} co-signs`);
  for (const r of q<{ id: number; n: number; c: number }>(
    "SELECT b.id, b.voted_count AS n, (SELECT count(*) FROM votes v WHERE v.ballot_id = b.id) AS c FROM ballots b WHERE n <> c",
  )) problems.push(`ballot ${r.id}: voted_count ${r.n} but ${r.c} votes`);
  for (const r of q<{ id: number }>(
    "SELECT o.id FROM opinions o WHERE NOT EXISTS (SELECT 1 FROM events e WHERE e.kind = 'opinion.posted' AND e.subject_type = 'opinion' AND e.subject_id = o.id)",
  )) problems.push(`opinion ${r.id} has no opinion.posted event`);
  for (const r of q<{ id: number }>(
    "SELECT e.subject_id AS id FROM events e WHERE e.kind = 'opinion.posted' AND NOT EXISTS (SELECT 1 FROM opinions o WHERE o.id = e.subject_id)",
  )) problems.push(`event for opinion ${r.id}, but no such opinion`);
  return problems;
}

export function integrity(dbFile: string): string {
  const db = openRaw(dbFile, false);
  try {
    return (db.pragma("integrity_check") as { integrity_check: string }[]).map((r) => r.integrity_check).join("; ");
  } finally {
    db.close();
  }
}
