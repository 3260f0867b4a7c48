import { index, integer, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";
import { createdAt } from "./columns";
import { organisations } from "./places";
import { people } from "./people";
import { topics } from "./topics";

// ── Consultation (征求意见): opinions and invitations into a topic

export const opinionStances = ["support", "oppose", "suggestion"] as const;

export const opinions = sqliteTable(
  "opinions",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    topicId: integer("topic_id").notNull().references(() => topics.id),
    authorId: integer("author_id").notNull().references(() => people.id),
    /** A reply points at the opinion it answers; replies carry no stance. */
    parentId: integer("parent_id"),
    stance: text("stance", { enum: opinionStances }),
    body: text("body").notNull(),
    /** Set when property-firm staff or an owners' committee member answer for their organisation. */
    officialOrganisationId: integer("official_organisation_id").references(() => organisations.id),
    hiddenAt: integer("hidden_at", { mode: "timestamp_ms" }),
    hiddenBy: integer("hidden_by"),
    hiddenReason: text("hidden_reason"),
    createdAt: createdAt(),
  },
  (t) => [index("opinions_topic").on(t.topicId, t.createdAt)],
);
export type Opinion = typeof opinions.$inferSelect;

/** People invited into a topic for their view or expertise (e.g. think-tank members). */
export const topicInvitations = sqliteTable(
  "topic_invitations",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    topicId: integer("topic_id").notNull().references(() => topics.id),
    personId: integer("person_id").notNull().references(() => people.id),
    invitedBy: integer("invited_by").notNull().references(() => people.id),
    note: text("note").notNull().default(""),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex("topic_invitations_topic_person").on(t.topicId, t.personId)],
);
