// PostgreSQL mirror of db/schema/activation.ts (issue 15): the same tables, columns, indexes and keys;
// tests/unit/schema-parity.test.ts and tests/pg/schema-parity.test.ts fail when the two drift.
import { index, integer, pgTable, text } from "drizzle-orm/pg-core";
import { createdAt, timestampMs } from "./columns";
import { people } from "./people";

// ── Activation of people brought in from an official register (they have no password yet)

/**
 * One-time activation codes, printed on a household's letter (and later sent by SMS). Only the
 * code's SHA-256 is stored: whoever reads the database cannot activate anyone's account. A code
 * works once, until expiresAt, for the person it was issued to — and only with that person's own
 * mobile number (lib/activation/activate.ts), so a letter lost in the stairwell gives nothing away.
 * Issuing a fresh code revokes the person's earlier unused ones.
 */
export const activationCodes = pgTable(
  "activation_codes",
  {
    id: integer("id").primaryKey().generatedByDefaultAsIdentity(),
    personId: integer("person_id").notNull().references(() => people.id),
    /** SHA-256 (hex) of the normalised code (lib/domain/activation-code.ts); the code itself is never stored. */
    codeHash: text("code_hash").notNull().unique(),
    expiresAt: timestampMs("expires_at").notNull(),
    usedAt: timestampMs("used_at"),
    revokedAt: timestampMs("revoked_at"),
    /** The staff member who issued it; null when issued by a script. */
    issuedBy: integer("issued_by").references(() => people.id),
    createdAt: createdAt(),
  },
  (t) => [index("activation_codes_person").on(t.personId)],
);
export type ActivationCode = typeof activationCodes.$inferSelect;
