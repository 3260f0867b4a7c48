// A throwaway PostgreSQL cluster on a loopback port, for the PostgreSQL test pass and the bench:
// `initdb` into a temporary folder, `pg_ctl start`, and a stop by the postmaster's PID. It uses
// Debian's `postgresql` package (apt-get install -y postgresql); nothing of it is left behind.
// PostgreSQL refuses to run as root, so as root the cluster belongs to the `postgres` user.
//
// As a script: `node scripts/pg-cluster.mjs start <dir>` prints the DATABASE_URL and leaves the
// server running; `node scripts/pg-cluster.mjs stop <dir>` stops it and removes the folder.
import { execFileSync, spawnSync } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";

/** The folder holding initdb and pg_ctl, or null when PostgreSQL is not installed. */
export function postgresBin() {
  const candidates = [];
  if (process.env.PG_BIN) candidates.push(process.env.PG_BIN);
  const debian = "/usr/lib/postgresql";
  if (fs.existsSync(debian)) {
    for (const v of fs.readdirSync(debian).sort((a, b) => Number(b) - Number(a))) candidates.push(path.join(debian, v, "bin"));
  }
  for (const dir of (process.env.PATH ?? "").split(path.delimiter)) candidates.push(dir);
  return candidates.find((d) => d && fs.existsSync(path.join(d, "initdb")) && fs.existsSync(path.join(d, "pg_ctl"))) ?? null;
}

async function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

const isRoot = () => typeof process.getuid === "function" && process.getuid() === 0;

/** Runs a PostgreSQL program, as the postgres user when we are root. */
function runAs(bin, program, args) {
  const exe = path.join(bin, program);
  const [cmd, argv] = isRoot() ? ["runuser", ["-u", "postgres", "--", exe, ...args]] : [exe, args];
  const r = spawnSync(cmd, argv, { encoding: "utf8" });
  if (r.status !== 0) throw new Error(`${program} failed (${r.status}): ${r.stderr || r.stdout}`);
  return r.stdout;
}

/**
 * Starts a fresh cluster in `dir` (created; a temporary one if not given) on a free loopback port,
 * with one database `gridcouncil` and trust authentication on loopback only. Returns its URL and
 * a `stop()` that stops the server by its PID and removes the folder.
 */
export async function startCluster(dir = fs.mkdtempSync(path.join(os.tmpdir(), "gridcouncil-pg-"))) {
  const bin = postgresBin();
  if (!bin) throw new Error("PostgreSQL is not installed (apt-get install -y postgresql)");
  fs.mkdirSync(dir, { recursive: true });
  if (isRoot()) {
    execFileSync("chown", ["postgres:postgres", dir]);
    // The temporary folder's parents must be reachable by the postgres user.
    fs.chmodSync(dir, 0o700);
  }
  const data = path.join(dir, "data");
  const port = await freePort();
  runAs(bin, "initdb", ["-D", data, "-U", "gridcouncil", "-A", "trust", "-E", "UTF8", "--locale=C.UTF-8", "--no-sync"]);
  const conf = [
    "listen_addresses = '127.0.0.1'",
    `port = ${port}`,
    `unix_socket_directories = '${dir}'`,
    "max_connections = 200",
    // A test cluster: durability is not what is being tested, speed is welcome.
    "fsync = off",
    "synchronous_commit = off",
    "full_page_writes = off",
    "shared_buffers = 128MB",
  ].join("\n");
  fs.appendFileSync(path.join(data, "postgresql.conf"), `\n${conf}\n`);
  runAs(bin, "pg_ctl", ["-D", data, "-l", path.join(dir, "server.log"), "-w", "-t", "60", "start"]);
  const pid = Number(fs.readFileSync(path.join(data, "postmaster.pid"), "utf8").split("\n")[0]);
  const base = `postgres://gridcouncil@127.0.0.1:${port}`;
  runAs(bin, "createdb", ["-h", "127.0.0.1", "-p", String(port), "-U", "gridcouncil", "gridcouncil"]);
  let stopped = false;
  return {
    url: `${base}/gridcouncil`,
    /** A URL for another, new database in the same cluster (one per test file keeps them apart). */
    createDatabase(name) {
      runAs(bin, "createdb", ["-h", "127.0.0.1", "-p", String(port), "-U", "gridcouncil", name]);
      return `${base}/${name}`;
    },
    pid,
    dir,
    stop() {
      if (stopped) return;
      stopped = true;
      stopCluster(dir, pid);
    },
  };
}

/** Stops the cluster in `dir` by its postmaster's PID (fast shutdown) and removes the folder. */
export function stopCluster(dir, pid) {
  const pidFile = path.join(dir, "data", "postmaster.pid");
  const target = pid ?? (fs.existsSync(pidFile) ? Number(fs.readFileSync(pidFile, "utf8").split("\n")[0]) : null);
  if (target) {
    try {
      process.kill(target, "SIGINT");
    } catch {
      // Already gone.
    }
    const until = Date.now() + 30_000;
    while (Date.now() < until) {
      try {
        process.kill(target, 0);
      } catch {
        break;
      }
      spawnSync("sleep", ["0.1"]);
    }
  }
  fs.rmSync(dir, { recursive: true, force: true });
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const [command, dir] = process.argv.slice(2);
  if (command === "start") {
    const cluster = await startCluster(dir ? path.resolve(dir) : undefined);
    console.log(cluster.url);
  } else if (command === "stop" && dir) {
    stopCluster(path.resolve(dir));
  } else {
    console.error("usage: node scripts/pg-cluster.mjs start [dir] | stop <dir>");
    process.exit(2);
  }
}
