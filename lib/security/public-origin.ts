import { config } from "@/lib/config";

/**
 * The one public origin of the deployment (scheme, host, port), GRIDCOUNCIL_PUBLIC_ORIGIN as
 * lib/config parses it. Links that leave the screen — QR codes on the notice board and in the
 * meeting room, next-auth's callback URLs — and the same-origin check of cookie-authenticated API
 * writes use it. The request's Host and X-Forwarded-Host are chosen by the caller, so they are
 * never used for this.
 *
 * Unset, it is http://localhost:${PORT} (PORT defaulting to 3000), which is what the two-command
 * start serves.
 */
export function publicOrigin(): string {
  return config().publicOrigin;
}

/** An absolute URL on the public origin for a path of the app ("/topics/12"). */
export function publicUrl(path: string): string {
  return `${publicOrigin()}${path.startsWith("/") ? path : `/${path}`}`;
}

type HeaderReader = { get(name: string): string | null };

/**
 * Whether an unsafe request carrying a session cookie comes from the app's own pages: its Origin
 * is the public origin, or the browser says the request is same-origin (Sec-Fetch-Site, which a
 * page cannot set — it also covers a trial reached on a LAN address rather than the configured
 * one). A request with neither header is refused: every browser that could be made to send the
 * cookie from another site sends one of them.
 */
export function isSameOriginRequest(headers: HeaderReader, origin: string): boolean {
  const claimed = headers.get("origin");
  if (claimed && claimed !== "null") {
    try {
      if (new URL(claimed).origin === origin) return true;
    } catch {
      // not a URL: judged by Sec-Fetch-Site alone
    }
  }
  return headers.get("sec-fetch-site")?.trim().toLowerCase() === "same-origin";
}

/** Methods that may change something; only these need the origin check. */
export const isUnsafeMethod = (method: string) => !["GET", "HEAD", "OPTIONS"].includes(method.toUpperCase());
