import { vi } from "vitest";

// The demo community seeded on PostgreSQL by the same code npm start runs on SQLite: it walks
// topics through every stage of the loop with the app's use cases (scripts/seed/demo-topics.ts).
vi.hoisted(() => {
  process.env.DATABASE_URL = "postgres://set-before-the-tables-load.invalid/gridcouncil";
});

import bcrypt from "bcryptjs";
import { count, eq } from "drizzle-orm";
import { expect, test } from "vitest";
import type { DB } from "@/db/client";
import { seedDemoCommunity } from "@/db/seed/demo";
import { people, topics } from "@/db/schema";
import { pgAuditReport } from "@/lib/audit/verify-pg";
import type { PgDB } from "@/lib/search/pg-text-search";
import { loadActor } from "@/lib/auth/actor";
import { listTopics } from "@/lib/topics/list-topics";
import { homeSummary } from "@/lib/people/home-summary";
import { listMyTodos } from "@/lib/todo/list-my-todos";
import { seedDemoTopics } from "../../scripts/seed/demo-topics";
import { appOnPostgres } from "./app-on-postgres";

let db: DB;
appOnPostgres("demo", (opened) => (db = opened));

test("the demo community seeds on PostgreSQL, every stage of the loop, and its pages' reads answer", async () => {
  const summary = await seedDemoCommunity(db, bcrypt.hashSync("demo1234", 4));
  expect(summary.people).toBeGreaterThan(10);
  const made = await seedDemoTopics(db);
  expect(made).toBeGreaterThan(5);
  const states = new Set((await db.select({ state: topics.state }).from(topics)).map((t) => t.state));
  expect(states.size).toBeGreaterThanOrEqual(6);
  expect((await db.select({ n: count() }).from(people))[0]!.n).toBe(summary.people);
  expect((await pgAuditReport(db as unknown as PgDB)).problems).toEqual([]);

  const chief = (await db.select({ id: people.id }).from(people).where(eq(people.phone, "13800000001")))[0]!;
  const ctx = { db, actor: (await loadActor(db, chief.id))! };
  expect((await listTopics(ctx, {})).total).toBeGreaterThan(0);
  expect(await homeSummary(ctx)).toBeDefined();
  expect(await listMyTodos(ctx)).toBeDefined();
}, 60_000);
