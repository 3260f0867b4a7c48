import { createHmac, timingSafeEqual } from "node:crypto";
import { authSecret } from "@/lib/auth/secret";

/**
 * The key of a topic's co-sign share link (/cosign/{topicId}/{key}): an HMAC of the topic id under
 * the server's secret. Whoever may see the topic is given the link to pass on (a WeChat group of
 * neighbours); whoever holds the link may see the card and its poster without signing in — and
 * no one can walk the ids for the titles of topics they were never sent, as they could if the
 * card were public by id.
 */
export function cosignShareKey(topicId: number): string {
  return createHmac("sha256", authSecret()).update(`cosign-share:${topicId}`).digest("base64url").slice(0, 22);
}

export function isCosignShareKey(topicId: number, key: string): boolean {
  const want = Buffer.from(cosignShareKey(topicId));
  const got = Buffer.from(key);
  return want.length === got.length && timingSafeEqual(want, got);
}

/** The path of the share card. */
export function cosignSharePath(topicId: number): string {
  return `/cosign/${topicId}/${cosignShareKey(topicId)}`;
}
