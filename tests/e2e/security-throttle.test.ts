import { describe, expect, it } from "vitest";
import { api, baseURL } from "./browser";

// The e2e server runs as `npm start` does (scripts/server.mjs) with loopback as the trusted proxy
// (global-setup.ts): a request names its client's address with X-Forwarded-For.

async function post(path: string, body: unknown, headers: Record<string, string> = {}) {
  const res = await fetch(`${baseURL()}${path}`, {
    method: "POST",
    headers: { "content-type": "application/json", "accept-language": "zh-CN", ...headers },
    body: JSON.stringify(body),
  });
  return { status: res.status, json: (await res.json()) as { error?: { code: string; message: string; fields?: Record<string, string> } } & Record<string, unknown> };
}

async function aUnit() {
  const { json: b } = await api("/api/v1/places/grids/1/buildings");
  const buildingId = (b.buildings as { id: number }[])[0]!.id;
  const { json: u } = await api(`/api/v1/places/buildings/${buildingId}/units`);
  return { gridId: 1, buildingId, unitId: (u.units as { id: number }[])[0]!.id };
}

describe("sign-in answers and throttling over HTTP (production server)", () => {
  it("an unknown number and a wrong password get the very same answer", async () => {
    const from = { "x-forwarded-for": "198.51.100.101" };
    // 13800000160 is a demo owner; one wrong password from this address does not slow anyone down.
    const wrongPassword = await post("/api/v1/auth/token", { phone: "13800000160", password: "not-the-password" }, from);
    const unknownNumber = await post("/api/v1/auth/token", { phone: "13700009998", password: "not-the-password" }, from);
    expect(wrongPassword.status).toBe(401);
    expect(unknownNumber).toEqual(wrongPassword);
    expect(wrongPassword.json.error).toEqual({ code: "unauthenticated", message: "手机号或密码不正确", fields: { password: "手机号或密码不正确" } });
  });

  it("a client cannot name its own socket address: the server's peer header is replaced, never believed from outside", async () => {
    const phone = "13700009997"; // nobody's
    const client = "198.51.100.102";
    // Five guesses that each claim a different "socket peer" (an untrusted one would make X-Forwarded-For ignored).
    for (let i = 0; i < 5; i++) {
      const res = await post("/api/v1/auth/token", { phone, password: `guess-${i}` }, { "x-forwarded-for": client, "x-gridcouncil-peer": `203.0.113.${i + 1}` });
      expect(res.status).toBe(401);
    }
    // All five counted against this client and number: the pair is locked (had the forged header
    // been believed, they would have been five other pairs, and this one only slowed).
    const sixth = await post("/api/v1/auth/token", { phone, password: "guess-6" }, { "x-forwarded-for": client });
    expect(sixth.status).toBe(429);
    expect(sixth.json.error).toEqual({ code: "too_many_requests", message: "登录失败次数过多，已暂时锁定。请 15 分钟后再试。" });
  });
});

describe("registration is throttled (production server)", () => {
  it("one mobile number: five attempts an hour, then a 429 with a translated message", async () => {
    const place = await aUnit();
    const phone = "13977770002";
    const form = { name: "节流测试", phone, password: "right-pass-2", relation: "resident", ...place };
    expect((await post("/api/v1/registrations", form, { "x-forwarded-for": "198.51.100.110" })).status).toBe(201);
    for (let i = 1; i < 5; i++) expect((await post("/api/v1/registrations", form, { "x-forwarded-for": `198.51.100.${110 + i}` })).status).toBe(409);
    const refused = await post("/api/v1/registrations", form, { "x-forwarded-for": "198.51.100.120", "accept-language": "en" });
    expect(refused.status).toBe(429);
    expect(refused.json.error).toEqual({ code: "too_many_requests", message: "Too many registration attempts; please try again in 60 minutes." });
  });

  it("one client address: thirty attempts an hour, then 429 even for a good registration; another address is not affected", async () => {
    const place = await aUnit();
    const from = { "x-forwarded-for": "198.51.100.130" };
    for (let i = 0; i < 30; i++) {
      // A unit that does not exist: refused after being counted, without hashing a password.
      const res = await post("/api/v1/registrations", { name: "节流测试", phone: `1397778${String(i).padStart(4, "0")}`, password: "right-pass-3", relation: "resident", ...place, unitId: 99_999_999 }, from);
      expect(res.status).toBe(422);
    }
    const good = { name: "节流测试", phone: "13977779001", password: "right-pass-3", relation: "resident", ...place };
    const refused = await post("/api/v1/registrations", good, from);
    expect(refused.status).toBe(429);
    expect(refused.json.error?.message).toBe("注册尝试过于频繁，请 60 分钟后再试。");
    expect((await post("/api/v1/registrations", good, { "x-forwarded-for": "198.51.100.131" })).status).toBe(201);
  });
});
