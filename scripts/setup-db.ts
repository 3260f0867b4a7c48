/**
 * Brings the database up to date and, when it holds no community yet, seeds the demo community.
 * Run by `npm start` before the server starts; safe to run again at any time.
 */
import bcrypt from "bcryptjs";
import { databasePath, openDatabase } from "@/db/client";
import { communities } from "@/db/schema";
import { seedDemoCommunity } from "@/db/seed/demo";
import { seedDemoTopics } from "@/db/seed/demo-topics";

async function main() {
  const file = databasePath();
  const db = openDatabase(file);
  const existing = db.select({ id: communities.id }).from(communities).limit(1).get();
  if (existing) {
    console.log(`[gridcouncil] database ${file} is up to date`);
  } else if (process.env.GRIDCOUNCIL_SEED === "none") {
    console.log(`[gridcouncil] database ${file} created empty (GRIDCOUNCIL_SEED=none)`);
  } else {
    const summary = seedDemoCommunity(db, bcrypt.hashSync("demo1234", 10));
    const topicCount = await seedDemoTopics(db);
    console.log(
      `[gridcouncil] seeded the demo community into ${file}: ${summary.grids} grids, ${summary.buildings} buildings, ${summary.units} units, ${summary.people} people, ${topicCount} topics`,
    );
  }
  db.$client.close();
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
