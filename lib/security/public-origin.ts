/**
 * The one public origin of the deployment (scheme, host, port), from GRIDCOUNCIL_PUBLIC_ORIGIN.
 * Links that leave the screen — QR codes on the notice board and in the meeting room, next-auth's
 * callback URLs — and the same-origin check of cookie-authenticated API writes use it. The
 * request's Host and X-Forwarded-Host are chosen by the caller, so they are never used for this.
 *
 * Unset, it is http://localhost:${PORT} (PORT defaulting to 3000), which is what the two-command
 * start serves. No imports: next.config.ts reads it too.
 */
export const PUBLIC_ORIGIN_VAR = "GRIDCOUNCIL_PUBLIC_ORIGIN";

export class PublicOriginError extends Error {}

/** Validates a configured origin: an absolute http(s) URL with no path, query, fragment or user. */
export function parsePublicOrigin(raw: string | undefined, port: string | undefined = undefined): string {
  const value = raw?.trim();
  if (!value) return `http://localhost:${port?.trim() || "3000"}`;
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new PublicOriginError(`${PUBLIC_ORIGIN_VAR}=${JSON.stringify(value)} is not an absolute URL; write it like https://council.example.org`);
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") throw new PublicOriginError(`${PUBLIC_ORIGIN_VAR} must be an http:// or https:// URL, not ${url.protocol}`);
  if (url.username || url.password) throw new PublicOriginError(`${PUBLIC_ORIGIN_VAR} must not carry a user name or password`);
  if (url.pathname !== "/" || url.search || url.hash || /[?#]/.test(value)) {
    throw new PublicOriginError(`${PUBLIC_ORIGIN_VAR} is an origin only (scheme, host and port), with no path, query or fragment: ${url.origin}`);
  }
  return url.origin;
}

let cached: { raw: string | undefined; port: string | undefined; origin: string } | null = null;

/** The configured public origin, e.g. "https://council.example.org" (no trailing slash). */
export function publicOrigin(): string {
  const raw = process.env[PUBLIC_ORIGIN_VAR];
  const port = process.env.PORT;
  if (!cached || cached.raw !== raw || cached.port !== port) cached = { raw, port, origin: parsePublicOrigin(raw, port) };
  return cached.origin;
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
