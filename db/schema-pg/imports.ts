// PostgreSQL mirror of db/schema/imports.ts (issue 15): the same tables, columns, indexes and keys;
// tests/unit/schema-parity.test.ts and tests/pg/schema-parity.test.ts fail when the two drift.
import { type AnyPgColumn, index, integer, jsonb, pgTable, text } from "drizzle-orm/pg-core";
import { createdAt, timestampMs } from "./columns";
import { people } from "./people";
import { communities, units } from "./places";
import { importKinds, importConflictKinds, importConflictStatuses, importConflictResolutions } from "../schema/imports";
// The vocabularies (value lists and their types) are the SQLite file's own, so they cannot drift apart.
export { importKinds, importConflictKinds, importConflictStatuses, importConflictResolutions } from "../schema/imports";
export type { ImportKind, ImportConflictKind, ImportConflictResolution } from "../schema/imports";

// ── Going live: files brought in from the property firm, the housing office and the registers

/**
 * One committed import of a file (dry runs write nothing). People verified by a register point here
 * (people.verified_by_import_id), so staff see which file, from which source, made them verified
 * and when. The file's SHA-256 tells a re-import of the same file apart from an edited one.
 */
export const imports = pgTable(
  "imports",
  {
    id: integer("id").primaryKey().generatedByDefaultAsIdentity(),
    communityId: integer("community_id").notNull().references(() => communities.id),
    kind: text("kind", { enum: importKinds }).notNull(),
    /** Where the file came from, as staff entered it, e.g. "物业公司 2026-12 业主名册" or "房管局". */
    source: text("source").notNull().default(""),
    fileName: text("file_name").notNull(),
    fileSha256: text("file_sha256").notNull(),
    /** "xlsx", "csv-utf8" or "csv-gbk". */
    format: text("format").notNull(),
    /** What the commit did: { created, updated, unchanged, … } counts per kind of record. */
    summary: jsonb("summary").$type<Record<string, number>>().notNull(),
    /** person id of the staff member who committed it; null when run from a terminal script. */
    importedBy: integer("imported_by"),
    createdAt: createdAt(),
  },
  (t) => [index("imports_community").on(t.communityId)],
);
export type Import = typeof imports.$inferSelect;

/**
 * What a people import found at odds with what the database already holds (another register, a
 * staff review, a person with the same mobile number under another name). Such claims are not
 * applied by the import; staff decide each one (lib/imports/people/decide-conflict.ts). `key`
 * names the claim (kind, unit, numbers) so a re-import of the same file does not list it twice.
 */
export const importConflicts = pgTable(
  "import_conflicts",
  {
    id: integer("id").primaryKey().generatedByDefaultAsIdentity(),
    importId: integer("import_id").notNull().references(() => imports.id),
    communityId: integer("community_id").notNull().references(() => communities.id),
    kind: text("kind", { enum: importConflictKinds }).notNull(),
    key: text("key").notNull(),
    /** The unit claimed (unitClaimed) — null for a number on two names. */
    unitId: integer("unit_id").references((): AnyPgColumn => units.id),
    /** The person already in the database the claim is at odds with (phoneNameMismatch). */
    personId: integer("person_id").references((): AnyPgColumn => people.id),
    /** The claim as the file made it and what stood against it; see lib/imports/people/plan.ts. */
    data: jsonb("data").$type<Record<string, unknown>>().notNull(),
    status: text("status", { enum: importConflictStatuses }).notNull().default("open"),
    resolution: text("resolution", { enum: importConflictResolutions }),
    resolvedBy: integer("resolved_by"),
    resolvedAt: timestampMs("resolved_at"),
    createdAt: createdAt(),
  },
  (t) => [index("import_conflicts_community_status").on(t.communityId, t.status), index("import_conflicts_key").on(t.communityId, t.key)],
);
export type ImportConflict = typeof importConflicts.$inferSelect;

/**
 * The developer's representative (开发商代表) named by an owners' register: the person who votes the
 * developer-held units together as one owner (法释〔2009〕7号 art. 9). One per community, replaced by
 * a later register; ballots offer them as the proxy of elector "developer". Not a role: it grants
 * no right in the app by itself — the written authorization is still recorded per ballot.
 */
export const developerRepresentatives = pgTable("developer_representatives", {
  id: integer("id").primaryKey().generatedByDefaultAsIdentity(),
  communityId: integer("community_id").notNull().unique().references(() => communities.id),
  personId: integer("person_id").notNull().references((): AnyPgColumn => people.id),
  importId: integer("import_id").notNull().references(() => imports.id),
  createdAt: createdAt(),
});
