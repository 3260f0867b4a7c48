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

// Counts the bcrypt checks the worker pool is asked for (the real pool still does the work).
vi.mock("@/lib/workers/pool", async (importOriginal) => {
  const real = await importOriginal<typeof import("@/lib/workers/pool")>();
  return { ...real, runTask: vi.fn(real.runTask) };
});

import { eq, like, or, sql } from "drizzle-orm";
import { getDb, type DB } from "@/db/client";
import { apiTokens, events, signInFailures } from "@/db/schema";
import * as registrationsRoute from "@/app/api/v1/registrations/route";
import * as tokenRoute from "@/app/api/v1/auth/token/route";
import { PEER_HEADER, SERVED_WITH_PEER } from "@/lib/security/client-address";
import { verifyCredentials } from "@/lib/auth/credentials";
import { authOptions } from "@/lib/auth/options";
import {
  FIRST_DELAY_SECONDS,
  FREE_FAILURES_PER_PHONE,
  LOCK_MINUTES,
  MAX_DELAY_MINUTES,
  MAX_FAILURES_PER_ADDRESS,
  MAX_FAILURES_PER_PAIR,
  MAX_REGISTRATIONS_PER_ADDRESS,
  MAX_REGISTRATIONS_PER_PHONE,
  REGISTRATION_WINDOW_MINUTES,
} from "@/lib/domain/sign-in-throttle";
import { messages } from "@/lib/i18n/messages";
import { runTask } from "@/lib/workers/pool";
import { makeCommunity, makePerson, TEST_PASSWORD } from "../helpers/factory";
import { first } from "@/db/query";

const en = messages.en.errors as Record<string, string>;
const zh = messages["zh-CN"].errors as Record<string, string>;

let db: DB;
let place: Awaited<ReturnType<typeof makeCommunity>>;
let addressSeq = 0;
/** A fresh client address per call site, so the per-address allowance of one test never spills into another. */
const newAddress = () => `198.51.100.${++addressSeq}`;

beforeAll(() => {
  db = getDb();
  // As scripts/server.mjs does in production: the process vouches for the peer header.
  (globalThis as Record<symbol, unknown>)[SERVED_WITH_PEER] = true;
});
afterAll(() => {
  delete (globalThis as Record<symbol, unknown>)[SERVED_WITH_PEER];
  delete process.env.GRIDCOUNCIL_TRUSTED_PROXIES;
  db?.$client.close();
  delete (globalThis as { gridcouncilDb?: unknown }).gridcouncilDb;
  fs.rmSync(tmp.dir, { recursive: true, force: true });
});
beforeEach(async () => {
  place = await makeCommunity(db);
  delete process.env.GRIDCOUNCIL_TRUSTED_PROXIES;
});

/** POST /api/v1/auth/token from the socket address `from`, with whatever X-Forwarded-For the caller chooses to send. */
async function tokenCall(body: unknown, { from, lang = "zh-CN", forwardedFor }: { from: string; lang?: string; forwardedFor?: string }) {
  const req = new NextRequest("http://localhost/api/v1/auth/token", {
    method: "POST",
    headers: {
      "content-type": "application/json",
      "accept-language": lang,
      [PEER_HEADER]: from,
      ...(forwardedFor ? { "x-forwarded-for": forwardedFor } : {}),
    },
    body: JSON.stringify(body),
  });
  const res = await tokenRoute.POST(req, { params: Promise.resolve({}) as Promise<never> });
  return { status: res.status, json: (await res.json()) as Record<string, any> };
}

const tokensOf = async (personId: number) => (await first(db.select({ n: sql<number>`count(*)` }).from(apiTokens).where(eq(apiTokens.personId, personId))))!.n;
const wrong = (phone: string) => ({ phone, password: "wrong-password" });

describe("five wrong passwords cannot lock a resident out of their own account", () => {
  it(`after ${MAX_FAILURES_PER_PAIR} wrong passwords from a stranger's address, the owner still signs in from their own`, async () => {
    const owner = await makePerson(db, place, "resident");
    const home = newAddress();
    const stranger = newAddress();
    expect((await tokenCall({ phone: owner.phone, password: TEST_PASSWORD }, { from: home })).status).toBe(201);
    for (let i = 0; i < MAX_FAILURES_PER_PAIR; i++) expect((await tokenCall(wrong(owner.phone), { from: stranger })).status).toBe(401);

    // The stranger is stopped: even the right password is not checked from there.
    const refused = await tokenCall({ phone: owner.phone, password: TEST_PASSWORD }, { from: stranger });
    expect(refused.status).toBe(429);
    expect(refused.json.error).toEqual({ code: "too_many_requests", message: zh.signInLocked!.replace("{minutes}", String(LOCK_MINUTES)) });

    const before = await tokensOf(owner.id);
    const ownerAtHome = await tokenCall({ phone: owner.phone, password: TEST_PASSWORD }, { from: home });
    expect(ownerAtHome.status).toBe(201);
    expect(await tokensOf(owner.id)).toBe(before + 1);
    // The lock is recorded once, when it begins, on the pair and not on the number.
    const locks = (await db.select().from(events).where(eq(events.kind, "signIn.lockedOut"))).map((e) => (e.data as { key: string }).key);
    expect(locks).toContain(`pair:${owner.phone}@${stranger}`);
    expect(locks).not.toContain(`phone:${owner.phone}`);
  });

  it("guessing from many addresses slows the number down progressively, but never locks the owner's own address", async () => {
    const owner = await makePerson(db, place, "resident");
    const home = newAddress();
    const t0 = new Date();
    const at = (seconds: number) => new Date(t0.getTime() + seconds * 1000);
    await verifyCredentials(db, { phone: owner.phone, password: TEST_PASSWORD }, { address: home, now: at(0) });

    // Five strangers, one guess each: the fifth failure of the number starts the wait.
    for (let i = 0; i < FREE_FAILURES_PER_PHONE; i++) {
      await expect(verifyCredentials(db, wrong(owner.phone), { address: newAddress(), now: at(1) })).rejects.toMatchObject({ status: 401 });
    }
    const fresh = newAddress();
    await expect(verifyCredentials(db, wrong(owner.phone), { address: fresh, now: at(2) })).rejects.toMatchObject({
      status: 429,
      messageKey: "signInSlowed",
      params: { minutes: 1 },
    });
    // The owner at home is let through at once, however slowed the number is.
    await expect(verifyCredentials(db, { phone: owner.phone, password: TEST_PASSWORD }, { address: home, now: at(2) })).resolves.toEqual({ personId: owner.id });

    // Each further failure doubles the wait, up to the cap: a wait, never a lock.
    let now = FIRST_DELAY_SECONDS + 1;
    const waits: number[] = [];
    for (let i = 0; i < 8; i++) {
      await expect(verifyCredentials(db, wrong(owner.phone), { address: newAddress(), now: at(now) })).rejects.toMatchObject({ status: 401 });
      const row = (await first(db.select().from(signInFailures).where(eq(signInFailures.key, `phone:${owner.phone}`))))!;
      const wait = (row.lockedUntil!.getTime() - at(now).getTime()) / 1000;
      waits.push(wait);
      now += wait;
    }
    expect(waits).toEqual([60, 120, 240, 480, 900, 900, 900, 900].map((s) => Math.min(s, MAX_DELAY_MINUTES * 60)));
    await expect(verifyCredentials(db, { phone: owner.phone, password: TEST_PASSWORD }, { address: home, now: at(now - 1) })).resolves.toEqual({ personId: owner.id });
    // A new address of the owner's (say, mobile data) gets in once the current wait is over.
    await expect(verifyCredentials(db, { phone: owner.phone, password: TEST_PASSWORD }, { address: newAddress(), now: at(now) })).resolves.toEqual({ personId: owner.id });
    expect((await db.select().from(events).where(eq(events.kind, "signIn.slowedDown"))).some((e) => (e.data as { key: string }).key === `phone:${owner.phone}`)).toBe(true);
  });

  it("the pair's lock runs out after its time, and a right password then clears the pair's count", async () => {
    const person = await makePerson(db, place, "resident");
    const from = newAddress();
    const t0 = new Date();
    for (let i = 0; i < MAX_FAILURES_PER_PAIR; i++) {
      await expect(verifyCredentials(db, wrong(person.phone), { address: from, now: t0 })).rejects.toThrow();
    }
    const stillLocked = new Date(t0.getTime() + (LOCK_MINUTES * 60 - 1) * 1000);
    await expect(verifyCredentials(db, { phone: person.phone, password: TEST_PASSWORD }, { address: from, now: stillLocked })).rejects.toMatchObject({ status: 429, messageKey: "signInLocked", params: { minutes: 1 } });
    const later = new Date(t0.getTime() + LOCK_MINUTES * 60_000);
    await expect(verifyCredentials(db, { phone: person.phone, password: TEST_PASSWORD }, { address: from, now: later })).resolves.toEqual({ personId: person.id });
    expect(await first(db.select().from(signInFailures).where(eq(signInFailures.key, `pair:${person.phone}@${from}`)))).toBeUndefined();
  });

  it("a right password before the limit starts the pair's count again: a resident who mistypes is never locked out", async () => {
    const person = await makePerson(db, place, "resident");
    const from = newAddress();
    for (let round = 0; round < 3; round++) {
      for (let i = 0; i < MAX_FAILURES_PER_PAIR - 1; i++) expect((await tokenCall(wrong(person.phone), { from })).status).toBe(401);
      expect((await tokenCall({ phone: person.phone, password: TEST_PASSWORD }, { from })).status).toBe(201);
    }
  });
});

const passwordChecks = () => vi.mocked(runTask).mock.calls.filter(([pool, task]) => pool === "password" && task === "checkPassword").length;
const phoneRow = async (phone: string) => await first(db.select().from(signInFailures).where(eq(signInFailures.key, `phone:${phone}`)));
/** The outcome of each attempt: 200 for let in, else the error's status. */
const outcomes = async (attempts: Promise<unknown>[]) =>
  (await Promise.allSettled(attempts)).map((r) => (r.status === "fulfilled" ? 200 : (r.reason as { status: number }).status));

describe("guesses sent all at once are counted before their passwords are checked", () => {
  it.each([
    ["a registered number", true],
    ["a number nobody has", false],
  ])(`twelve wrong passwords at once for %s from one address: ${MAX_FAILURES_PER_PAIR} are checked, the rest refused`, async (_, registered) => {
    const phone = registered ? (await makePerson(db, place, "resident")).phone : `1370002${String(++addressSeq).padStart(4, "0")}`;
    const from = newAddress();
    const before = passwordChecks();
    const statuses = await outcomes(Array.from({ length: 12 }, () => verifyCredentials(db, wrong(phone), { address: from })));
    expect(statuses.filter((s) => s === 401)).toHaveLength(MAX_FAILURES_PER_PAIR);
    expect(statuses.filter((s) => s === 429)).toHaveLength(12 - MAX_FAILURES_PER_PAIR);
    expect(passwordChecks() - before).toBe(MAX_FAILURES_PER_PAIR);
    expect(await first(db.select().from(signInFailures).where(eq(signInFailures.key, `pair:${phone}@${from}`)))).toMatchObject({ failures: MAX_FAILURES_PER_PAIR, lockedUntil: expect.any(Date) });
    expect((await phoneRow(phone))?.failures).toBe(MAX_FAILURES_PER_PAIR);
    const locks = (await db.select().from(events).where(eq(events.kind, "signIn.lockedOut"))).filter((e) => (e.data as { key: string }).key === `pair:${phone}@${from}`);
    expect(locks).toHaveLength(1);
  });

  it(`twelve wrong passwords at once from twelve addresses: ${FREE_FAILURES_PER_PHONE} are checked, then the number is slowed; the owner at home still gets in`, async () => {
    const owner = await makePerson(db, place, "resident");
    const home = newAddress();
    await verifyCredentials(db, { phone: owner.phone, password: TEST_PASSWORD }, { address: home });
    const before = passwordChecks();
    const settled = await Promise.allSettled(Array.from({ length: 12 }, () => verifyCredentials(db, wrong(owner.phone), { address: newAddress() })));
    expect(settled.filter((r) => r.status === "rejected" && (r.reason as { status: number }).status === 401)).toHaveLength(FREE_FAILURES_PER_PHONE);
    const refused = settled.filter((r) => r.status === "rejected" && (r.reason as { status: number }).status === 429);
    expect(refused).toHaveLength(12 - FREE_FAILURES_PER_PHONE);
    for (const r of refused) expect((r as PromiseRejectedResult).reason).toMatchObject({ messageKey: "signInSlowed" });
    expect(passwordChecks() - before).toBe(FREE_FAILURES_PER_PHONE);
    await expect(verifyCredentials(db, { phone: owner.phone, password: TEST_PASSWORD }, { address: home })).resolves.toEqual({ personId: owner.id });
  });

  it("a right password takes its own count back: signing in from new places never slows the number down", async () => {
    const person = await makePerson(db, place, "resident");
    const now = new Date();
    for (let i = 0; i < FREE_FAILURES_PER_PHONE - 1; i++) {
      await expect(verifyCredentials(db, wrong(person.phone), { address: newAddress(), now })).rejects.toMatchObject({ status: 401 });
    }
    // One short of the slow-down: each sign-in is counted while its password is checked, then taken back.
    for (let i = 0; i < 3; i++) {
      await expect(verifyCredentials(db, { phone: person.phone, password: TEST_PASSWORD }, { address: newAddress(), now })).resolves.toEqual({ personId: person.id });
    }
    expect(await phoneRow(person.phone)).toMatchObject({ failures: FREE_FAILURES_PER_PHONE - 1, lockedUntil: null });
    await expect(verifyCredentials(db, { phone: person.phone, password: TEST_PASSWORD }, { address: newAddress(), now })).resolves.toEqual({ personId: person.id });
    // Nor does it leave a lock or a slow-down event behind.
    expect((await db.select().from(events).where(eq(events.kind, "signIn.slowedDown"))).some((e) => (e.data as { key: string }).key === `phone:${person.phone}`)).toBe(false);
  });
});

describe("an address that cannot be told is nobody's lock", () => {
  const sharedRows = async (phone: string) =>
    await db.select().from(signInFailures).where(or(like(signInFailures.key, `pair:${phone}@%`), like(signInFailures.key, "ip:?%"), eq(signInFailures.key, "ip:null")));

  it("wrong passwords from an unknown address only slow the number down: the resident, also unknown, signs in once the wait is over", async () => {
    const person = await makePerson(db, place, "resident");
    const t0 = new Date();
    const at = (seconds: number) => new Date(t0.getTime() + seconds * 1000);
    let now = 0;
    // Ten wrong passwords from "anyone" (a reverse proxy nobody configured makes every client unknown), each after the previous wait.
    for (let i = 0; i < 10; i++) {
      await expect(verifyCredentials(db, wrong(person.phone), { address: null, now: at(now) })).rejects.toMatchObject({ status: 401 });
      const until = ((await phoneRow(person.phone))!).lockedUntil;
      if (until) now = (until.getTime() - t0.getTime()) / 1000;
    }
    expect(await sharedRows(person.phone)).toEqual([]);
    // Inside the current wait, the number is slowed (a wait, never a lock)…
    await expect(verifyCredentials(db, { phone: person.phone, password: TEST_PASSWORD }, { address: null, now: at(now - 1) })).rejects.toMatchObject({
      status: 429,
      messageKey: "signInSlowed",
    });
    // …and once it is over, the right password from an unknown address gets in.
    await expect(verifyCredentials(db, { phone: person.phone, password: TEST_PASSWORD }, { address: null, now: at(now) })).resolves.toEqual({ personId: person.id });
  });

  it("behind an unconfigured proxy on the same machine (a loopback peer), five wrong passwords from anyone do not lock the number", async () => {
    const person = await makePerson(db, place, "resident");
    for (let i = 0; i < MAX_FAILURES_PER_PAIR; i++) {
      expect((await tokenCall(wrong(person.phone), { from: "127.0.0.1", forwardedFor: `203.0.113.${i + 1}` })).status).toBe(401);
    }
    const owner = await tokenCall({ phone: person.phone, password: TEST_PASSWORD }, { from: "127.0.0.1", forwardedFor: "198.51.100.250" });
    // Slowed for half a minute, as the number would be from any address it never used; not locked for a quarter of an hour.
    expect(owner.status).toBe(429);
    expect(owner.json.error.message).toBe(zh.signInSlowed!.replace("{minutes}", "1"));
    expect(await sharedRows(person.phone)).toEqual([]);
  });
});

describe("an unknown number and a wrong password look the same", () => {
  it("same status, same message, same field, in both languages", async () => {
    const person = await makePerson(db, place, "resident");
    for (const lang of ["zh-CN", "en"]) {
      const from = newAddress();
      const wrongPassword = await tokenCall(wrong(person.phone), { from, lang });
      const unknownNumber = await tokenCall({ phone: "13699999998", password: "wrong-password" }, { from, lang });
      expect(wrongPassword.status).toBe(401);
      expect(unknownNumber).toEqual(wrongPassword);
      const text = (lang === "en" ? en : zh).invalidCredentials;
      expect(wrongPassword.json.error).toEqual({ code: "unauthenticated", message: text, fields: { password: text } });
    }
  });

  it("an unknown number costs the same bcrypt check as a wrong password (no timing tell)", async () => {
    const person = await makePerson(db, place, "resident");
    const checks = () => vi.mocked(runTask).mock.calls.filter(([pool, task]) => pool === "password" && task === "checkPassword").length;
    const from = newAddress();
    let before = checks();
    await expect(verifyCredentials(db, wrong(person.phone), { address: from })).rejects.toMatchObject({ messageKey: "invalidCredentials" });
    expect(checks() - before).toBe(1);
    before = checks();
    await expect(verifyCredentials(db, wrong("13699999997"), { address: from })).rejects.toMatchObject({ messageKey: "invalidCredentials" });
    expect(checks() - before).toBe(1);
  });

  it("the web sign-in (next-auth credentials) gives the same key for both, and the wait when slowed", async () => {
    const person = await makePerson(db, place, "resident");
    const provider = authOptions.providers[0] as unknown as { options: { authorize: (c: unknown, req: unknown) => Promise<unknown> } };
    const req = () => ({ headers: { [PEER_HEADER]: newAddress() } });
    await expect(provider.options.authorize(wrong(person.phone), req())).rejects.toThrow(/^invalidCredentials$/);
    await expect(provider.options.authorize(wrong("13699999996"), req())).rejects.toThrow(/^invalidCredentials$/);
    for (let i = 0; i < FREE_FAILURES_PER_PHONE - 1; i++) await expect(provider.options.authorize(wrong(person.phone), req())).rejects.toThrow();
    await expect(provider.options.authorize({ phone: person.phone, password: TEST_PASSWORD }, req())).rejects.toThrow("signInSlowed|1");
  });
});

describe("the client address comes from the socket, not from what the client says", () => {
  it("a forged X-Forwarded-For cannot spread one guesser over many addresses", async () => {
    const person = await makePerson(db, place, "resident");
    const from = newAddress();
    for (let i = 0; i < MAX_FAILURES_PER_PAIR; i++) {
      expect((await tokenCall(wrong(person.phone), { from, forwardedFor: `203.0.113.${i + 1}` })).status).toBe(401);
    }
    expect((await tokenCall({ phone: person.phone, password: TEST_PASSWORD }, { from, forwardedFor: "203.0.113.200" })).status).toBe(429);
  });

  it("a forged X-Forwarded-For cannot lock someone else's address", async () => {
    const person = await makePerson(db, place, "resident");
    const victim = newAddress();
    const attacker = newAddress();
    for (let i = 0; i < MAX_FAILURES_PER_ADDRESS; i++) {
      await tokenCall({ phone: `1370000${String(i).padStart(4, "0")}`, password: "guess-123" }, { from: attacker, forwardedFor: victim });
    }
    expect((await tokenCall({ phone: person.phone, password: TEST_PASSWORD }, { from: victim })).status).toBe(201);
    expect((await tokenCall({ phone: person.phone, password: TEST_PASSWORD }, { from: attacker })).status).toBe(429);
  }, 60_000);

  it("behind a configured trusted proxy, the address the proxy saw is the one counted", async () => {
    process.env.GRIDCOUNCIL_TRUSTED_PROXIES = "10.20.0.0/16";
    const person = await makePerson(db, place, "resident");
    const proxy = "10.20.0.1";
    const client = newAddress();
    const owner = newAddress();
    expect((await tokenCall({ phone: person.phone, password: TEST_PASSWORD }, { from: proxy, forwardedFor: owner })).status).toBe(201);
    for (let i = 0; i < MAX_FAILURES_PER_PAIR; i++) expect((await tokenCall(wrong(person.phone), { from: proxy, forwardedFor: client })).status).toBe(401);
    expect((await tokenCall({ phone: person.phone, password: TEST_PASSWORD }, { from: proxy, forwardedFor: client })).status).toBe(429);
    // The owner behind the same proxy is another pair, and an address the number knows: let in.
    expect((await tokenCall({ phone: person.phone, password: TEST_PASSWORD }, { from: proxy, forwardedFor: `1.2.3.4, ${owner}` })).status).toBe(201);
    expect((await first(db.select().from(signInFailures).where(eq(signInFailures.key, `pair:${person.phone}@${client}`))))?.failures).toBe(MAX_FAILURES_PER_PAIR);
  });
});

describe("the per-address limit stays", () => {
  it(`one address trying many numbers is locked after ${MAX_FAILURES_PER_ADDRESS} failures; other addresses still sign in`, async () => {
    const person = await makePerson(db, place, "resident");
    const from = newAddress();
    for (let i = 0; i < MAX_FAILURES_PER_ADDRESS; i++) {
      // Different, unregistered numbers: no single number reaches its own limit.
      expect((await tokenCall({ phone: `1370001${String(i).padStart(4, "0")}`, password: "guess-123" }, { from })).status).toBe(401);
    }
    const locked = await tokenCall({ phone: person.phone, password: TEST_PASSWORD }, { from, lang: "en" });
    expect(locked.status).toBe(429);
    expect(locked.json.error.message).toBe(en.signInLocked!.replace("{minutes}", String(LOCK_MINUTES)));
    expect((await tokenCall({ phone: person.phone, password: TEST_PASSWORD }, { from: newAddress() })).status).toBe(201);
  }, 60_000);

  it("one IPv6 client rotating through its /64 is one address: the pair lock holds across it, the next /64 is another client", async () => {
    const person = await makePerson(db, place, "resident");
    const site = `2001:db8:${Math.floor(Math.random() * 0xffff).toString(16)}`;
    // The owner signs in at home, from their own /64.
    expect((await tokenCall({ phone: person.phone, password: TEST_PASSWORD }, { from: `${site}:8::1` })).status).toBe(201);
    for (let i = 0; i < MAX_FAILURES_PER_PAIR; i++) expect((await tokenCall(wrong(person.phone), { from: `${site}:7::${i + 1}` })).status).toBe(401);
    expect((await tokenCall({ phone: person.phone, password: TEST_PASSWORD }, { from: `${site}:7:aaaa::99` })).status).toBe(429);
    // Home is another /64, and one the number knows, whichever of its addresses the phone uses today.
    expect((await tokenCall({ phone: person.phone, password: TEST_PASSWORD }, { from: `${site}:8:bbbb::2` })).status).toBe(201);
  });

  it("input that is not a sign-in at all (malformed number) is a 422 and does not count as a failure", async () => {
    const person = await makePerson(db, place, "resident");
    const from = newAddress();
    for (let i = 0; i < MAX_FAILURES_PER_PAIR + 2; i++) expect((await tokenCall({ phone: "12", password: "x" }, { from })).status).toBe(422);
    expect((await tokenCall({ phone: person.phone, password: TEST_PASSWORD }, { from })).status).toBe(201);
  });
});

describe("registration is throttled per client address and per mobile number", () => {
  let phoneSeq = 0;
  const freshPhone = () => `1390000${String(++phoneSeq).padStart(4, "0")}`;
  const form = (over: Record<string, unknown> = {}) => ({
    name: "张秀英",
    phone: freshPhone(),
    password: "secret-123",
    gridId: place.gridA.id,
    buildingId: place.buildingA.id,
    unitId: place.unitsA[0]!.id,
    relation: "resident",
    ...over,
  });
  async function registerCall(body: unknown, { from, lang = "zh-CN" }: { from: string; lang?: string }) {
    const req = new NextRequest("http://localhost/api/v1/registrations", {
      method: "POST",
      headers: { "content-type": "application/json", "accept-language": lang, [PEER_HEADER]: from },
      body: JSON.stringify(body),
    });
    const res = await registrationsRoute.POST(req, { params: Promise.resolve({}) as Promise<never> });
    return { status: res.status, json: (await res.json()) as Record<string, any> };
  }

  it(`one number gets ${MAX_REGISTRATIONS_PER_PHONE} attempts an hour, from any address; then a translated 429`, async () => {
    const phone = freshPhone();
    expect((await registerCall(form({ phone }), { from: newAddress() })).status).toBe(201);
    for (let i = 1; i < MAX_REGISTRATIONS_PER_PHONE; i++) expect((await registerCall(form({ phone }), { from: newAddress() })).status).toBe(409);
    const refused = await registerCall(form({ phone }), { from: newAddress(), lang: "en" });
    expect(refused.status).toBe(429);
    expect(refused.json.error).toEqual({ code: "too_many_requests", message: en.registerThrottled!.replace("{minutes}", String(REGISTRATION_WINDOW_MINUTES)) });
  });

  it(`one address gets ${MAX_REGISTRATIONS_PER_ADDRESS} attempts an hour; the count survives a restart`, async () => {
    const from = newAddress();
    for (let i = 0; i < MAX_REGISTRATIONS_PER_ADDRESS; i++) {
      // Attempts that fail after the input is read count too (here: a unit that does not exist).
      expect((await registerCall(form({ unitId: 999_999 }), { from })).status).toBe(422);
    }
    const refused = await registerCall(form(), { from });
    expect(refused.status).toBe(429);
    expect(refused.json.error.message).toBe(zh.registerThrottled!.replace("{minutes}", String(REGISTRATION_WINDOW_MINUTES)));

    // A restart: the process-wide handle is closed and the file opened afresh.
    db.$client.close();
    delete (globalThis as { gridcouncilDb?: unknown }).gridcouncilDb;
    db = getDb();
    expect((await registerCall(form(), { from })).status).toBe(429);
    // Another address is not affected.
    expect((await registerCall(form(), { from: newAddress() })).status).toBe(201);
  }, 60_000);

  it("an unknown client address (a loopback peer) is no shared bucket: only each number's own limit applies", async () => {
    for (let i = 0; i < MAX_REGISTRATIONS_PER_ADDRESS + 2; i++) expect((await registerCall(form({ unitId: 999_999 }), { from: "127.0.0.1" })).status).toBe(422);
    expect((await registerCall(form(), { from: "::1" })).status).toBe(201);
    expect((await db.select().from(signInFailures).where(like(signInFailures.key, "register-ip:%"))).map((r) => r.key)).not.toContain("register-ip:null");
  }, 60_000);

  it("input that is not a registration at all (422 from the schema) is not counted", async () => {
    const from = newAddress();
    for (let i = 0; i < MAX_REGISTRATIONS_PER_ADDRESS + 2; i++) expect((await registerCall({ phone: "12" }, { from })).status).toBe(422);
    expect((await registerCall(form(), { from })).status).toBe(201);
  }, 60_000);
});
