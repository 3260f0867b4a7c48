import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { config, ConfigError, parseConfig, redactedDatabaseUrl } from "@/lib/config";

describe("the configuration, parsed once from the environment", () => {
  it("with nothing set, the defaults of the two-command start", () => {
    const c = parseConfig({});
    expect(c.databaseFile).toBe(path.resolve("data", "gridcouncil.db"));
    expect(c.publicOrigin).toBe("http://localhost:3000");
    expect(c.trustedProxies.entries).toEqual([]);
    expect(c.trustedProxies.isTrusted("127.0.0.1")).toBe(false);
    expect(c.insecureCookies).toBe(false);
    expect(c.pdfFont).toBeUndefined();
    expect(c.seed).toBe("demo");
    expect(c.authSecret).toBeUndefined();
    // Empty counts as unset, as before.
    const blank = parseConfig({ GRIDCOUNCIL_PUBLIC_ORIGIN: "", GRIDCOUNCIL_TRUSTED_PROXIES: "", GRIDCOUNCIL_SEED: " ", NEXTAUTH_SECRET: "" });
    const plain = (x: typeof c) => ({ ...x, trustedProxies: x.trustedProxies.entries });
    expect(plain(blank)).toEqual(plain(c));
  });

  it("reads every setting the deployer may give", () => {
    const c = parseConfig({
      GRIDCOUNCIL_DB: "/srv/council/council.db",
      PORT: "4100",
      GRIDCOUNCIL_PUBLIC_ORIGIN: "https://Council.Example.org/",
      GRIDCOUNCIL_TRUSTED_PROXIES: "10.0.0.0/8, 192.0.2.7",
      GRIDCOUNCIL_INSECURE_COOKIES: "1",
      GRIDCOUNCIL_PDF_FONT: "/opt/fonts/NotoSansCJK.ttc",
      GRIDCOUNCIL_SEED: "none",
      NEXTAUTH_SECRET: " kept as given ",
    });
    expect(c).toMatchObject({ databaseFile: "/srv/council/council.db", publicOrigin: "https://council.example.org", insecureCookies: true, pdfFont: "/opt/fonts/NotoSansCJK.ttc", seed: "none", authSecret: " kept as given " });
    expect(c.trustedProxies.isTrusted("10.1.2.3")).toBe(true);
    expect(c.trustedProxies.isTrusted("192.0.2.8")).toBe(false);
    // Without an origin, the default names the port actually served.
    expect(parseConfig({ PORT: "4100" }).publicOrigin).toBe("http://localhost:4100");
  });

  it("a bad value is refused with a message that names the variable", () => {
    const cases: [Record<string, string>, string][] = [
      [{ GRIDCOUNCIL_INSECURE_COOKIES: "yes" }, "GRIDCOUNCIL_INSECURE_COOKIES"],
      [{ GRIDCOUNCIL_SEED: "full" }, "GRIDCOUNCIL_SEED"],
      [{ GRIDCOUNCIL_TRUSTED_PROXIES: "10.0.0.300" }, "GRIDCOUNCIL_TRUSTED_PROXIES"],
      [{ GRIDCOUNCIL_PUBLIC_ORIGIN: "council.example.org" }, "GRIDCOUNCIL_PUBLIC_ORIGIN"],
      [{ PORT: "http" }, "PORT"],
      [{ PORT: "70000" }, "PORT"],
      [{ GRIDCOUNCIL_DB: "" }, "GRIDCOUNCIL_DB"],
    ];
    for (const [env, variable] of cases) {
      expect(() => parseConfig(env), variable).toThrow(ConfigError);
      expect(() => parseConfig(env), variable).toThrow(variable);
    }
  });

  it("DATABASE_URL: PostgreSQL, which several servers share, so it needs the one NEXTAUTH_SECRET they all sign sessions with", () => {
    expect(() => parseConfig({ DATABASE_URL: "postgres://council@db.internal/gridcouncil" })).toThrow(ConfigError);
    expect(() => parseConfig({ DATABASE_URL: "postgres://council@db.internal/gridcouncil" })).toThrow(/NEXTAUTH_SECRET must be set with DATABASE_URL/);
    expect(parseConfig({ DATABASE_URL: "postgres://council@db.internal/gridcouncil", NEXTAUTH_SECRET: "s".repeat(40) }).databaseUrl).toBe("postgres://council@db.internal/gridcouncil");
    expect(parseConfig({ DATABASE_URL: "postgresql://db.internal:5433/gc", NEXTAUTH_SECRET: "x".repeat(40) }).databaseUrl).toBe("postgresql://db.internal:5433/gc");
    expect(() => parseConfig({ DATABASE_URL: "mysql://db.internal/gc", NEXTAUTH_SECRET: "x".repeat(40) })).toThrow(/DATABASE_URL.*PostgreSQL connection URL/);
    // A password with an unescaped # does not parse as a URL: refused, and the message never repeats it.
    try {
      parseConfig({ DATABASE_URL: "postgres://app:s3cr#t@db.internal:5432/gc", NEXTAUTH_SECRET: "x".repeat(40) });
      expect.unreachable();
    } catch (e) {
      expect(String(e)).toMatch(/DATABASE_URL.*percent-encoded/);
      expect(String(e)).not.toContain("s3cr");
    }
    expect(parseConfig({ DATABASE_URL: "postgres://app:s3cr%23t@db.internal:5432/gc", NEXTAUTH_SECRET: "x".repeat(40) }).databaseUrl).toContain("db.internal");
    // Messages name the database without its password, and never a URL that does not parse.
    expect(redactedDatabaseUrl("postgres://app:s3cr%23t@db.internal:5432/gc")).toBe("postgres://app:***@db.internal:5432/gc");
    expect(redactedDatabaseUrl("postgres://app:s3cr#t@db.internal:5432/gc")).not.toContain("s3cr");
    expect(parseConfig({ DATABASE_URL: "" })).toMatchObject({ databaseUrl: undefined });
    expect(parseConfig({ DATABASE_URL: "" }).databaseFile).toMatch(/gridcouncil\.db$/);
  });

  it("GRIDCOUNCIL_MODE: demo by default; production never seeds the demo, and says so when asked to", () => {
    expect(parseConfig({}).mode).toBe("demo");
    expect(parseConfig({ GRIDCOUNCIL_MODE: " " })).toMatchObject({ mode: "demo", seed: "demo" });
    expect(parseConfig({ GRIDCOUNCIL_MODE: "production" })).toMatchObject({ mode: "production", seed: "none" });
    expect(parseConfig({ GRIDCOUNCIL_MODE: "production", GRIDCOUNCIL_SEED: "none" })).toMatchObject({ mode: "production", seed: "none" });
    expect(() => parseConfig({ GRIDCOUNCIL_MODE: "prod" })).toThrow(/GRIDCOUNCIL_MODE.*"production"/);
    try {
      parseConfig({ GRIDCOUNCIL_MODE: "production", GRIDCOUNCIL_SEED: "demo" });
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(ConfigError);
      expect((e as ConfigError).problems.map((p) => p.variable)).toEqual(["GRIDCOUNCIL_SEED"]);
      expect((e as Error).message).toContain("GRIDCOUNCIL_MODE=production");
    }
  });

  it("every bad variable is named at once, so one restart fixes them all", () => {
    try {
      parseConfig({ GRIDCOUNCIL_SEED: "full", GRIDCOUNCIL_INSECURE_COOKIES: "true" });
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(ConfigError);
      expect((e as ConfigError).problems.map((p) => p.variable).sort()).toEqual(["GRIDCOUNCIL_INSECURE_COOKIES", "GRIDCOUNCIL_SEED"]);
      expect((e as Error).message).toMatch(/GRIDCOUNCIL_SEED[\s\S]*GRIDCOUNCIL_INSECURE_COOKIES|GRIDCOUNCIL_INSECURE_COOKIES[\s\S]*GRIDCOUNCIL_SEED/);
    }
  });

  describe("config() of this process", () => {
    const saved = process.env.GRIDCOUNCIL_SEED;
    afterEach(() => {
      if (saved === undefined) delete process.env.GRIDCOUNCIL_SEED;
      else process.env.GRIDCOUNCIL_SEED = saved;
    });

    it("is parsed once while the environment stays as it is, and follows a test that changes it", () => {
      delete process.env.GRIDCOUNCIL_SEED;
      const first = config();
      expect(config()).toBe(first);
      expect(first.seed).toBe("demo");
      process.env.GRIDCOUNCIL_SEED = "none";
      expect(config().seed).toBe("none");
      process.env.GRIDCOUNCIL_SEED = "everything";
      expect(() => config()).toThrow(/GRIDCOUNCIL_SEED/);
    });
  });
});
