// PostgreSQL mirror of db/schema/notifications.ts (issue 15): the same tables, columns, indexes and keys;
// tests/unit/schema-parity.test.ts and tests/pg/schema-parity.test.ts fail when the two drift.
import { index, integer, jsonb, pgTable, text } from "drizzle-orm/pg-core";
import { createdAt, timestampMs } from "./columns";
import { people } from "./people";
import { topics } from "./topics";
import { meetings } from "./meetings";

// ── Notifications (站内消息)

export const notifications = pgTable(
  "notifications",
  {
    id: integer("id").primaryKey().generatedByDefaultAsIdentity(),
    personId: integer("person_id").notNull().references(() => people.id),
    /** i18n key under notifications.kinds, e.g. thresholdReached, admitted, invited, minutesPublished. */
    kind: text("kind").notNull(),
    topicId: integer("topic_id").references(() => topics.id),
    meetingId: integer("meeting_id").references(() => meetings.id),
    data: jsonb("data").$type<Record<string, string | number>>(),
    readAt: timestampMs("read_at"),
    createdAt: createdAt(),
  },
  (t) => [index("notifications_person_unread").on(t.personId, t.readAt, t.createdAt)],
);
export type Notification = typeof notifications.$inferSelect;
