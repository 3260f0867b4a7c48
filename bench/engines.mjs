/**
 * The same app on both engines, in one run (issue 15): the demo community seeded by `npm start`'s own
 * setup on a SQLite file and on a throwaway PostgreSQL cluster, served by the production build —
 * SQLite with one server, PostgreSQL with one and with two (the load split between them, as a
 * load balancer would). Vote, topic page, grid topic list and search at 10 and 50 connections.
 * Writes bench/results/<date>-engines.json and .md.
 *
 *   node bench/engines.mjs [--duration 8] [--connections 10,50] [--dist .next-bench]
 *
 * The build must exist (`NEXT_DIST_DIR=.next-bench npx next build`, or any dist dir with --dist).
 * On a 2-core machine the load generator shares the cores with the servers and PostgreSQL: the
 * figures compare the engines on this machine, they do not predict a city deployment.
 */
import { spawn, spawnSync } from "node:child_process";
import crypto from "node:crypto";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import autocannon from "autocannon";
import pg from "pg";
import { startCluster } from "../scripts/pg-cluster.mjs";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const arg = (name, fallback) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] : fallback;
};
const duration = Number(arg("duration", "8"));
const connectionsList = arg("connections", "10,50").split(",").map(Number);
const distDir = arg("dist", process.env.NEXT_DIST_DIR ?? ".next-bench");
const say = (line) => console.log(`[bench:engines] ${line}`);
const round1 = (x) => Math.round(x * 10) / 10;
const pct = (sorted, p) => (sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] : 0);

if (!fs.existsSync(path.join(root, distDir, "BUILD_ID"))) {
  console.error(`[bench:engines] no production build in ${distDir}: run NEXT_DIST_DIR=${distDir} npx next build first`);
  process.exit(2);
}

function freePort() {
  return new Promise((resolve) => {
    const s = net.createServer().listen(0, "127.0.0.1", () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
}

async function startServer(env) {
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const child = spawn(process.execPath, [path.join(root, "scripts/server.mjs"), "-p", String(port), "-H", "127.0.0.1"], {
    cwd: root,
    env: { ...env, PORT: String(port), GRIDCOUNCIL_PUBLIC_ORIGIN: base },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let out = "";
  child.stdout.on("data", (d) => (out += d));
  child.stderr.on("data", (d) => (out += d));
  const until = Date.now() + 120_000;
  while (!out.includes("ready on")) {
    if (child.exitCode !== null) throw new Error(`server exited:\n${out}`);
    if (Date.now() > until) throw new Error(`server did not start:\n${out}`);
    await new Promise((r) => setTimeout(r, 200));
  }
  return { base, child };
}

async function json(res) {
  if (!res.ok) throw new Error(`${res.url}: ${res.status} ${await res.text()}`);
  return res.json();
}

async function token(base, phone) {
  return (await json(await fetch(`${base}/api/v1/auth/token`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ phone, password: "demo1234" }) }))).token;
}

async function signIn(base, phone) {
  const csrf = await fetch(`${base}/api/auth/csrf`);
  const jar = csrf.headers.getSetCookie().map((c) => c.split(";")[0]);
  const { csrfToken } = await csrf.json();
  const res = await fetch(`${base}/api/auth/callback/credentials`, {
    method: "POST",
    redirect: "manual",
    headers: { "content-type": "application/x-www-form-urlencoded", cookie: jar.join("; ") },
    body: new URLSearchParams({ csrfToken, phone, password: "demo1234", json: "true" }),
  });
  return [...jar, ...res.headers.getSetCookie().map((c) => c.split(";")[0])].join("; ");
}

/** One timed run; with several bases the connections are split between them and the results summed. */
async function load(name, bases, connections, next) {
  const latencies = [];
  let non2xx = 0;
  let errors = 0;
  await Promise.all(
    bases.map(async (base) => {
      const instance = autocannon({ url: base, connections: Math.max(1, Math.round(connections / bases.length)), duration, pipelining: 1, requests: [{ setupRequest: (req) => ({ ...req, ...next() }) }] });
      instance.on("response", (_c, status, _b, ms) => {
        latencies.push(ms);
        if (status >= 300) non2xx++;
      });
      const r = await instance;
      errors += r.errors + r.timeouts;
    }),
  );
  latencies.sort((a, b) => a - b);
  const out = { scenario: name, servers: bases.length, connections, rps: round1((latencies.length - non2xx) / duration), p50: round1(pct(latencies, 50)), p95: round1(pct(latencies, 95)), non2xx, errors };
  say(`${name.padEnd(10)} ${bases.length} server(s) c=${String(connections).padEnd(3)} ${String(out.rps).padStart(7)} req/s  p50 ${out.p50} ms  p95 ${out.p95} ms${non2xx || errors ? `  !!! ${non2xx} non-2xx, ${errors} errors` : ""}`);
  return out;
}

/** Seeds the demo with npm start's setup, starts `count` servers, opens a ballot, and runs the scenarios. */
async function runEngine(label, env, count) {
  say(`${label}: seeding the demo and starting ${count} server(s)`);
  const servers = [];
  try {
    for (let i = 0; i < count; i++) servers.push(await startServer(env));
    const bases = servers.map((s) => s.base);
    const base = bases[0];
    const cookie = await signIn(base, "13800000101");
    const chief = await token(base, "13800000001");
    const topics = (await json(await fetch(`${base}/api/v1/topics?pageSize=50`, { headers: { authorization: `Bearer ${chief}` } }))).rows ?? [];
    const drafting = topics.find((t) => t.state === "drafting" && /绿地/.test(t.title));
    const voters = [];
    for (let n = 1; n <= 40; n++) voters.push(await token(base, `13800000${100 + n}`));
    let ballotId = null;
    if (drafting) {
      const plans = await json(await fetch(`${base}/api/v1/topics/${drafting.id}/ballots/options`, { headers: { authorization: `Bearer ${chief}` } }));
      const planIds = (plans.plans ?? plans.options ?? []).map((p) => p.planId ?? p.id).filter(Boolean).slice(0, 1);
      const opened = await fetch(`${base}/api/v1/topics/${drafting.id}/ballots`, {
        method: "POST",
        headers: { "content-type": "application/json", authorization: `Bearer ${chief}` },
        body: JSON.stringify({ kind: "single", planIds, electorateKind: "gridResidents", closesAt: new Date(Date.now() + 2 * 86_400_000).toISOString() }),
      });
      if (opened.status === 201) ballotId = (await opened.json()).ballotId;
    }
    if (!ballotId) {
      const open = topics.find((t) => t.state === "voting");
      ballotId = open?.ballotId ?? null;
    }
    const pages = topics.filter((t) => t.state !== "proposed").map((t) => t.id);
    let i = 0;
    const choices = ["agree", "disagree", "abstain"];
    const scenarios = {
      vote: () => ({ method: "POST", path: `/api/v1/ballots/${ballotId}/votes`, headers: { authorization: `Bearer ${voters[i++ % voters.length]}`, "content-type": "application/json" }, body: JSON.stringify({ choice: choices[i % 3] }) }),
      topicPage: () => ({ method: "GET", path: `/topics/${pages[i++ % pages.length]}`, headers: { cookie, "accept-language": "zh-CN" } }),
      gridList: () => ({ method: "GET", path: `/topics?page=${(i++ % 2) + 1}`, headers: { cookie, "accept-language": "zh-CN" } }),
      search: () => ({ method: "GET", path: `/api/v1/topics?q=${encodeURIComponent(["电梯", "停车", "楼道", "绿地"][i++ % 4])}`, headers: { authorization: `Bearer ${voters[i % voters.length]}` } }),
    };
    const results = [];
    for (const [name, next] of Object.entries(scenarios)) {
      if (name === "vote" && !ballotId) continue;
      await load(`${name} (warm-up)`, bases, 10, next);
      for (const c of connectionsList) results.push({ engine: label, ...(await load(name, bases, c, next)) });
    }
    return results;
  } finally {
    for (const s of servers) s.child.kill("SIGKILL");
  }
}

async function main() {
  const started = new Date();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "gridcouncil-bench-engines-"));
  const secret = crypto.randomBytes(32).toString("hex");
  const { GRIDCOUNCIL_SEED: _s, GRIDCOUNCIL_MODE: _m, DATABASE_URL: _d, ...inherited } = process.env;
  const base = { ...inherited, NEXT_DIST_DIR: distDir, NODE_ENV: "production", NEXTAUTH_SECRET: secret, NEXT_TELEMETRY_DISABLED: "1" };
  const setup = (env) => {
    const r = spawnSync(path.join(root, "node_modules/.bin/tsx"), ["--conditions=react-server", "scripts/setup-db.ts"], { cwd: root, env, encoding: "utf8" });
    if (r.status !== 0) throw new Error(`setup-db failed:\n${r.stdout}\n${r.stderr}`);
  };
  const cluster = await startCluster();
  const results = [];
  try {
    const sqliteEnv = { ...base, GRIDCOUNCIL_DB: path.join(dir, "sqlite", "council.db") };
    setup(sqliteEnv);
    results.push(...(await runEngine("sqlite", sqliteEnv, 1)));
    for (const count of [1, 2]) {
      const name = `bench_${count}_${process.pid}`;
      const admin = new pg.Client({ connectionString: cluster.url });
      await admin.connect();
      await admin.query(`CREATE DATABASE "${name}"`);
      await admin.end();
      const url = new URL(cluster.url);
      url.pathname = `/${name}`;
      const pgEnv = { ...base, DATABASE_URL: url.toString(), GRIDCOUNCIL_DB: path.join(dir, `pg${count}`, "unused.db") };
      setup(pgEnv);
      results.push(...(await runEngine(`postgres ×${count}`, pgEnv, count)));
    }
  } finally {
    await cluster.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  }
  const day = started.toISOString().slice(0, 10);
  const outDir = path.join(root, "bench", "results");
  fs.mkdirSync(outDir, { recursive: true });
  const meta = { started: started.toISOString(), cpus: os.cpus().length, loadavg: os.loadavg().map(round1), durationSeconds: duration, connections: connectionsList, data: "the demo community (npm start's seed)" };
  fs.writeFileSync(path.join(outDir, `${day}-engines.json`), JSON.stringify({ meta, results }, null, 2));
  const rows = results.map((r) => `| ${r.scenario} | ${r.engine} | ${r.connections} | ${r.rps} | ${r.p50} | ${r.p95} | ${r.non2xx + r.errors} |`);
  const md = [
    `# Both engines, ${started.toISOString()}`,
    "",
    `${meta.cpus} CPUs, load average at the end ${meta.loadavg.join(" / ")}; ${duration} s per run after a warm-up; ${meta.data}.`,
    "The load generator, the servers and PostgreSQL share this machine's cores.",
    "",
    "| Scenario | Engine | Connections | req/s | p50 ms | p95 ms | failed |",
    "|---|---|---|---|---|---|---|",
    ...rows,
    "",
  ].join("\n");
  fs.writeFileSync(path.join(outDir, `${day}-engines.md`), md);
  say(`wrote bench/results/${day}-engines.json and .md`);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
