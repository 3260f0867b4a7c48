// PostgreSQL mirror of db/schema/opinions.ts (issue 15): the same tables, columns, indexes and keys;
// tests/unit/schema-parity.test.ts and tests/pg/schema-parity.test.ts fail when the two drift.
import { index, integer, pgTable, text, uniqueIndex } from "drizzle-orm/pg-core";
import { createdAt, timestampMs } from "./columns";
import { organisations } from "./places";
import { people } from "./people";
import { topics } from "./topics";
import { opinionStances } from "../schema/opinions";
// The vocabularies (value lists and their types) are the SQLite file's own, so they cannot drift apart.
export { opinionStances } from "../schema/opinions";

// ── Consultation (征求意见): opinions and invitations into a topic

export const opinions = pgTable(
  "opinions",
  {
    id: integer("id").primaryKey().generatedByDefaultAsIdentity(),
    topicId: integer("topic_id").notNull().references(() => topics.id),
    authorId: integer("author_id").notNull().references(() => people.id),
    /** A reply points at the opinion it answers; replies carry no stance. */
    parentId: integer("parent_id"),
    stance: text("stance", { enum: opinionStances }),
    body: text("body").notNull(),
    /** Set when property-firm staff or an owners' committee member answer for their organisation. */
    officialOrganisationId: integer("official_organisation_id").references(() => organisations.id),
    hiddenAt: timestampMs("hidden_at"),
    hiddenBy: integer("hidden_by"),
    hiddenReason: text("hidden_reason"),
    createdAt: createdAt(),
  },
  (t) => [index("opinions_topic").on(t.topicId, t.createdAt)],
);
export type Opinion = typeof opinions.$inferSelect;

/** People invited into a topic for their view or expertise (e.g. think-tank members). */
export const topicInvitations = pgTable(
  "topic_invitations",
  {
    id: integer("id").primaryKey().generatedByDefaultAsIdentity(),
    topicId: integer("topic_id").notNull().references(() => topics.id),
    personId: integer("person_id").notNull().references(() => people.id),
    invitedBy: integer("invited_by").notNull().references(() => people.id),
    note: text("note").notNull().default(""),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex("topic_invitations_topic_person").on(t.topicId, t.personId)],
);
