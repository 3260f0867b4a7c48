// `npm start`: build when the sources changed since the last build, bring the database up to date
// (migrations, demo community on first run), then serve on PORT (default 3000).
import { spawnSync, spawn } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { parseTrustedProxies } from "../lib/api/trusted-proxies.mjs";

const root = path.resolve(import.meta.dirname, "..");
const bin = (name) => path.join(root, "node_modules", ".bin", name);
const run = (cmd, args, env = process.env) => {
  const r = spawnSync(cmd, args, { cwd: root, stdio: "inherit", env });
  if (r.status !== 0) process.exit(r.status ?? 1);
};

// A wrong GRIDCOUNCIL_TRUSTED_PROXIES stops the start before the build (server.mjs checks it again).
try {
  parseTrustedProxies(process.env.GRIDCOUNCIL_TRUSTED_PROXIES);
} catch (e) {
  console.error(`[gridcouncil] ${e.message}`);
  process.exit(1);
}

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
  for (const p of ["app", "lib", "db", "public", "package.json", "package-lock.json", "next.config.ts", "tsconfig.json", "postcss.config.mjs", "proxy.ts"]) walk(path.join(root, p));
  return newest;
}

const buildId = path.join(root, ".next", "BUILD_ID");
const built = fs.existsSync(buildId) ? fs.statSync(buildId).mtimeMs : 0;
if (process.env.GRIDCOUNCIL_SKIP_BUILD !== "1" && built < newestSourceTime()) {
  console.log("[gridcouncil] building the app (first start or sources changed)…");
  run(bin("next"), ["build"]);
}

run(bin("tsx"), ["--conditions=react-server", "scripts/setup-db.ts"]);

const port = process.env.PORT ?? "3000";
console.log(`[gridcouncil] serving on http://localhost:${port}`);
// Our own server around Next's handler (scripts/server.mjs), not `next start`: route handlers
// need the socket's peer address to tell clients apart (see lib/api/client-address.ts).
const server = spawn(process.execPath, [path.join(root, "scripts", "server.mjs"), "-p", port], { cwd: root, stdio: "inherit", env: process.env });
for (const sig of ["SIGINT", "SIGTERM"]) process.on(sig, () => server.kill(sig));
server.on("exit", (code) => process.exit(code ?? 0));
