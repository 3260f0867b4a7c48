// `npm test`: every test. Unit and integration tests first (fast, against temporary SQLite files),
// then a production build served with a fresh demo database and driven by headless Chromium.
import { spawnSync } from "node:child_process";
import path from "node:path";
import { postgresBin } from "./pg-cluster.mjs";

const root = path.resolve(import.meta.dirname, "..");
const bin = (name) => path.join(root, "node_modules", ".bin", name);
// A deployment's own database and uploads folder in the shell are never the tests': they make their own.
const { DATABASE_URL: _db, GRIDCOUNCIL_UPLOADS: _uploads, ...shell } = process.env;
const env = { ...shell, NEXT_DIST_DIR: ".next-test", NEXT_TELEMETRY_DISABLED: "1" };
const step = (title, cmd, args) => {
  console.log(`\n[test] ${title}`);
  const r = spawnSync(cmd, args, { cwd: root, stdio: "inherit", env });
  if (r.status !== 0) {
    console.error(`[test] ${title} failed`);
    process.exit(r.status ?? 1);
  }
};

step("type check", bin("tsc"), ["--noEmit"]);
step("unit and integration tests", bin("vitest"), ["run", "--project", "unit"]);
// The PostgreSQL pass runs wherever PostgreSQL is installed (CI installs it); it starts and stops
// its own throwaway cluster. Without it, say so: the SQLite pass above is the README's promise.
if (postgresBin() || process.env.GRIDCOUNCIL_TEST_PG_URL) {
  step("PostgreSQL tests (throwaway cluster)", bin("vitest"), ["run", "--project", "pg"]);
} else {
  console.log("\n[test] PostgreSQL is not installed: the PostgreSQL pass did not run (apt-get install -y postgresql, then npm test runs both)");
}
step("production build", bin("next"), ["build"]);
step("end-to-end tests in headless Chromium", bin("vitest"), ["run", "--project", "e2e"]);
if (postgresBin() || process.env.GRIDCOUNCIL_TEST_PG_URL) {
  step("two app servers on one PostgreSQL (the same build)", bin("vitest"), ["run", "--project", "e2e-pg"]);
}
console.log("\n[test] all tests passed");
