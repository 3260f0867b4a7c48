import "server-only";
import { forbidden, notFound, redirect } from "next/navigation";
import { getLocale } from "next-intl/server";
import { ZodError } from "zod";
import { getDb } from "@/db/client";
import { currentActor } from "@/lib/auth/session";
import type { ActorCtx, Ctx } from "@/lib/context";
import { describeError } from "@/lib/describe-error";
import { AppError } from "@/lib/errors";

/**
 * The page adapter: what `lib/actions/run.ts` is to server actions and `lib/api/handler.ts` to
 * routes. A page (or a server component of one) gets its context here and runs its reads through
 * `read`, so every page answers a refusal the same way:
 *
 *   401             → sign-in, coming back to the page afterwards
 *   403             → the one forbidden view (app/forbidden.tsx, HTTP 403), unless the page names
 *                     another answer: `{ forbidden: "notFound" }` (a thing whose existence this
 *                     reader may not learn) or `{ forbidden: "inPage" }` (the page explains the
 *                     refusal in its own words with <Forbidden>, e.g. "wait to be verified")
 *   404, 422, ZodError → the 404 page: ids come from the URL, and a malformed one names nothing
 *
 * This only decides what to show: each use case authorizes its read again.
 */

/** A refusal handed back to the page to explain in place (see `read`'s `inPage`, and `attempt`). */
export class Refusal {
  constructor(readonly error: AppError | ZodError) {}
  /** The refusal's message key ("notVerified", "forbidden"…), to pick the page's own wording. */
  get messageKey(): string {
    return this.error instanceof AppError ? this.error.messageKey : "invalidInput";
  }
  /** The page's own words for this refusal, by message key; undefined (<Forbidden>'s general wording) for any other. */
  explain<W>(words: Partial<Record<string, W>>): W | undefined {
    return words[this.messageKey];
  }
  /** The refusal's own message in the reader's language, worded as the API words it. */
  async message(): Promise<string> {
    return describeError(this.error, (await getLocale()) === "en" ? "en" : "zh-CN").body.message;
  }
}

type ReadOptions = {
  /** What a 403 shows: the shared forbidden view (default), the 404 page, or handed back to the page. */
  forbidden?: "view" | "notFound" | "inPage";
};

export type Page<C extends Ctx> = {
  readonly ctx: C;
  /** Runs a read of the page and answers its refusal as above (an async read: when it settles). */
  read<T>(read: (ctx: C) => Promise<T>, options?: { forbidden?: "view" | "notFound" }): Promise<T>;
  read<T>(read: (ctx: C) => Promise<T>, options: { forbidden: "inPage" }): Promise<T | Refusal>;
  read<T>(read: (ctx: C) => T, options?: { forbidden?: "view" | "notFound" }): T;
  read<T>(read: (ctx: C) => T, options: { forbidden: "inPage" }): T | Refusal;
  /**
   * Runs a read and hands every refusal back (403, 404, 422, bad input); only a sign-in redirect
   * and real faults escape. For a part of a page that leaves itself out or says why in place —
   * the page itself has answered for the whole — and for a page whose answer is the refusal
   * (the check-in link says why the code did not check you in).
   */
  attempt<T>(read: (ctx: C) => Promise<T>): Promise<T | Refusal>;
  attempt<T>(read: (ctx: C) => T): T | Refusal;
};

/** 401 → sign-in and back to `path`; the other refusals per `forbidden`. Exported for its tests. */
export function answerRefusal(e: unknown, path: string, onForbidden: NonNullable<ReadOptions["forbidden"]> | "return"): Refusal {
  if (e instanceof ZodError) {
    if (onForbidden === "return") return new Refusal(e);
    notFound();
  }
  if (!(e instanceof AppError)) throw e;
  if (e.status === 401) signIn(path);
  if (onForbidden === "return") return new Refusal(e);
  if (e.status === 404 || e.status === 422) notFound();
  if (e.status === 403) {
    if (onForbidden === "notFound") notFound();
    if (onForbidden === "inPage") return new Refusal(e);
    forbidden();
  }
  throw e;
}

/** Runs `run`, answering what it throws — or, for an async read, what its promise rejects with — by `refuse`. */
function settle<T>(run: () => T, refuse: (e: unknown) => Refusal): T | Refusal | Promise<T | Refusal> {
  try {
    const result = run();
    return result instanceof Promise ? result.catch(refuse) : result;
  } catch (e) {
    return refuse(e);
  }
}

function pageOf<C extends Ctx>(ctx: C, path: string): Page<C> {
  return {
    ctx,
    read<T>(read: (ctx: C) => T, options: ReadOptions = {}): T | Refusal | Promise<T | Refusal> {
      return settle(() => read(ctx), (e) => answerRefusal(e, path, options.forbidden ?? "view"));
    },
    attempt<T>(read: (ctx: C) => T): T | Refusal | Promise<T | Refusal> {
      return settle(() => read(ctx), (e) => answerRefusal(e, path, "return"));
    },
  } as Page<C>;
}

/** Sends a signed-out visitor to sign in, coming back to `path` (path and query) afterwards. */
function signIn(path: string): never {
  redirect(`/sign-in?callbackUrl=${encodeURIComponent(path)}`);
}

/**
 * A page for signed-in people: its context has the actor. A signed-out visitor is sent to sign in
 * and brought back to `path`; with `{ signedOut: "null" }` the page gets null instead and shows
 * its own signed-out view (the home page's welcome, a section's "sign in to see" link).
 */
export async function signedInPage(path: string): Promise<Page<ActorCtx>>;
export async function signedInPage(path: string, options: { signedOut: "null" }): Promise<Page<ActorCtx> | null>;
export async function signedInPage(path: string, options?: { signedOut: "null" }): Promise<Page<ActorCtx> | null> {
  const actor = await currentActor();
  if (!actor) {
    if (options?.signedOut === "null") return null;
    signIn(path);
  }
  return pageOf({ db: getDb(), actor }, path);
}

/** A page anyone may see (the notice board, registration): the actor is whoever is signed in, or null. */
export async function publicPage(path: string): Promise<Page<Ctx>> {
  return pageOf({ db: getDb(), actor: await currentActor() }, path);
}
