// PostgreSQL mirror of db/schema/topics.ts (issue 15): the same tables, columns, indexes and keys;
// tests/unit/schema-parity.test.ts and tests/pg/schema-parity.test.ts fail when the two drift.
import { boolean, index, integer, jsonb, pgTable, text, uniqueIndex } from "drizzle-orm/pg-core";
import { createdAt, timestampMs } from "./columns";
import { communities, grids, buildings } from "./places";
import { people } from "./people";
import { topicLevels, agendaItems } from "./catalog";
import { topicStateValues } from "../schema/topics";
// The vocabularies (value lists and their types) are the SQLite file's own, so they cannot drift apart.
export { topicStateValues } from "../schema/topics";

// ── Topics (议题): proposal, co-signing, admission, consultation

export const topics = pgTable(
  "topics",
  {
    id: integer("id").primaryKey().generatedByDefaultAsIdentity(),
    communityId: integer("community_id").notNull().references(() => communities.id),
    gridId: integer("grid_id").notNull().references(() => grids.id),
    buildingId: integer("building_id").references(() => buildings.id),
    agendaItemId: integer("agenda_item_id").notNull().references(() => agendaItems.id),
    title: text("title").notNull(),
    /** The tiptap document as JSON, validated on the way in. */
    descriptionJson: jsonb("description_json").$type<unknown>().notNull(),
    /** Sanitized HTML rendered from the document on the server; the only form shown to readers. */
    descriptionHtml: text("description_html").notNull(),
    location: text("location").notNull().default(""),
    proposerId: integer("proposer_id").notNull().references(() => people.id),
    state: text("state", { enum: topicStateValues }).notNull(),
    level: text("level", { enum: topicLevels }).notNull().default("grid"),
    cosignThreshold: integer("cosign_threshold").notNull(),
    /** Kept up to date on write, so lists never count rows. */
    cosignCount: integer("cosign_count").notNull().default(0),
    opinionCount: integer("opinion_count").notNull().default(0),
    cosignDeadline: timestampMs("cosign_deadline").notNull(),
    expiryWarnedAt: timestampMs("expiry_warned_at"),
    mergedIntoId: integer("merged_into_id"),
    /** Rectification rounds (整改) so far; ratings and tasks belong to a round. */
    rectificationRound: integer("rectification_round").notNull().default(0),
    /** A follow-up check date after closure (回访), e.g. three months on. */
    reviewOn: text("review_on"),
    reviewRemindedAt: timestampMs("review_reminded_at"),
    closedAt: timestampMs("closed_at"),
    /** Staff may let residents submit alternative plans (备选方案). */
    alternativesAllowed: boolean("alternatives_allowed").notNull().default(false),
    rejectReason: text("reject_reason"),
    createdAt: createdAt(),
    updatedAt: timestampMs("updated_at").notNull().defaultNow(),
  },
  (t) => [
    index("topics_grid_state").on(t.gridId, t.state, t.updatedAt),
    index("topics_community_state").on(t.communityId, t.state, t.updatedAt),
    index("topics_proposer").on(t.proposerId),
    index("topics_item").on(t.agendaItemId),
    index("topics_deadline").on(t.state, t.cosignDeadline),
  ],
);
export type Topic = typeof topics.$inferSelect;

export const topicPhotos = pgTable(
  "topic_photos",
  {
    id: integer("id").primaryKey().generatedByDefaultAsIdentity(),
    topicId: integer("topic_id").notNull().references(() => topics.id),
    /** File name under the data folder's uploads/; random, never from the uploader. */
    storedName: text("stored_name").notNull().unique(),
    mime: text("mime").notNull(),
    bytes: integer("bytes").notNull(),
    position: integer("position").notNull().default(0),
    createdAt: createdAt(),
  },
  (t) => [index("topic_photos_topic").on(t.topicId)],
);

export const cosigns = pgTable(
  "cosigns",
  {
    id: integer("id").primaryKey().generatedByDefaultAsIdentity(),
    topicId: integer("topic_id").notNull().references(() => topics.id),
    personId: integer("person_id").notNull().references(() => people.id),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex("cosigns_topic_person").on(t.topicId, t.personId), index("cosigns_person").on(t.personId, t.topicId)],
);

/** The timeline of a topic: every state transition and the other steps worth showing. */
export const topicEvents = pgTable(
  "topic_events",
  {
    id: integer("id").primaryKey().generatedByDefaultAsIdentity(),
    topicId: integer("topic_id").notNull().references(() => topics.id),
    actorId: integer("actor_id"),
    /** A state-machine transition name, or another step: proposed, cosigned, invited, meetingScheduled … */
    kind: text("kind").notNull(),
    fromState: text("from_state"),
    toState: text("to_state"),
    note: text("note"),
    data: jsonb("data").$type<Record<string, unknown>>(),
    at: timestampMs("at").notNull().defaultNow(),
  },
  (t) => [index("topic_events_topic").on(t.topicId, t.at)],
);
export type TopicEvent = typeof topicEvents.$inferSelect;
