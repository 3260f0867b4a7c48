import { describe, expect, it } from "vitest";
import {
  activationCodeState,
  activationExpiry,
  CODE_ALPHABET,
  CODE_LENGTH,
  formatActivationCode,
  generateActivationCode,
  normaliseActivationCode,
} from "@/lib/domain/activation-code";

describe("activation codes", () => {
  it("use an alphabet without the characters people confuse when reading aloud or typing", () => {
    for (const ch of "0O1I") expect(CODE_ALPHABET).not.toContain(ch);
    expect(new Set(CODE_ALPHABET).size).toBe(32);
    // 32 characters × 10 = 50 bits: hopeless to guess at a few tries an hour.
    expect(CODE_LENGTH * Math.log2(CODE_ALPHABET.length)).toBeGreaterThanOrEqual(50);
  });

  it("are drawn evenly from the alphabet, CODE_LENGTH characters, printed in two groups of five", () => {
    const counts = new Map<string, number>();
    for (let i = 0; i < 3200; i++) {
      const code = generateActivationCode();
      expect(code).toMatch(new RegExp(`^[${CODE_ALPHABET}]{${CODE_LENGTH}}$`));
      for (const ch of code) counts.set(ch, (counts.get(ch) ?? 0) + 1);
    }
    expect(counts.size).toBe(32);
    // 1,000 expected each; a biased draw (e.g. modulo a non-divisor) would stray far further.
    for (const n of counts.values()) expect(Math.abs(n - 1000)).toBeLessThan(200);
    // Every byte value maps into the alphabet, none left out.
    expect(generateActivationCode(() => new Uint8Array([0, 31, 32, 255, 128, 1, 2, 3, 4, 5]))).toBe("2Z2Z234567");
    expect(formatActivationCode("K7MQP3XH9D")).toBe("K7MQP-3XH9D");
  });

  it("are read as meant: case, spaces, dashes and full-width characters do not matter; impossible ones are refused", () => {
    expect(normaliseActivationCode("k7mqp-3xh9d")).toBe("K7MQP3XH9D");
    expect(normaliseActivationCode(" K7MQP 3XH9D ")).toBe("K7MQP3XH9D");
    expect(normaliseActivationCode("Ｋ７ＭＱＰ－３ＸＨ９Ｄ")).toBe("K7MQP3XH9D");
    expect(normaliseActivationCode("K7MQP-3XH9")).toBeNull();
    expect(normaliseActivationCode("K7MQP-3XH9DD")).toBeNull();
    // 0, O, 1 and I are never in a code.
    expect(normaliseActivationCode("K0MQP-3XH9D")).toBeNull();
    expect(normaliseActivationCode("KOMQP-3XH9D")).toBeNull();
    expect(normaliseActivationCode("K1MQP-3XH9D")).toBeNull();
    expect(normaliseActivationCode("KIMQP-3XH9D")).toBeNull();
  });

  it("expire the given number of days after issue; used beats replaced beats expired", () => {
    const issued = new Date("2026-12-01T08:00:00Z");
    const expiresAt = activationExpiry(issued, 30);
    expect(expiresAt.toISOString()).toBe("2026-12-31T08:00:00.000Z");
    const code = { expiresAt, usedAt: null, revokedAt: null };
    expect(activationCodeState(code, new Date("2026-12-31T07:59:59Z"))).toBe("usable");
    expect(activationCodeState(code, expiresAt)).toBe("expired");
    expect(activationCodeState({ ...code, revokedAt: issued }, issued)).toBe("revoked");
    expect(activationCodeState({ ...code, revokedAt: issued }, new Date("2027-02-01T00:00:00Z"))).toBe("revoked");
    expect(activationCodeState({ ...code, usedAt: issued, revokedAt: issued }, new Date("2027-02-01T00:00:00Z"))).toBe("used");
  });
});
