import "server-only";
import { NextResponse, type NextRequest } from "next/server";
import { getServerSession } from "next-auth";
import { getDb } from "@/db/client";
import { loadActor, type Actor } from "@/lib/auth/actor";
import { authOptions } from "@/lib/auth/options";
import { personIdForToken } from "@/lib/auth/tokens";
import type { ActorCtx, Ctx } from "@/lib/context";
import { describeError } from "@/lib/describe-error";
import { AppError } from "@/lib/errors";
import { localeCookie, pickLocale, type Locale } from "@/lib/i18n/config";
import { isSameOriginRequest, isUnsafeMethod, publicOrigin } from "@/lib/security/public-origin";
import { realFiles } from "@/lib/uploads/files";

const MAX_BODY_BYTES = 1_000_000;

type RouteArgs<P, C extends Ctx> = { req: NextRequest; ctx: C; params: P; locale: Locale };
type RouteContext<P> = { params: Promise<P> };

/** The bearer token of the request, if it carries one. */
export function bearerToken(req: NextRequest): string | null {
  const auth = req.headers.get("authorization");
  return auth?.toLowerCase().startsWith("bearer ") ? auth.slice(7).trim() : null;
}

export async function actorFor(req: NextRequest): Promise<Actor | null> {
  const token = bearerToken(req);
  const db = getDb();
  if (token !== null) {
    const personId = await personIdForToken(db, token);
    if (!personId) throw new AppError("unauthenticated", "invalidToken");
    return loadActor(db, personId);
  }
  const session = await getServerSession(authOptions);
  if (!session?.personId) return null;
  // The browser attaches the session cookie to requests any site makes (a form, a no-cors
  // fetch): a write authenticated by cookie must come from our own pages. Bearer tokens are
  // never attached by a browser on its own, so they need no such check.
  if (isUnsafeMethod(req.method) && !isSameOriginRequest(req.headers, publicOrigin())) throw new AppError("forbidden", "crossOriginRequest");
  return loadActor(db, session.personId);
}

/**
 * Who is calling, for a route that needs a person: 401 for a signed-out caller. Routes answering
 * with a file rather than JSON (scans, exports) call it themselves; apiRoute calls it for the rest.
 */
export async function signedInActorFor(req: NextRequest): Promise<Actor> {
  const actor = await actorFor(req);
  if (!actor) throw new AppError("unauthenticated", "signInRequired");
  return actor;
}

/**
 * Every /api/v1 route that needs a person goes through here: it resolves who is calling (bearer
 * token or session cookie), refuses a signed-out caller with 401 before the handler runs, runs the
 * use case with an `ActorCtx`, and maps typed errors to a status and a translated message.
 */
export function apiRoute<P = Record<string, string>>(handler: (args: RouteArgs<P, ActorCtx>) => unknown, options: { status?: number } = {}) {
  return route(async (req) => ({ db: getDb(), actor: await signedInActorFor(req) }), handler, options);
}

/**
 * The same for the routes anyone may call signed out (the notice board, registration, sign-in,
 * places): the handler gets a `Ctx`, whose actor may be null. A bad bearer token is still 401.
 */
export function publicApiRoute<P = Record<string, string>>(handler: (args: RouteArgs<P, Ctx>) => unknown, options: { status?: number } = {}) {
  return route(async (req) => ({ db: getDb(), actor: await actorFor(req) }), handler, options);
}

function route<P, C extends Ctx>(contextFor: (req: NextRequest) => Promise<C>, handler: (args: RouteArgs<P, C>) => unknown, { status = 200 }: { status?: number }) {
  return async (req: NextRequest, context: RouteContext<P>) => {
    const locale = pickLocale(req.cookies.get(localeCookie)?.value, req.headers.get("accept-language"));
    try {
      const ctx = await contextFor(req);
      const params = (await context?.params) ?? ({} as P);
      const result = await handler({ req, ctx, params, locale });
      // A handler that streams (an import's NDJSON progress) or sends a file builds its own Response.
      if (result instanceof Response) return result;
      return NextResponse.json(result ?? { ok: true }, { status });
    } catch (e) {
      const { status: code, body } = describeError(e, locale);
      return NextResponse.json({ error: body }, { status: code });
    }
  };
}

/**
 * The body's bytes, refused (422) once they pass `max`: by the declared length before reading, and
 * while reading for a chunked body that declares none — otherwise any caller could make the server
 * hold a body of any size in memory before its size is checked.
 */
async function readAtMost(req: NextRequest, max: number): Promise<Uint8Array<ArrayBuffer>> {
  const tooLarge = () => new AppError("invalid_input", "payloadTooLarge");
  if (Number(req.headers.get("content-length")) > max) throw tooLarge();
  const chunks: Uint8Array[] = [];
  let size = 0;
  const reader = req.body?.getReader();
  for (let next = await reader?.read(); next && !next.done; next = await reader!.read()) {
    size += next.value.byteLength;
    if (size > max) {
      await reader!.cancel();
      throw tooLarge();
    }
    chunks.push(next.value);
  }
  const bytes = new Uint8Array(size);
  let at = 0;
  for (const c of chunks) {
    bytes.set(c, at);
    at += c.byteLength;
  }
  return bytes;
}

/**
 * Reads a JSON body, refusing oversized or malformed ones with a 4xx. The body must be a JSON
 * object: routes spread it into the use case's input, and an array, null or a number would
 * otherwise read as "no fields given" (which for some inputs means "clear it").
 */
export async function readJson(req: NextRequest): Promise<unknown> {
  const text = new TextDecoder().decode(await readAtMost(req, MAX_BODY_BYTES));
  if (!text.trim()) return {};
  const type = req.headers.get("content-type");
  if (type && !/^(application\/([\w.+-]+\+)?json|text\/json)\s*(;|$)/i.test(type)) throw new AppError("invalid_input", "jsonContentType");
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new AppError("invalid_input", "invalidJson");
  }
  if (parsed === null || typeof parsed !== "object" || Array.isArray(parsed)) throw new AppError("invalid_input", "jsonObjectRequired");
  return parsed;
}

/** Reads a multipart/form-data body; a malformed one is the caller's mistake (422), not ours. */
export async function readForm(req: NextRequest): Promise<FormData> {
  // Up to 9 photos of 5 MB each, with room for the text fields.
  const bytes = await readAtMost(req, 50 * MAX_BODY_BYTES);
  try {
    return await new Response(bytes, { headers: { "content-type": req.headers.get("content-type") ?? "" } }).formData();
  } catch {
    throw new AppError("invalid_input", "invalidForm");
  }
}

/** Whether the request says it carries multipart/form-data (a form with files). */
export function isMultipart(req: NextRequest): boolean {
  return req.headers.get("content-type")?.startsWith("multipart/form-data") ?? false;
}

/**
 * The body of a route that takes files: multipart/form-data (its text fields, and the files sent
 * under `fileField`, repeated) or JSON (no files). Both go through readForm/readJson, so every
 * such route refuses the same oversized and malformed bodies.
 */
export async function readFieldsAndFiles(req: NextRequest, fileField: string): Promise<{ fields: Record<string, unknown>; files: File[] }> {
  if (!isMultipart(req)) return { fields: (await readJson(req)) as Record<string, unknown>, files: [] };
  const form = await readForm(req);
  const fields: Record<string, string> = {};
  for (const [k, v] of form.entries()) if (typeof v === "string") fields[k] = v;
  return { fields, files: realFiles(form.getAll(fileField)) };
}
