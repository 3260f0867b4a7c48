#!/usr/bin/env node
/**
 * The live meeting room under a full hall (issue 13): N concurrent stream clients (300 by default)
 * on one meeting's live route, a staff change made through the API (ticking an invitee present and
 * back: attendance bumps the room's version), and the time from sending the change to the LAST
 * client receiving the new version, over ~20 changes (p50/p95/max), with the server's RSS (the
 * whole process tree) idle and with the streams open. Prints one JSON line.
 *
 *   node bench/meeting-stream.mjs [--base-url http://127.0.0.1:3000] [--dist .next-bench]
 *                                 [--clients 300] [--changes 20] [--phone 13800000001] [--password demo1234]
 *
 * Without --base-url it serves the production build in --dist as `npm start` does (scripts/setup-db.ts
 * seeding the demo into a temporary database, then scripts/server.mjs on a free loopback port) and
 * stops it afterwards. With --base-url it uses that server (the account must run a grid's meetings)
 * and --db must name that server's SQLite file.
 *
 * Each client is a different attendee with an API token of their own, as in a real hall: the live
 * route allows a person only a few streams at once (MAX_STREAMS_PER_READER), so one shared token
 * would be refused after four. The bench writes those residents, their tokens and their check-ins
 * straight into the database before the streams open (setup, not what is measured).
 */
import { spawn, spawnSync } from "node:child_process";
import fs from "node:fs";
import http from "node:http";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { createHash, randomBytes } from "node:crypto";
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const args = process.argv.slice(2);
const option = (name, fallback) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 && args[i + 1] ? args[i + 1] : fallback;
};
const clients = Number(option("clients", "300"));
const changes = Number(option("changes", "20"));
const phone = option("phone", "13800000001");
const password = option("password", "demo1234");
const distDir = option("dist", ".next-bench");
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const say = (msg) => console.error(`[meeting-stream] ${msg}`);

function freePort() {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once("error", reject);
    s.listen(0, "127.0.0.1", () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
}

/** RSS of a process and all its descendants, in MB (Linux /proc). */
function rssMb(pid) {
  const kids = (p) => {
    try {
      return fs.readFileSync(`/proc/${p}/task/${p}/children`, "utf8").trim().split(/\s+/).filter(Boolean).map(Number);
    } catch {
      return [];
    }
  };
  let kb = 0;
  const stack = [pid];
  while (stack.length) {
    const p = stack.pop();
    try {
      const m = /VmRSS:\s+(\d+)/.exec(fs.readFileSync(`/proc/${p}/status`, "utf8"));
      if (m) kb += Number(m[1]);
    } catch {
      /* gone */
    }
    stack.push(...kids(p));
  }
  return Math.round(kb / 1024);
}

async function startOwnServer() {
  if (!fs.existsSync(path.join(root, distDir, "BUILD_ID"))) throw new Error(`no production build in ${distDir}: run npm run bench (it builds .next-bench) or pass --dist / --base-url`);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "gridcouncil-meeting-stream-"));
  const port = String(await freePort());
  const baseURL = `http://127.0.0.1:${port}`;
  const { GRIDCOUNCIL_SEED: _s, GRIDCOUNCIL_MODE: _m, ...inherited } = process.env;
  const env = { ...inherited, NEXT_DIST_DIR: distDir, GRIDCOUNCIL_DB: path.join(dir, "bench.db"), PORT: port, GRIDCOUNCIL_PUBLIC_ORIGIN: baseURL, NODE_ENV: "production", NEXT_TELEMETRY_DISABLED: "1" };
  const seed = spawnSync(path.join(root, "node_modules/.bin/tsx"), ["--conditions=react-server", "scripts/setup-db.ts"], { cwd: root, env, encoding: "utf8" });
  if (seed.status !== 0) throw new Error(`setup-db failed: ${seed.stderr}`);
  // Its own process group, so that stopping it stops Next's forked workers too (by this pid only).
  const child = spawn(process.execPath, [path.join(root, "scripts/server.mjs"), "-p", port], { cwd: root, env, stdio: ["ignore", "ignore", "inherit"], detached: true });
  const until = Date.now() + 120_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`server exited with ${child.exitCode}`);
    try {
      if ((await fetch(`${baseURL}/api/v1/places/grids`)).status < 500) break;
    } catch {
      /* not yet */
    }
    if (Date.now() > until) throw new Error("server did not start within 120 s");
    await sleep(300);
  }
  const stop = () => {
    try {
      process.kill(-child.pid, "SIGKILL");
    } catch {
      /* already gone */
    }
    fs.rmSync(dir, { recursive: true, force: true });
  };
  return { baseURL, pid: child.pid, stop, dbFile: env.GRIDCOUNCIL_DB };
}

/**
 * `count` residents of the meeting's grid, verified, checked in, each with an API token of their
 * own (only its SHA-256 stored, as the app stores tokens). Written in one transaction while the
 * server runs (WAL: the server keeps reading). Returns the tokens.
 */
function makeAttendees(dbFile, meetingId, count) {
  const Database = createRequire(import.meta.url)("better-sqlite3");
  const db = new Database(dbFile);
  db.pragma("busy_timeout = 10000");
  try {
    const meeting = db.prepare("select community_id as communityId, grid_id as gridId from meetings where id = ?").get(meetingId);
    if (!meeting) throw new Error(`meeting ${meetingId} is not in ${dbFile}`);
    const tokens = [];
    const expiresAt = Date.now() + 86_400_000;
    db.transaction(() => {
      const person = db.prepare("insert into people (phone, name, display_number, status) values (?, ?, ?, 'verified') returning id");
      const role = db.prepare("insert into roles (person_id, role, community_id, grid_id) values (?, 'resident', ?, ?)");
      const token = db.prepare("insert into api_tokens (person_id, token_hash, expires_at) values (?, ?, ?)");
      const present = db.prepare("insert into meeting_attendance (meeting_id, person_id, method) values (?, ?, 'staff')");
      for (let i = 0; i < count; i++) {
        const tag = `${meetingId}-${i}`;
        const { id } = person.get(`1999${String(meetingId % 1000).padStart(3, "0")}${String(i).padStart(4, "0")}`, `压测居民${i + 1}`, `BENCH-${tag}`);
        role.run(id, meeting.communityId, meeting.gridId);
        const secret = `gc_${randomBytes(32).toString("base64url")}`;
        token.run(id, createHash("sha256").update(secret).digest("hex"), expiresAt);
        present.run(meetingId, id);
        tokens.push(secret);
      }
    })();
    return tokens;
  } finally {
    db.close();
  }
}

async function json(baseURL, p, { method = "GET", token, body } = {}) {
  const res = await fetch(`${baseURL}${p}`, {
    method,
    headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...(body ? { "content-type": "application/json" } : {}) },
    body: body ? JSON.stringify(body) : undefined,
  });
  const text = await res.text();
  if (!res.ok) throw new Error(`${method} ${p} → ${res.status}: ${text.slice(0, 300)}`);
  return text ? JSON.parse(text) : null;
}

/** A meeting of the chief's first grid with an admitted topic, scheduled through the API; and one invitee to tick. */
async function prepareMeeting(baseURL, token) {
  const options = await json(baseURL, "/api/v1/meetings/options", { token });
  const place = options.places.find((p) => p.gridId && p.topics.length > 0);
  if (!place) throw new Error("the account runs no grid with an admitted topic");
  const tomorrow = new Date(Date.now() + 86_400_000 + 8 * 3_600_000).toISOString().slice(0, 10);
  const made = await json(baseURL, "/api/v1/meetings", {
    method: "POST",
    token,
    body: { gridId: place.gridId, title: "压测：网格议事会现场", startsAt: place.suggestedStart ?? `${tomorrow}T19:00`, place: "议事厅", topicIds: [place.topics[0].id], roleGroups: ["owners", "residents"] },
  });
  const me = await json(baseURL, "/api/v1/me", { token });
  return { meetingId: made.meetingId, personId: me.id ?? me.personId };
}

/**
 * One stream client: reads the event stream and remembers, for each version, when it arrived.
 * http.request rather than fetch: 300 sockets without undici's per-origin pool in the way.
 */
function openClient(baseURL, meetingId, token, onVersion) {
  const url = new URL(`${baseURL}/api/v1/meetings/${meetingId}/live`);
  return new Promise((resolve, reject) => {
    const req = http.request(url, { headers: { accept: "text/event-stream", authorization: `Bearer ${token}` }, agent: false }, (res) => {
      if (res.statusCode !== 200) {
        reject(new Error(`live stream answered ${res.statusCode}`));
        res.resume();
        return;
      }
      res.setEncoding("utf8");
      let buf = "";
      res.on("data", (chunk) => {
        buf += chunk;
        let end;
        while ((end = buf.indexOf("\n\n")) >= 0) {
          const event = buf.slice(0, end);
          buf = buf.slice(end + 2);
          const id = /^id: ?(\d+)$/m.exec(event);
          if (id) onVersion(Number(id[1]));
        }
      });
      resolve(req);
    });
    req.on("error", reject);
    req.end();
  });
}

const percentile = (sorted, p) => sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];

async function main() {
  const own = option("base-url", "") ? null : await startOwnServer();
  const baseURL = own?.baseURL ?? option("base-url", "");
  try {
    const { token } = await json(baseURL, "/api/v1/auth/token", { method: "POST", body: { phone, password } });
    const { meetingId, personId } = await prepareMeeting(baseURL, token);
    const dbFile = own?.dbFile ?? option("db", "");
    if (!dbFile) throw new Error("with --base-url, pass --db <that server's SQLite file> (the bench writes its attendees there)");
    const attendeeTokens = makeAttendees(dbFile, meetingId, clients);
    const rssIdle = own ? rssMb(own.pid) : null;

    // latest[i] = the newest version client i has received (-1: nothing yet; a fresh room is version 0).
    const latest = new Array(clients).fill(-1);
    let waiter = null;
    const requests = [];
    const opened = Date.now();
    for (let i = 0; i < clients; i++) {
      requests.push(
        await openClient(baseURL, meetingId, attendeeTokens[i], (v) => {
          latest[i] = Math.max(latest[i], v);
          if (waiter && latest.every((x) => x >= waiter.version)) waiter.done();
        }),
      );
    }
    // Every client has its first state before the changes start.
    const first = Date.now();
    while (latest.some((v) => v < 0)) {
      if (Date.now() - first > 60_000) throw new Error(`${latest.filter((v) => v < 0).length} clients got no first state within 60 s`);
      await sleep(50);
    }
    const connectMs = Date.now() - opened;

    const latencies = [];
    let present = true;
    for (let c = 0; c < changes; c++) {
      const base = Math.max(...latest);
      const sent = performance.now();
      const reached = new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`change ${c + 1}: not every client had version ${base + 1} after 30 s`)), 30_000);
        waiter = { version: base + 1, done: () => (clearTimeout(timer), resolve(performance.now())) };
      });
      await json(baseURL, `/api/v1/meetings/${meetingId}/attendance`, { method: "POST", token, body: { personId, present } });
      present = !present;
      latencies.push((await reached) - sent);
      waiter = null;
      await sleep(200);
    }
    const rssStreaming = own ? rssMb(own.pid) : null;
    for (const r of requests) r.destroy();

    const sorted = [...latencies].sort((a, b) => a - b);
    const round = (x) => Math.round(x * 10) / 10;
    console.log(
      JSON.stringify({
        bench: "meeting-stream",
        clients,
        changes,
        connectAllMs: connectMs,
        changeToLastClientMs: { p50: round(percentile(sorted, 50)), p95: round(percentile(sorted, 95)), max: round(sorted.at(-1)) },
        rssMb: own ? { idle: rssIdle, streaming: rssStreaming } : null,
      }),
    );
  } finally {
    own?.stop();
  }
}

main().then(
  () => process.exit(0),
  (e) => {
    console.error(e instanceof Error ? e.message : e);
    process.exit(1);
  },
);
