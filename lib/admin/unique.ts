import { isUniqueViolation } from "@/db/engine-errors";
import type { AppError } from "@/lib/errors";

export { isUniqueViolation };

/**
 * Runs a write and turns a unique-index clash into the use case's 409. The use cases check for
 * clashes first; this covers the writer in another process that got there in between.
 */
export function mapUniqueClash<T>(write: () => T, clash: () => AppError): T {
  try {
    const written = write();
    // A unit of work is a promise: its clash arrives as a rejection, mapped the same way.
    if (written instanceof Promise) {
      return written.catch((e: unknown) => {
        throw isUniqueViolation(e) ? clash() : e;
      }) as T;
    }
    return written;
  } catch (e) {
    if (isUniqueViolation(e)) throw clash();
    throw e;
  }
}
