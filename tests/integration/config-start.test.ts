import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, expect, it } from "vitest";

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "gridcouncil-config-start-"));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

it("`npm start` with a bad setting stops at once, exit code 1, naming the variable, before building or writing anything", () => {
  const dbFile = path.join(dir, "council.db");
  const started = Date.now();
  const r = spawnSync(process.execPath, ["scripts/start.mjs"], {
    cwd: path.resolve(__dirname, "../.."),
    // SKIP_BUILD and a free port: should the start not stop, it would serve until the timeout, and fail this test.
    env: { ...process.env, GRIDCOUNCIL_DB: dbFile, GRIDCOUNCIL_INSECURE_COOKIES: "yes", GRIDCOUNCIL_SKIP_BUILD: "1", PORT: "39117", NEXT_TELEMETRY_DISABLED: "1" },
    encoding: "utf8",
    timeout: 90_000,
  });
  expect(r.status).toBe(1);
  expect(r.stderr).toContain("GRIDCOUNCIL_INSECURE_COOKIES");
  expect(r.stdout).not.toContain("building");
  expect(r.stdout).not.toContain("serving");
  expect(fs.existsSync(dbFile)).toBe(false);
  expect(Date.now() - started).toBeLessThan(90_000);
}, 120_000);
