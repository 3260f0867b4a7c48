// PostgreSQL mirror of db/schema/notices.ts (issue 15): the same tables, columns, indexes and keys;
// tests/unit/schema-parity.test.ts and tests/pg/schema-parity.test.ts fail when the two drift.
import { index, integer, pgTable, text } from "drizzle-orm/pg-core";
import { timestampMs } from "./columns";
import { communities, grids } from "./places";
import { people } from "./people";
import { topics } from "./topics";
import { resolutions } from "./ballots";

// ── The public notice board (公示栏)

export const notices = pgTable(
  "notices",
  {
    id: integer("id").primaryKey().generatedByDefaultAsIdentity(),
    communityId: integer("community_id").notNull().references(() => communities.id),
    gridId: integer("grid_id").references(() => grids.id),
    /** What is published: a resolution now; closures of topics later. */
    kind: text("kind", { enum: ["resolution", "closure"] }).notNull(),
    topicId: integer("topic_id").notNull().references(() => topics.id),
    resolutionId: integer("resolution_id").references(() => resolutions.id),
    title: text("title").notNull(),
    body: text("body").notNull(),
    publishedAt: timestampMs("published_at").notNull(),
    /** End of the publication period (default 7 days). */
    until: timestampMs("until").notNull(),
    createdBy: integer("created_by").references(() => people.id),
  },
  (t) => [
    index("notices_grid_until").on(t.gridId, t.until),
    index("notices_community_until").on(t.communityId, t.until),
    // The topic page's resolutions, and the board of every community (current first, then the archive count).
    index("notices_topic").on(t.topicId),
    index("notices_resolution").on(t.resolutionId),
    index("notices_published").on(t.publishedAt),
    index("notices_until_published").on(t.until, t.publishedAt),
  ],
);
export type Notice = typeof notices.$inferSelect;
