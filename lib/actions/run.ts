import "server-only";
import { cookies, headers } from "next/headers";
import { getDb } from "@/db/client";
import { currentActor } from "@/lib/auth/session";
import type { ActorCtx, Ctx } from "@/lib/context";
import { describeError } from "@/lib/describe-error";
import { AppError } from "@/lib/errors";
import { localeCookie, pickLocale } from "@/lib/i18n/config";

export type ActionState<T = unknown> =
  | { ok: true; data: T; message?: string }
  | { ok: false; message: string; fields?: Record<string, string> }
  | null;

/**
 * The one shape of every server action: build the context from the session (never from input),
 * run the use case (which parses, authorizes and writes in one transaction), and turn any error
 * into a message for the form. A signed-out caller is refused here, before the use case runs: a
 * use case that needs a person takes an `ActorCtx`, which only this adapter hands out.
 */
export async function runUseCase<T>(useCase: (ctx: ActorCtx) => T | Promise<T>): Promise<ActionState<T>> {
  const actor = await currentActor();
  return answer(() => {
    if (!actor) throw new AppError("unauthenticated", "signInRequired");
    return useCase({ db: getDb(), actor });
  });
}

/** The same for the few actions anyone may take signed out (registration): the use case gets a `Ctx`. */
export async function runPublicUseCase<T>(useCase: (ctx: Ctx) => T | Promise<T>): Promise<ActionState<T>> {
  const actor = await currentActor();
  return answer(() => useCase({ db: getDb(), actor }));
}

async function answer<T>(run: () => T | Promise<T>): Promise<ActionState<T>> {
  try {
    return { ok: true, data: await run() };
  } catch (e) {
    const locale = pickLocale((await cookies()).get(localeCookie)?.value, (await headers()).get("accept-language"));
    const { body } = describeError(e, locale);
    return { ok: false, message: body.message, ...(body.fields ? { fields: body.fields } : {}) };
  }
}

/** FormData to a plain object for the use case's zod schema (single values only). */
export function formObject(form: FormData): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of form.entries()) if (typeof v === "string" && !k.startsWith("$")) out[k] = v;
  return out;
}
