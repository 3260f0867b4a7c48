// PostgreSQL mirror of db/schema/catalog.ts (issue 15): the same tables, columns, indexes and keys;
// tests/unit/schema-parity.test.ts and tests/pg/schema-parity.test.ts fail when the two drift.
import { boolean, index, integer, pgTable, text } from "drizzle-orm/pg-core";
import { createdAt } from "./columns";
import { communities } from "./places";
import { topicLevels, voteRules } from "../schema/catalog";
// The vocabularies (value lists and their types) are the SQLite file's own, so they cannot drift apart.
export { topicLevels, voteRules } from "../schema/catalog";
export type { TopicLevel, VoteRule } from "../schema/catalog";

// ── Agenda catalog (网格议事清单): what may be deliberated at all (准入门槛)

export const agendaCategories = pgTable("agenda_categories", {
  id: integer("id").primaryKey().generatedByDefaultAsIdentity(),
  communityId: integer("community_id").notNull().references(() => communities.id),
  name: text("name").notNull(),
  sortOrder: integer("sort_order").notNull().default(0),
  createdAt: createdAt(),
});
export type AgendaCategory = typeof agendaCategories.$inferSelect;

export const agendaItems = pgTable(
  "agenda_items",
  {
    id: integer("id").primaryKey().generatedByDefaultAsIdentity(),
    categoryId: integer("category_id").notNull().references(() => agendaCategories.id),
    name: text("name").notNull(),
    description: text("description").notNull().default(""),
    defaultLevel: text("default_level", { enum: topicLevels }).notNull().default("grid"),
    defaultVoteRule: text("default_vote_rule", { enum: voteRules }).notNull().default("simpleMajority"),
    /** Overrides the grid's co-sign threshold for this item when set. */
    cosignThreshold: integer("cosign_threshold"),
    /** Overrides the community's participation floor (percent of the electorate) for this item when set. */
    minTurnoutPercent: integer("min_turnout_percent"),
    active: boolean("active").notNull().default(true),
    sortOrder: integer("sort_order").notNull().default(0),
    createdAt: createdAt(),
  },
  (t) => [index("agenda_items_category").on(t.categoryId)],
);
export type AgendaItem = typeof agendaItems.$inferSelect;
