import bcrypt from "bcryptjs";
import fs from "node:fs";
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { NextRequest } from "next/server";

// The routes use the process-wide database (GRIDCOUNCIL_DB): point it at a throwaway folder
// before any module reads it, so the test never touches data/.
const tmp = vi.hoisted(() => {
  const os = require("node:os") as typeof import("node:os");
  const fsh = require("node:fs") as typeof import("node:fs");
  const p = require("node:path") as typeof import("node:path");
  const dir = fsh.mkdtempSync(p.join(os.tmpdir(), "gridcouncil-throttle-"));
  process.env.GRIDCOUNCIL_DB = p.join(dir, "throttle.db");
  process.env.NEXTAUTH_SECRET = "test-secret-for-throttle";
  return { dir };
});

// Only bearer-token calls here; a call without one is a signed-out browser (no session).
vi.mock("next-auth", async (importOriginal) => ({
  ...(await importOriginal<typeof import("next-auth")>()),
  getServerSession: async () => null,
}));

vi.mock("@/lib/auth/password", async (importOriginal) => ({
  ...(await importOriginal<typeof import("@/lib/auth/password")>()),
  hashPassword: (plain: string) => bcrypt.hash(plain, 4),
}));

import { eq, sql } from "drizzle-orm";
import { getDb, type DB } from "@/db/client";
import { apiTokens, events, signInFailures } from "@/db/schema";
import * as tokenRoute from "@/app/api/v1/auth/token/route";
import { verifyCredentials } from "@/lib/auth/credentials";
import { authOptions } from "@/lib/auth/options";
import { LOCK_MINUTES, MAX_FAILURES_PER_ADDRESS, MAX_FAILURES_PER_PHONE } from "@/lib/domain/sign-in-throttle";
import { messages } from "@/lib/i18n/messages";
import { makeCommunity, makePerson, TEST_PASSWORD } from "../helpers/factory";

const en = messages.en.errors as Record<string, string>;
const zh = messages["zh-CN"].errors as Record<string, string>;

let db: DB;
let place: ReturnType<typeof makeCommunity>;
let addressSeq = 0;
/** Each test signs in from its own address, so the per-address allowance of one test never spills into another. */
let address = "";

beforeAll(() => {
  db = getDb();
});
afterAll(() => {
  db?.$client.close();
  delete (globalThis as { gridcouncilDb?: unknown }).gridcouncilDb;
  fs.rmSync(tmp.dir, { recursive: true, force: true });
});
beforeEach(() => {
  place = makeCommunity(db);
  address = `10.0.0.${++addressSeq}`;
});

async function tokenCall(body: unknown, { lang = "zh-CN", from = address } = {}) {
  const req = new NextRequest("http://localhost/api/v1/auth/token", {
    method: "POST",
    headers: { "content-type": "application/json", "accept-language": lang, "x-forwarded-for": `203.0.113.9, ${from}` },
    body: JSON.stringify(body),
  });
  const res = await tokenRoute.POST(req, { params: Promise.resolve({}) as Promise<never> });
  return { status: res.status, json: (await res.json()) as Record<string, any> };
}

const tokensOf = (personId: number) => db.select({ n: sql<number>`count(*)` }).from(apiTokens).where(eq(apiTokens.personId, personId)).get()!.n;

describe("sign-in throttling and temporary lock-out", () => {
  it(`after ${MAX_FAILURES_PER_PHONE} wrong passwords even the right one is refused with 429 and a clear message, and no token is issued`, async () => {
    const person = makePerson(db, place, "resident");
    for (let i = 0; i < MAX_FAILURES_PER_PHONE; i++) {
      expect((await tokenCall({ phone: person.phone, password: "wrong-password" })).status).toBe(401);
    }
    const zhRes = await tokenCall({ phone: person.phone, password: TEST_PASSWORD });
    expect(zhRes.status).toBe(429);
    expect(zhRes.json.error).toEqual({ code: "too_many_requests", message: zh.signInLocked!.replace("{minutes}", String(LOCK_MINUTES)) });
    expect(zhRes.json.token).toBeUndefined();
    const enRes = await tokenCall({ phone: person.phone, password: TEST_PASSWORD }, { lang: "en" });
    expect(enRes.json.error.message).toBe(en.signInLocked!.replace("{minutes}", String(LOCK_MINUTES)));
    expect(tokensOf(person.id)).toBe(0);
    // A lock is recorded once, when it begins.
    const locks = db.select().from(events).where(eq(events.kind, "signIn.lockedOut")).all();
    expect(locks.some((e) => (e.data as { key: string }).key === `phone:${person.phone}`)).toBe(true);
  });

  it("the lock runs out after its time, and a right password then clears the count", async () => {
    const person = makePerson(db, place, "resident");
    const t0 = new Date();
    for (let i = 0; i < MAX_FAILURES_PER_PHONE; i++) {
      await expect(verifyCredentials(db, { phone: person.phone, password: "wrong-password" }, { now: t0 })).rejects.toThrow();
    }
    const stillLocked = new Date(t0.getTime() + (LOCK_MINUTES * 60 - 1) * 1000);
    await expect(verifyCredentials(db, { phone: person.phone, password: TEST_PASSWORD }, { now: stillLocked })).rejects.toMatchObject({ status: 429, messageKey: "signInLocked", params: { minutes: 1 } });
    const later = new Date(t0.getTime() + LOCK_MINUTES * 60_000);
    await expect(verifyCredentials(db, { phone: person.phone, password: TEST_PASSWORD }, { now: later })).resolves.toEqual({ personId: person.id });
    expect(db.select().from(signInFailures).where(eq(signInFailures.key, `phone:${person.phone}`)).get()).toBeUndefined();
  });

  it("a right password before the limit starts the count again: a resident who mistypes is never locked out", async () => {
    const person = makePerson(db, place, "resident");
    for (let round = 0; round < 3; round++) {
      for (let i = 0; i < MAX_FAILURES_PER_PHONE - 1; i++) {
        expect((await tokenCall({ phone: person.phone, password: "wrong-password" })).status).toBe(401);
      }
      expect((await tokenCall({ phone: person.phone, password: TEST_PASSWORD })).status).toBe(201);
    }
  });

  it("locking one number leaves other numbers alone", async () => {
    const victim = makePerson(db, place, "resident");
    const neighbour = makePerson(db, place, "resident");
    for (let i = 0; i < MAX_FAILURES_PER_PHONE; i++) await tokenCall({ phone: victim.phone, password: "wrong-password" });
    expect((await tokenCall({ phone: victim.phone, password: TEST_PASSWORD })).status).toBe(429);
    expect((await tokenCall({ phone: neighbour.phone, password: TEST_PASSWORD })).status).toBe(201);
  });

  it(`one address trying many numbers is locked after ${MAX_FAILURES_PER_ADDRESS} failures; other addresses still sign in`, async () => {
    const person = makePerson(db, place, "resident");
    for (let i = 0; i < MAX_FAILURES_PER_ADDRESS; i++) {
      // Different, unregistered numbers: no single number reaches its own limit.
      expect((await tokenCall({ phone: `1370000${String(i).padStart(4, "0")}`, password: "guess-123" })).status).toBe(401);
    }
    expect((await tokenCall({ phone: person.phone, password: TEST_PASSWORD })).status).toBe(429);
    expect((await tokenCall({ phone: person.phone, password: TEST_PASSWORD }, { from: "10.9.9.9" })).status).toBe(201);
  });

  it("input that is not a sign-in at all (malformed number) is a 422 and does not count as a failure", async () => {
    const person = makePerson(db, place, "resident");
    for (let i = 0; i < MAX_FAILURES_PER_PHONE + 2; i++) {
      expect((await tokenCall({ phone: "12", password: "x" })).status).toBe(422);
    }
    expect((await tokenCall({ phone: person.phone, password: TEST_PASSWORD })).status).toBe(201);
  });

  it("the web sign-in (next-auth credentials) is locked the same way and tells the form how long", async () => {
    const person = makePerson(db, place, "resident");
    const provider = authOptions.providers[0] as unknown as { options: { authorize: (c: unknown, req: unknown) => Promise<unknown> } };
    const req = { headers: { "x-forwarded-for": address } };
    for (let i = 0; i < MAX_FAILURES_PER_PHONE; i++) {
      await expect(provider.options.authorize({ phone: person.phone, password: "wrong-password" }, req)).rejects.toThrow("wrongPassword");
    }
    await expect(provider.options.authorize({ phone: person.phone, password: TEST_PASSWORD }, req)).rejects.toThrow(`signInLocked|${LOCK_MINUTES}`);
    // The API shares the count: the number is locked there too.
    const api = await tokenCall({ phone: person.phone, password: TEST_PASSWORD });
    expect(api.status).toBe(429);
    expect(api.json.error.code).toBe("too_many_requests");
  });
});
