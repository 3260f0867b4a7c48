import bcrypt from "bcryptjs";
import { beforeEach, describe, expect, it, vi } from "vitest";
import { NextRequest } from "next/server";

// The routes use the process-wide database (GRIDCOUNCIL_DB) and the session secret: point both at
// a throwaway folder before any module reads them, so the test never touches data/.
const tmp = await vi.hoisted(async () => {
  const { throwawayDbEnv } = await import("../helpers/process-db");
  return throwawayDbEnv("api", { NEXTAUTH_SECRET: "test-secret-not-used-for-bearer-calls" });
});

// Only bearer tokens are exercised here; a call without one is a signed-out browser (no session).
vi.mock("next-auth", async (importOriginal) => ({
  ...(await importOriginal<typeof import("next-auth")>()),
  getServerSession: async () => null,
}));

// Registration hashes at bcrypt cost 10; cost 4 keeps the test fast. Checking is unchanged.
vi.mock("@/lib/auth/password", async (importOriginal) => ({
  ...(await importOriginal<typeof import("@/lib/auth/password")>()),
  hashPassword: (plain: string) => bcrypt.hash(plain, 4),
}));

import { eq } from "drizzle-orm";
import type { DB } from "@/db/client";
import { apiTokens } from "@/db/schema";
import { messages } from "@/lib/i18n/messages";
import * as tokenRoute from "@/app/api/v1/auth/token/route";
import * as meRoute from "@/app/api/v1/me/route";
import * as registrationsRoute from "@/app/api/v1/registrations/route";
import * as reviewRoute from "@/app/api/v1/registrations/[id]/review/route";
import * as gridsRoute from "@/app/api/v1/places/grids/route";
import * as unitsRoute from "@/app/api/v1/places/buildings/[id]/units/route";
import { makeCommunity, makePerson, TEST_PASSWORD } from "../helpers/factory";
import { processDb } from "../helpers/process-db";

const en = messages.en.errors as Record<string, string>;
const zh = messages["zh-CN"].errors as Record<string, string>;

let db: DB;
let place: Awaited<ReturnType<typeof makeCommunity>>;

processDb(tmp.dir, (d) => (db = d));
beforeEach(async () => {
  place = await makeCommunity(db);
});

// Any route handler: its params type varies per route, so the context is typed from the caller side.
type Route = (req: NextRequest, ctx: { params: Promise<never> }) => Promise<Response>;

async function call(
  route: Route,
  opts: { method?: string; path?: string; body?: unknown; rawBody?: string; token?: string; lang?: string; cookieLang?: string; params?: Record<string, string> } = {},
) {
  const headers = new Headers({ "content-type": "application/json" });
  if (opts.token) headers.set("authorization", `Bearer ${opts.token}`);
  if (opts.lang) headers.set("accept-language", opts.lang);
  if (opts.cookieLang) headers.set("cookie", `NEXT_LOCALE=${opts.cookieLang}`);
  const body = opts.rawBody ?? (opts.body === undefined ? undefined : JSON.stringify(opts.body));
  const req = new NextRequest(`http://localhost${opts.path ?? "/api/v1/x"}`, { method: opts.method ?? (body ? "POST" : "GET"), headers, body });
  const res = await route(req, { params: Promise.resolve(opts.params ?? {}) as Promise<never> });
  return { status: res.status, json: (await res.json()) as Record<string, any> };
}

let phoneSeq = 0;
const freshPhone = () => `135${String(++phoneSeq).padStart(8, "0")}`;

async function signIn(phone: string, password = TEST_PASSWORD): Promise<string> {
  const { status, json } = await call(tokenRoute.POST, { body: { phone, password } });
  expect(status).toBe(201);
  return json.token as string;
}

describe("POST/DELETE /api/v1/auth/token and GET /api/v1/me", () => {
  it("signs in, answers who the caller is, and stops answering once the token is revoked", async () => {
    const chief = await makePerson(db, place, "gridChief", { grid: "A" });
    const { status, json } = await call(tokenRoute.POST, { body: { phone: chief.phone, password: TEST_PASSWORD } });
    expect(status).toBe(201);
    expect(json).toEqual({
      token: expect.stringMatching(/^gc_/),
      expiresAt: expect.any(String),
      person: { id: chief.id, name: chief.name, displayNumber: chief.displayNumber, status: "verified" },
    });
    expect(new Date(json.expiresAt).getTime()).toBeGreaterThan(Date.now());

    const me = await call(meRoute.GET, { token: json.token });
    expect(me.status).toBe(200);
    expect(me.json).toMatchObject({ id: chief.id, status: "verified", roles: [expect.objectContaining({ role: "gridChief", gridId: place.gridA.id })] });
    expect(JSON.stringify(me.json)).not.toContain("passwordHash");

    expect((await call(tokenRoute.DELETE, { method: "DELETE", token: json.token })).status).toBe(200);
    const after = await call(meRoute.GET, { token: json.token, lang: "en" });
    expect(after.status).toBe(401);
    expect(after.json.error).toMatchObject({ code: "unauthenticated", message: en.invalidToken });
  });

  it("an expired token is refused with 401, and a fresh one still works", async () => {
    const person = await makePerson(db, place, "resident");
    const stale = await signIn(person.phone);
    await db.update(apiTokens).set({ expiresAt: new Date(Date.now() - 1000) }).where(eq(apiTokens.personId, person.id));
    expect((await call(meRoute.GET, { token: stale })).status).toBe(401);
    const fresh = await signIn(person.phone);
    expect((await call(meRoute.GET, { token: fresh })).status).toBe(200);
  });

  it("signing out of the API without a token is a 401 with a message", async () => {
    const { status, json } = await call(tokenRoute.DELETE, { method: "DELETE", lang: "en" });
    expect(status).toBe(401);
    expect(json.error).toMatchObject({ code: "unauthenticated", message: en.signInRequired });
  });

  it("a wrong password is refused with a translated message on the password field", async () => {
    const person = await makePerson(db, place, "resident");
    const enRes = await call(tokenRoute.POST, { body: { phone: person.phone, password: "wrong-password" }, lang: "en-US,en;q=0.9" });
    expect(enRes.status).toBe(401);
    expect(enRes.json).toEqual({ error: { code: "unauthenticated", message: en.invalidCredentials, fields: { password: en.invalidCredentials } } });
    expect(enRes.json.token).toBeUndefined();
    const zhRes = await call(tokenRoute.POST, { body: { phone: person.phone, password: "wrong-password" }, cookieLang: "zh-CN", lang: "en" });
    expect(zhRes.json.error.message).toBe(zh.invalidCredentials);
  });

  it("a malformed phone is a 422 with the field marked; a body that is not JSON is a 422 too", async () => {
    const bad = await call(tokenRoute.POST, { body: { phone: "12", password: "x" }, lang: "en" });
    expect(bad.status).toBe(422);
    expect(bad.json.error.fields.phone).toBe(en.phoneFormat);
    const notJson = await call(tokenRoute.POST, { rawBody: "{phone:", lang: "en" });
    expect(notJson.status).toBe(422);
    expect(notJson.json.error.message).toBe(en.invalidJson);
  });

  it("an unknown bearer token is a 401, never a signed-out read", async () => {
    const res = await call(meRoute.GET, { token: "gc_forged", lang: "en" });
    expect(res.status).toBe(401);
    expect(res.json.error.message).toBe(en.invalidToken);
  });

  it("GET /me without a token asks to sign in", async () => {
    const res = await call(meRoute.GET, { lang: "zh-CN" });
    expect(res.status).toBe(401);
    expect(res.json.error.message).toBe(zh.signInRequired);
  });
});

describe("registrations over the API", () => {
  const form = (over: Record<string, unknown> = {}) => ({
    name: "王桂兰",
    phone: freshPhone(),
    password: "secret-123",
    gridId: place.gridA.id,
    buildingId: place.buildingA.id,
    unitId: place.unitsA[1]!.id,
    relation: "owner",
    ...over,
  });

  it("a signed-out visitor registers (201), and cannot register the same phone twice (409)", async () => {
    const input = form();
    const res = await call(registrationsRoute.POST, { body: input });
    expect(res.status).toBe(201);
    expect(res.json).toEqual({ personId: expect.any(Number), displayNumber: `${place.community.code}01-YZ-01#102-1`, status: "pending" });

    const again = await call(registrationsRoute.POST, { body: form({ phone: input.phone }), lang: "en" });
    expect(again.status).toBe(409);
    expect(again.json.error).toEqual({ code: "conflict", message: en.phoneTaken, fields: { phone: en.phoneTaken } });
  });

  it("a unit outside the chosen grid is a 422 on the unit field", async () => {
    const res = await call(registrationsRoute.POST, { body: form({ unitId: place.unitsB[0]!.id }), lang: "zh-CN" });
    expect(res.status).toBe(422);
    expect(res.json.error.fields).toEqual({ unitId: zh.unitOutsideGrid });
  });

  it("grid staff list their queue and verify; the reviewed person is the one in the path, not the body", async () => {
    const a = await call(registrationsRoute.POST, { body: form() });
    const b = await call(registrationsRoute.POST, { body: form({ gridId: place.gridB.id, buildingId: place.buildingB.id, unitId: place.unitsB[0]!.id }) });
    const worker = await makePerson(db, place, "gridWorker", { grid: "A" });
    const token = await signIn(worker.phone);

    const queue = await call(registrationsRoute.GET, { token });
    expect(queue.status).toBe(200);
    expect(queue.json.registrations.map((r: { personId: number }) => r.personId)).toEqual([a.json.personId]);

    const review = await call(reviewRoute.POST, {
      token,
      params: { id: String(a.json.personId) },
      body: { decision: "verify", personId: b.json.personId },
    });
    expect(review.status).toBe(200);
    expect(review.json).toEqual({ personId: a.json.personId, status: "verified" });

    // B's registration, in the other grid, was not touched.
    const chiefB = await makePerson(db, place, "gridChief", { grid: "B" });
    const queueB = await call(registrationsRoute.GET, { token: await signIn(chiefB.phone) });
    expect(queueB.json.registrations.map((r: { personId: number }) => r.personId)).toEqual([b.json.personId]);
  });

  it("staff of another grid are refused with a translated 403", async () => {
    const a = await call(registrationsRoute.POST, { body: form() });
    const chiefB = await makePerson(db, place, "gridChief", { grid: "B" });
    const res = await call(reviewRoute.POST, {
      token: await signIn(chiefB.phone),
      params: { id: String(a.json.personId) },
      body: { decision: "verify" },
      lang: "en",
    });
    expect(res.status).toBe(403);
    expect(res.json.error).toEqual({ code: "forbidden", message: en.forbidden });
  });

  it("the queue needs a signed-in caller", async () => {
    const res = await call(registrationsRoute.GET, {});
    expect(res.status).toBe(401);
  });
});

describe("public places", () => {
  it("anyone can read grids and unit numbers to register", async () => {
    const grids = await call(gridsRoute.GET, {});
    expect(grids.status).toBe(200);
    expect(grids.json.grids).toEqual(expect.arrayContaining([expect.objectContaining({ id: place.gridA.id, unitCount: 4 })]));
    const units = await call(unitsRoute.GET, { params: { id: String(place.buildingB.id) } });
    expect(units.json).toEqual({ units: place.unitsB.map((u) => ({ id: u.id, number: u.number })) });
    const bad = await call(unitsRoute.GET, { params: { id: "abc" } });
    expect(bad.status).toBe(422);
  });
});
