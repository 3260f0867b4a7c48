// PostgreSQL mirror of db/schema/places.ts (issue 15): the same tables, columns, indexes and keys;
// tests/unit/schema-parity.test.ts and tests/pg/schema-parity.test.ts fail when the two drift.
import { boolean, integer, jsonb, pgTable, text, uniqueIndex } from "drizzle-orm/pg-core";
import { createdAt } from "./columns";
import { organisationKinds } from "../schema/places";
// The vocabularies (value lists and their types) are the SQLite file's own, so they cannot drift apart.
export { organisationKinds } from "../schema/places";
export type { OrganisationKind } from "../schema/places";

// ── Organisation of the city: community (社区) → grid (网格) → building/micro-grid (楼栋) → unit (房屋)

export const communities = pgTable("communities", {
  id: integer("id").primaryKey().generatedByDefaultAsIdentity(),
  /**
   * Participation floor (参与人数下限) of residents' and attendees' simple-majority and two-thirds
   * ballots, as "at least this percent of the electorate voted"; null = more than half. A catalog
   * item's own floor wins over it.
   */
  minTurnoutPercent: integer("min_turnout_percent"),
  /** The close rule (办结条件) of supervision ratings; null = the default of lib/domain/close-rule.ts. */
  closeRule: jsonb("close_rule").$type<{ minDimensionMean: number; minSatisfiedShare: number; minResidentAnswers: number; requireAllSupervisors: boolean }>(),
  /** Short code, the first part of every display number (见号知网格), e.g. "HX". */
  code: text("code").notNull().unique(),
  name: text("name").notNull(),
  district: text("district").notNull().default(""),
  street: text("street").notNull().default(""),
  createdAt: createdAt(),
});
export type Community = typeof communities.$inferSelect;

export const grids = pgTable(
  "grids",
  {
    id: integer("id").primaryKey().generatedByDefaultAsIdentity(),
    communityId: integer("community_id").notNull().references(() => communities.id),
    /** Two-digit number within the community, e.g. "01". */
    code: text("code").notNull(),
    name: text("name").notNull(),
    /** 网格议事日: day of month of the recurring council meeting, if the grid keeps one. */
    councilDay: integer("council_day"),
    /** Co-signatures a resident's topic needs before admission (附议门槛). */
    cosignThreshold: integer("cosign_threshold").notNull().default(5),
    /** Days a topic may collect co-signatures before it expires. */
    cosignWindowDays: integer("cosign_window_days").notNull().default(14),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex("grids_community_code").on(t.communityId, t.code)],
);
export type Grid = typeof grids.$inferSelect;

export const buildings = pgTable(
  "buildings",
  {
    id: integer("id").primaryKey().generatedByDefaultAsIdentity(),
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

export const units = pgTable(
  "units",
  {
    id: integer("id").primaryKey().generatedByDefaultAsIdentity(),
    buildingId: integer("building_id").notNull().references(() => buildings.id),
    /** Room number as written on the door, e.g. "1302" or "2-501". */
    number: text("number").notNull(),
    /**
     * Exclusive area (专有部分面积) in hundredths of a square metre, kept as an integer so that
     * the area sums of the owners' vote rule (Civil Code art. 278) are exact.
     */
    areaHundredths: integer("area_hundredths").notNull(),
    /** Unsold units still held by the developer count together as one owner (司法解释). */
    developerHeld: boolean("developer_held").notNull().default(false),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex("units_building_number").on(t.buildingId, t.number)],
);
export type Unit = typeof units.$inferSelect;

export const organisations = pgTable("organisations", {
  id: integer("id").primaryKey().generatedByDefaultAsIdentity(),
  communityId: integer("community_id").notNull().references(() => communities.id),
  kind: text("kind", { enum: organisationKinds }).notNull(),
  name: text("name").notNull(),
  /** Short code used in display numbers of the organisation's people, e.g. "WY1". */
  code: text("code").notNull(),
  description: text("description").notNull().default(""),
  createdAt: createdAt(),
});
export type Organisation = typeof organisations.$inferSelect;
