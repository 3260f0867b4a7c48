import { expect } from "vitest";
import { ZodError } from "zod";
import { AppError, type ErrorCode } from "@/lib/errors";

/*
 * One family for "this call must be refused". `thrown` gives back whatever the call threw (or its
 * promise rejected with); `refusal` insists on an AppError and `expectRefused` also checks its HTTP
 * status (or machine code) and message key; `invalidOn` and `expectInvalid` do the same for the zod
 * issue on one field. Each takes a synchronous call (the answer comes back at once) or a call that
 * returns a promise (the answer is a promise); a call that succeeds fails the test.
 */

export function thrown(fn: () => Promise<unknown>): Promise<unknown>;
export function thrown(fn: () => unknown): unknown;
export function thrown(fn: () => unknown): unknown {
  let result: unknown;
  try {
    result = fn();
  } catch (e) {
    return e;
  }
  if (result instanceof Promise) return result.then(() => Promise.reject(succeeded()), (e: unknown) => e);
  throw succeeded();
}

/** The AppError the call was refused with; anything else it threw is rethrown. */
export function refusal(fn: () => Promise<unknown>): Promise<AppError>;
export function refusal(fn: () => unknown): AppError;
export function refusal(fn: () => unknown): AppError | Promise<AppError> {
  return then(thrown(fn), appError);
}

/**
 * The refusal, after checking it: `expected` is the HTTP status (403) or the machine code
 * ("forbidden"); `key`, when given, the message key.
 */
export function expectRefused(fn: () => Promise<unknown>, expected: number | ErrorCode, key?: string): Promise<AppError>;
export function expectRefused(fn: () => unknown, expected: number | ErrorCode, key?: string): AppError;
export function expectRefused(fn: () => unknown, expected: number | ErrorCode, key?: string): AppError | Promise<AppError> {
  return then(refusal(fn), (e) => {
    const got = typeof expected === "number" ? e.status : e.code;
    expect({ refused: got, key: e.messageKey }).toEqual({ refused: expected, key: key ?? e.messageKey });
    return e;
  });
}

/** The message key of the zod issue on `path` (dotted) the call's input was refused with. */
export function invalidOn(fn: () => Promise<unknown>, path: string): Promise<string>;
export function invalidOn(fn: () => unknown, path: string): string;
export function invalidOn(fn: () => unknown, path: string): string | Promise<string> {
  return then(thrown(fn), (e) => {
    expect(e).toBeInstanceOf(ZodError);
    const issue = (e as ZodError).issues.find((i) => i.path.join(".") === path);
    expect(issue, `issues: ${JSON.stringify((e as ZodError).issues)}`).toBeDefined();
    return issue!.message;
  });
}

/** The call's input is refused with message key `key` on field `path`. */
export function expectInvalid(fn: () => Promise<unknown>, path: string, key: string): Promise<void>;
export function expectInvalid(fn: () => unknown, path: string, key: string): void;
export function expectInvalid(fn: () => unknown, path: string, key: string): void | Promise<void> {
  return then(invalidOn(fn, path), (message) => void expect(message).toBe(key));
}

/** Applies `f` now to a value, or later to a promise's value. */
function then<T, U>(v: T | Promise<T>, f: (v: T) => U): U | Promise<U> {
  return v instanceof Promise ? v.then(f) : f(v);
}

function appError(e: unknown): AppError {
  if (e instanceof AppError) return e;
  throw e;
}

const succeeded = () => new Error("expected a refusal, the call succeeded");
