#!/usr/bin/env node
/**
 * `npm run bench`: the city-scale benchmark. Self-contained: seeds the city database if it is
 * missing or stale (bench/seed-city.ts), builds the bench server into .next-bench if the sources
 * changed, serves it with `next start` on a free port, loads it with autocannon on loopback, then
 * measures the two limits (an empty route handler of the same build; a bare node:http +
 * better-sqlite3 server doing the same vote transaction and tally), RSS, and the first-load JS of
 * resident pages in headless Chromium, and whether /api/v1/health stays fast while record PDFs and
 * sign-ins keep the CPU busy (the stall scenario). Writes bench/results/<date>.json and .md.
 *
 * Flags: --reseed (seed again), --rebuild (build again), --duration <s> (per scenario, default 10),
 * --no-build (use .next-bench even if sources changed), --connections 10,50, --only <scenario,...>
 * (scenario names as printed, plus "stall"),
 * --no-browser (skip first-load JS).
 */
import { execFileSync, fork, spawn } from "node:child_process";
import crypto from "node:crypto";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import autocannon from "autocannon";
import Database from "better-sqlite3";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const dataDir = path.join(root, "bench", ".data");
const cityDb = path.join(dataDir, "city.db");
const manifestFile = path.join(dataDir, "city.json");
const runDb = path.join(dataDir, "run.db");
const distDir = ".next-bench";
const resultsDir = path.join(root, "bench", "results");
const defaultCjkFont = "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc";
const fallbackPdfFonts = ["/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf", "/usr/share/fonts/truetype/noto/NotoSans-Regular.ttf"];

const args = process.argv.slice(2);
const flag = (name) => args.includes(`--${name}`);
const option = (name, fallback) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 && args[i + 1] ? args[i + 1] : fallback;
};
const duration = Number(option("duration", "10"));
const warmup = Math.max(2, Math.round(duration / 4));
const connectionsList = option("connections", "10,50").split(",").map(Number);
const only = option("only", "") ? new Set(option("only", "").split(",")) : null;

const children = new Set();
function cleanup() {
  for (const child of children) {
    try {
      // Our own children only, by pid: the server and its workers form the child's process group.
      process.kill(-child.pid, "SIGTERM");
    } catch {
      try {
        child.kill("SIGTERM");
      } catch {}
    }
  }
  children.clear();
}
process.on("exit", cleanup);
for (const sig of ["SIGINT", "SIGTERM"]) process.on(sig, () => process.exit(130));

const say = (msg) => console.log(`[bench] ${msg}`);
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

// ── 1. The city database (seeded once, reused while its version and the migrations match)
function seedVersion() {
  return Number(/SEED_VERSION = (\d+)/.exec(fs.readFileSync(path.join(root, "bench", "seed-city.ts"), "utf8"))[1]);
}
function migrationCount() {
  return JSON.parse(fs.readFileSync(path.join(root, "db", "migrations", "meta", "_journal.json"), "utf8")).entries.length;
}
function loadManifest() {
  try {
    return JSON.parse(fs.readFileSync(manifestFile, "utf8"));
  } catch {
    return null;
  }
}
function ensureSeed() {
  let m = loadManifest();
  const stale = !m || m.version !== seedVersion() || !fs.existsSync(cityDb);
  if (stale || flag("reseed")) {
    say(stale ? "seeding the city database (first run or new seed version)" : "seeding again (--reseed)");
    fs.mkdirSync(dataDir, { recursive: true });
    fs.rmSync(manifestFile, { force: true });
    execFileSync(path.join(root, "node_modules", ".bin", "tsx"), ["--conditions=react-server", "bench/seed-city.ts", cityDb, manifestFile], { cwd: root, stdio: "inherit" });
    m = loadManifest();
  } else if (m.migrations !== migrationCount()) {
    // A newer migration (e.g. an index) applies when the server opens the copy; nothing to reseed.
    say(`seeded with ${m.migrations} migrations, now ${migrationCount()}: the server applies the rest on open`);
  }
  return m;
}

// ── 2. The bench build (.next-bench), rebuilt when any source is newer than it
function newestSource() {
  let newest = 0;
  const walk = (dir) => {
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
      if (e.name === "node_modules" || e.name.startsWith(".")) continue;
      const p = path.join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else if (/\.(tsx?|mjs|css|json|sql)$/.test(e.name)) newest = Math.max(newest, fs.statSync(p).mtimeMs);
    }
  };
  for (const d of ["app", "lib", "db", "public"]) if (fs.existsSync(path.join(root, d))) walk(path.join(root, d));
  for (const f of ["next.config.ts", "proxy.ts", "middleware.ts", "package-lock.json", "postcss.config.mjs", "instrumentation.ts"]) {
    if (fs.existsSync(path.join(root, f))) newest = Math.max(newest, fs.statSync(path.join(root, f)).mtimeMs);
  }
  return newest;
}
function ensureBuild() {
  const marker = path.join(root, distDir, "BUILD_ID");
  const built = fs.existsSync(marker) ? fs.statSync(marker).mtimeMs : 0;
  if (flag("no-build") && built) return say(`using the existing build in ${distDir} as it is (--no-build)`);
  if (!flag("rebuild") && built > newestSource()) return say(`using the existing build in ${distDir}`);
  say(`building the bench server into ${distDir} (a few minutes)`);
  // next build adds its dist folder's types to tsconfig.json; the bench must not edit the project.
  const tsconfig = fs.readFileSync(path.join(root, "tsconfig.json"), "utf8");
  try {
    execFileSync(path.join(root, "node_modules", ".bin", "next"), ["build"], {
      cwd: root,
      stdio: "inherit",
      env: { ...process.env, NEXT_DIST_DIR: distDir, GRIDCOUNCIL_BENCH_BUILD: "1", NEXT_TELEMETRY_DISABLED: "1" },
    });
  } finally {
    if (fs.readFileSync(path.join(root, "tsconfig.json"), "utf8") !== tsconfig) fs.writeFileSync(path.join(root, "tsconfig.json"), tsconfig);
  }
}

// ── Servers
function freePort() {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.listen(0, "127.0.0.1", () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
    s.on("error", reject);
  });
}
async function waitFor(url, ms = 120_000) {
  const until = Date.now() + ms;
  while (Date.now() < until) {
    try {
      const r = await fetch(url);
      if (r.ok) return;
    } catch {}
    await sleep(300);
  }
  throw new Error(`server at ${url} did not answer within ${ms / 1000} s`);
}
async function stop(child) {
  if (!child || child.exitCode != null) return;
  const exited = new Promise((r) => child.once("exit", r));
  try {
    process.kill(-child.pid, "SIGTERM");
  } catch {
    child.kill("SIGTERM");
  }
  await Promise.race([exited, sleep(5000)]);
  if (child.exitCode == null) {
    try {
      process.kill(-child.pid, "SIGKILL");
    } catch {}
  }
  children.delete(child);
}

/** RSS of a process and all its descendants (next start serves from a forked child), in MB. */
function rssMb(pid) {
  const pids = [pid];
  for (let i = 0; i < pids.length; i++) {
    try {
      for (const task of fs.readdirSync(`/proc/${pids[i]}/task`)) {
        const kids = fs.readFileSync(`/proc/${pids[i]}/task/${task}/children`, "utf8").trim();
        if (kids) pids.push(...kids.split(/\s+/).map(Number));
      }
    } catch {}
  }
  let kb = 0;
  for (const p of pids) {
    try {
      kb += Number(/VmRSS:\s+(\d+)/.exec(fs.readFileSync(`/proc/${p}/status`, "utf8"))?.[1] ?? 0);
    } catch {}
  }
  return Math.round(kb / 1024);
}

// ── Load
const pct = (sorted, p) => (sorted.length ? sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] : null);
const round1 = (x) => (x == null ? null : Math.round(x * 10) / 10);

/**
 * One autocannon run against `url`: `next()` returns each request's { path, method, headers, body }
 * so the load rotates across voters, topics and search terms. Latencies are collected per
 * response to give exact p50/p95/p99 (autocannon's own histogram has no p95).
 */
async function load(name, base, connections, next, { seconds = duration, rssPid = null } = {}) {
  const latencies = [];
  const statuses = {};
  let rssPeak = 0;
  const sampler = rssPid ? setInterval(() => (rssPeak = Math.max(rssPeak, rssMb(rssPid))), 500) : null;
  const instance = autocannon({
    url: base,
    connections,
    duration: seconds,
    pipelining: 1,
    requests: [{ setupRequest: (req) => ({ ...req, ...next() }) }],
  });
  instance.on("response", (_client, status, _bytes, ms) => {
    latencies.push(ms);
    statuses[status] = (statuses[status] ?? 0) + 1;
  });
  const result = await instance;
  if (sampler) clearInterval(sampler);
  latencies.sort((a, b) => a - b);
  const ok = latencies.length - (result.non2xx ?? 0);
  const out = {
    scenario: name,
    connections,
    seconds,
    requests: latencies.length,
    rps: round1(ok / seconds),
    p50: round1(pct(latencies, 50)),
    p95: round1(pct(latencies, 95)),
    p99: round1(pct(latencies, 99)),
    non2xx: result.non2xx ?? 0,
    errors: result.errors + result.timeouts,
    statuses,
    rssPeakMb: rssPid ? rssPeak : undefined,
  };
  const loud =
    out.non2xx || out.errors || !latencies.length ? `  !!! ${out.non2xx} non-2xx, ${out.errors} errors, ${latencies.length} responses ${JSON.stringify(statuses)}` : "";
  say(`${name.padEnd(22)} c=${String(connections).padEnd(3)} ${String(out.rps).padStart(8)} req/s  p50 ${out.p50} ms  p95 ${out.p95} ms  p99 ${out.p99} ms${loud}`);
  return out;
}

/** Runs a scenario with a warm-up, then at each connection count. */
async function scenario(name, base, next, opts) {
  if (only && !only.has(name)) return [];
  await load(`${name} (warm-up)`, base, 10, next, { ...opts, seconds: warmup });
  const out = [];
  for (const c of connectionsList) out.push(await load(name, base, c, next, opts));
  return out;
}

function rotating(list) {
  let i = 0;
  return () => list[i++ % list.length];
}

// ── Sign-in the way a browser does it: next-auth's CSRF token, then the credentials callback
async function signIn(base, phone, password) {
  const csrfRes = await fetch(`${base}/api/auth/csrf`);
  const { csrfToken } = await csrfRes.json();
  const jar = csrfRes.headers.getSetCookie().map((c) => c.split(";")[0]);
  const res = await fetch(`${base}/api/auth/callback/credentials`, {
    method: "POST",
    redirect: "manual",
    headers: { "content-type": "application/x-www-form-urlencoded", cookie: jar.join("; ") },
    body: new URLSearchParams({ csrfToken, phone, password, json: "true", callbackUrl: `${base}/` }).toString(),
  });
  const session = res.headers.getSetCookie().map((c) => c.split(";")[0]).find((c) => /^(__Secure-)?next-auth\.session-token=/.test(c));
  if (!session) throw new Error(`sign-in as ${phone} failed (status ${res.status})`);
  return session;
}

// ── Stall: the CPU-heavy requests (record PDFs, password checks) run in worker threads, so
// while they keep the cores busy the event loop still answers everyone else.
const STALL_PDFS = 12;
const STALL_SIGN_INS = 30;

/**
 * Keeps STALL_PDFS record PDFs and STALL_SIGN_INS API sign-ins in flight for `duration` seconds
 * (each loop sends its next request when the last one is answered) while one client asks
 * /api/v1/health over and over; the health latencies are what count (target p95 ≤ 100 ms).
 */
async function stallScenario(base, { topicId, pdfTokens, phone, password, rssPid }) {
  const seconds = duration;
  const measured = { health: [], pdf: [], signIn: [] };
  const statuses = { health: {}, pdf: {}, signIn: {} };
  let rssPeak = 0;
  const sampler = setInterval(() => (rssPeak = Math.max(rssPeak, rssMb(rssPid))), 500);
  const stopAt = Date.now() + seconds * 1000;
  const loop = async (kind, request) => {
    while (Date.now() < stopAt) {
      const t = performance.now();
      let status = "error";
      try {
        const res = await request();
        status = res.status;
        await res.arrayBuffer();
      } catch {}
      measured[kind].push(performance.now() - t);
      statuses[kind][status] = (statuses[kind][status] ?? 0) + 1;
    }
  };
  const signInBody = JSON.stringify({ phone, password });
  await Promise.all([
    ...Array.from({ length: STALL_PDFS }, (_, i) => loop("pdf", () => fetch(`${base}/topics/${topicId}/record.pdf`, { headers: { authorization: `Bearer ${pdfTokens[i % pdfTokens.length]}` } }))),
    ...Array.from({ length: STALL_SIGN_INS }, () =>
      loop("signIn", () => fetch(`${base}/api/v1/auth/token`, { method: "POST", headers: { "content-type": "application/json" }, body: signInBody })),
    ),
    // Health starts once the heavy loops are under way.
    sleep(200).then(() => loop("health", () => fetch(`${base}/api/v1/health`))),
  ]);
  clearInterval(sampler);
  const summary = (kind) => {
    const sorted = measured[kind].sort((a, b) => a - b);
    return { requests: sorted.length, p50: round1(pct(sorted, 50)), p95: round1(pct(sorted, 95)), p99: round1(pct(sorted, 99)), statuses: statuses[kind] };
  };
  const out = { seconds, pdfConcurrency: STALL_PDFS, signInConcurrency: STALL_SIGN_INS, health: summary("health"), pdf: summary("pdf"), signIn: summary("signIn"), rssPeakMb: rssPeak };
  say(
    `stall (${STALL_PDFS} PDFs + ${STALL_SIGN_INS} sign-ins in flight): health p50 ${out.health.p50} ms p95 ${out.health.p95} ms p99 ${out.health.p99} ms (${out.health.requests} requests); ` +
      `PDFs ${out.pdf.requests} ${JSON.stringify(out.pdf.statuses)} p50 ${out.pdf.p50} ms; sign-ins ${out.signIn.requests} ${JSON.stringify(out.signIn.statuses)} p50 ${out.signIn.p50} ms`,
  );
  return out;
}

// ── First-load JS in headless Chromium (same flags as tests/e2e/browser.ts)
async function firstLoadJs(base, cookie, pages) {
  const { chromium } = await import("playwright-core");
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
    args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
  });
  const out = {};
  try {
    for (const [label, url] of pages) {
      const context = await browser.newContext();
      const name = cookie.slice(0, cookie.indexOf("="));
      // A __Secure- cookie needs the secure flag; Chromium treats 127.0.0.1 as a secure context.
      await context.addCookies([{ name, value: cookie.slice(name.length + 1), domain: new URL(base).hostname, path: "/", secure: name.startsWith("__Secure-"), httpOnly: true, sameSite: "Lax" }]);
      const page = await context.newPage();
      const js = [];
      page.on("requestfinished", async (req) => {
        if (req.resourceType() !== "script") return;
        const sizes = await req.sizes().catch(() => null);
        const res = await req.response();
        js.push({ url: req.url(), encoded: sizes?.responseBodySize ?? 0, encoding: res?.headers()["content-encoding"] ?? "none" });
      });
      const res = await page.goto(base + url, { waitUntil: "networkidle" });
      await sleep(300);
      const encoded = js.reduce((s, x) => s + x.encoded, 0);
      out[label] = { url, status: res?.status() ?? 0, finalUrl: page.url().replace(base, ""), scripts: js.length, kB: round1(encoded / 1024), encodings: [...new Set(js.map((x) => x.encoding))] };
      say(`first-load JS ${label.padEnd(12)} ${String(out[label].kB).padStart(7)} kB (${js.length} scripts, ${out[label].encodings.join("/")}) ${url}`);
      await context.close();
    }
  } finally {
    await browser.close();
  }
  return out;
}

// ── The run
/**
 * Going live at city scale (issue 12): the estate import of 100,000 units and the owners' register of
 * 150,000 people against them, each format in a process of its own so its peak RSS is its own. The
 * scripts print one JSON line; a failure is reported, not hidden.
 */
function importBenches() {
  const runs = [
    ["bench/import-estate.ts", "xlsx", "100000"],
    ["bench/import-estate.ts", "csv", "100000"],
    ["bench/import-people.ts", "xlsx", "150000", "100000"],
    ["bench/import-people.ts", "csv", "150000", "100000"],
  ];
  return runs.map(([script, ...args]) => {
    say(`import bench: ${script} ${args.join(" ")}`);
    const out = execFileSync(path.join(root, "node_modules", ".bin", "tsx"), ["--conditions=react-server", script, ...args], { cwd: root, encoding: "utf8", maxBuffer: 64 * 1024 * 1024 });
    const line = out.trim().split("\n").filter((l) => l.startsWith("{")).at(-1);
    if (!line) throw new Error(`${script} ${args.join(" ")} printed no result:\n${out}`);
    return { script: path.basename(script, ".ts"), ...JSON.parse(line) };
  });
}

function importLines(list) {
  if (!list) return "Imports: not run.";
  const rows = list.map((x) => {
    const what = x.script === "import-estate" ? `${x.units.toLocaleString("en")} units` : `${x.people.toLocaleString("en")} people / ${x.units.toLocaleString("en")} units`;
    const check = x.dryRunMs ?? x.checkMs;
    return `| ${x.script === "import-estate" ? "Estate" : "Owners' register"} | ${what} | ${x.format} | ${x.fileMB} | ${x.readMs} | ${check} | ${x.commitMs} | ${x.reimportMs} | ${x.peakRssMB} |`;
  });
  return [
    "Imports (one process per row; re-import of the same file changes nothing):",
    "",
    "| Import | Size | Format | File MB | read ms | dry run ms | commit ms | re-import ms | peak RSS MB |",
    "|---|---|---|---:|---:|---:|---:|---:|---:|",
    ...rows,
  ].join("\n");
}

async function main() {
  const started = Date.now();
  const load0 = os.loadavg();
  const m = ensureSeed();
  ensureBuild();
  say(`city: ${JSON.stringify(m.counts)}`);
  const imports = importBenches();

  // Each run starts from the same seeded state: the load adds votes and audit entries.
  for (const suffix of ["", "-wal", "-shm"]) fs.rmSync(runDb + suffix, { force: true });
  fs.copyFileSync(cityDb, runDb);
  {
    // The app never runs ANALYZE: plan its queries as it would in production, without statistics.
    const copy = new Database(runDb);
    copy.exec("DROP TABLE IF EXISTS sqlite_stat1; DROP TABLE IF EXISTS sqlite_stat4");
    copy.close();
  }

  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const secret = crypto.randomBytes(32).toString("hex");
  // The record PDF needs a CJK font; on a machine without fonts-noto-cjk any TrueType font
  // renders (blank Chinese glyphs, similar layout work), so the stall scenario still measures.
  const pdfFont = fs.existsSync(defaultCjkFont) ? null : fallbackPdfFonts.find((f) => fs.existsSync(f)) ?? null;
  // Served the way `npm start` serves: scripts/server.mjs around Next's handler.
  const server = spawn(process.execPath, [path.join(root, "scripts", "server.mjs"), "-p", String(port), "-H", "127.0.0.1"], {
    cwd: root,
    detached: true,
    stdio: ["ignore", "pipe", "pipe"],
    env: {
      ...process.env,
      NODE_ENV: "production",
      NEXT_DIST_DIR: distDir,
      GRIDCOUNCIL_BENCH_BUILD: "1",
      GRIDCOUNCIL_DB: runDb,
      NEXTAUTH_SECRET: secret,
      GRIDCOUNCIL_PUBLIC_ORIGIN: base,
      NEXT_TELEMETRY_DISABLED: "1",
      ...(pdfFont ? { GRIDCOUNCIL_PDF_FONT: pdfFont } : {}),
    },
  });
  children.add(server);
  let serverLog = "";
  server.stdout.on("data", (d) => (serverLog += d));
  server.stderr.on("data", (d) => (serverLog += d));
  try {
    await waitFor(`${base}/api/v1/health`);
  } catch (e) {
    console.error(serverLog);
    throw e;
  }
  say(`server on ${base} (pid ${server.pid})`);

  const cookie = await signIn(base, m.resident.phone, m.password);
  const pageHeaders = { cookie, "accept-language": "zh-CN" };
  const token = (personId) => `${m.tokenPrefix}${personId}`;
  const topics = m.topics.filter((t) => t.state === "consulting");
  const allTopics = m.topics;
  // Warm the server once (first render compiles nothing in production, but fills caches and the DB page cache).
  for (const u of ["/", "/topics", `/topics/${topics[0].id}`, `/topics?gridId=${m.gridId}`]) await fetch(base + u, { headers: pageHeaders });
  const rssRest = rssMb(server.pid);
  say(`server RSS at rest: ${rssRest} MB`);

  const pairs = m.votePairs;
  let v = Math.floor(Math.random() * pairs.length);
  const choices = ["agree", "disagree", "abstain"];
  const nextVote = () => {
    const [ballotId, personId] = pairs[v++ % pairs.length];
    return {
      method: "POST",
      path: `/api/v1/ballots/${ballotId}/votes`,
      headers: { authorization: `Bearer ${token(personId)}`, "content-type": "application/json" },
      body: JSON.stringify({ choice: choices[v % 3] }),
    };
  };
  const estateVoters = pairs.filter(([b]) => b === m.estateBallot.id);
  let tv = 0;
  const nextTally = () => {
    const [ballotId, personId] = estateVoters[tv++ % estateVoters.length];
    return { method: "GET", path: `/api/v1/ballots/${ballotId}`, headers: { authorization: `Bearer ${token(personId)}` } };
  };
  const nextTopicPage = (() => {
    const r = rotating(topics);
    return () => ({ method: "GET", path: `/topics/${r().id}`, headers: pageHeaders });
  })();
  const nextBenchTopicPage = (() => {
    const r = rotating(topics);
    return () => ({ method: "GET", path: `/bench/topics/${r().id}`, headers: pageHeaders });
  })();
  const gridPages = [1, 2, 3, 4, 5];
  const nextGridList = (() => {
    const r = rotating(gridPages);
    return () => ({ method: "GET", path: `/topics?gridId=${m.gridId}&page=${r()}`, headers: pageHeaders });
  })();
  const nextBenchGridList = (() => {
    const r = rotating(gridPages);
    return () => ({ method: "GET", path: `/bench/topics?gridId=${m.gridId}&page=${r()}`, headers: pageHeaders });
  })();
  const nextSearch = (() => {
    const r = rotating(m.searchTerms);
    let i = 0;
    return () => ({ method: "GET", path: `/api/v1/topics?q=${encodeURIComponent(r())}`, headers: { authorization: `Bearer ${token(estateVoters[i++ % estateVoters.length][1])}` } });
  })();
  const nextHealth = () => ({ method: "GET", path: "/api/v1/health" });

  const app = {};
  const opts = { rssPid: server.pid };
  app.health = await scenario("health", base, nextHealth, opts);
  app.vote = await scenario("vote", base, nextVote, opts);
  app.tally = await scenario("tally", base, nextTally, opts);
  app.topicPage = await scenario("topicPage", base, nextTopicPage, opts);
  app.topicPageInMemory = await scenario("topicPageInMemory", base, nextBenchTopicPage, opts);
  app.gridList = await scenario("gridList", base, nextGridList, opts);
  app.gridListInMemory = await scenario("gridListInMemory", base, nextBenchGridList, opts);
  app.search = await scenario("search", base, nextSearch, opts);
  let stall = null;
  if (!only || only.has("stall")) {
    // Twelve PDF loops need twelve people: each person may have only two PDFs rendering at once.
    const pdfPeople = [...new Set(estateVoters.map(([, p]) => p))].slice(0, STALL_PDFS);
    stall = await stallScenario(base, { topicId: m.estateBallot.topicId, pdfTokens: pdfPeople.map(token), phone: m.resident.phone, password: m.password, rssPid: server.pid });
    stall.pdfFont = pdfFont ?? defaultCjkFont;
  }
  const rssUnderLoad = Math.max(0, stall?.rssPeakMb ?? 0, ...Object.values(app).flat().map((r) => r.rssPeakMb ?? 0));
  say(`server RSS under load (peak): ${rssUnderLoad} MB`);

  let js = null;
  if (!flag("no-browser") && !only) {
    js = await firstLoadJs(base, cookie, [
      ["home", "/"],
      ["topicList", "/topics"],
      ["topicPage", `/topics/${topics[0].id}`],
      ["ballotPage", `/ballots/${m.estateBallot.id}`],
      ["notices", "/notices"],
    ]);
  }
  await stop(server);

  // ── The live meeting room (issue 13): 300 stream clients on one meeting, from a staff change to the
  // last client (bench/meeting-stream.mjs serves the same build on a demo database of its own).
  say("meeting room: 300 live-stream clients on one meeting");
  const streamOut = execFileSync(process.execPath, [path.join(root, "bench", "meeting-stream.mjs"), "--dist", distDir, "--clients", "300", "--changes", "20"], { cwd: root, encoding: "utf8", maxBuffer: 16 * 1024 * 1024 });
  const meetingStream = JSON.parse(streamOut.trim().split("\n").filter((l) => l.startsWith("{")).at(-1));

  // ── The database limit: bare node:http + better-sqlite3, same transaction, same DB
  const barePort = await freePort();
  const bareBase = `http://127.0.0.1:${barePort}`;
  const bare = fork(path.join(root, "bench", "bare-server.mjs"), [runDb, String(barePort)], { detached: true, stdio: "inherit" });
  children.add(bare);
  await waitFor(`${bareBase}/health`);
  say(`bare server on ${bareBase} (pid ${bare.pid})`);
  const bareResults = {};
  bareResults.vote = await scenario("bareVote", bareBase, () => ({ ...nextVote(), path: nextVote().path.replace("/api/v1", "") }), { rssPid: bare.pid });
  bareResults.tally = await scenario("bareTally", bareBase, () => ({ ...nextTally(), path: nextTally().path.replace("/api/v1", "") }), { rssPid: bare.pid });
  await stop(bare);

  // ── Ratios and targets
  const at = (list, c) => list?.find((r) => r.connections === c) ?? null;
  const ratio = (a, b) => (a && b && b.rps ? Math.round((a.rps / b.rps) * 1000) / 1000 : null);
  const byConn = (fn) => Object.fromEntries(connectionsList.map((c) => [c, fn(c)]));
  const voteRatioToFramework = byConn((c) => ratio(at(app.vote, c), at(app.health, c)));
  const voteRatioToBare = byConn((c) => ratio(at(app.vote, c), at(bareResults.vote, c)));
  const tallyRatioToBare = byConn((c) => ratio(at(app.tally, c), at(bareResults.tally, c)));
  const topicPageRatioToInMemory = byConn((c) => ratio(at(app.topicPage, c), at(app.topicPageInMemory, c)));
  const gridListRatioToInMemory = byConn((c) => ratio(at(app.gridList, c), at(app.gridListInMemory, c)));
  const c10 = connectionsList.includes(10) ? 10 : connectionsList[0];
  const targets = {
    voteAtLeastHalfOfFramework: voteRatioToFramework[c10] != null ? voteRatioToFramework[c10] >= 0.5 : null,
    topicPageP95Under100ms: at(app.topicPage, c10) ? at(app.topicPage, c10).p95 <= 100 : null,
    gridListP95Under100ms: at(app.gridList, c10) ? at(app.gridList, c10).p95 <= 100 : null,
    topicPageAtLeastHalfOfInMemory: topicPageRatioToInMemory[c10] != null ? topicPageRatioToInMemory[c10] >= 0.5 : null,
    gridListAtLeastHalfOfInMemory: gridListRatioToInMemory[c10] != null ? gridListRatioToInMemory[c10] >= 0.5 : null,
    firstLoadJsUnder150kB: js ? Object.values(js).every((p) => p.kB <= 150) : null,
    rssUnderLoadUnder400MB: rssUnderLoad <= 400,
    healthP95Under100msWhilePdfsAndSignIns: stall ? stall.health.p95 <= 100 && stall.pdf.statuses[200] > 0 && stall.signIn.statuses[201] > 0 : null,
    meetingChangeReachesLastClientWithin1s: meetingStream ? meetingStream.changeToLastClientMs.p95 <= 1000 : null,
    noNon2xx: [...Object.values(app), ...Object.values(bareResults)].flat().every((r) => r.non2xx === 0 && r.errors === 0 && r.requests > 0),
  };

  const date = new Date().toISOString().slice(0, 10);
  const results = {
    date: new Date().toISOString(),
    machine: {
      cpus: os.cpus().length,
      cpuModel: os.cpus()[0]?.model ?? "",
      memoryGb: Math.round(os.totalmem() / 2 ** 30),
      node: process.version,
      loadAverageBefore: load0.map(round1),
      loadAverageAfter: os.loadavg().map(round1),
      note: "load generator (autocannon) runs on the same machine as the server",
    },
    city: m.counts,
    durationSeconds: duration,
    scenarios: { app, bare: bareResults, stall },
    voteRatioToFramework: voteRatioToFramework[c10],
    voteRatioToBare: voteRatioToBare[c10],
    ratios: { voteRatioToFramework, voteRatioToBare, tallyRatioToBare, topicPageRatioToInMemory, gridListRatioToInMemory },
    rssMb: { atRest: rssRest, underLoadPeak: rssUnderLoad },
    firstLoadJsKb: js,
    imports,
    meetingStream,
    targets,
    runSeconds: Math.round((Date.now() - started) / 1000),
  };
  fs.mkdirSync(resultsDir, { recursive: true });
  fs.writeFileSync(path.join(resultsDir, `${date}.json`), JSON.stringify(results, null, 2) + "\n");
  fs.writeFileSync(path.join(resultsDir, `${date}.md`), markdown(results));
  say(`wrote bench/results/${date}.json and .md in ${results.runSeconds} s`);
  console.log(markdown(results));
}

function stallLine(x) {
  if (!x) return "Stall scenario: not run.";
  return (
    `Stall (${x.pdfConcurrency} record PDFs and ${x.signInConcurrency} sign-ins kept in flight for ${x.seconds} s): /api/v1/health p50 ${x.health.p50} ms, p95 ${x.health.p95} ms, p99 ${x.health.p99} ms over ${x.health.requests} requests (target p95 ≤ 100 ms); ` +
    `${x.pdf.requests} PDFs ${JSON.stringify(x.pdf.statuses)} (p50 ${x.pdf.p50} ms, font ${x.pdfFont}), ${x.signIn.requests} sign-ins ${JSON.stringify(x.signIn.statuses)} (p50 ${x.signIn.p50} ms).`
  );
}

function markdown(r) {
  const rows = [];
  const add = (label, list) => {
    for (const x of list ?? []) rows.push(`| ${label} | ${x.connections} | ${x.rps} | ${x.p50} | ${x.p95} | ${x.p99} | ${x.non2xx + x.errors} |`);
  };
  const a = r.scenarios.app;
  add("Empty route handler (framework floor)", a.health);
  add("Cast a vote", a.vote);
  add("Tally (ballot turnout)", a.tally);
  add("Topic page", a.topicPage);
  add("Topic page, in-memory data", a.topicPageInMemory);
  add("Grid topic list", a.gridList);
  add("Grid topic list, in-memory data", a.gridListInMemory);
  add("Full-text search (API)", a.search);
  add("Bare node:http + SQLite vote", r.scenarios.bare.vote);
  add("Bare node:http + SQLite tally", r.scenarios.bare.tally);
  const js = r.firstLoadJsKb ? Object.entries(r.firstLoadJsKb).map(([k, v]) => `${k} ${v.kB} kB`).join(", ") : "not measured";
  const f = (x) => (x == null ? "–" : `${Math.round(x * 100)}%`);
  return [
    `# Benchmark ${r.date.slice(0, 10)}`,
    "",
    `Machine: ${r.machine.cpus} × ${r.machine.cpuModel}, ${r.machine.memoryGb} GB, Node ${r.machine.node}; load average before ${r.machine.loadAverageBefore.join(" / ")}, after ${r.machine.loadAverageAfter.join(" / ")} (load generator on the same machine). City: ${r.city.topics} topics, ${r.city.people} people, ${r.city.opinions} opinions, ${r.city.votes} votes. ${r.durationSeconds} s per scenario.`,
    "",
    "| Scenario | Conn. | req/s | p50 ms | p95 ms | p99 ms | errors |",
    "|---|---:|---:|---:|---:|---:|---:|",
    ...rows,
    "",
    `Vote vs. empty route handler: ${Object.entries(r.ratios.voteRatioToFramework).map(([c, x]) => `${f(x)} at ${c}`).join(", ")} (target ≥ 50%). Vote vs. bare server: ${Object.entries(r.ratios.voteRatioToBare).map(([c, x]) => `${f(x)} at ${c}`).join(", ")}. Topic page vs. in-memory: ${Object.entries(r.ratios.topicPageRatioToInMemory).map(([c, x]) => `${f(x)} at ${c}`).join(", ")}; grid list vs. in-memory: ${Object.entries(r.ratios.gridListRatioToInMemory).map(([c, x]) => `${f(x)} at ${c}`).join(", ")} (target ≥ 50%).`,
    "",
    stallLine(r.scenarios.stall),
    "",
    importLines(r.imports),
    "",
    r.meetingStream
      ? `Meeting room: ${r.meetingStream.clients} live-stream clients on one meeting; a staff change reaches the last client in p50 ${r.meetingStream.changeToLastClientMs.p50} ms, p95 ${r.meetingStream.changeToLastClientMs.p95} ms, max ${r.meetingStream.changeToLastClientMs.max} ms over ${r.meetingStream.changes} changes (target ≤ 1,000 ms); server RSS ${r.meetingStream.rssMb.idle} MB idle, ${r.meetingStream.rssMb.streaming} MB streaming.`
      : "Meeting room: not run.",
    "",
    `Server RSS: ${r.rssMb.atRest} MB at rest, ${r.rssMb.underLoadPeak} MB peak under load (target ≤ 400 MB). First-load JS (gzip): ${js} (target ≤ 150 kB).`,
    "",
    `Targets: ${Object.entries(r.targets).map(([k, x]) => `${k} ${x === null ? "–" : x ? "✓" : "✗"}`).join(", ")}.`,
    "",
  ].join("\n");
}

main().then(
  () => {
    cleanup();
    process.exit(0);
  },
  (e) => {
    console.error(e);
    cleanup();
    process.exit(1);
  },
);
