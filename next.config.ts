import type { NextConfig } from "next";
import createNextIntlPlugin from "next-intl/plugin";
import { dataContentSecurityPolicy } from "./lib/security/csp";
import { configOrExit } from "./lib/config";

const withNextIntl = createNextIntlPlugin("./lib/i18n/request.ts");

// The configuration (lib/config.ts) is checked here too, so a malformed value stops `next build`
// and `next start` with a message naming the variable rather than, say, putting a wrong address on
// printed QR codes. Next's own variables below are read where Next needs them.
const { publicOrigin } = configOrExit();

const nextConfig: NextConfig = {
  // The test suite builds into its own folder so it never clobbers a running `npm start`.
  distDir: process.env.NEXT_DIST_DIR ?? ".next",
  // better-sqlite3 is a native addon: load it from node_modules at run time, never bundle it.
  // piscina starts worker threads from a file on disk (lib/workers/tasks.mjs): keep it unbundled too.
  serverExternalPackages: ["better-sqlite3", "pdfkit", "piscina"],
  poweredByHeader: false,
  // `npm run bench` builds with GRIDCOUNCIL_BENCH_BUILD=1, which also routes the benchmark-only
  // files (`*.bench.tsx` / `*.bench.ts`: pages rendered from fixed in-memory data). Normal builds
  // never contain them.
  pageExtensions: process.env.GRIDCOUNCIL_BENCH_BUILD === "1" ? ["bench.tsx", "bench.ts", "tsx", "ts"] : ["tsx", "ts"],
  // `npm test` type-checks the whole project (app, lib, tests) with tsc first; the build would
  // repeat that and stop `npm start` on an error in a test file.
  typescript: { ignoreBuildErrors: true },
  // A topic may carry up to 9 photos of 5 MB each; the use case checks each one.
  // Server actions are refused when the browser's Origin is neither the request's host nor listed
  // here (Next's own CSRF check): behind a proxy that rewrites Host, the public origin is ours.
  // authInterrupts: `forbidden()` renders app/forbidden.tsx with HTTP 403 (app/_lib/page.ts).
  experimental: { authInterrupts: true, serverActions: { bodySizeLimit: "48mb", allowedOrigins: [new URL(publicOrigin).host] } },
  async headers() {
    return [
      {
        source: "/:path*",
        headers: [
          { key: "X-Content-Type-Options", value: "nosniff" },
          { key: "X-Frame-Options", value: "DENY" },
          { key: "Referrer-Policy", value: "same-origin" },
          { key: "Permissions-Policy", value: "camera=(), microphone=(), geolocation=(), payment=()" },
          { key: "Cross-Origin-Opener-Policy", value: "same-origin" },
        ],
      },
      // The service worker must be fetched fresh, or a fixed worker could reach phones days late.
      { source: "/sw.js", headers: [{ key: "Cache-Control", value: "no-cache, max-age=0" }] },
      // Pages get a per-response nonce policy from proxy.ts; the API answers data only.
      { source: "/api/:path*", headers: [{ key: "Content-Security-Policy", value: dataContentSecurityPolicy }] },
    ];
  },
};

export default withNextIntl(nextConfig);
