import { createHash, randomInt, timingSafeEqual } from "node:crypto";
import { checkThrottle, recordFailure, type ThrottleCheck, type ThrottleRecord } from "./sign-in-throttle";

/**
 * The one-time code that guards the web setup (the way Gitea and Grafana print one in their log):
 * three groups of four characters from an alphabet with no look-alikes (no 0/O, 1/I/L), read off
 * a terminal and typed on a phone. 31^12 ≈ 2^59 codes: with the per-address lock below, guessing
 * is hopeless. Pure: no database.
 */
export const SETUP_CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789";
const GROUPS = 3;
const GROUP_SIZE = 4;

/** How long a printed code stays good. Reopening /setup after that prints a fresh one to the log. */
export const SETUP_CODE_VALID_HOURS = 24;

/** Wrong codes an address may enter in WINDOW_MINUTES (lib/domain/sign-in-throttle.ts) before it is locked out for LOCK_MINUTES. */
export const MAX_SETUP_CODE_FAILURES_PER_ADDRESS = 5;

/** A fresh code, e.g. "K7QM-3XRT-B9HD", from the system's cryptographic random source. */
export function newSetupCode(): string {
  const groups: string[] = [];
  for (let g = 0; g < GROUPS; g++) {
    let group = "";
    for (let i = 0; i < GROUP_SIZE; i++) group += SETUP_CODE_ALPHABET[randomInt(SETUP_CODE_ALPHABET.length)];
    groups.push(group);
  }
  return groups.join("-");
}

/**
 * The code as typed, read as a person means it: full-width characters (a Chinese keyboard),
 * lower case, spaces and dashes ignored. Null when what is left cannot be a code.
 */
export function normalizeSetupCode(typed: string): string | null {
  const bare = typed.normalize("NFKC").toUpperCase().replace(/[\s\-—–_·.]/g, "");
  if (bare.length !== GROUPS * GROUP_SIZE) return null;
  for (const c of bare) if (!SETUP_CODE_ALPHABET.includes(c)) return null;
  return bare;
}

/** What the database keeps: the SHA-256 of the normalised code, hex. A 59-bit random code needs no slow hash. */
export function setupCodeSha256(code: string): string {
  return createHash("sha256").update(normalizeSetupCode(code) ?? code, "utf8").digest("hex");
}

/** Does the typed code match the stored hash? Compared in constant time. */
export function setupCodeMatches(typed: string, storedSha256: string): boolean {
  const normal = normalizeSetupCode(typed);
  if (!normal) return false;
  const a = Buffer.from(setupCodeSha256(normal), "hex");
  const b = Buffer.from(storedSha256, "hex");
  return a.length === b.length && timingSafeEqual(a, b);
}

/** May this address try a code now? */
export function gateSetupCode(record: ThrottleRecord | null | undefined, now: Date): ThrottleCheck {
  return checkThrottle(record, now);
}

/** The address's record after a wrong code: locked at MAX_SETUP_CODE_FAILURES_PER_ADDRESS in the window. */
export function recordSetupCodeFailure(record: ThrottleRecord | null | undefined, now: Date): ThrottleRecord {
  return recordFailure(record, now, MAX_SETUP_CODE_FAILURES_PER_ADDRESS);
}
