import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import bcrypt from "bcryptjs";
import Database from "better-sqlite3";
import { afterAll, afterEach, expect, it, vi } from "vitest";
import type { DB } from "@/db/client";
import { seedDemoCommunity } from "@/db/seed/demo";
import { makeCommunity } from "../helpers/factory";
import { tempDb } from "../helpers/db";

// The server's own start (instrumentation.ts) runs against the database a test opened.
let serverDb: DB | null = null;
vi.mock("@/db/client", async (real) => ({ ...(await real<typeof import("@/db/client")>()), getDb: () => serverDb! }));

const root = path.resolve(__dirname, "../..");
const dir = fs.mkdtempSync(path.join(os.tmpdir(), "gridcouncil-production-start-"));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

const tsx = path.join(root, "node_modules", ".bin", "tsx");
/** The environment of a start: SKIP_BUILD and a free port, so a start that does not stop would serve until the timeout, and fail. */
const envFor = (dbFile: string, extra: Record<string, string> = {}) => {
  const env: NodeJS.ProcessEnv = { ...process.env, GRIDCOUNCIL_DB: dbFile, GRIDCOUNCIL_SKIP_BUILD: "1", PORT: "39118", NEXT_TELEMETRY_DISABLED: "1", ...extra };
  for (const k of ["GRIDCOUNCIL_MODE", "GRIDCOUNCIL_SEED", "GRIDCOUNCIL_ADMIN_PASSWORD"]) if (!(k in extra)) delete env[k];
  return env;
};
const start = (dbFile: string, extra: Record<string, string> = {}) =>
  spawnSync(process.execPath, ["scripts/start.mjs"], { cwd: root, env: envFor(dbFile, extra), encoding: "utf8", timeout: 90_000 });
/** The start's first step alone (migrations and seed), for the cases where the start would go on to serve. */
const setupDb = (dbFile: string, extra: Record<string, string> = {}) =>
  spawnSync(tsx, ["--conditions=react-server", "scripts/setup-db.ts"], { cwd: root, env: envFor(dbFile, extra), encoding: "utf8", timeout: 90_000 });
const setup = (dbFile: string, args: string[], extra: Record<string, string> = {}) =>
  spawnSync(tsx, ["--conditions=react-server", "scripts/setup.ts", ...args], { cwd: root, env: envFor(dbFile, extra), encoding: "utf8", timeout: 90_000, input: "" });

const rows = (dbFile: string, sql: string) => {
  const db = new Database(dbFile, { readonly: true });
  try {
    return db.prepare(sql).all();
  } finally {
    db.close();
  }
};

it("a production start on a database holding the demo stops at once, exit 1, saying how to fix it", () => {
  const dbFile = path.join(dir, "demo.db");
  expect(setupDb(dbFile).status).toBe(0); // the demo, as `npm start` seeds it
  expect(rows(dbFile, "select count(*) as n from people")).toEqual([{ n: expect.any(Number) }]);

  const r = start(dbFile, { GRIDCOUNCIL_MODE: "production" });
  expect(r.status).toBe(1);
  expect(r.stderr).toContain("GRIDCOUNCIL_MODE=production refuses to start");
  expect(r.stderr).toContain("demo");
  expect(r.stderr).toContain("GRIDCOUNCIL_DB");
  expect(r.stderr).toContain("npm run setup");
  expect(r.stdout).not.toContain("serving");

  // Its marker deleted by hand, the demo administrator opening with the published password still gives it away.
  const db = new Database(dbFile);
  db.prepare("delete from seed_runs").run();
  db.close();
  const again = setupDb(dbFile, { GRIDCOUNCIL_MODE: "production" });
  expect(again.status).toBe(1);
  expect(again.stderr).toContain("GRIDCOUNCIL_MODE=production refuses to start");
}, 240_000);

it("asking production mode for the demo seed is refused, naming both settings, before anything is written", () => {
  const dbFile = path.join(dir, "both.db");
  const r = start(dbFile, { GRIDCOUNCIL_MODE: "production", GRIDCOUNCIL_SEED: "demo" });
  expect(r.status).toBe(1);
  expect(r.stderr).toContain("GRIDCOUNCIL_SEED=demo cannot be used with GRIDCOUNCIL_MODE=production");
  expect(fs.existsSync(dbFile)).toBe(false);
}, 120_000);

it("on an empty database production creates no demo data; `npm run setup` creates the community and its administrator, once", () => {
  const dbFile = path.join(dir, "live.db");
  const first = setupDb(dbFile, { GRIDCOUNCIL_MODE: "production" });
  expect(first.status).toBe(0);
  expect(first.stdout).toContain("npm run setup");
  for (const table of ["communities", "people", "units", "topics", "seed_runs"]) expect(rows(dbFile, `select count(*) as n from ${table}`), table).toEqual([{ n: 0 }]);

  const flags = ["--district", "城东区", "--street", "和平街道", "--community", "向阳社区", "--code", "XY", "--admin-name", "刘主任", "--admin-phone", "13912345678"];
  // Without a terminal, a missing answer is a usage error, not a question nobody can answer.
  expect(setup(dbFile, flags).status).toBe(2);
  const weak = setup(dbFile, flags, { GRIDCOUNCIL_ADMIN_PASSWORD: "12345678" });
  expect(weak.status).toBe(1);
  expect(weak.stderr).toContain("太容易被猜到");

  const made = setup(dbFile, flags, { GRIDCOUNCIL_ADMIN_PASSWORD: "Xiangyang-2026!" });
  expect(made.stderr).toBe("");
  expect(made.status).toBe(0);
  expect(made.stdout).toContain("城东区 和平街道 向阳社区");
  expect(made.stdout).toContain("XY00-GL-SQ-1");
  expect(rows(dbFile, "select code, name, district, street from communities")).toEqual([{ code: "XY", name: "向阳社区", district: "城东区", street: "和平街道" }]);

  const closed = setup(dbFile, flags, { GRIDCOUNCIL_ADMIN_PASSWORD: "Xiangyang-2026!" });
  expect(closed.status).toBe(1);
  expect(closed.stderr).toContain("初始化已关闭");
  expect(rows(dbFile, "select count(*) as n from people")).toEqual([{ n: 1 }]);

  // The set-up community is no demo: production starts on it.
  const next = setupDb(dbFile, { GRIDCOUNCIL_MODE: "production" });
  expect(next.status).toBe(0);
  expect(next.stdout).toContain("is up to date");
}, 240_000);

/**
 * `node scripts/server.mjs` started by hand skips scripts/setup-db.ts: the server's register()
 * refuses the demo by itself. process.exit is stubbed to throw, as the real one ends the process there.
 */
async function registerInProduction(seed: (db: DB) => void): Promise<{ exit: unknown; errors: string[]; logs: string[] }> {
  const t = tempDb();
  serverDb = t.db;
  try {
    seed(t.db);
    vi.stubEnv("NEXT_RUNTIME", "nodejs");
    vi.stubEnv("GRIDCOUNCIL_MODE", "production");
    vi.stubEnv("GRIDCOUNCIL_SEED", "");
    vi.stubEnv("GRIDCOUNCIL_DB", t.file);
    const errors: string[] = [];
    const logs: string[] = [];
    vi.spyOn(console, "error").mockImplementation((...args: unknown[]) => void errors.push(args.join(" ")));
    vi.spyOn(console, "log").mockImplementation((...args: unknown[]) => void logs.push(args.join(" ")));
    vi.spyOn(process, "exit").mockImplementation((code?: string | number | null) => {
      throw new Error(`exit ${code}`);
    });
    vi.useFakeTimers({ toFake: ["setInterval", "clearInterval"] });
    const { register } = await import("@/instrumentation");
    const exit = await register().then(
      () => null,
      (e: Error) => e.message,
    );
    return { exit, errors, logs };
  } finally {
    vi.useRealTimers();
    serverDb = null;
    t.cleanup();
  }
}
afterEach(() => {
  vi.unstubAllEnvs();
  vi.restoreAllMocks();
});

it("the server itself, started without npm start, refuses a demo database in production mode with the same message", async () => {
  const demo = await registerInProduction((db) => void seedDemoCommunity(db, bcrypt.hashSync("demo1234", 4)));
  expect(demo.exit).toBe("exit 1");
  expect(demo.errors.join("\n")).toContain("GRIDCOUNCIL_MODE=production refuses to start");
  expect(demo.errors.join("\n")).toContain("GRIDCOUNCIL_DB");
  expect(demo.errors.join("\n")).toContain("npm run setup");
  // Stopped before anything else: no setup code printed, no job started.
  expect(demo.logs).toEqual([]);

  // A real community starts.
  const live = await registerInProduction((db) => void makeCommunity(db));
  expect(live.exit).toBeNull();
  expect(live.errors.filter((e) => e.includes("refuses to start"))).toEqual([]);
}, 60_000);
