import "server-only";
import type { NextRequest } from "next/server";
import { getDb } from "@/db/client";
import type { Actor } from "@/lib/auth/actor";
import { describeError } from "@/lib/describe-error";
import { localeCookie, pickLocale, type Locale } from "@/lib/i18n/config";
import { photoSizeOf } from "@/lib/uploads/serve";
import { visiblePhoto, type PhotoKind } from "@/lib/uploads/visible-photo";
import { actorFor } from "./handler";

/*
 * The adapters for routes that answer with a file rather than JSON (exports, the record PDF,
 * photos, proxy scans). The use cases return data or bytes with a name and a type; the route builds
 * the response, with these headers.
 */

type RouteContext<P> = { params: Promise<P> };

/**
 * A route that answers with a file it builds itself, or with a JSON error in the reader's language
 * (as apiRoute does) when the use case refuses.
 */
export function fileRoute<P>(handler: (args: { req: NextRequest; params: P; locale: Locale }) => Promise<Response>) {
  return async (req: NextRequest, context: RouteContext<P>) => {
    const locale = pickLocale(req.cookies.get(localeCookie)?.value, req.headers.get("accept-language"));
    try {
      return await handler({ req, params: await context.params, locale });
    } catch (e) {
      const { status, body } = describeError(e, locale);
      return Response.json({ error: body }, { status });
    }
  };
}

/**
 * A file the use case made for this caller (an export, a record PDF): saved as a download
 * ("attachment") or shown in the browser ("inline"), under its own name, never cached by anyone else.
 */
export function fileResponse(file: { bytes: Uint8Array<ArrayBuffer>; name: string; type: string }, disposition: "attachment" | "inline"): Response {
  return new Response(file.bytes, {
    status: 200,
    headers: {
      "content-type": file.type,
      "content-disposition": `${disposition}; filename="${file.name}"`,
      "cache-control": "private, no-store",
    },
  });
}

/** An image we stored (re-encoded on upload): its type from our own encoding, nosniff, no script. */
export function imageResponse(image: { bytes: Uint8Array<ArrayBuffer>; mime: string }, cacheControl: string): Response {
  return new Response(image.bytes, {
    headers: {
      "content-type": image.mime,
      "cache-control": cacheControl,
      "x-content-type-options": "nosniff",
      "content-security-policy": "default-src 'none'",
    },
  });
}

/**
 * GET /{topics|tasks|ratings}/photos/{id}[?size=thumb]: the photo (or its list-size copy) for
 * whoever may see it. Everyone else — signed out, a bad token, not allowed, no such photo — gets
 * the same bare 404, so that a photo's existence does not leak.
 */
export function photoRoute(kind: PhotoKind) {
  return async (req: NextRequest, { params }: RouteContext<{ id: string }>) => {
    const { id } = await params;
    const actor = await actorFor(req).catch((): Actor | null => null);
    const photo = actor ? await visiblePhoto({ db: getDb(), actor }, kind, id, photoSizeOf(req.nextUrl)) : null;
    if (!photo) return new Response(null, { status: 404 });
    return imageResponse(photo, "private, max-age=86400");
  };
}
