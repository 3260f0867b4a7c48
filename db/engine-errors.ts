/**
 * The database engines' own error codes, read in one place. better-sqlite3 reports constraint
 * failures as SQLITE_CONSTRAINT_*; node-postgres carries PostgreSQL's SQLSTATE (23505 unique,
 * 23503 foreign key, 40001 serialization failure, 40P01 deadlock). drizzle may wrap the driver's
 * error in `cause`, so the chain is walked.
 */
function codes(e: unknown): string[] {
  const found: string[] = [];
  for (let c: unknown = e, depth = 0; c && depth < 5; c = (c as { cause?: unknown }).cause, depth++) {
    const code = (c as { code?: unknown }).code;
    if (typeof code === "string") found.push(code);
  }
  return found;
}

/** A unique index or primary key clash, on either engine. */
export function isUniqueViolation(e: unknown): boolean {
  return codes(e).some((c) => c === "SQLITE_CONSTRAINT_UNIQUE" || c === "SQLITE_CONSTRAINT_PRIMARYKEY" || c === "23505");
}

/** A row refers to one that is not there (or is still referred to), on either engine. */
export function isForeignKeyViolation(e: unknown): boolean {
  return codes(e).some((c) => c === "SQLITE_CONSTRAINT_FOREIGNKEY" || c === "23503");
}

/** PostgreSQL gave up a transaction that may succeed if run again: serialization failure or deadlock. */
export function isRetryableConflict(e: unknown): boolean {
  return codes(e).some((c) => c === "40001" || c === "40P01");
}

/**
 * A failure of the database's integrity rules that no use case turned into its own message: the
 * same on every engine, so a caller answers 409 with a plain message instead of a stack trace.
 */
export class WriteConflict extends Error {
  constructor(
    readonly kind: "unique" | "foreignKey",
    options: { cause: unknown },
  ) {
    super(kind === "unique" ? "a row with this key exists already" : "a referenced row is missing or still referenced", options);
  }
}
