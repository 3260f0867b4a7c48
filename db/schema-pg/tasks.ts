// PostgreSQL mirror of db/schema/tasks.ts (issue 15): the same tables, columns, indexes and keys;
// tests/unit/schema-parity.test.ts and tests/pg/schema-parity.test.ts fail when the two drift.
import { boolean, index, integer, pgTable, text } from "drizzle-orm/pg-core";
import { createdAt, timestampMs } from "./columns";
import { communities, grids, organisations } from "./places";
import { people } from "./people";
import { topics } from "./topics";
import { resolutions } from "./ballots";
import { taskStatuses } from "../schema/tasks";
// The vocabularies (value lists and their types) are the SQLite file's own, so they cannot drift apart.
export { taskStatuses } from "../schema/tasks";
export type { TaskStatus } from "../schema/tasks";

// ── Getting it done (问题解决): tasks dispatched from a resolution (派单 / 接单 / 揭榜)

export const tasks = pgTable(
  "tasks",
  {
    id: integer("id").primaryKey().generatedByDefaultAsIdentity(),
    topicId: integer("topic_id").notNull().references(() => topics.id),
    resolutionId: integer("resolution_id").references(() => resolutions.id),
    communityId: integer("community_id").notNull().references(() => communities.id),
    gridId: integer("grid_id").references(() => grids.id),
    title: text("title").notNull(),
    description: text("description").notNull().default(""),
    /** Assignee: an organisation or a person; both null for a task open on the task board (揭榜挂帅). */
    assigneeOrganisationId: integer("assignee_organisation_id").references(() => organisations.id),
    assigneePersonId: integer("assignee_person_id").references(() => people.id),
    /** Whether volunteers, party members or community partners may claim it from the board. */
    openToClaim: boolean("open_to_claim").notNull().default(false),
    status: text("status", { enum: taskStatuses }).notNull().default("assigned"),
    /** Date only, YYYY-MM-DD (Beijing time). */
    dueOn: text("due_on").notNull(),
    percent: integer("percent").notNull().default(0),
    takenBy: integer("taken_by").references(() => people.id),
    takenAt: timestampMs("taken_at"),
    declineReason: text("decline_reason"),
    completedAt: timestampMs("completed_at"),
    /** Rectification round the task belongs to (0 = first implementation). */
    round: integer("round").notNull().default(0),
    overdueNotifiedAt: timestampMs("overdue_notified_at"),
    createdBy: integer("created_by").notNull().references(() => people.id),
    createdAt: createdAt(),
    updatedAt: timestampMs("updated_at").notNull().defaultNow(),
  },
  (t) => [
    index("tasks_topic").on(t.topicId),
    index("tasks_status_due").on(t.status, t.dueOn),
    index("tasks_assignee_person").on(t.assigneePersonId),
    index("tasks_assignee_org").on(t.assigneeOrganisationId),
    // "My tasks" also lists what one took from the board; the board is per community.
    index("tasks_taken_by").on(t.takenBy),
    index("tasks_community_status").on(t.communityId, t.status),
  ],
);
export type Task = typeof tasks.$inferSelect;

/** Progress reports on a task, with text, photos and percentage; the last one may report completion with evidence. */
export const taskUpdates = pgTable(
  "task_updates",
  {
    id: integer("id").primaryKey().generatedByDefaultAsIdentity(),
    taskId: integer("task_id").notNull().references(() => tasks.id),
    authorId: integer("author_id").notNull().references(() => people.id),
    body: text("body").notNull(),
    percent: integer("percent").notNull(),
    completes: boolean("completes").notNull().default(false),
    createdAt: createdAt(),
  },
  (t) => [index("task_updates_task").on(t.taskId, t.createdAt)],
);

export const taskPhotos = pgTable(
  "task_photos",
  {
    id: integer("id").primaryKey().generatedByDefaultAsIdentity(),
    taskUpdateId: integer("task_update_id").notNull().references(() => taskUpdates.id),
    storedName: text("stored_name").notNull().unique(),
    mime: text("mime").notNull(),
    bytes: integer("bytes").notNull(),
    createdAt: createdAt(),
  },
  (t) => [index("task_photos_update").on(t.taskUpdateId)],
);
