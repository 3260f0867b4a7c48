// `npm run test:reliability [-- <vitest filters>]`: the heavy reliability tests (2,000 voters over
// HTTP, SIGKILL in the middle of writes, backup and restore under load). They start and kill their
// own production servers, so this first builds the app into .next-rel when that build is missing or
// older than the sources; then it runs the vitest project `reliability`.
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";

const root = path.resolve(import.meta.dirname, "..");
const distDir = process.env.NEXT_DIST_DIR ?? ".next-rel";
const bin = (name) => path.join(root, "node_modules", ".bin", name);
const env = { ...process.env, NEXT_DIST_DIR: distDir, NEXT_TELEMETRY_DISABLED: "1" };

function newestSourceTime() {
  let newest = 0;
  const walk = (p) => {
    let st;
    try {
      st = fs.statSync(p);
    } catch {
      return;
    }
    if (st.isDirectory()) {
      for (const e of fs.readdirSync(p)) if (e !== "node_modules" && !e.startsWith(".")) walk(path.join(p, e));
    } else newest = Math.max(newest, st.mtimeMs);
  };
  // Not tsconfig.json: next build itself rewrites it, which would make every build look stale.
  for (const p of ["app", "lib", "db", "public", "package.json", "package-lock.json", "next.config.ts", "postcss.config.mjs", "proxy.ts", "instrumentation.ts"]) walk(path.join(root, p));
  return newest;
}

const buildId = path.join(root, distDir, "BUILD_ID");
const built = fs.existsSync(buildId) ? fs.statSync(buildId).mtimeMs : 0;
if (built < newestSourceTime()) {
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
