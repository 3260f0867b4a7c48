type HeaderSource = Headers | Record<string, unknown> | undefined;

/**
 * The client's address as the nearest proxy saw it: the last X-Forwarded-For entry (Next.js fills
 * the header with the socket's address when no proxy set it). Used only to count failed sign-ins
 * per address; locking a mobile number does not depend on it, so a forged header gains nothing
 * against a single account. A loopback address is no client's own: it is a reverse proxy on the
 * same machine that did not forward the client's address (or a local test), and counting it would
 * lock everyone out at once — so it counts as unknown.
 */
export function clientAddress(headers: HeaderSource): string | null {
  const raw = headers instanceof Headers ? headers.get("x-forwarded-for") : headers?.["x-forwarded-for"];
  const value = Array.isArray(raw) ? raw.join(",") : typeof raw === "string" ? raw : null;
  const last = value?.split(",").map((s) => s.trim()).filter(Boolean).pop();
  // An address is short; anything else is not one and is not worth a row.
  if (!last || last.length > 64) return null;
  return isLoopback(last) ? null : last;
}

function isLoopback(address: string): boolean {
  const v4 = address.replace(/^::ffff:/i, "");
  return v4.startsWith("127.") || address === "::1" || address.toLowerCase() === "localhost";
}
