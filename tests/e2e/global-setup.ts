import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import type { TestProject } from "vitest/node";

declare module "vitest" {
  export interface ProvidedContext {
    baseURL: string;
    dbFile: string;
  }
}

const root = path.resolve(__dirname, "../..");
const distDir = process.env.NEXT_DIST_DIR ?? ".next-test";

async function waitForServer(url: string, server: ChildProcess, ms = 60_000) {
  const until = Date.now() + ms;
  while (Date.now() < until) {
    if (server.exitCode !== null) throw new Error(`server exited with ${server.exitCode}`);
    try {
      const res = await fetch(url);
      if (res.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 300));
  }
  throw new Error(`server did not answer at ${url}`);
}

/**
 * Serves the production build (built by scripts/test.mjs into .next-test) on a free port with a
 * fresh temporary database seeded with the demo community, exactly as `npm start` would.
 */
export default async function setup(project: TestProject) {
  if (!fs.existsSync(path.join(root, distDir, "BUILD_ID"))) {
    const r = spawnSync(path.join(root, "node_modules/.bin/next"), ["build"], { cwd: root, stdio: "inherit", env: { ...process.env, NEXT_DIST_DIR: distDir } });
    if (r.status !== 0) throw new Error("next build failed");
  }
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "gridcouncil-e2e-"));
  const dbFile = path.join(dir, "e2e.db");
  const port = String(40_000 + Math.floor(Math.random() * 20_000));
  const baseURL = `http://127.0.0.1:${port}`;
  // The browser reaches the server at baseURL, so that is the public origin its QR codes and
  // links must carry (a QR code to another host would land on a page without the session).
  // The demo server runs on its own SQLite file and uploads, whatever the shell points at.
  const { DATABASE_URL: _db, GRIDCOUNCIL_UPLOADS: _uploads, ...shell } = process.env;
  const env = { ...shell, NEXT_DIST_DIR: distDir, GRIDCOUNCIL_DB: dbFile, PORT: port, GRIDCOUNCIL_PUBLIC_ORIGIN: baseURL, NODE_ENV: "production" as const };

  const seed = spawnSync(path.join(root, "node_modules/.bin/tsx"), ["--conditions=react-server", "scripts/setup-db.ts"], { cwd: root, env, encoding: "utf8" });
  if (seed.status !== 0) throw new Error(`seeding failed: ${seed.stderr}`);

  const log = fs.openSync(path.join(dir, "server.log"), "a");
  // Served as `npm start` serves: scripts/server.mjs around Next's handler. The tests play clients
  // behind a reverse proxy on this machine: loopback is the trusted proxy, and a test names its
  // client's address with X-Forwarded-For (without one, the client is unknown, as before).
  const server = spawn(process.execPath, [path.join(root, "scripts/server.mjs"), "-p", port], {
    cwd: root,
    env: { ...env, GRIDCOUNCIL_TRUSTED_PROXIES: "127.0.0.1, ::1" },
    stdio: ["ignore", log, log],
  });
  try {
    await waitForServer(`${baseURL}/api/v1/places/grids`, server);
  } catch (e) {
    server.kill("SIGKILL");
    console.error(fs.readFileSync(path.join(dir, "server.log"), "utf8"));
    throw e;
  }
  project.provide("baseURL", baseURL);
  project.provide("dbFile", dbFile);

  return async () => {
    server.kill("SIGTERM");
    await new Promise((r) => setTimeout(r, 300));
    if (server.exitCode === null) server.kill("SIGKILL");
    fs.rmSync(dir, { recursive: true, force: true });
  };
}
