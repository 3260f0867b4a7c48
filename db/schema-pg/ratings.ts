// PostgreSQL mirror of db/schema/ratings.ts (issue 15): the same tables, columns, indexes and keys;
// tests/unit/schema-parity.test.ts and tests/pg/schema-parity.test.ts fail when the two drift.
import { integer, pgTable, text, uniqueIndex } from "drizzle-orm/pg-core";
import { createdAt } from "./columns";
import { people } from "./people";
import { topics } from "./topics";
import { satisfactionAnswers } from "../schema/ratings";
// The vocabularies (value lists and their types) are the SQLite file's own, so they cannot drift apart.
export { satisfactionAnswers } from "../schema/ratings";

// ── Supervision rating (监督评价)

/** Civilian supervisors (民间督导员) assigned to a topic's review. */
export const topicSupervisors = pgTable(
  "topic_supervisors",
  {
    id: integer("id").primaryKey().generatedByDefaultAsIdentity(),
    topicId: integer("topic_id").notNull().references(() => topics.id),
    personId: integer("person_id").notNull().references(() => people.id),
    assignedBy: integer("assigned_by").notNull().references(() => people.id),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex("topic_supervisors_topic_person").on(t.topicId, t.personId)],
);

/**
 * Staff record that an assigned supervisor cannot rate a review round (ill, moved away): the
 * round may then be concluded without them. The reason is shown to staff and supervisors.
 */
export const supervisorExcusals = pgTable(
  "supervisor_excusals",
  {
    id: integer("id").primaryKey().generatedByDefaultAsIdentity(),
    topicId: integer("topic_id").notNull().references(() => topics.id),
    round: integer("round").notNull(),
    personId: integer("person_id").notNull().references(() => people.id),
    reason: text("reason").notNull(),
    recordedBy: integer("recorded_by").notNull().references(() => people.id),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex("supervisor_excusals_topic_round_person").on(t.topicId, t.round, t.personId)],
);

/** One supervisor's rating of one review round: five dimensions, 1–5 each. */
export const supervisionRatings = pgTable(
  "supervision_ratings",
  {
    id: integer("id").primaryKey().generatedByDefaultAsIdentity(),
    topicId: integer("topic_id").notNull().references(() => topics.id),
    round: integer("round").notNull(),
    supervisorId: integer("supervisor_id").notNull().references(() => people.id),
    process: integer("process").notNull(),
    timeliness: integer("timeliness").notNull(),
    quality: integer("quality").notNull(),
    transparency: integer("transparency").notNull(),
    satisfaction: integer("satisfaction").notNull(),
    comment: text("comment").notNull().default(""),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex("supervision_ratings_topic_round_supervisor").on(t.topicId, t.round, t.supervisorId)],
);

export const ratingPhotos = pgTable("rating_photos", {
  id: integer("id").primaryKey().generatedByDefaultAsIdentity(),
  ratingId: integer("rating_id").notNull().references(() => supervisionRatings.id),
  storedName: text("stored_name").notNull().unique(),
  mime: text("mime").notNull(),
  bytes: integer("bytes").notNull(),
});

/** Residents' satisfaction (满意度), once each per review round. */
export const satisfactionVotes = pgTable(
  "satisfaction_votes",
  {
    id: integer("id").primaryKey().generatedByDefaultAsIdentity(),
    topicId: integer("topic_id").notNull().references(() => topics.id),
    round: integer("round").notNull(),
    personId: integer("person_id").notNull().references(() => people.id),
    answer: text("answer", { enum: satisfactionAnswers }).notNull(),
    comment: text("comment").notNull().default(""),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex("satisfaction_votes_topic_round_person").on(t.topicId, t.round, t.personId)],
);
