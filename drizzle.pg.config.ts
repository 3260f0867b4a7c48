import { defineConfig } from "drizzle-kit";

/**
 * The PostgreSQL twin of drizzle.config.ts (issue 15): the mirror schema in db/schema-pg and its own
 * migration folder. `npx drizzle-kit generate --config drizzle.pg.config.ts --name <tag>` after
 * every change to db/schema-pg (made together with the same change to db/schema).
 */
export default defineConfig({
  dialect: "postgresql",
  schema: "./db/schema-pg/index.ts",
  out: "./db/migrations-pg",
  dbCredentials: { url: process.env.DATABASE_URL ?? "postgres://localhost:5432/gridcouncil" },
});
