/**
 * Checks the configuration, brings the database up to date and, when it holds no community yet,
 * seeds the demo community. Run by `npm start` before the build and the server; safe to run again
 * at any time. A bad setting stops it (exit 1) with a message naming the variable.
 *
 * In production mode (GRIDCOUNCIL_MODE=production) it never seeds, and stops (exit 1) on a
 * database that holds the demo: its accounts share a password printed in the README.
 */
import bcrypt from "bcryptjs";
import { closeConfiguredDatabase, openConfiguredDatabase, openDatabase } from "@/db/client";
import { communities } from "@/db/schema";
import { configOrExit, redactedDatabaseUrl } from "@/lib/config";
import { seedDemoCommunity } from "@/db/seed/demo";
import { demoDataFound, productionDemoRefusal } from "@/lib/setup/demo-data";
import { seedDemoTopics } from "./seed/demo-topics";
import { reencodeLegacyUploads } from "@/lib/uploads/legacy";
import { uploadsDirFor } from "@/lib/uploads/names";
import { first } from "@/db/query";

async function main() {
  const settings = configOrExit();
  // On PostgreSQL the database is named by its URL (without the password); on SQLite by its file.
  const file = settings.databaseUrl ? redactedDatabaseUrl(settings.databaseUrl) : settings.databaseFile;
  const db = settings.databaseUrl ? await openConfiguredDatabase(settings.databaseUrl) : openDatabase(file);
  const close = () => (settings.databaseUrl ? closeConfiguredDatabase() : db.$client.close());
  const existing = await first(db.select({ id: communities.id }).from(communities).limit(1));
  if (settings.mode === "production" && await demoDataFound(db)) {
    await close();
    console.error(productionDemoRefusal(file));
    process.exit(1);
  }
  if (existing) {
    console.log(`[gridcouncil] database ${file} is up to date`);
  } else if (settings.mode === "production") {
    console.log(`[gridcouncil] database ${file} holds no community yet (production mode): open /setup in a browser with the one-time code the server prints when it starts, or run \`npm run setup\`, to create it and its first administrator`);
  } else if (settings.seed === "none") {
    console.log(`[gridcouncil] database ${file} created empty (GRIDCOUNCIL_SEED=none): open /setup with the code the server prints, or run \`npm run setup\``);
  } else {
    const summary = await seedDemoCommunity(db, bcrypt.hashSync("demo1234", 10));
    const topicCount = await seedDemoTopics(db);
    console.log(
      `[gridcouncil] seeded the demo community into ${file}: ${summary.grids} grids, ${summary.buildings} buildings, ${summary.units} units, ${summary.people} people, ${topicCount} topics`,
    );
  }
  await close();
  // Photos stored by versions before re-encoding still hold the camera's EXIF/GPS: clean them once.
  const uploads = uploadsDirFor(settings.databaseFile);
  const legacy = await reencodeLegacyUploads({ dir: uploads, log: (line) => console.warn(line) });
  if (legacy.reencoded.length + legacy.failed.length > 0) {
    console.log(`[gridcouncil] re-encoded ${legacy.reencoded.length} upload(s) stored before re-encoding in ${uploads} without their metadata; ${legacy.failed.length} could not be decoded and were left as they are`);
  }
}

main().catch((e) => {
  // On PostgreSQL an error may carry the connection URL (and its password): only the message.
  if (process.env.DATABASE_URL?.trim()) console.error(`[gridcouncil] setup failed: ${e instanceof Error ? e.message.replaceAll(process.env.DATABASE_URL.trim(), "DATABASE_URL") : "unknown error"}`);
  else console.error(e);
  process.exit(1);
});
