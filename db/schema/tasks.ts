import { sql } from "drizzle-orm";
import { index, integer, sqliteTable, text } from "drizzle-orm/sqlite-core";
import { createdAt } from "./columns";
import { communities, grids, organisations } from "./places";
import { people } from "./people";
import { topics } from "./topics";
import { resolutions } from "./ballots";

// ── Getting it done (问题解决): tasks dispatched from a resolution (派单 / 接单 / 揭榜)

export const taskStatuses = ["open", "assigned", "taken", "declined", "inProgress", "completed"] as const;
export type TaskStatus = (typeof taskStatuses)[number];

export const tasks = sqliteTable(
  "tasks",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
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
    openToClaim: integer("open_to_claim", { mode: "boolean" }).notNull().default(false),
    status: text("status", { enum: taskStatuses }).notNull().default("assigned"),
    /** Date only, YYYY-MM-DD (Beijing time). */
    dueOn: text("due_on").notNull(),
    percent: integer("percent").notNull().default(0),
    takenBy: integer("taken_by").references(() => people.id),
    takenAt: integer("taken_at", { mode: "timestamp_ms" }),
    declineReason: text("decline_reason"),
    completedAt: integer("completed_at", { mode: "timestamp_ms" }),
    /** Rectification round the task belongs to (0 = first implementation). */
    round: integer("round").notNull().default(0),
    overdueNotifiedAt: integer("overdue_notified_at", { mode: "timestamp_ms" }),
    createdBy: integer("created_by").notNull().references(() => people.id),
    createdAt: createdAt(),
    updatedAt: integer("updated_at", { mode: "timestamp_ms" })
      .notNull()
      .default(sql`(unixepoch('subsec') * 1000)`),
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
export const taskUpdates = sqliteTable(
  "task_updates",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    taskId: integer("task_id").notNull().references(() => tasks.id),
    authorId: integer("author_id").notNull().references(() => people.id),
    body: text("body").notNull(),
    percent: integer("percent").notNull(),
    completes: integer("completes", { mode: "boolean" }).notNull().default(false),
    createdAt: createdAt(),
  },
  (t) => [index("task_updates_task").on(t.taskId, t.createdAt)],
);

export const taskPhotos = sqliteTable(
  "task_photos",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    taskUpdateId: integer("task_update_id").notNull().references(() => taskUpdates.id),
    storedName: text("stored_name").notNull().unique(),
    mime: text("mime").notNull(),
    bytes: integer("bytes").notNull(),
    createdAt: createdAt(),
  },
  (t) => [index("task_photos_update").on(t.taskUpdateId)],
);
