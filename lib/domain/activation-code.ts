/**
 * Activation codes for people imported from an official register, pure: their alphabet and
 * format, how a typed code is read, and when a code may still be used. No database here; the
 * codes are issued in lib/activation/codes.ts.
 *
 * A code is read aloud at the door and typed by older residents, so its alphabet leaves out the
 * characters people confuse: no 0/O, no 1/I. 32 characters give 5 bits each; CODE_LENGTH of them
 * (50 bits) make guessing hopeless under the activation throttle — and a code works only together
 * with its owner's mobile number.
 */
export const CODE_ALPHABET = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ";
export const CODE_LENGTH = 10;
/** Printed and shown in groups of five ("K7MQP-3XH9D"), easier to read out and to type. */
export const CODE_GROUP = 5;

/** How long a letter's codes stay valid when staff do not say (days). */
export const DEFAULT_ACTIVATION_DAYS = 30;
export const MAX_ACTIVATION_DAYS = 180;

/**
 * A fresh code from `randomBytes` (crypto.getRandomValues in production; a test may pass its own).
 * 256 is a multiple of 32, so taking each byte modulo 32 favours no character.
 */
export function generateActivationCode(randomBytes: (n: number) => Uint8Array = (n) => crypto.getRandomValues(new Uint8Array(n))): string {
  const bytes = randomBytes(CODE_LENGTH);
  let code = "";
  for (let i = 0; i < CODE_LENGTH; i++) code += CODE_ALPHABET[bytes[i]! % CODE_ALPHABET.length];
  return code;
}

/** The code as printed: groups of CODE_GROUP joined by "-". */
export function formatActivationCode(code: string): string {
  const groups: string[] = [];
  for (let i = 0; i < code.length; i += CODE_GROUP) groups.push(code.slice(i, i + CODE_GROUP));
  return groups.join("-");
}

/**
 * A typed code as it was meant: full-width characters made half-width, lower case upper, and the
 * spaces and dashes of its grouping dropped. Null when what is left cannot be a code at all (wrong
 * length, a character outside the alphabet) — the format is public, so saying so gives nothing away.
 */
export function normaliseActivationCode(typed: string): string | null {
  const code = typed.normalize("NFKC").toUpperCase().replace(/[\s\-‐‑–—_.]/g, "");
  if (code.length !== CODE_LENGTH) return null;
  for (const ch of code) if (!CODE_ALPHABET.includes(ch)) return null;
  return code;
}

/** When a code issued at `issuedAt` for `days` days stops working. */
export function activationExpiry(issuedAt: Date, days: number): Date {
  return new Date(issuedAt.getTime() + days * 24 * 3_600_000);
}

export type CodeState = "usable" | "used" | "revoked" | "expired";

/** Whether a code may still activate its person now. Used wins over revoked (activation revokes the rest), revoked over expired. */
export function activationCodeState(code: { expiresAt: Date; usedAt: Date | null; revokedAt: Date | null }, now: Date): CodeState {
  if (code.usedAt) return "used";
  if (code.revokedAt) return "revoked";
  if (code.expiresAt.getTime() <= now.getTime()) return "expired";
  return "usable";
}

// ── Throttling activation attempts (counted like registrations: lib/domain/sign-in-throttle.ts countAttempt)

export const ACTIVATION_WINDOW_MINUTES = 60;
/** Per mobile number: room for a few typos, none for guessing. */
export const MAX_ACTIVATIONS_PER_PHONE = 10;
/** Per client address: a grid worker helping a whole floor on one tablet must get through. */
export const MAX_ACTIVATIONS_PER_ADDRESS = 40;
