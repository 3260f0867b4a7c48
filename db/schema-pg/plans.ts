// PostgreSQL mirror of db/schema/plans.ts (issue 15): the same tables, columns, indexes and keys;
// tests/unit/schema-parity.test.ts and tests/pg/schema-parity.test.ts fail when the two drift.
import { bigint, index, integer, jsonb, pgTable, text, uniqueIndex } from "drizzle-orm/pg-core";
import { createdAt, timestampMs } from "./columns";
import { organisations } from "./places";
import { people } from "./people";
import { topics } from "./topics";
import { budgetSources, type Milestone } from "../schema/plans";
// The vocabularies (value lists and their types) are the SQLite file's own, so they cannot drift apart.
export { budgetSources } from "../schema/plans";
export type { BudgetSource, Milestone } from "../schema/plans";

// ── Plans (方案) and their revisions

export const plans = pgTable(
  "plans",
  {
    id: integer("id").primaryKey().generatedByDefaultAsIdentity(),
    topicId: integer("topic_id").notNull().references(() => topics.id),
    title: text("title").notNull(),
    /** "official" when drafted by staff, the property firm or the owners' committee; "alternative" when a resident submits one. */
    kind: text("kind", { enum: ["official", "alternative"] }).notNull(),
    authorId: integer("author_id").notNull().references(() => people.id),
    /** The organisation the author drafted it for, if any. */
    organisationId: integer("organisation_id").references(() => organisations.id),
    /** Number of the latest revision (revisions are numbered 1, 2, 3 …). */
    currentRevision: integer("current_revision").notNull().default(1),
    /** Set when the topic goes to a vote on this plan: a frozen plan takes no more revisions. */
    frozenAt: timestampMs("frozen_at"),
    createdAt: createdAt(),
    updatedAt: timestampMs("updated_at").notNull().defaultNow(),
  },
  (t) => [index("plans_topic").on(t.topicId)],
);
export type Plan = typeof plans.$inferSelect;

/** Every save of a plan is a revision; none is ever overwritten. */
export const planRevisions = pgTable(
  "plan_revisions",
  {
    id: integer("id").primaryKey().generatedByDefaultAsIdentity(),
    planId: integer("plan_id").notNull().references(() => plans.id),
    number: integer("number").notNull(),
    authorId: integer("author_id").notNull().references(() => people.id),
    bodyJson: jsonb("body_json").$type<unknown>().notNull(),
    bodyHtml: text("body_html").notNull(),
    /** Who carries it out: an organisation, a person, or a name written out. */
    responsibleOrganisationId: integer("responsible_organisation_id").references(() => organisations.id),
    responsiblePersonId: integer("responsible_person_id").references(() => people.id),
    responsibleText: text("responsible_text").notNull().default(""),
    /** Budget in fen (1/100 yuan), exact; bigint because 2^31 fen is only 21 million yuan. */
    budgetFen: bigint("budget_fen", { mode: "number" }).notNull().default(0),
    budgetSource: text("budget_source", { enum: budgetSources }).notNull().default("none"),
    /** Date only, YYYY-MM-DD (Beijing time). */
    deadline: text("deadline"),
    milestones: jsonb("milestones").$type<Milestone[]>().notNull(),
    note: text("note").notNull().default(""),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex("plan_revisions_plan_number").on(t.planId, t.number)],
);
export type PlanRevision = typeof planRevisions.$inferSelect;

export const planComments = pgTable(
  "plan_comments",
  {
    id: integer("id").primaryKey().generatedByDefaultAsIdentity(),
    planId: integer("plan_id").notNull().references(() => plans.id),
    /** The revision the comment was written against. */
    revisionNumber: integer("revision_number").notNull(),
    authorId: integer("author_id").notNull().references(() => people.id),
    body: text("body").notNull(),
    createdAt: createdAt(),
  },
  (t) => [index("plan_comments_plan").on(t.planId, t.createdAt)],
);
