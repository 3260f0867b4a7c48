import { index, integer, sqliteTable, text } from "drizzle-orm/sqlite-core";
import { createdAt } from "./columns";
import { people } from "./people";
import { topics } from "./topics";
import { meetings } from "./meetings";

// ── Notifications (站内消息)

export const notifications = sqliteTable(
  "notifications",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    personId: integer("person_id").notNull().references(() => people.id),
    /** i18n key under notifications.kinds, e.g. thresholdReached, admitted, invited, minutesPublished. */
    kind: text("kind").notNull(),
    topicId: integer("topic_id").references(() => topics.id),
    meetingId: integer("meeting_id").references(() => meetings.id),
    data: text("data", { mode: "json" }).$type<Record<string, string | number>>(),
    readAt: integer("read_at", { mode: "timestamp_ms" }),
    createdAt: createdAt(),
  },
  (t) => [index("notifications_person_unread").on(t.personId, t.readAt, t.createdAt)],
);
export type Notification = typeof notifications.$inferSelect;
