import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import Database from "better-sqlite3";
import { afterAll, expect, it } from "vitest";

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
