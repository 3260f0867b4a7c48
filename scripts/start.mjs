// `npm start`: check the configuration and bring the database up to date (migrations, demo
// community on first run), build when the sources changed since the last build, then serve on PORT
// (default 3000).
import { spawnSync, spawn } from "node:child_process";
import path from "node:path";
import { buildIsStale } from "./build-freshness.mjs";

const root = path.resolve(import.meta.dirname, "..");
const bin = (name) => path.join(root, "node_modules", ".bin", name);
const run = (cmd, args, env = process.env) => {
  const r = spawnSync(cmd, args, { cwd: root, stdio: "inherit", env });
  if (r.status !== 0) process.exit(r.status ?? 1);
};

// First, because it checks the configuration (lib/config.ts): a wrong setting stops the start with
// a message naming the variable before a build of several minutes, and before anything is written.
run(bin("tsx"), ["--conditions=react-server", "scripts/setup-db.ts"]);

if (process.env.GRIDCOUNCIL_SKIP_BUILD !== "1" && buildIsStale(root, ".next")) {
  console.log("[gridcouncil] building the app (first start or sources changed)…");
  run(bin("next"), ["build"]);
}

const port = process.env.PORT ?? "3000";
console.log(`[gridcouncil] serving on http://localhost:${port}`);
// Our own server around Next's handler (scripts/server.mjs), not `next start`: route handlers
// need the socket's peer address to tell clients apart (see lib/security/client-address.ts).
const server = spawn(process.execPath, [path.join(root, "scripts", "server.mjs"), "-p", port], { cwd: root, stdio: "inherit", env: process.env });
for (const sig of ["SIGINT", "SIGTERM"]) process.on(sig, () => server.kill(sig));
server.on("exit", (code) => process.exit(code ?? 0));
