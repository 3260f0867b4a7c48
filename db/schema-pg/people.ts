// PostgreSQL mirror of db/schema/people.ts (issue 15): the same tables, columns, indexes and keys;
// tests/unit/schema-parity.test.ts and tests/pg/schema-parity.test.ts fail when the two drift.
import { type AnyPgColumn, boolean, index, integer, pgTable, text } from "drizzle-orm/pg-core";
import { createdAt, timestampMs } from "./columns";
import { imports } from "./imports";
import { communities, grids, units, organisations } from "./places";
import { personStatuses, roleKinds } from "../schema/people";
// The vocabularies (value lists and their types) are the SQLite file's own, so they cannot drift apart.
export { personStatuses, roleKinds } from "../schema/people";
export type { PersonStatus, RoleKind } from "../schema/people";

// ── People and the roles they hold in scopes

export const people = pgTable("people", {
  id: integer("id").primaryKey().generatedByDefaultAsIdentity(),
  phone: text("phone").notNull().unique(),
  /**
   * Null until the person activates: people brought in from an official register (owners'
   * register, residents' list, staff sheet) have no password until they use their activation code.
   */
  passwordHash: text("password_hash"),
  name: text("name").notNull(),
  /** 见号知身份、见号知单位、见号知网格: see lib/people/display-number.ts for the format. */
  displayNumber: text("display_number").notNull().unique(),
  status: text("status", { enum: personStatuses }).notNull().default("pending"),
  /** What the person claimed when registering, until staff verify or reject it. */
  claimedUnitId: integer("claimed_unit_id").references(() => units.id),
  claimedOwner: boolean("claimed_owner").notNull().default(false),
  rejectReason: text("reject_reason"),
  reviewedBy: integer("reviewed_by"),
  reviewedAt: timestampMs("reviewed_at"),
  /**
   * The import that verified this person (the register's source, file and time are on that row):
   * people from an official register are verified by it, not by a staff review.
   */
  verifiedByImportId: integer("verified_by_import_id").references((): AnyPgColumn => imports.id),
  createdAt: createdAt(),
});
export type Person = typeof people.$inferSelect;

/**
 * One row per role a person holds in one scope. The scope columns that matter depend on the role:
 * resident/owner → unitId (and its grid); staff → gridId; organisation roles → organisationId;
 * supervisor and communityAdmin → communityId (and gridId when limited to a grid).
 */
export const roles = pgTable(
  "roles",
  {
    id: integer("id").primaryKey().generatedByDefaultAsIdentity(),
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

// ── API access: bearer tokens, web sessions, sign-in throttling

export const apiTokens = pgTable(
  "api_tokens",
  {
    id: integer("id").primaryKey().generatedByDefaultAsIdentity(),
    personId: integer("person_id").notNull().references(() => people.id),
    /** SHA-256 of the bearer token; the token itself is shown once and never stored. */
    tokenHash: text("token_hash").notNull().unique(),
    expiresAt: timestampMs("expires_at").notNull(),
    createdAt: createdAt(),
  },
  // A password change revokes a person's tokens.
  (t) => [index("api_tokens_person").on(t.personId)],
);

/**
 * Web sign-in sessions. The session cookie (a next-auth JWT) carries a random id; a session lives
 * only while its row does, so signing out or changing the password ends it on the server, and a
 * copied cookie dies with it. Only the id's SHA-256 is stored, as for API tokens.
 */
export const sessions = pgTable(
  "sessions",
  {
    idHash: text("id_hash").primaryKey(),
    personId: integer("person_id").notNull().references(() => people.id),
    expiresAt: timestampMs("expires_at").notNull(),
    createdAt: createdAt(),
  },
  (t) => [index("sessions_person").on(t.personId)],
);

/**
 * Failed sign-ins, counted per mobile number and per client address, so that guessing passwords
 * is slowed down and an account is locked for a while after repeated failures. Kept in the
 * database (not in memory) so a restart does not reset a lock-out.
 */
export const signInFailures = pgTable("sign_in_failures", {
  /** "phone:<number>" or "ip:<address>". */
  key: text("key").primaryKey(),
  failures: integer("failures").notNull(),
  /** Start of the current counting window. */
  windowStartedAt: timestampMs("window_started_at").notNull(),
  lockedUntil: timestampMs("locked_until"),
});
