// The production HTTP server (`npm start` runs it after building and migrating): Next.js's own
// request handler behind a node:http server of ours, for one reason — the app must know the
// socket's peer address. `next start` hands route handlers only headers, and fills
// X-Forwarded-For from the socket only when the client did not send one, so a client could name
// any address it liked. Here every request gets `x-gridcouncil-peer` set from the socket (any
// value the client sent under that name is dropped first); lib/security/client-address.ts believes
// X-Forwarded-For only when that peer is a trusted proxy (GRIDCOUNCIL_TRUSTED_PROXIES).
//
// Usage: node scripts/server.mjs [-p PORT] [-H HOST]  (PORT defaults to $PORT, then 3000).
import http from "node:http";
import path from "node:path";
import { normalizeAddress, parseTrustedProxies } from "../lib/security/trusted-proxies.mjs";

const root = path.resolve(import.meta.dirname, "..");
const args = process.argv.slice(2);
const arg = (short, long) => {
  const i = args.findIndex((a) => a === short || a === long);
  return i >= 0 ? args[i + 1] : undefined;
};
const port = Number(arg("-p", "--port") ?? process.env.PORT ?? 3000);
// The default public origin (lib/security/public-origin.ts) is http://localhost:$PORT: with -p it
// must name the port actually served, not 3000.
process.env.PORT = String(port);
const hostname = arg("-H", "--hostname");

// Validated at start: a typo in the list must stop the server, not silently trust nobody.
let trusted;
try {
  trusted = parseTrustedProxies(process.env.GRIDCOUNCIL_TRUSTED_PROXIES);
} catch (e) {
  console.error(`[gridcouncil] ${e.message}`);
  process.exit(1);
}

process.env.NODE_ENV = "production";
// Only code in this process can set this mark; the app reads the peer header only when it is set.
globalThis[Symbol.for("gridcouncil.servedWithPeerHeader")] = true;

const { default: next } = await import("next");
const app = next({ dev: false, dir: root, hostname: hostname ?? "localhost", port });
await app.prepare();
const handle = app.getRequestHandler();

const PEER_HEADER = "x-gridcouncil-peer";
// X-Forwarded-For from a peer we do not trust is ignored. When that peer is a reverse proxy in
// front of us (say nginx on this machine) every client looks alike to the throttling, so the
// operator should hear about it once.
let warnedUntrustedForward = false;
const server = http.createServer((req, res) => {
  // rawHeaders too: Next rebuilds some requests from them.
  delete req.headers[PEER_HEADER];
  for (let i = req.rawHeaders.length - 2; i >= 0; i -= 2) {
    if (req.rawHeaders[i].toLowerCase() === PEER_HEADER) req.rawHeaders.splice(i, 2);
  }
  const peer = req.socket.remoteAddress ?? "";
  if (!warnedUntrustedForward && req.headers["x-forwarded-for"] && !trusted.isTrusted(normalizeAddress(peer))) {
    warnedUntrustedForward = true;
    console.warn(
      `[gridcouncil] ignoring X-Forwarded-For from ${peer}, which is not a trusted proxy. If a reverse proxy runs in front of this server, ` +
        "set GRIDCOUNCIL_TRUSTED_PROXIES to its address: until then sign-in and registration throttling cannot tell its clients apart.",
    );
  }
  req.headers[PEER_HEADER] = peer;
  req.rawHeaders.push(PEER_HEADER, peer);
  handle(req, res).catch((e) => {
    console.error("[gridcouncil] request failed", e);
    if (!res.headersSent) res.statusCode = 500;
    res.end();
  });
});

server.listen(port, hostname, () => {
  const proxies = trusted.entries.length ? `trusting X-Forwarded-For from ${trusted.entries.join(", ")}` : "no trusted proxies: client addresses are socket addresses";
  console.log(`[gridcouncil] ready on http://${hostname ?? "localhost"}:${port} (${proxies})`);
});

for (const sig of ["SIGINT", "SIGTERM"]) {
  process.on(sig, () => {
    server.close();
    app.close().finally(() => process.exit(0));
    // Open keep-alive connections must not hold the exit forever.
    setTimeout(() => process.exit(0), 3000).unref();
  });
}
