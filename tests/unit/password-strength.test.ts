import { describe, expect, it } from "vitest";
import { weakPasswordReason } from "@/lib/domain/password-strength";

describe("a new password that is too easy to guess", () => {
  it("one character or a short pattern repeated", () => {
    for (const p of ["88888888", "aaaaaaaa", "abababab", "12121212", "abcabcabc", "AbAbAbAb"]) expect(weakPasswordReason(p), p).toBe("repeated");
  });

  it("a straight run up or down", () => {
    for (const p of ["12345678", "87654321", "abcdefgh", "ABCDEFGHI", "23456789"]) expect(weakPasswordReason(p), p).toBe("sequence");
  });

  it("the person's own mobile number, whole, inside, or its last eight digits", () => {
    const phone = "13812345678";
    expect(weakPasswordReason("13812345678", { phone })).toBe("phone");
    expect(weakPasswordReason("zhang13812345678", { phone })).toBe("phone");
    expect(weakPasswordReason("12345678x", { phone: "13912345678" })).toBeNull();
    expect(weakPasswordReason("87651234", { phone: "13887651234" })).toBe("phone");
    expect(weakPasswordReason("87651234", { phone: "13900000000" })).toBeNull();
  });

  it("the passwords every guessing list starts with, whatever the case", () => {
    for (const p of ["password", "Password1", "woaini1314", "1qaz2wsx", "demo1234", "abc12345"]) expect(weakPasswordReason(p), p).toBe("common");
  });

  it("an ordinary password passes", () => {
    for (const p of ["Lotus-Pond-42", "我家门口的桂花树", "correct horse battery", "x7#kQ2!m", "12345679", "abcdefgz"]) expect(weakPasswordReason(p, { phone: "13800000101" }), p).toBeNull();
  });
});
