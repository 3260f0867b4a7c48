import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import pg from "pg";
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
  env = { ...inherited, NEXT_DIST_DIR: distDir, DATABASE_URL: url, NEXTAUTH_SECRET: secret, GRIDCOUNCIL_DB: path.join(dir, "unused.db"), NODE_ENV: "production" };
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
    // A token issued by one server works on the other.
    const t = await token(b, "13800000002");
    const me = await fetch(`${a.baseURL}/api/v1/me`, { headers: { authorization: `Bearer ${t}` } });
    expect(((await me.json()) as { phone: string }).phone).toBe("13800000002");
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
