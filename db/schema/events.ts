import { sql } from "drizzle-orm";
import { index, integer, sqliteTable, text } from "drizzle-orm/sqlite-core";

// ── The record of what happened

/**
 * Every use case records what it did: who, when, what, on which subject — for the operator. The
 * app shows only the account acts about a person, on the admin's person page
 * (lib/admin/person-history.ts). The topic timeline is topic_events. See lib/events/record.ts.
 */
export const events = sqliteTable(
  "events",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    at: integer("at", { mode: "timestamp_ms" })
      .notNull()
      .default(sql`(unixepoch('subsec') * 1000)`),
    actorId: integer("actor_id"),
    kind: text("kind").notNull(),
    subjectType: text("subject_type").notNull(),
    subjectId: integer("subject_id"),
    data: text("data", { mode: "json" }).$type<Record<string, unknown>>(),
  },
  (t) => [index("events_subject").on(t.subjectType, t.subjectId)],
);
export type Event = typeof events.$inferSelect;
