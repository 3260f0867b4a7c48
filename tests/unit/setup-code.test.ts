import { describe, expect, it } from "vitest";
import { letterhead } from "@/lib/domain/letterhead";
import {
  gateSetupCode,
  MAX_SETUP_CODE_FAILURES_PER_ADDRESS,
  newSetupCode,
  normalizeSetupCode,
  recordSetupCodeFailure,
  SETUP_CODE_ALPHABET,
  setupCodeMatches,
  setupCodeSha256,
} from "@/lib/domain/setup-code";
import { LOCK_MINUTES, WINDOW_MINUTES } from "@/lib/domain/sign-in-throttle";

const minute = 60_000;
const T0 = new Date("2026-12-07T09:00:00Z");
const at = (minutes: number) => new Date(T0.getTime() + minutes * minute);

describe("the one-time setup code", () => {
  it("is three groups of four from an alphabet with no look-alikes, and differs each time", () => {
    const codes = Array.from({ length: 200 }, newSetupCode);
    for (const code of codes) expect(code).toMatch(/^[A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{4}$/);
    for (const lookAlike of ["0", "O", "1", "I", "L"]) expect(SETUP_CODE_ALPHABET).not.toContain(lookAlike);
    expect(new Set(codes).size).toBe(codes.length);
    // Every character of the alphabet turns up: the draw is not stuck on a part of it.
    expect(new Set(codes.join("").replaceAll("-", ""))).toEqual(new Set(SETUP_CODE_ALPHABET));
  });

  it("is read as a person means it: lower case, full-width, spaces and dashes", () => {
    expect(normalizeSetupCode("k7qm-3xrt-b9hd")).toBe("K7QM3XRTB9HD");
    expect(normalizeSetupCode(" K7QM 3XRT B9HD ")).toBe("K7QM3XRTB9HD");
    expect(normalizeSetupCode("Ｋ７ＱＭ－３ＸＲＴ－Ｂ９ＨＤ")).toBe("K7QM3XRTB9HD");
    expect(normalizeSetupCode("K7QM3XRTB9HD")).toBe("K7QM3XRTB9HD");
  });

  it("anything that cannot be a code is no code", () => {
    for (const typed of ["", "K7QM-3XRT", "K7QM-3XRT-B9HD-AAAA", "K7QM-3XRT-B9H0", "K7QM-3XRT-B9HI", "K7QM-3XRT-B9H!", "密码密码-3XRT-B9HD"]) expect(normalizeSetupCode(typed), typed).toBeNull();
  });

  it("matches its stored hash however it is typed, and no other code does", () => {
    const code = "K7QM-3XRT-B9HD";
    const stored = setupCodeSha256(code);
    expect(stored).toMatch(/^[0-9a-f]{64}$/);
    expect(stored).not.toContain("K7QM");
    expect(setupCodeSha256("k7qm 3xrt b9hd")).toBe(stored);
    expect(setupCodeMatches("k7qm3xrtb9hd", stored)).toBe(true);
    expect(setupCodeMatches("K7QM-3XRT-B9HE", stored)).toBe(false);
    expect(setupCodeMatches("", stored)).toBe(false);
    expect(setupCodeMatches(code, "not a hash")).toBe(false);
  });
});

describe("wrong setup codes from one address", () => {
  it("lock the address at the limit, for LOCK_MINUTES; fewer do not", () => {
    let record = undefined as ReturnType<typeof recordSetupCodeFailure> | undefined;
    for (let i = 1; i < MAX_SETUP_CODE_FAILURES_PER_ADDRESS; i++) {
      record = recordSetupCodeFailure(record, at(i));
      expect(gateSetupCode(record, at(i))).toEqual({ allowed: true });
    }
    record = recordSetupCodeFailure(record, at(5));
    expect(gateSetupCode(record, at(5))).toEqual({ allowed: false, retryAfterMinutes: LOCK_MINUTES });
    expect(gateSetupCode(record, at(5 + LOCK_MINUTES - 1))).toEqual({ allowed: false, retryAfterMinutes: 1 });
    expect(gateSetupCode(record, at(5 + LOCK_MINUTES))).toEqual({ allowed: true });
  });

  it("are counted in a window: a mistake now and then never locks", () => {
    let record = undefined as ReturnType<typeof recordSetupCodeFailure> | undefined;
    for (let i = 0; i < 3 * MAX_SETUP_CODE_FAILURES_PER_ADDRESS; i++) {
      record = recordSetupCodeFailure(record, at(i * WINDOW_MINUTES));
      expect(gateSetupCode(record, at(i * WINDOW_MINUTES))).toEqual({ allowed: true });
    }
  });
});

describe("the letterhead", () => {
  it("runs district, street office and community together, as on an official heading", () => {
    expect(letterhead({ district: "城东区", street: "和平街道", name: "红心社区" })).toBe("城东区和平街道红心社区");
  });
  it("leaves out a part not given, and stray spaces", () => {
    expect(letterhead({ district: "", street: " ", name: "红心社区" })).toBe("红心社区");
    expect(letterhead({ district: null, street: "和平街道", name: " 红心社区 " })).toBe("和平街道红心社区");
    expect(letterhead({ district: "", street: "", name: "" })).toBe("");
  });
  it("keeps a space between names in Latin letters", () => {
    expect(letterhead({ district: "Chengdong District", street: "Heping Street", name: "Hongxin Community" })).toBe("Chengdong District Heping Street Hongxin Community");
    expect(letterhead({ district: "城东区", street: "Heping Street", name: "红心社区" })).toBe("城东区Heping Street红心社区");
  });
});
