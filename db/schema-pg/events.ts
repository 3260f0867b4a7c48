// PostgreSQL mirror of db/schema/events.ts (issue 15): the same tables, columns, indexes and keys;
// tests/unit/schema-parity.test.ts and tests/pg/schema-parity.test.ts fail when the two drift.
import { index, integer, jsonb, pgTable, text } from "drizzle-orm/pg-core";
import { timestampMs } from "./columns";

// ── The record of what happened

/**
 * Every use case records what it did: who, when, what, on which subject — for the operator. The
 * app shows only the account acts about a person, on the admin's person page
 * (lib/admin/person-history.ts). The topic timeline is topic_events. See lib/events/record.ts.
 */
export const events = pgTable(
  "events",
  {
    id: integer("id").primaryKey().generatedByDefaultAsIdentity(),
    at: timestampMs("at").notNull().defaultNow(),
    actorId: integer("actor_id"),
    kind: text("kind").notNull(),
    subjectType: text("subject_type").notNull(),
    subjectId: integer("subject_id"),
    data: jsonb("data").$type<Record<string, unknown>>(),
  },
  (t) => [index("events_subject").on(t.subjectType, t.subjectId)],
);
export type Event = typeof events.$inferSelect;
