import bcrypt from "bcryptjs";
import { eq } from "drizzle-orm";
import type { DB } from "@/db/client";
import { people, seedRuns } from "@/db/schema";
import { first } from "@/db/query";

/** The demo's published password (README Quick start) and its administrator's number (db/seed/demo.ts). */
const DEMO_PASSWORD = "demo1234";
const DEMO_ADMIN_PHONE = "13800000000";

/**
 * Whether this database holds the demo: the seed's own marker (written with the demo, and
 * back-filled by migration 0011 for databases seeded before it), or — should someone have deleted
 * that row — the demo administrator's account still opening with the published password. Read by
 * a production start, which must not serve accounts anyone can sign into.
 */
export async function demoDataFound(db: DB): Promise<boolean> {
  if (await first(db.select({ id: seedRuns.id }).from(seedRuns).where(eq(seedRuns.kind, "demo")).limit(1))) return true;
  const admin = await first(db.select({ hash: people.passwordHash }).from(people).where(eq(people.phone, DEMO_ADMIN_PHONE)));
  // One bcrypt check (~70 ms), once per start: synchronous is fine in the start-up script.
  return admin?.hash != null && bcrypt.compareSync(DEMO_PASSWORD, admin.hash);
}

/**
 * What a production start on a demo database prints before it stops (exit 1): the same words from
 * the start-up script (scripts/setup-db.ts) and from the server itself (instrumentation.ts), which
 * `node scripts/server.mjs` reaches without the script.
 */
export function productionDemoRefusal(databaseFile: string): string {
  return [
    `[gridcouncil] GRIDCOUNCIL_MODE=production refuses to start: the database ${databaseFile} holds the demo community, whose accounts all use the published password.`,
    `  To go live, point GRIDCOUNCIL_DB at a new file (e.g. GRIDCOUNCIL_DB=data/council.db): the start creates it empty; then open /setup with the code the server prints in its log, or run \`npm run setup\`, to create your community and first administrator.`,
    `  To keep trying the demo instead, start without GRIDCOUNCIL_MODE.`,
  ].join("\n");
}
