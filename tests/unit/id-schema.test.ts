import { describe, expect, test } from "vitest";
import { id, MAX_ID, optionalId } from "@/lib/validation/common";

describe("an id from a URL, a form or a JSON body", () => {
  test("a positive whole number up to what both engines store is an id, as a number or its digits", () => {
    for (const good of [1, "1", 42, "2147483647", MAX_ID]) expect(id.parse(good)).toBe(Number(good));
  });

  test("anything else is refused with idRequired: never a lookup that overflows PostgreSQL's integer", () => {
    for (const bad of [0, -1, "abc", "1.5", 1.5, "2147483648", 2 ** 31, "99999999999999999999", "1e20", Number.MAX_SAFE_INTEGER, "", null]) {
      const result = id.safeParse(bad);
      expect(result.success, String(bad)).toBe(false);
      expect(result.error?.issues[0]?.message, String(bad)).toBe("idRequired");
    }
  });

  test("an optional id: blank is no id, a too-large one is still refused", () => {
    expect(optionalId.parse("")).toBeUndefined();
    expect(optionalId.parse(undefined)).toBeUndefined();
    expect(optionalId.parse("7")).toBe(7);
    expect(optionalId.safeParse("2147483648").success).toBe(false);
  });
});
