import type { AppError } from "@/lib/errors";

/** better-sqlite3 reports a unique index clash as SQLITE_CONSTRAINT_UNIQUE; drizzle may wrap it in `cause`. */
export function isUniqueViolation(e: unknown): boolean {
  for (let c: unknown = e, depth = 0; c && depth < 5; c = (c as { cause?: unknown }).cause, depth++) {
    const code = (c as { code?: unknown }).code;
    if (code === "SQLITE_CONSTRAINT_UNIQUE" || code === "SQLITE_CONSTRAINT_PRIMARYKEY") return true;
  }
  return false;
}

/**
 * Runs a write and turns a unique-index clash into the use case's 409. The use cases check for
 * clashes first; this covers the writer in another process that got there in between.
 */
export function mapUniqueClash<T>(write: () => T, clash: () => AppError): T {
  try {
    return write();
  } catch (e) {
    if (isUniqueViolation(e)) throw clash();
    throw e;
  }
}
