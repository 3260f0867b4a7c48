import { sql } from "drizzle-orm";
import { index, integer, real, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";

const createdAt = () =>
  integer("created_at", { mode: "timestamp_ms" })
    .notNull()
    .default(sql`(unixepoch('subsec') * 1000)`);

// ── Organisation of the city: community (社区) → grid (网格) → building/micro-grid (楼栋) → unit (房屋)

export const communities = sqliteTable("communities", {
  id: integer("id").primaryKey({ autoIncrement: true }),
  /** Short code, the first part of every display number (见号知网格), e.g. "HX". */
  code: text("code").notNull().unique(),
  name: text("name").notNull(),
  district: text("district").notNull().default(""),
  street: text("street").notNull().default(""),
  createdAt: createdAt(),
});
export type Community = typeof communities.$inferSelect;

export const grids = sqliteTable(
  "grids",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    communityId: integer("community_id").notNull().references(() => communities.id),
    /** Two-digit number within the community, e.g. "01". */
    code: text("code").notNull(),
    name: text("name").notNull(),
    /** 网格议事日: day of month of the recurring council meeting, if the grid keeps one. */
    councilDay: integer("council_day"),
    /** Co-signatures a resident's topic needs before admission (附议门槛). */
    cosignThreshold: integer("cosign_threshold").notNull().default(5),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex("grids_community_code").on(t.communityId, t.code)],
);
export type Grid = typeof grids.$inferSelect;

export const buildings = sqliteTable(
  "buildings",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    gridId: integer("grid_id").notNull().references(() => grids.id),
    /** Two-digit building number within the grid, e.g. "03". */
    code: text("code").notNull(),
    name: text("name").notNull(),
    floors: integer("floors"),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex("buildings_grid_code").on(t.gridId, t.code)],
);
export type Building = typeof buildings.$inferSelect;

export const units = sqliteTable(
  "units",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    buildingId: integer("building_id").notNull().references(() => buildings.id),
    /** Room number as written on the door, e.g. "1302" or "2-501". */
    number: text("number").notNull(),
    /**
     * Exclusive area (专有部分面积) in hundredths of a square metre, kept as an integer so that
     * the area sums of the owners' vote rule (Civil Code art. 278) are exact.
     */
    areaHundredths: integer("area_hundredths").notNull(),
    /** Unsold units still held by the developer count together as one owner (司法解释). */
    developerHeld: integer("developer_held", { mode: "boolean" }).notNull().default(false),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex("units_building_number").on(t.buildingId, t.number)],
);
export type Unit = typeof units.$inferSelect;

export const organisationKinds = ["propertyFirm", "ownersCommittee", "thinkTank"] as const;
export type OrganisationKind = (typeof organisationKinds)[number];

export const organisations = sqliteTable("organisations", {
  id: integer("id").primaryKey({ autoIncrement: true }),
  communityId: integer("community_id").notNull().references(() => communities.id),
  kind: text("kind", { enum: organisationKinds }).notNull(),
  name: text("name").notNull(),
  /** Short code used in display numbers of the organisation's people, e.g. "WY1". */
  code: text("code").notNull(),
  description: text("description").notNull().default(""),
  createdAt: createdAt(),
});
export type Organisation = typeof organisations.$inferSelect;

// ── People and the roles they hold in scopes

export const personStatuses = ["pending", "verified", "rejected"] as const;
export type PersonStatus = (typeof personStatuses)[number];

export const people = sqliteTable("people", {
  id: integer("id").primaryKey({ autoIncrement: true }),
  phone: text("phone").notNull().unique(),
  passwordHash: text("password_hash").notNull(),
  name: text("name").notNull(),
  /** 见号知身份、见号知单位、见号知网格: see lib/people/display-number.ts for the format. */
  displayNumber: text("display_number").notNull().unique(),
  status: text("status", { enum: personStatuses }).notNull().default("pending"),
  /** What the person claimed when registering, until staff verify or reject it. */
  claimedUnitId: integer("claimed_unit_id").references(() => units.id),
  claimedOwner: integer("claimed_owner", { mode: "boolean" }).notNull().default(false),
  rejectReason: text("reject_reason"),
  reviewedBy: integer("reviewed_by"),
  reviewedAt: integer("reviewed_at", { mode: "timestamp_ms" }),
  createdAt: createdAt(),
});
export type Person = typeof people.$inferSelect;

export const roleKinds = [
  "resident",
  "owner",
  "ownersCommitteeMember",
  "propertyFirmStaff",
  "gridChief",
  "gridWorker",
  "supervisor",
  "thinkTankMember",
  "communityAdmin",
] as const;
export type RoleKind = (typeof roleKinds)[number];

/**
 * One row per role a person holds in one scope. The scope columns that matter depend on the role:
 * resident/owner → unitId (and its grid); staff → gridId; organisation roles → organisationId;
 * supervisor and communityAdmin → communityId (and gridId when limited to a grid).
 */
export const roles = sqliteTable(
  "roles",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    personId: integer("person_id").notNull().references(() => people.id),
    role: text("role", { enum: roleKinds }).notNull(),
    communityId: integer("community_id").notNull().references(() => communities.id),
    gridId: integer("grid_id").references(() => grids.id),
    unitId: integer("unit_id").references(() => units.id),
    organisationId: integer("organisation_id").references(() => organisations.id),
    createdAt: createdAt(),
  },
  (t) => [
    index("roles_person").on(t.personId),
    index("roles_grid_role").on(t.gridId, t.role),
    index("roles_unit").on(t.unitId),
    index("roles_org").on(t.organisationId),
  ],
);
export type Role = typeof roles.$inferSelect;

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
    active: integer("active", { mode: "boolean" }).notNull().default(true),
    sortOrder: integer("sort_order").notNull().default(0),
    createdAt: createdAt(),
  },
  (t) => [index("agenda_items_category").on(t.categoryId)],
);
export type AgendaItem = typeof agendaItems.$inferSelect;

// ── API access and the record of what happened

export const apiTokens = sqliteTable("api_tokens", {
  id: integer("id").primaryKey({ autoIncrement: true }),
  personId: integer("person_id").notNull().references(() => people.id),
  /** SHA-256 of the bearer token; the token itself is shown once and never stored. */
  tokenHash: text("token_hash").notNull().unique(),
  expiresAt: integer("expires_at", { mode: "timestamp_ms" }).notNull(),
  createdAt: createdAt(),
});

/** Every use case records what it did: who, when, what, on which subject. */
export const events = sqliteTable(
  "events",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    at: integer("at", { mode: "timestamp_ms" })
      .notNull()
      .default(sql`(unixepoch('subsec') * 1000)`),
    actorId: integer("actor_id"),
    kind: text("kind").notNull(),
    subjectType: text("subject_type").notNull(),
    subjectId: integer("subject_id"),
    data: text("data", { mode: "json" }).$type<Record<string, unknown>>(),
  },
  (t) => [index("events_subject").on(t.subjectType, t.subjectId)],
);
export type Event = typeof events.$inferSelect;
