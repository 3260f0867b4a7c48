import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";

/*
 * A production server of a test file's own (the shared build, its own empty database and port, as
 * tests/e2e/global-setup.ts starts the demo's), for the tests that go live from an empty database:
 * its stdout is kept, since the one-time setup code is read from it.
 */

const root = path.resolve(__dirname, "../..");
const distDir = process.env.NEXT_DIST_DIR ?? ".next-test";

export type OwnServer = { baseURL: string; log: () => string; dbFile: string; prepareOutput: string; stop: () => void };

/**
 * Starts the production server as `npm start` does — scripts/setup-db.ts, then scripts/server.mjs —
 * on a fresh, empty database, and waits until it serves. `stop` kills it and removes its directory.
 */
export async function startServer(extraEnv: Record<string, string>): Promise<OwnServer> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "gridcouncil-own-server-"));
  const dbFile = path.join(dir, "council.db");
  const port = String(40_000 + Math.floor(Math.random() * 20_000));
  const baseURL = `http://127.0.0.1:${port}`;
  const { GRIDCOUNCIL_SEED: _seed, GRIDCOUNCIL_MODE: _mode, ...inherited } = process.env;
  const env = { ...inherited, NEXT_DIST_DIR: distDir, GRIDCOUNCIL_DB: dbFile, PORT: port, GRIDCOUNCIL_PUBLIC_ORIGIN: baseURL, NODE_ENV: "production" as const, ...extraEnv };
  let server: ChildProcess | null = null;
  const stop = () => {
    if (server && server.exitCode === null) server.kill("SIGKILL");
    fs.rmSync(dir, { recursive: true, force: true });
  };

  try {
    const prepare = spawnSync(path.join(root, "node_modules/.bin/tsx"), ["--conditions=react-server", "scripts/setup-db.ts"], { cwd: root, env, encoding: "utf8" });
    if (prepare.status !== 0) throw new Error(`setup-db failed: ${prepare.stderr}`);

    let out = "";
    server = spawn(process.execPath, [path.join(root, "scripts/server.mjs"), "-p", port], { cwd: root, env, stdio: ["ignore", "pipe", "pipe"] });
    server.stdout!.on("data", (d: Buffer) => (out += d.toString()));
    server.stderr!.on("data", (d: Buffer) => (out += d.toString()));
    const until = Date.now() + 90_000;
    while (!out.includes("ready on")) {
      if (server.exitCode !== null) throw new Error(`server exited with ${server.exitCode}:\n${out}`);
      if (Date.now() > until) throw new Error(`server did not start:\n${out}`);
      await new Promise((r) => setTimeout(r, 200));
    }
    // register() (instrumentation.ts) runs as Next prepares; give its line a moment if it lags.
    for (let i = 0; i < 50 && !out.includes("setup code"); i++) await new Promise((r) => setTimeout(r, 100));
    return { baseURL, log: () => out, dbFile, prepareOutput: prepare.stdout, stop };
  } catch (e) {
    stop();
    throw e;
  }
}

/** The code of the newest setup-code line of the log, as the operator copies it. */
export function codeFrom(log: string): string {
  const lines = log.split("\n").filter((l) => l.includes("setup code"));
  const m = /([A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{4})/.exec(lines.at(-1) ?? "");
  if (!m) throw new Error(`no setup code in the server's log:\n${log}`);
  return m[1]!;
}
