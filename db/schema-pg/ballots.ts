// PostgreSQL mirror of db/schema/ballots.ts (issue 15): the same tables, columns, indexes and keys;
// tests/unit/schema-parity.test.ts and tests/pg/schema-parity.test.ts fail when the two drift.
import { boolean, index, integer, jsonb, pgTable, text, uniqueIndex } from "drizzle-orm/pg-core";
import { createdAt, timestampMs } from "./columns";
import { communities, grids, buildings } from "./places";
import { people } from "./people";
import { voteRules } from "./catalog";
import { topics } from "./topics";
import { meetings } from "./meetings";
import { plans } from "./plans";
import { ballotKinds, electorateKinds, voteChoices } from "../schema/ballots";
// The vocabularies (value lists and their types) are the SQLite file's own, so they cannot drift apart.
export { ballotKinds, electorateKinds, voteChoices } from "../schema/ballots";
export type { ElectorateKind } from "../schema/ballots";

// ── Ballots (表决): the vote on one plan or a choice among several

export const ballots = pgTable(
  "ballots",
  {
    id: integer("id").primaryKey().generatedByDefaultAsIdentity(),
    topicId: integer("topic_id").notNull().references(() => topics.id),
    communityId: integer("community_id").notNull().references(() => communities.id),
    gridId: integer("grid_id").references(() => grids.id),
    title: text("title").notNull(),
    /** "single": agree / disagree / abstain on one plan; "choice": choose one of several plans. */
    kind: text("kind", { enum: ballotKinds }).notNull(),
    rule: text("rule", { enum: voteRules }).notNull(),
    electorateKind: text("electorate_kind", { enum: electorateKinds }).notNull(),
    meetingId: integer("meeting_id").references(() => meetings.id),
    buildingId: integer("building_id").references(() => buildings.id),
    /** Meeting ballots: people who must be present for the vote to count (出席法定人数). */
    quorumRequired: integer("quorum_required"),
    /** Secret: nobody, staff included, sees a choice before or after the close; named: choices are listed at the close. */
    secret: boolean("secret").notNull().default(true),
    opensAt: timestampMs("opens_at").notNull(),
    closesAt: timestampMs("closes_at").notNull(),
    status: text("status", { enum: ["open", "closed"] }).notNull().default("open"),
    /** Electorate snapshot taken when the ballot opened (for meeting ballots: grows as people check in). */
    electorCount: integer("elector_count").notNull().default(0),
    electorAreaHundredths: integer("elector_area_hundredths").notNull().default(0),
    /** Turnout kept up to date on every vote, so it is shown without counting rows. */
    votedCount: integer("voted_count").notNull().default(0),
    votedAreaHundredths: integer("voted_area_hundredths").notNull().default(0),
    /** The tally at the close: every figure of the rule and why it passed or failed. */
    result: jsonb("result").$type<Record<string, unknown>>(),
    passed: boolean("passed"),
    winningPlanId: integer("winning_plan_id").references(() => plans.id),
    createdBy: integer("created_by").notNull().references(() => people.id),
    closedAt: timestampMs("closed_at"),
    /**
     * The participation floor in force, snapshotted at the opening (a later catalog change does not
     * move an open ballot): votes cast / electorate must meet it. Null: no floor (owners' rules, whose
     * art. 278 participation figures are their floor; ballots opened before floors existed).
     */
    turnoutFloor: jsonb("turnout_floor").$type<{ num: number; den: number; strict: boolean }>(),
    /** Closed before closesAt (which is never rewritten): on which ground, and when. */
    earlyCloseGround: text("early_close_ground", { enum: ["allVoted", "settled", "meetingChair"] }),
    earlyClosedAt: timestampMs("early_closed_at"),
    createdAt: createdAt(),
  },
  (t) => [index("ballots_topic").on(t.topicId), index("ballots_status_closes").on(t.status, t.closesAt), index("ballots_meeting").on(t.meetingId)],
);
export type Ballot = typeof ballots.$inferSelect;

export const ballotOptions = pgTable(
  "ballot_options",
  {
    id: integer("id").primaryKey().generatedByDefaultAsIdentity(),
    ballotId: integer("ballot_id").notNull().references(() => ballots.id),
    planId: integer("plan_id").notNull().references(() => plans.id),
    /** The frozen revision that is being voted on. */
    revisionNumber: integer("revision_number").notNull(),
    position: integer("position").notNull(),
  },
  (t) => [uniqueIndex("ballot_options_ballot_plan").on(t.ballotId, t.planId)],
);

/**
 * The electorate: one row per counted voter. For the owners' rules an elector is a counted owner
 * (an owner of several units once, the developer's unsold units together, co-owners together),
 * with the area of all their units; for the other rules an elector is one person.
 */
export const ballotElectors = pgTable(
  "ballot_electors",
  {
    id: integer("id").primaryKey().generatedByDefaultAsIdentity(),
    ballotId: integer("ballot_id").notNull().references(() => ballots.id),
    electorKey: text("elector_key").notNull(),
    label: text("label").notNull(),
    areaHundredths: integer("area_hundredths").notNull().default(0),
    unitIds: jsonb("unit_ids").$type<number[]>().notNull(),
  },
  (t) => [uniqueIndex("ballot_electors_ballot_key").on(t.ballotId, t.electorKey)],
);

/** Which people may vote for which elector (the owners of a counted owner, or the person themself). */
export const ballotElectorMembers = pgTable(
  "ballot_elector_members",
  {
    id: integer("id").primaryKey().generatedByDefaultAsIdentity(),
    ballotId: integer("ballot_id").notNull().references(() => ballots.id),
    electorKey: text("elector_key").notNull(),
    personId: integer("person_id").notNull().references(() => people.id),
  },
  (t) => [uniqueIndex("ballot_elector_members_ballot_person_key").on(t.ballotId, t.personId, t.electorKey), index("ballot_elector_members_person").on(t.personId)],
);

/** An owner's written authorization for someone else to vote for them (委托投票), with its scan. */
export const ballotProxies = pgTable(
  "ballot_proxies",
  {
    id: integer("id").primaryKey().generatedByDefaultAsIdentity(),
    ballotId: integer("ballot_id").notNull().references(() => ballots.id),
    electorKey: text("elector_key").notNull(),
    proxyPersonId: integer("proxy_person_id").notNull().references(() => people.id),
    scanStoredName: text("scan_stored_name").notNull(),
    scanMime: text("scan_mime").notNull(),
    recordedBy: integer("recorded_by").notNull().references(() => people.id),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex("ballot_proxies_ballot_elector").on(t.ballotId, t.electorKey)],
);

/** One elector's current vote; changing it updates this row (and the audit log keeps every step). */
export const votes = pgTable(
  "votes",
  {
    id: integer("id").primaryKey().generatedByDefaultAsIdentity(),
    ballotId: integer("ballot_id").notNull().references(() => ballots.id),
    electorKey: text("elector_key").notNull(),
    /** For "single" ballots. */
    choice: text("choice", { enum: voteChoices }),
    /** For "choice" ballots: the chosen ballot option. */
    optionId: integer("option_id").references(() => ballotOptions.id),
    channel: text("channel", { enum: ["online", "paper"] }).notNull(),
    /** Who cast it: the owner, their proxy, or (paper) the voter whose paper staff entered. */
    castBy: integer("cast_by").notNull().references(() => people.id),
    /** Paper ballots: the staff member who entered it and the named witness (监票人). */
    recordedBy: integer("recorded_by").references(() => people.id),
    witness: text("witness"),
    viaProxyId: integer("via_proxy_id").references(() => ballotProxies.id),
    createdAt: createdAt(),
    updatedAt: timestampMs("updated_at").notNull().defaultNow(),
  },
  (t) => [uniqueIndex("votes_ballot_elector").on(t.ballotId, t.electorKey)],
);
export type Vote = typeof votes.$inferSelect;

/**
 * Append-only, hash-chained record of every ballot, vote, change, paper entry and tally: each
 * entry holds the hash of the previous one, so `npm run audit:verify` can name any row changed
 * or deleted behind the app's back.
 */
export const auditLog = pgTable(
  "audit_log",
  {
    id: integer("id").primaryKey().generatedByDefaultAsIdentity(),
    at: timestampMs("at").notNull(),
    actorId: integer("actor_id"),
    kind: text("kind").notNull(),
    ballotId: integer("ballot_id"),
    /** Canonical JSON of what happened (for votes: elector key, choice or option, channel). */
    payload: text("payload").notNull(),
    prevHash: text("prev_hash").notNull(),
    hash: text("hash").notNull(),
  },
  (t) => [index("audit_log_ballot").on(t.ballotId, t.id)],
);

// ── Resolutions (决议)

export const resolutions = pgTable(
  "resolutions",
  {
    id: integer("id").primaryKey().generatedByDefaultAsIdentity(),
    topicId: integer("topic_id").notNull().references(() => topics.id),
    ballotId: integer("ballot_id").notNull().references(() => ballots.id),
    planId: integer("plan_id").notNull().references(() => plans.id),
    /** Human number, e.g. "HX决〔2026〕3号". */
    number: text("number").notNull().unique(),
    title: text("title").notNull(),
    /** Generated from the plan and the result when the ballot closes. */
    text: text("text").notNull(),
    createdAt: createdAt(),
  },
  (t) => [index("resolutions_topic").on(t.topicId), index("resolutions_ballot").on(t.ballotId)],
);
export type Resolution = typeof resolutions.$inferSelect;
