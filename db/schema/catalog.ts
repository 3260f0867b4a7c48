import { index, integer, sqliteTable, text } from "drizzle-orm/sqlite-core";
import { createdAt } from "./columns";
import { communities } from "./places";

// ── Agenda catalog (网格议事清单): what may be deliberated at all (准入门槛)

export const topicLevels = ["grid", "community"] as const;
export type TopicLevel = (typeof topicLevels)[number];

export const voteRules = ["simpleMajority", "twoThirds", "ownersMajority", "ownersSupermajority"] as const;
export type VoteRule = (typeof voteRules)[number];

export const agendaCategories = sqliteTable("agenda_categories", {
  id: integer("id").primaryKey({ autoIncrement: true }),
  communityId: integer("community_id").notNull().references(() => communities.id),
  name: text("name").notNull(),
  sortOrder: integer("sort_order").notNull().default(0),
  createdAt: createdAt(),
});
export type AgendaCategory = typeof agendaCategories.$inferSelect;

export const agendaItems = sqliteTable(
  "agenda_items",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    categoryId: integer("category_id").notNull().references(() => agendaCategories.id),
    name: text("name").notNull(),
    description: text("description").notNull().default(""),
    defaultLevel: text("default_level", { enum: topicLevels }).notNull().default("grid"),
    defaultVoteRule: text("default_vote_rule", { enum: voteRules }).notNull().default("simpleMajority"),
    /** Overrides the grid's co-sign threshold for this item when set. */
    cosignThreshold: integer("cosign_threshold"),
    /** Overrides the community's participation floor (percent of the electorate) for this item when set. */
    minTurnoutPercent: integer("min_turnout_percent"),
    active: integer("active", { mode: "boolean" }).notNull().default(true),
    sortOrder: integer("sort_order").notNull().default(0),
    createdAt: createdAt(),
  },
  (t) => [index("agenda_items_category").on(t.categoryId)],
);
export type AgendaItem = typeof agendaItems.$inferSelect;
