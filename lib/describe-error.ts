import { ZodError } from "zod";
import { WriteConflict } from "@/db/engine-errors";
import { AppError } from "@/lib/errors";
import type { Locale } from "@/lib/i18n/config";
import { errorMessage } from "@/lib/i18n/translate";

export type ErrorBody = { code: string; message: string; fields?: Record<string, string> };

/** Turns anything a use case threw into a status and a message in the reader's language. */
export function describeError(e: unknown, locale: Locale): { status: number; body: ErrorBody } {
  if (e instanceof ZodError) {
    const fields: Record<string, string> = {};
    for (const issue of e.issues) {
      const path = issue.path.join(".") || "_";
      fields[path] ??= errorMessage(locale, issue.message);
    }
    const first = Object.values(fields)[0];
    return {
      status: 422,
      body: { code: "invalid_input", message: first ?? errorMessage(locale, "invalidInput"), fields },
    };
  }
  if (e instanceof AppError) {
    const fields = Object.fromEntries(
      Object.entries(e.fieldErrors).map(([k, v]) => [k, errorMessage(locale, v, e.params)]),
    );
    return {
      status: e.status,
      body: { code: e.code, message: errorMessage(locale, e.messageKey, e.params), ...(Object.keys(fields).length ? { fields } : {}) },
    };
  }
  // A clash another writer caused between our checks and our write, on either engine: try again.
  if (e instanceof WriteConflict) {
    const key = e.kind === "unique" ? "writeConflict" : "referenceGone";
    return { status: 409, body: { code: "conflict", message: errorMessage(locale, key) } };
  }
  // The database's own error is logged, never shown.
  console.error(e);
  return { status: 500, body: { code: "internal", message: errorMessage(locale, "internal") } };
}
