import "server-only";
import { publicOrigin } from "@/lib/security/public-origin";

/**
 * The origin for links that leave the screen (the check-in QR code scanned by phones, the QR
 * code on a printed notice): the configured public origin, never the request's Host or
 * X-Forwarded-Host — those are whatever the caller sent, and a forged one would put an
 * attacker's address on the notice board.
 */
export function linkOrigin(): string {
  return publicOrigin();
}
