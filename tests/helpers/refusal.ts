import { expect } from "vitest";
import { AppError } from "@/lib/errors";

/**
 * The AppError a use case (or route) refused with. Synchronous calls give it back at once, calls that
 * return a promise give a promise of it; anything other than an AppError is rethrown, and success
 * fails the test.
 */
export function refusal(fn: () => Promise<unknown>): Promise<AppError>;
export function refusal(fn: () => unknown): AppError;
export function refusal(fn: () => unknown): AppError | Promise<AppError> {
  let result: unknown;
  try {
    result = fn();
  } catch (e) {
    return appError(e);
  }
  if (result instanceof Promise) return result.then(() => Promise.reject(succeeded()), appError);
  throw succeeded();
}

/** The refusal, always as a promise (for `expect(…).resolves`). */
export const refusalAsync = async (fn: () => unknown): Promise<AppError> => refusal(fn);

/** The refusal, after checking its status and message key. */
export function expectRefusal(fn: () => Promise<unknown>, status: number, key: string): Promise<AppError>;
export function expectRefusal(fn: () => unknown, status: number, key: string): AppError;
export function expectRefusal(fn: () => unknown, status: number, key: string): AppError | Promise<AppError> {
  const check = (e: AppError) => {
    expect({ status: e.status, key: e.messageKey }).toEqual({ status, key });
    return e;
  };
  const e = refusal(fn);
  return e instanceof Promise ? e.then(check) : check(e);
}

function appError(e: unknown): AppError {
  if (e instanceof AppError) return e;
  throw e;
}

const succeeded = () => new Error("expected a refusal, the call succeeded");
