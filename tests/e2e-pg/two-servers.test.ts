import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { createHash, randomBytes } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import sharp from "sharp";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { freshPgDatabase } from "../pg/database";

/*
 * Two app servers on one PostgreSQL database, as a city deployment runs them behind a load
 * balancer: the production build (the e2e step's), `npm start`'s own scripts, DATABASE_URL and one
 * NEXTAUTH_SECRET shared. Residents vote through both at once; one server is killed mid-vote.
 */

const root = path.resolve(__dirname, "../..");
const distDir = process.env.NEXT_DIST_DIR ?? ".next-test";
const secret = "two-servers-share-this-session-secret-0123456789";

type Server = { name: string; baseURL: string; proc: ChildProcess; log: () => string };
let url: string;
let drop: () => Promise<void>;
let dir: string;
let env: NodeJS.ProcessEnv;
const servers: Server[] = [];

async function startServer(name: string): Promise<Server> {
  const port = String(40_000 + Math.floor(Math.random() * 20_000));
  const baseURL = `http://127.0.0.1:${port}`;
  let out = "";
  const proc = spawn(process.execPath, [path.join(root, "scripts/server.mjs"), "-p", port], { cwd: root, env: { ...env, PORT: port, GRIDCOUNCIL_PUBLIC_ORIGIN: baseURL }, stdio: ["ignore", "pipe", "pipe"] });
  proc.stdout!.on("data", (d: Buffer) => (out += d.toString()));
  proc.stderr!.on("data", (d: Buffer) => (out += d.toString()));
  const until = Date.now() + 90_000;
  while (!out.includes("ready on")) {
    if (proc.exitCode !== null) throw new Error(`${name} exited with ${proc.exitCode}:\n${out}`);
    if (Date.now() > until) throw new Error(`${name} did not start:\n${out}`);
    await new Promise((r) => setTimeout(r, 200));
  }
  const server = { name, baseURL, proc, log: () => out };
  servers.push(server);
  return server;
}

async function token(server: Server, phone: string): Promise<string> {
  const res = await fetch(`${server.baseURL}/api/v1/auth/token`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ phone, password: "demo1234" }) });
  if (res.status !== 201) throw new Error(`token for ${phone} on ${server.name}: ${res.status} ${await res.text()}`);
  return ((await res.json()) as { token: string }).token;
}

async function sql<T>(text: string, params: unknown[] = []): Promise<T[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query(text, params)).rows as T[];
  } finally {
    await client.end();
  }
}

beforeAll(async () => {
  const fresh = await freshPgDatabase("two_servers");
  url = fresh.url;
  drop = fresh.drop;
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "gridcouncil-two-servers-"));
  const { GRIDCOUNCIL_SEED: _seed, GRIDCOUNCIL_MODE: _mode, ...inherited } = process.env;
  // One uploads folder both servers use, as a shared mount would be.
  env = { ...inherited, NEXT_DIST_DIR: distDir, DATABASE_URL: url, NEXTAUTH_SECRET: secret, GRIDCOUNCIL_DB: path.join(dir, "unused.db"), GRIDCOUNCIL_UPLOADS: path.join(dir, "shared-uploads"), NODE_ENV: "production" };
  // npm start's first step: migrations apply themselves, and the demo community is seeded, on PostgreSQL.
  const prepare = spawnSync(path.join(root, "node_modules/.bin/tsx"), ["--conditions=react-server", "scripts/setup-db.ts"], { cwd: root, env, encoding: "utf8" });
  if (prepare.status !== 0) throw new Error(`setup-db on PostgreSQL failed:\n${prepare.stdout}\n${prepare.stderr}`);
  expect(prepare.stdout).toContain("seeded the demo community");
  expect(prepare.stdout).not.toContain("demo1234");
  await Promise.all([startServer("server A"), startServer("server B")]);
});

afterAll(async () => {
  for (const s of servers) if (s.proc.exitCode === null) s.proc.kill("SIGKILL");
  fs.rmSync(dir, { recursive: true, force: true });
  await drop?.();
});

describe("two app servers on one PostgreSQL database", () => {
  test("a session started on one server is the same person on the other (shared secret, sessions in the database)", async () => {
    const [a, b] = servers as [Server, Server];
    const csrf = await fetch(`${a.baseURL}/api/auth/csrf`);
    const csrfCookies = csrf.headers.getSetCookie().map((c) => c.split(";")[0]!);
    const { csrfToken } = (await csrf.json()) as { csrfToken: string };
    const signIn = await fetch(`${a.baseURL}/api/auth/callback/credentials`, {
      method: "POST",
      redirect: "manual",
      headers: { "content-type": "application/x-www-form-urlencoded", cookie: csrfCookies.join("; ") },
      body: new URLSearchParams({ csrfToken, phone: "13800000001", password: "demo1234", json: "true" }),
    });
    const cookie = [...csrfCookies, ...signIn.headers.getSetCookie().map((c) => c.split(";")[0]!)].join("; ");
    expect(cookie).toMatch(/next-auth\.session-token=/);
    for (const server of [a, b]) {
      const me = await fetch(`${server.baseURL}/api/v1/me`, { headers: { cookie } });
      expect(me.status, server.name).toBe(200);
      expect(((await me.json()) as { phone: string }).phone).toBe("13800000001");
    }
    // The pages render from PostgreSQL on both: home, the grid's topic list and a topic.
    const [topic] = await sql<{ id: number; title: string }>("select id, title from topics where state = 'consulting' order by id limit 1");
    for (const server of [a, b]) {
      for (const [pathname, text] of [["/", "待我处理"], ["/topics", topic!.title], [`/topics/${topic!.id}`, topic!.title]] as const) {
        const page = await fetch(`${server.baseURL}${pathname}`, { headers: { cookie, "accept-language": "zh-CN" } });
        expect(page.status, `${server.name} ${pathname}`).toBe(200);
        expect(await page.text(), `${server.name} ${pathname}`).toContain(text);
      }
    }
    // A token issued by one server works on the other.
    const t = await token(b, "13800000002");
    const me = await fetch(`${a.baseURL}/api/v1/me`, { headers: { authorization: `Bearer ${t}` } });
    expect(((await me.json()) as { phone: string }).phone).toBe("13800000002");
  });

  test("a photo proposed through one server is served by the other (one shared uploads folder)", async () => {
    const [a, b] = servers as [Server, Server];
    const resident = await token(a, "13800000101");
    const [grid] = await sql<{ id: number }>("select id from grids where code = '01' order by id limit 1");
    const [item] = await sql<{ id: number }>("select id from agenda_items where active order by id limit 1");
    const jpeg = await sharp({ create: { width: 320, height: 240, channels: 3, background: "#c0392b" } }).jpeg().toBuffer();
    const form = new FormData();
    form.set("gridId", String(grid!.id));
    form.set("agendaItemId", String(item!.id));
    form.set("title", "西门路灯不亮");
    form.set("description", JSON.stringify({ type: "doc", content: [{ type: "paragraph", content: [{ type: "text", text: "西门口的路灯坏了一周，晚上进出很黑。" }] }] }));
    form.append("photos", new File([new Uint8Array(jpeg)], "IMG_0002.jpg", { type: "image/jpeg" }));
    const proposed = await fetch(`${a.baseURL}/api/v1/topics`, { method: "POST", headers: { authorization: `Bearer ${resident}` }, body: form });
    expect(proposed.status, await proposed.clone().text()).toBe(201);
    const { topicId } = (await proposed.json()) as { topicId: number };
    const [photo] = await sql<{ id: number }>("select id from topic_photos where topic_id = $1", [topicId]);
    for (const server of [b, a]) {
      const served = await fetch(`${server.baseURL}/topics/photos/${photo!.id}`, { headers: { authorization: `Bearer ${resident}` } });
      expect(served.status, server.name).toBe(200);
      expect(served.headers.get("content-type")).toBe("image/jpeg");
      expect((await sharp(Buffer.from(await served.arrayBuffer())).metadata()).width).toBe(320);
    }
  });

  test("the background jobs run on PostgreSQL: each job's lease row names one server, and every job that ran succeeded", async () => {
    const names = ["ballots.close-due", "notify.remind-and-send", "ratings.review-reminders", "tasks.flag-overdue", "topics.cosign-deadlines"];
    // Each server runs every job once as it starts; the lease lets one of them do it, the other skips.
    const until = Date.now() + 60_000;
    let rows: { name: string; holder: string; last_ok_at: Date | null; last_error: string | null }[] = [];
    while (Date.now() < until) {
      rows = await sql("select name, holder, last_ok_at, last_error from job_leases order by name");
      if (names.every((n) => rows.some((r) => r.name === n && (r.last_ok_at || r.last_error)))) break;
      await new Promise((r) => setTimeout(r, 500));
    }
    expect(rows.map((r) => r.name)).toEqual(names);
    for (const r of rows) expect({ name: r.name, error: r.last_error, ok: r.last_ok_at !== null }).toEqual({ name: r.name, error: null, ok: true });
  });

  test("2,000 residents vote at once, the client alternating servers: the tally is exact, nobody is counted twice, the chain verifies", async () => {
    const [a, b] = servers as [Server, Server];
    const VOTERS = 2000;
    // 2,000 more verified residents of grid 01, each with an API token (written straight into the
    // database: the test is about the vote, not about registering 2,000 people).
    const [grid] = await sql<{ id: number; community_id: number }>("select id, community_id from grids where code = '01' order by id limit 1");
    const [unit] = await sql<{ id: number }>("select u.id from units u join buildings b on b.id = u.building_id where b.grid_id = $1 order by u.id limit 1", [grid!.id]);
    const tokens = Array.from({ length: VOTERS }, () => `gc_${randomBytes(24).toString("base64url")}`);
    const hashes = tokens.map((t) => createHash("sha256").update(t).digest("hex"));
    await sql(
      `with made as (
         insert into people (phone, password_hash, name, display_number, status)
         select '171' || lpad(i::text, 8, '0'), null, '压测居民' || i, 'LOAD-' || i, 'verified' from generate_series(1, $1) as i
         returning id, substring(phone from 4)::int as i)
       , r as (insert into roles (person_id, role, community_id, grid_id, unit_id) select id, 'resident', $2, $3, $4 from made)
       insert into api_tokens (person_id, token_hash, expires_at) select made.id, ($5::text[])[made.i], now() + interval '1 day' from made`,
      [VOTERS, grid!.community_id, grid!.id, unit!.id, hashes],
    );
    // The grid chief opens a ballot on the demo's plan in drafting (the owners' committee's 绿地 plan).
    const chief = await token(a, "13800000001");
    const [topic] = await sql<{ id: number; plan_id: number }>("select t.id, p.id as plan_id from topics t join plans p on p.topic_id = t.id where t.state = 'drafting' and t.title like '%绿地%' limit 1");
    const opened = await fetch(`${a.baseURL}/api/v1/topics/${topic!.id}/ballots`, {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Bearer ${chief}` },
      body: JSON.stringify({ kind: "single", planIds: [topic!.plan_id], electorateKind: "gridResidents", closesAt: new Date(Date.now() + 2 * 86_400_000).toISOString() }),
    });
    expect(opened.status, await opened.clone().text()).toBe(201);
    const { ballotId } = (await opened.json()) as { ballotId: number };

    // 200 in flight at a time, request n to server n % 2; a vote the server answered 5xx would show.
    const statuses: (number | string)[] = new Array(VOTERS);
    let next = 0;
    const choiceOf = (i: number) => (i % 5 === 0 ? "disagree" : i % 7 === 0 ? "abstain" : "agree");
    await Promise.all(
      Array.from({ length: 200 }, async () => {
        for (let i = next++; i < VOTERS; i = next++) {
          const server = i % 2 ? b : a;
          const res = await fetch(`${server.baseURL}/api/v1/ballots/${ballotId}/votes`, { method: "POST", headers: { "content-type": "application/json", authorization: `Bearer ${tokens[i]}` }, body: JSON.stringify({ choice: choiceOf(i) }) });
          statuses[i] = res.status;
          await res.arrayBuffer();
        }
      }),
    );
    expect(statuses.filter((s) => s !== 200 && s !== 201)).toEqual([]);
    const counts = await sql<{ choice: string; n: number }>("select choice, count(*)::int as n from votes where ballot_id = $1 group by choice order by choice", [ballotId]);
    const expected = { agree: 0, disagree: 0, abstain: 0 } as Record<string, number>;
    for (let i = 0; i < VOTERS; i++) expected[choiceOf(i)]! += 1;
    expect(Object.fromEntries(counts.map((c) => [c.choice, c.n]))).toEqual(expected);
    const [row] = await sql<{ voted_count: number }>("select voted_count from ballots where id = $1", [ballotId]);
    expect(row!.voted_count).toBe(VOTERS);
    expect(await sql("select elector_key from votes where ballot_id = $1 group by elector_key having count(*) > 1", [ballotId])).toEqual([]);
    const [{ n: audited }] = (await sql<{ n: number }>("select count(*)::int as n from audit_log where ballot_id = $1 and kind = 'vote.cast'", [ballotId])) as [{ n: number }];
    expect(audited).toBe(VOTERS);
    const verify = spawnSync(path.join(root, "node_modules/.bin/tsx"), ["--conditions=react-server", "scripts/audit-verify.ts"], { cwd: root, env, encoding: "utf8" });
    expect(verify.status, verify.stdout + verify.stderr).toBe(0);
    // Each server took its share.
    expect(statuses.length).toBe(VOTERS);
  });

  test("residents vote through both servers at once, one server is killed mid-vote: every acknowledged vote is counted once and the audit chain verifies", async () => {
    const [a, b] = servers as [Server, Server];
    // The demo's open ballot (楼道灯): the grid's residents who have not voted yet.
    const [ballot] = await sql<{ id: number }>("select id from ballots where status = 'open' and closes_at > now() order by id desc limit 1");
    const voters = await sql<{ phone: string }>(
      `select distinct p.phone from ballot_elector_members m join people p on p.id = m.person_id
       where m.ballot_id = $1 and not exists (select 1 from votes v where v.ballot_id = m.ballot_id and v.elector_key = m.elector_key) order by p.phone`,
      [ballot!.id],
    );
    expect(voters.length).toBeGreaterThanOrEqual(20);
    const [{ n: before }] = (await sql<{ n: number }>("select count(*)::int as n from votes where ballot_id = $1", [ballot!.id])) as [{ n: number }];
    const tokens = await Promise.all(voters.map((v, i) => token(i % 2 ? b : a, v.phone)));

    const vote = async (server: Server, t: string) => {
      try {
        const res = await fetch(`${server.baseURL}/api/v1/ballots/${ballot!.id}/votes`, { method: "POST", headers: { "content-type": "application/json", authorization: `Bearer ${t}` }, body: JSON.stringify({ choice: "agree" }) });
        return res.status;
      } catch {
        return "unreachable" as const;
      }
    };
    // Half go out at once, alternating servers; server A is killed while they are in flight.
    const half = Math.floor(tokens.length / 2);
    const first = tokens.slice(0, half).map((t, i) => vote(i % 2 ? b : a, t));
    await new Promise((r) => setTimeout(r, 30));
    a.proc.kill("SIGKILL");
    const firstStatus = await Promise.all(first);
    // What server A never answered is sent again to the survivor, as a client would; the rest go to B.
    const retried = await Promise.all(tokens.map((t, i) => (i < half && firstStatus[i] !== "unreachable" ? firstStatus[i] : vote(b, t))));
    const acknowledged = retried.filter((s) => s === 200 || s === 201).length;
    expect(retried.filter((s) => s !== 200 && s !== 201), `statuses: ${JSON.stringify(retried)}`).toEqual([]);

    const [{ n: after }] = (await sql<{ n: number }>("select count(*)::int as n from votes where ballot_id = $1", [ballot!.id])) as [{ n: number }];
    expect(after - before).toBe(acknowledged);
    const [row] = await sql<{ voted_count: number }>("select voted_count from ballots where id = $1", [ballot!.id]);
    expect(row!.voted_count).toBe(after);
    // Nobody counted twice, and the chain on PostgreSQL verifies.
    const dup = await sql("select elector_key from votes where ballot_id = $1 group by elector_key having count(*) > 1", [ballot!.id]);
    expect(dup).toEqual([]);
    const verify = spawnSync(path.join(root, "node_modules/.bin/tsx"), ["--conditions=react-server", "scripts/audit-verify.ts"], { cwd: root, env, encoding: "utf8" });
    expect(verify.status, verify.stdout + verify.stderr).toBe(0);
    // The survivor still serves pages.
    expect((await fetch(`${b.baseURL}/notices`)).status).toBe(200);
  });
});
