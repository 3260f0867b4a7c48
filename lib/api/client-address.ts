type HeaderSource = Headers | Record<string, unknown> | undefined;

/**
 * The client's address as the nearest proxy saw it: the last X-Forwarded-For entry (Next.js fills
 * the header with the socket's address when no proxy set it). Used only to count failed sign-ins
 * per address; locking a mobile number does not depend on it, so a forged header gains nothing
 * against a single account.
 */
export function clientAddress(headers: HeaderSource): string | null {
  const raw = headers instanceof Headers ? headers.get("x-forwarded-for") : headers?.["x-forwarded-for"];
  const value = Array.isArray(raw) ? raw.join(",") : typeof raw === "string" ? raw : null;
  const last = value?.split(",").map((s) => s.trim()).filter(Boolean).pop();
  // An address is short; anything else is not one and is not worth a row.
  return last && last.length <= 64 ? last : null;
}
