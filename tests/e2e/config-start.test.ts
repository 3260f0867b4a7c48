import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, expect, it } from "vitest";

const root = path.resolve(__dirname, "../..");
const distDir = process.env.NEXT_DIST_DIR ?? ".next-test";
const dir = fs.mkdtempSync(path.join(os.tmpdir(), "gridcouncil-config-server-"));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

it("the production server with a bad setting exits with code 1 and a message naming the variable, instead of serving", () => {
  const port = String(40_000 + Math.floor(Math.random() * 20_000));
  // Served as npm start serves it, with a setting no deployment could mean; a trusted-proxy list
  // that is fine, so the check reached is the one of the whole configuration.
  const r = spawnSync(process.execPath, [path.join(root, "scripts/server.mjs"), "-p", port], {
    cwd: root,
    env: { ...process.env, NEXT_DIST_DIR: distDir, NODE_ENV: "production", GRIDCOUNCIL_DB: path.join(dir, "council.db"), GRIDCOUNCIL_TRUSTED_PROXIES: "127.0.0.1", GRIDCOUNCIL_INSECURE_COOKIES: "true" },
    encoding: "utf8",
    // Were the setting accepted, the server would listen until this timeout and the status be null.
    timeout: 90_000,
  });
  expect(r.status).toBe(1);
  expect(r.stderr).toContain("GRIDCOUNCIL_INSECURE_COOKIES");
  expect(r.stdout).not.toContain("ready on");
}, 120_000);
