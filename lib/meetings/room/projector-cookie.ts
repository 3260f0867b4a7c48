import type { DB } from "@/db/client";
import { notFound } from "@/lib/errors";
import { publicOrigin } from "@/lib/security/public-origin";
import { displayCodeExpiry } from "./display-code";

/** The projector's cookie: the display code, set by /meetings/{id}/projector/enter. */
export const DISPLAY_COOKIE = "gc_display";

/** Where the cookie is sent: this meeting's projector page and its stream, nothing else of the app. */
export const displayCookiePath = (meetingId: number) => `/meetings/${meetingId}/projector`;

/**
 * The room PC opens the link it was given once; from then on the code lives in a cookie, not in the
 * URL (the address bar, the history, a bookmark, whatever a screen-share shows):
 *  - a valid code: the cookie (HttpOnly: no script reads it; SameSite=Strict: no other site's page
 *    sends it; path-scoped to this meeting's projector; gone when the code expires), then 303 to
 *    the clean projector URL;
 *  - anything else: any old cookie cleared, then 303 to the projector saying the link opens nothing.
 * The code is checked again on every read of the page and the stream, so revoking still blanks it.
 */
export async function enterProjector(db: DB, rawMeetingId: string, code: string | null, now = new Date()): Promise<Response> {
  if (!/^[1-9]\d{0,8}$/.test(rawMeetingId)) throw notFound("meetingNotFound");
  const meetingId = Number(rawMeetingId);
  const path = displayCookiePath(meetingId);
  const expires = await displayCodeExpiry(db, meetingId, code, now);
  const secure = publicOrigin().startsWith("https:") ? "; Secure" : "";
  const cookie =
    expires && code
      ? `${DISPLAY_COOKIE}=${encodeURIComponent(code)}; Path=${path}; Max-Age=${Math.max(1, Math.floor((expires.getTime() - now.getTime()) / 1000))}; HttpOnly; SameSite=Strict${secure}`
      : `${DISPLAY_COOKIE}=; Path=${path}; Max-Age=0; HttpOnly; SameSite=Strict${secure}`;
  return new Response(null, {
    status: 303,
    headers: {
      // A path of our own, never built from the request's Host.
      location: expires ? path : `${path}?refused=1`,
      "set-cookie": cookie,
      "cache-control": "no-store",
      // The code is in this request's URL: keep it out of any Referer the next page might send.
      "referrer-policy": "no-referrer",
    },
  });
}
