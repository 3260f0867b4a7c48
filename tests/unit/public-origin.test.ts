import { afterEach, describe, expect, it } from "vitest";
import { parsePublicOrigin, PublicOriginError } from "@/lib/config";
import { isSameOriginRequest, isUnsafeMethod, publicOrigin, publicUrl } from "@/lib/security/public-origin";

const h = (headers: Record<string, string>) => new Headers(headers);
const ours = "https://council.example.org";

describe("the configured public origin", () => {
  const saved = { origin: process.env.GRIDCOUNCIL_PUBLIC_ORIGIN, port: process.env.PORT };
  afterEach(() => {
    for (const [k, v] of [["GRIDCOUNCIL_PUBLIC_ORIGIN", saved.origin], ["PORT", saved.port]] as const) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
  });

  it("unset, it is what the two-command start serves: http://localhost and the port", () => {
    expect(parsePublicOrigin(undefined, undefined)).toBe("http://localhost:3000");
    expect(parsePublicOrigin("", "4100")).toBe("http://localhost:4100");
    expect(parsePublicOrigin("  ", " 4100 ")).toBe("http://localhost:4100");
  });

  it("an absolute http(s) origin is taken as it is, normalised (case, default port, trailing slash)", () => {
    expect(parsePublicOrigin("https://Council.Example.org/")).toBe(ours);
    expect(parsePublicOrigin("https://council.example.org:443")).toBe(ours);
    expect(parsePublicOrigin("http://192.168.1.5:3000")).toBe("http://192.168.1.5:3000");
    expect(parsePublicOrigin("https://[2001:db8::1]:8443")).toBe("https://[2001:db8::1]:8443");
  });

  it("anything else stops the start with a message that names the variable", () => {
    for (const bad of ["council.example.org", "/relative", "ftp://council.example.org", "javascript:alert(1)", "https://council.example.org/app", "https://council.example.org/?x=1", "https://council.example.org/#top", "https://user:pw@council.example.org", "https://"]) {
      expect(() => parsePublicOrigin(bad), bad).toThrow(PublicOriginError);
      expect(() => parsePublicOrigin(bad), bad).toThrow(/GRIDCOUNCIL_PUBLIC_ORIGIN/);
    }
  });

  it("publicOrigin() and publicUrl() read the environment; a link is the origin plus the app's path", () => {
    process.env.GRIDCOUNCIL_PUBLIC_ORIGIN = "https://council.example.org/";
    expect(publicOrigin()).toBe(ours);
    expect(publicUrl("/topics/12")).toBe(`${ours}/topics/12`);
    delete process.env.GRIDCOUNCIL_PUBLIC_ORIGIN;
    process.env.PORT = "4321";
    expect(publicOrigin()).toBe("http://localhost:4321");
  });
});

describe("same-origin check of cookie-authenticated writes", () => {
  it("our own pages pass: Origin is the public origin, or the browser says same-origin", () => {
    expect(isSameOriginRequest(h({ origin: ours }), ours)).toBe(true);
    expect(isSameOriginRequest(h({ origin: ours, "sec-fetch-site": "same-origin" }), ours)).toBe(true);
    // Reached at a LAN address rather than the configured one: the browser still vouches.
    expect(isSameOriginRequest(h({ origin: "http://192.168.1.5:3000", "sec-fetch-site": "same-origin" }), ours)).toBe(true);
    expect(isSameOriginRequest(h({ "sec-fetch-site": "Same-Origin" }), ours)).toBe(true);
  });

  it("another site, a sandboxed frame, a sibling subdomain, or no word at all is refused", () => {
    expect(isSameOriginRequest(h({ origin: "https://evil.example" }), ours)).toBe(false);
    expect(isSameOriginRequest(h({ origin: "https://evil.example", "sec-fetch-site": "cross-site" }), ours)).toBe(false);
    expect(isSameOriginRequest(h({ origin: "null" }), ours)).toBe(false);
    expect(isSameOriginRequest(h({ origin: "https://council.example.org.evil.example" }), ours)).toBe(false);
    expect(isSameOriginRequest(h({ origin: "http://council.example.org" }), ours)).toBe(false);
    expect(isSameOriginRequest(h({ origin: "https://shop.example.org", "sec-fetch-site": "same-site" }), ours)).toBe(false);
    expect(isSameOriginRequest(h({ "sec-fetch-site": "none" }), ours)).toBe(false);
    expect(isSameOriginRequest(h({ origin: "not a url" }), ours)).toBe(false);
    expect(isSameOriginRequest(h({}), ours)).toBe(false);
  });

  it("only methods that may change something are checked", () => {
    expect(["GET", "HEAD", "OPTIONS", "get"].map(isUnsafeMethod)).toEqual([false, false, false, false]);
    expect(["POST", "PUT", "PATCH", "DELETE", "post"].map(isUnsafeMethod)).toEqual([true, true, true, true, true]);
  });
});
