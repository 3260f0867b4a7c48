/**
 * Typed errors of the use cases. Each carries a machine code, the HTTP status it maps to, and an
 * i18n key (under `errors.`) for the message the user reads. The database's own errors are never
 * shown: callers log them and answer with `errors.internal`.
 */
export type ErrorCode =
  | "invalid_input"
  | "unauthenticated"
  | "forbidden"
  | "not_found"
  | "conflict"
  | "locked"
  | "too_many_requests";

const statusByCode: Record<ErrorCode, number> = {
  invalid_input: 422,
  unauthenticated: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  locked: 423,
  too_many_requests: 429,
};

export class AppError extends Error {
  readonly status: number;
  constructor(
    readonly code: ErrorCode,
    /** Key under `errors.` in the message catalogs, e.g. "phoneTaken". */
    readonly messageKey: string,
    readonly params: Record<string, string | number> = {},
    /** Per-field message keys, for forms. */
    readonly fieldErrors: Record<string, string> = {},
  ) {
    super(`${code}: ${messageKey}`);
    this.status = statusByCode[code];
  }
}

export const forbidden = () => new AppError("forbidden", "forbidden");
export const notFound = (what = "notFound") => new AppError("not_found", what);
export const invalid = (messageKey: string, fieldErrors: Record<string, string> = {}, params = {}) =>
  new AppError("invalid_input", messageKey, params, fieldErrors);
