/**
 * Whether a new password is too easy to guess, beyond its length (8–72, lib/validation/common.ts).
 * Pure: no database. Sign-in throttling slows guessing down; it cannot help a password that is
 * among the first a guesser tries, so these are refused:
 *  - one character repeated ("88888888"), or a short pattern repeated ("abababab", "12121212");
 *  - a straight run up or down ("12345678", "87654321", "abcdefgh");
 *  - the person's own mobile number, or its last 8 digits;
 *  - the handful of passwords every guessing list starts with.
 */
export type WeakReason = "repeated" | "sequence" | "phone" | "common";

const common = new Set([
  "password",
  "password1",
  "passw0rd",
  "iloveyou",
  "qwertyui",
  "qwerty123",
  "1qaz2wsx",
  "1q2w3e4r",
  "a1b2c3d4",
  "abc12345",
  "abcd1234",
  "aa123456",
  "woaini520",
  "woaini1314",
  "5201314",
  "52013145",
  "demo1234",
  "admin123",
  "admin1234",
]);

function isRepeatedPattern(s: string): boolean {
  for (let size = 1; size <= s.length / 2; size++) {
    if (s.length % size === 0 && s.slice(0, size).repeat(s.length / size) === s) return true;
  }
  return false;
}

function isStraightRun(s: string): boolean {
  if (s.length < 2) return false;
  const step = s.charCodeAt(1) - s.charCodeAt(0);
  if (step !== 1 && step !== -1) return false;
  for (let i = 2; i < s.length; i++) if (s.charCodeAt(i) - s.charCodeAt(i - 1) !== step) return false;
  return true;
}

export function weakPasswordReason(password: string, { phone }: { phone?: string | null } = {}): WeakReason | null {
  const p = password.toLowerCase();
  if (isRepeatedPattern(p)) return "repeated";
  if (isStraightRun(p)) return "sequence";
  if (phone && (p.includes(phone) || (phone.length >= 8 && p === phone.slice(-8)))) return "phone";
  if (common.has(p)) return "common";
  return null;
}
