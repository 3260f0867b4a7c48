// Whether a production build is older than the sources it was built from: `npm start` and
// `npm run test:reliability` rebuild only then. One list of sources, so both agree on "stale".
import fs from "node:fs";
import path from "node:path";

// Not tsconfig.json: next build itself rewrites it (and a build into another NEXT_DIST_DIR adds
// lines to it), which would make every build look stale.
const sources = ["app", "lib", "db", "public", "package.json", "package-lock.json", "next.config.ts", "postcss.config.mjs", "proxy.ts", "instrumentation.ts"];

/** The newest modification time (ms) of any source file under `root`; dot-folders and node_modules are skipped. */
export function newestSourceTime(root) {
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
  for (const p of sources) walk(path.join(root, p));
  return newest;
}

/** True when `root/distDir` holds no build, or one older than the newest source. */
export function buildIsStale(root, distDir) {
  const buildId = path.join(root, distDir, "BUILD_ID");
  const built = fs.existsSync(buildId) ? fs.statSync(buildId).mtimeMs : 0;
  return built < newestSourceTime(root);
}
