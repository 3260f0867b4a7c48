// `npm run test:reliability [-- <vitest filters>]`: the heavy reliability tests (2,000 voters over
// HTTP, SIGKILL in the middle of writes, backup and restore under load). They start and kill their
// own production servers, so this first builds the app into .next-rel when that build is missing or
// older than the sources; then it runs the vitest project `reliability`.
import { spawnSync } from "node:child_process";
import path from "node:path";
import { buildIsStale } from "./build-freshness.mjs";

const root = path.resolve(import.meta.dirname, "..");
const distDir = process.env.NEXT_DIST_DIR ?? ".next-rel";
const bin = (name) => path.join(root, "node_modules", ".bin", name);
const env = { ...process.env, NEXT_DIST_DIR: distDir, NEXT_TELEMETRY_DISABLED: "1" };

if (buildIsStale(root, distDir)) {
  console.log(`[test:reliability] building the production server into ${distDir} (missing or older than the sources)…`);
  const b = spawnSync(bin("next"), ["build"], { cwd: root, stdio: "inherit", env });
  if (b.status !== 0) {
    console.error("[test:reliability] next build failed");
    process.exit(b.status ?? 1);
  }
} else {
  console.log(`[test:reliability] ${distDir} is up to date`);
}

const r = spawnSync(bin("vitest"), ["run", "--project", "reliability", ...process.argv.slice(2)], { cwd: root, stdio: "inherit", env });
process.exit(r.status ?? 1);
