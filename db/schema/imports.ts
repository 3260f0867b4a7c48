import { index, integer, sqliteTable, text } from "drizzle-orm/sqlite-core";
import { createdAt } from "./columns";
import { communities } from "./places";

// ── Going live: files brought in from the property firm, the housing office and the registers

export const importKinds = ["estate", "ownersRegister", "residents", "staff"] as const;
export type ImportKind = (typeof importKinds)[number];

/**
 * One committed import of a file (dry runs write nothing). People verified by a register point here
 * (people.verified_by_import_id), so staff see which file, from which source, made them verified
 * and when. The file's SHA-256 tells a re-import of the same file apart from an edited one.
 */
export const imports = sqliteTable(
  "imports",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    communityId: integer("community_id").notNull().references(() => communities.id),
    kind: text("kind", { enum: importKinds }).notNull(),
    /** Where the file came from, as staff entered it, e.g. "物业公司 2026-12 业主名册" or "房管局". */
    source: text("source").notNull().default(""),
    fileName: text("file_name").notNull(),
    fileSha256: text("file_sha256").notNull(),
    /** "xlsx", "csv-utf8" or "csv-gbk". */
    format: text("format").notNull(),
    /** What the commit did: { created, updated, unchanged, … } counts per kind of record. */
    summary: text("summary", { mode: "json" }).$type<Record<string, number>>().notNull(),
    /** person id of the staff member who committed it; null when run from a terminal script. */
    importedBy: integer("imported_by"),
    createdAt: createdAt(),
  },
  (t) => [index("imports_community").on(t.communityId)],
);
export type Import = typeof imports.$inferSelect;
