import { describe, expect, it } from "vitest";
import { clientAddress } from "@/lib/api/client-address";
import { dataContentSecurityPolicy, newNonce, pageContentSecurityPolicy } from "@/lib/security/csp";
import { sameSitePath } from "@/lib/security/same-site-path";

const directives = (policy: string) => Object.fromEntries(policy.split(";").map((d) => d.trim().split(/\s+/)).map(([k, ...v]) => [k!, v]));

describe("page Content-Security-Policy", () => {
  it("scripts run only with this response's nonce; no inline script, no eval in production", () => {
    const p = directives(pageContentSecurityPolicy("abc123=="));
    expect(p["script-src"]).toEqual(["'self'", "'nonce-abc123=='", "'strict-dynamic'"]);
    expect(p["script-src"]).not.toContain("'unsafe-inline'");
  });

  it("development adds eval for React's overlay, nothing else", () => {
    const p = directives(pageContentSecurityPolicy("n", { development: true }));
    expect(p["script-src"]).toEqual(["'self'", "'nonce-n'", "'strict-dynamic'", "'unsafe-eval'"]);
  });

  it("no framing, no plugins, no foreign base, forms post only here", () => {
    const p = directives(pageContentSecurityPolicy("n"));
    expect(p["frame-ancestors"]).toEqual(["'none'"]);
    expect(p["object-src"]).toEqual(["'none'"]);
    expect(p["base-uri"]).toEqual(["'self'"]);
    expect(p["form-action"]).toEqual(["'self'"]);
    expect(p["default-src"]).toEqual(["'self'"]);
    expect(p["connect-src"]).toEqual(["'self'"]);
  });

  it("API answers and files may load nothing and be framed nowhere", () => {
    expect(directives(dataContentSecurityPolicy)).toEqual({ "default-src": ["'none'"], "frame-ancestors": ["'none'"] });
  });

  it("every nonce is fresh and carries 128 bits", () => {
    const nonces = new Set(Array.from({ length: 200 }, newNonce));
    expect(nonces.size).toBe(200);
    for (const n of nonces) expect(Buffer.from(n, "base64")).toHaveLength(16);
  });
});

describe("client address for counting failed sign-ins", () => {
  it("takes the last X-Forwarded-For entry: the address the nearest proxy saw", () => {
    expect(clientAddress(new Headers({ "x-forwarded-for": "198.51.100.7, 10.0.0.2" }))).toBe("10.0.0.2");
    expect(clientAddress({ "x-forwarded-for": "2001:db8::7" })).toBe("2001:db8::7");
    expect(clientAddress({ "x-forwarded-for": ["1.1.1.1", "2.2.2.2"] })).toBe("2.2.2.2");
  });

  it("a loopback address is a local proxy or test, not a client: it is not counted", () => {
    for (const a of ["127.0.0.1", "127.1.2.3", "::1", "::ffff:127.0.0.1"]) expect(clientAddress({ "x-forwarded-for": a }), a).toBeNull();
    expect(clientAddress({ "x-forwarded-for": "10.0.0.1, 127.0.0.1" })).toBeNull();
  });

  it("no header, an empty one or something too long to be an address gives none", () => {
    expect(clientAddress(new Headers())).toBeNull();
    expect(clientAddress(undefined)).toBeNull();
    expect(clientAddress({ "x-forwarded-for": " , " })).toBeNull();
    expect(clientAddress({ "x-forwarded-for": "x".repeat(65) })).toBeNull();
  });
});

describe("where to go after signing in", () => {
  it("keeps paths on this site, with their query and fragment", () => {
    expect(sameSitePath("/topics/12")).toBe("/topics/12");
    expect(sameSitePath("/topics?stage=voting#list")).toBe("/topics?stage=voting#list");
    expect(sameSitePath("/meetings/3/check-in?code=abc")).toBe("/meetings/3/check-in?code=abc");
  });

  it("anything that would leave the site goes home instead", () => {
    for (const raw of ["//evil.example", "/\\evil.example", "/\\/evil.example", "https://evil.example/", "javascript:alert(1)", "evil.example", "", null, undefined, "/%5Cevil.example"]) {
      const out = sameSitePath(raw);
      expect(new URL(out, "http://site.test").origin, String(raw)).toBe("http://site.test");
    }
    expect(sameSitePath("//evil.example")).toBe("/");
    expect(sameSitePath("/\\evil.example")).toBe("/");
  });
});
