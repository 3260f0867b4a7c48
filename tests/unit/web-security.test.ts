import { describe, expect, it } from "vitest";
import { clientAddress, PEER_HEADER, resolveClientAddress, SERVED_WITH_PEER, trustedProxies } from "@/lib/security/client-address";
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

describe("client address for throttling", () => {
  const proxies = trustedProxies("10.0.0.0/8, 2001:db8:1::/48, 192.0.2.7");
  const resolve = (peer: string | null, forwardedFor?: string, isTrusted = proxies.isTrusted) => resolveClientAddress({ peer, forwardedFor, isTrusted });
  const nobody = trustedProxies("").isTrusted;

  it("with no trusted proxies (the default) the socket's peer is the client and X-Forwarded-For is ignored", () => {
    expect(resolve("198.51.100.7", "203.0.113.1", nobody)).toBe("198.51.100.7");
    expect(resolve("198.51.100.7", undefined, nobody)).toBe("198.51.100.7");
    expect(resolve("::ffff:198.51.100.7", "1.1.1.1, 2.2.2.2", nobody)).toBe("198.51.100.7");
    expect(resolve("2001:db8:9::5", "1.1.1.1", nobody)).toBe("2001:db8:9::5");
  });

  it("a peer that is not a trusted proxy cannot name another address, whatever it sends", () => {
    expect(resolve("198.51.100.7", "10.0.0.1")).toBe("198.51.100.7");
    expect(resolve("198.51.100.7", "203.0.113.50, 192.0.2.7")).toBe("198.51.100.7");
  });

  it("behind a trusted proxy the client is the last address that proxy saw", () => {
    expect(resolve("10.0.0.2", "203.0.113.50")).toBe("203.0.113.50");
    expect(resolve("::ffff:10.0.0.2", "203.0.113.50")).toBe("203.0.113.50");
    expect(resolve("2001:db8:1::9", "2001:db8:ffff::1")).toBe("2001:db8:ffff::1");
  });

  it("entries a client wrote itself (left of the first untrusted one) are never believed", () => {
    expect(resolve("10.0.0.2", "1.2.3.4, 203.0.113.50")).toBe("203.0.113.50");
    expect(resolve("10.0.0.2", "garbage, 203.0.113.50")).toBe("203.0.113.50");
  });

  it("a chain of trusted proxies is walked to the first untrusted hop", () => {
    expect(resolve("10.0.0.2", "1.2.3.4, 203.0.113.50, 192.0.2.7, 10.9.9.9")).toBe("203.0.113.50");
    expect(resolve("10.0.0.2", "203.0.113.50:51234, [2001:db8:1::3]:443")).toBe("203.0.113.50");
  });

  it("a trusted proxy that forwarded nothing readable leaves the address unknown, or its own", () => {
    expect(resolve("10.0.0.2", "not-an-address")).toBeNull();
    expect(resolve("10.0.0.2", undefined)).toBe("10.0.0.2");
  });

  it("a loopback peer that is not a trusted proxy is a local proxy or test, not a client: unknown", () => {
    for (const a of ["127.0.0.1", "127.1.2.3", "::1", "::ffff:127.0.0.1"]) expect(resolve(a, "198.51.100.7", nobody), a).toBeNull();
    // Configured as trusted, the local proxy's forwarded address counts.
    expect(resolve("127.0.0.1", "198.51.100.7", trustedProxies("127.0.0.1").isTrusted)).toBe("198.51.100.7");
  });

  it("no peer, or one that is not an address, gives none", () => {
    expect(resolve(null, "198.51.100.7")).toBeNull();
    expect(resolve("", undefined)).toBeNull();
    expect(resolve("x".repeat(65))).toBeNull();
  });

  it("the setting is validated: every entry an address or a CIDR range", () => {
    expect(trustedProxies(" 10.0.0.1 , fd00::/8,,").entries).toEqual(["10.0.0.1", "fd00::/8"]);
    for (const bad of ["10.0.0", "10.0.0.0/33", "fd00::/129", "proxy.example", "10.0.0.0/8/1", "10.0.0.0/x"]) {
      expect(() => trustedProxies(bad), bad).toThrow(/GRIDCOUNCIL_TRUSTED_PROXIES/);
    }
  });

  it("reads the peer header only when the process was started by scripts/server.mjs (which overwrites it)", () => {
    const headers = new Headers({ [PEER_HEADER]: "198.51.100.7", "x-forwarded-for": "203.0.113.1" });
    const mark = globalThis as Record<symbol, unknown>;
    // A bare `next start`: nothing vouches for the header, so a client's own value is not believed.
    delete mark[SERVED_WITH_PEER];
    expect(clientAddress(headers)).toBeNull();
    mark[SERVED_WITH_PEER] = true;
    try {
      expect(clientAddress(headers)).toBe("198.51.100.7");
      expect(clientAddress({ [PEER_HEADER]: "198.51.100.8" })).toBe("198.51.100.8");
      expect(clientAddress(undefined)).toBeNull();
      // IPv6: a home or phone holds a whole /64 and may use any address in it; it is one client.
      expect(clientAddress({ [PEER_HEADER]: "2001:db8:1:2:aaaa::1" })).toBe("2001:db8:1:2::/64");
      expect(clientAddress({ [PEER_HEADER]: "2001:DB8:1:2:bbbb:cccc:dddd:9" })).toBe("2001:db8:1:2::/64");
      expect(clientAddress({ [PEER_HEADER]: "[2001:db8::7]:443" })).toBe("2001:db8:0:0::/64");
      expect(clientAddress({ [PEER_HEADER]: "2001:db8:1:3::1" })).toBe("2001:db8:1:3::/64");
      expect(clientAddress({ [PEER_HEADER]: "::ffff:198.51.100.9" })).toBe("198.51.100.9");
    } finally {
      delete mark[SERVED_WITH_PEER];
    }
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
