import { sql } from "drizzle-orm";
import { index, integer, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";
import { createdAt } from "./columns";
import { organisations } from "./places";
import { people } from "./people";
import { topics } from "./topics";

// ── Plans (方案) and their revisions

export const budgetSources = ["none", "propertyFirm", "maintenanceFund", "publicRevenue", "government", "residents"] as const;
export type BudgetSource = (typeof budgetSources)[number];

export const plans = sqliteTable(
  "plans",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
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
    frozenAt: integer("frozen_at", { mode: "timestamp_ms" }),
    createdAt: createdAt(),
    updatedAt: integer("updated_at", { mode: "timestamp_ms" })
      .notNull()
      .default(sql`(unixepoch('subsec') * 1000)`),
  },
  (t) => [index("plans_topic").on(t.topicId)],
);
export type Plan = typeof plans.$inferSelect;

export type Milestone = { title: string; dueOn: string };

/** Every save of a plan is a revision; none is ever overwritten. */
export const planRevisions = sqliteTable(
  "plan_revisions",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    planId: integer("plan_id").notNull().references(() => plans.id),
    number: integer("number").notNull(),
    authorId: integer("author_id").notNull().references(() => people.id),
    bodyJson: text("body_json", { mode: "json" }).$type<unknown>().notNull(),
    bodyHtml: text("body_html").notNull(),
    /** Who carries it out: an organisation, a person, or a name written out. */
    responsibleOrganisationId: integer("responsible_organisation_id").references(() => organisations.id),
    responsiblePersonId: integer("responsible_person_id").references(() => people.id),
    responsibleText: text("responsible_text").notNull().default(""),
    /** Budget in fen (1/100 yuan), exact. */
    budgetFen: integer("budget_fen").notNull().default(0),
    budgetSource: text("budget_source", { enum: budgetSources }).notNull().default("none"),
    /** Date only, YYYY-MM-DD (Beijing time). */
    deadline: text("deadline"),
    milestones: text("milestones", { mode: "json" }).$type<Milestone[]>().notNull(),
    note: text("note").notNull().default(""),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex("plan_revisions_plan_number").on(t.planId, t.number)],
);
export type PlanRevision = typeof planRevisions.$inferSelect;

export const planComments = sqliteTable(
  "plan_comments",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    planId: integer("plan_id").notNull().references(() => plans.id),
    /** The revision the comment was written against. */
    revisionNumber: integer("revision_number").notNull(),
    authorId: integer("author_id").notNull().references(() => people.id),
    body: text("body").notNull(),
    createdAt: createdAt(),
  },
  (t) => [index("plan_comments_plan").on(t.planId, t.createdAt)],
);
