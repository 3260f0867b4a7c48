import bcrypt from "bcryptjs";
import { beforeEach, describe, expect, it, vi } from "vitest";
import { NextRequest } from "next/server";
import type { JWT } from "next-auth/jwt";

// The routes and next-auth's callbacks use the process-wide database (GRIDCOUNCIL_DB): point it
// at a throwaway folder before any module reads it.
const tmp = await vi.hoisted(async () => {
  const { throwawayDbEnv } = await import("../helpers/process-db");
  return throwawayDbEnv("sessions", { NEXTAUTH_SECRET: "test-secret-for-sessions", GRIDCOUNCIL_PUBLIC_ORIGIN: "https://council.example.org" });
});

/**
 * The browser's session cookie, as next-auth would read it: getServerSession runs the real
 * session callback of lib/auth/options.ts on the JWT the cookie holds (null: no cookie).
 */
const browser = vi.hoisted(() => ({ jwt: null as JWT | null, cookieValue: null as string | null, set: [] as { name: string; value: string }[] }));
vi.mock("next-auth", async (importOriginal) => ({
  ...(await importOriginal<typeof import("next-auth")>()),
  getServerSession: async (options: import("next-auth").NextAuthOptions) =>
    browser.jwt ? options.callbacks!.session!({ session: { expires: "" } as never, token: browser.jwt, user: undefined as never, newSession: undefined, trigger: "update" }) : null,
}));
vi.mock("next/headers", async (importOriginal) => ({
  ...(await importOriginal<typeof import("next/headers")>()),
  cookies: async () => ({
    get: (name: string) => (browser.cookieValue && /next-auth\.session-token$/.test(name) ? { name, value: browser.cookieValue } : undefined),
    set: (name: string, value: string) => browser.set.push({ name, value }),
  }),
}));
vi.mock("next/navigation", async (importOriginal) => ({
  ...(await importOriginal<typeof import("next/navigation")>()),
  redirect: (to: string) => {
    throw Object.assign(new Error(`redirect ${to}`), { to });
  },
}));
vi.mock("@/lib/auth/password", async (importOriginal) => ({
  ...(await importOriginal<typeof import("@/lib/auth/password")>()),
  hashPassword: (plain: string) => bcrypt.hash(plain, 4),
  checkPassword: (plain: string, hash: string) => bcrypt.compare(plain, hash),
}));

import { and, eq, sql } from "drizzle-orm";
import { encode } from "next-auth/jwt";
import type { DB } from "@/db/client";
import { apiTokens, events, people, sessions } from "@/db/schema";
import * as passwordRoute from "@/app/api/v1/me/password/route";
import * as meRoute from "@/app/api/v1/me/route";
import { signOutAction } from "@/app/_components/sign-out-action";
import { changePassword } from "@/lib/accounts/change-password";
import { verifyCredentials } from "@/lib/auth/credentials";
import { authOptions } from "@/lib/auth/options";
import { endSession, personIdForSession, SESSION_SECONDS, startSession } from "@/lib/auth/sessions";
import { issueApiToken, personIdForToken } from "@/lib/auth/tokens";
import { AppError } from "@/lib/errors";
import { ctxAs } from "../helpers/db";
import { makeCommunity, makePerson, TEST_PASSWORD } from "../helpers/factory";
import { processDb } from "../helpers/process-db";
import { first } from "@/db/query";

let db: DB;
let place: Awaited<ReturnType<typeof makeCommunity>>;

processDb(tmp.dir, (d) => (db = d));
beforeEach(async () => {
  place = await makeCommunity(db);
  browser.jwt = null;
  browser.cookieValue = null;
  browser.set = [];
});

/** Signs in as next-auth does after authorize(): the jwt callback with the user. */
async function signIn(personId: number): Promise<JWT> {
  return (await authOptions.callbacks!.jwt!({ token: {}, user: { id: String(personId) }, account: null } as never)) as JWT;
}
/** Whom the session callback makes of a cookie's JWT (what currentActor and the API handler see). */
async function personOf(token: JWT): Promise<number | null> {
  const s = (await authOptions.callbacks!.session!({ session: { expires: "" } as never, token, user: undefined as never, newSession: undefined, trigger: "update" })) as { personId: number | null };
  return s.personId;
}
/** Puts a signed-in JWT into the mocked browser, as the session cookie would carry it. */
async function useCookie(token: JWT | null) {
  browser.jwt = token;
  browser.cookieValue = token ? await encode({ token, secret: process.env.NEXTAUTH_SECRET! }) : null;
}
const sessionCount = async (personId: number) => (await first(db.select({ n: sql<number>`count(*)` }).from(sessions).where(eq(sessions.personId, personId))))!.n;
const hashOf = async (personId: number) => (await first(db.select({ h: people.passwordHash }).from(people).where(eq(people.id, personId))))!.h;

async function post(path: string, route: { POST: (req: NextRequest, ctx: never) => Promise<Response> }, body: unknown, headers: Record<string, string> = {}) {
  const req = new NextRequest(`http://127.0.0.1:3000${path}`, { method: "POST", headers: { "content-type": "application/json", "accept-language": "en", ...headers }, body: JSON.stringify(body) });
  const res = await route.POST(req, { params: Promise.resolve({}) } as never);
  return { status: res.status, json: (await res.json()) as Record<string, any> };
}
async function getMe(headers: Record<string, string> = {}) {
  const res = await meRoute.GET(new NextRequest("http://127.0.0.1:3000/api/v1/me", { headers }), { params: Promise.resolve({}) } as never);
  return { status: res.status, json: (await res.json()) as Record<string, any> };
}

describe("a web session lives on the server", () => {
  it("signing in starts a session; its cookie is someone only while the session's row lives", async () => {
    const p = await makePerson(db, place, "resident");
    const token = await signIn(p.id);
    expect(typeof token.sid).toBe("string");
    expect(token.personId).toBe(p.id);
    expect(await personOf(token)).toBe(p.id);
    // Only the id's hash is stored: the table alone gives nobody a cookie.
    const row = (await first(db.select().from(sessions).where(eq(sessions.personId, p.id))))!;
    expect(row.idHash).not.toContain(token.sid!);
    expect(row.expiresAt.getTime() - Date.now()).toBeGreaterThan((SESSION_SECONDS - 60) * 1000);

    // next-auth's own sign-out endpoint ends it through the signOut event.
    await authOptions.events!.signOut!({ token, session: undefined as never });
    expect(await personOf(token)).toBeNull();
    expect(await sessionCount(p.id)).toBe(0);
  });

  it("a cookie from before server-side sessions (no session id), or with another person's session id, is nobody", async () => {
    const p = await makePerson(db, place, "resident");
    const q = await makePerson(db, place, "resident");
    expect(await personOf({ personId: p.id })).toBeNull();
    const qs = await signIn(q.id);
    expect(await personOf({ personId: p.id, sid: qs.sid })).toBeNull();
    expect(await personOf({ personId: q.id, sid: "made-up" })).toBeNull();
  });

  it("a session ends by itself when its time is up", async () => {
    const p = await makePerson(db, place, "resident");
    const old = await startSession(db, p.id, new Date(Date.now() - (SESSION_SECONDS + 60) * 1000));
    expect(await personIdForSession(db, old)).toBeNull();
    const fresh = await startSession(db, p.id);
    expect(await personIdForSession(db, fresh)).toBe(p.id);
    // The next sign-in of the person cleared the row that ran out.
    expect(await sessionCount(p.id)).toBe(1);
    await endSession(db, fresh);
    await endSession(db, fresh); // twice is no error
    expect(await personIdForSession(db, fresh)).toBeNull();
  });

  it("the header's sign-out ends this session on the server: a copy of the cookie is nobody afterwards", async () => {
    const p = await makePerson(db, place, "resident");
    const token = await signIn(p.id);
    const other = await signIn(p.id); // the same person on another phone
    await useCookie(token);
    expect((await getMe()).json.id).toBe(p.id);

    await expect(signOutAction()).rejects.toMatchObject({ to: "/" });
    expect(browser.set.map((c) => [c.name, c.value])).toEqual([
      ["__Secure-next-auth.session-token", ""],
      ["next-auth.session-token", ""],
    ]);
    // The copied cookie (same JWT, still unexpired) is refused; the other phone stays signed in.
    expect((await getMe()).status).toBe(401);
    expect(await personOf(other)).toBe(p.id);
  });
});

describe("changing the password", () => {
  it("needs the right current password; a wrong one changes nothing and says which field is wrong", async () => {
    const p = await makePerson(db, place, "resident");
    const s = await signIn(p.id);
    const { token } = await issueApiToken(db, p.id);
    const before = await hashOf(p.id);
    const err = await changePassword(await ctxAs(p), { currentPassword: "not-my-password", newPassword: "Lotus-Pond-42" }).catch((e) => e);
    expect(err).toBeInstanceOf(AppError);
    expect(err).toMatchObject({ code: "invalid_input", messageKey: "currentPasswordWrong", fieldErrors: { currentPassword: "currentPasswordWrong" } });
    expect(await hashOf(p.id)).toBe(before);
    expect(await personOf(s)).toBe(p.id);
    expect(await personIdForToken(db, token)).toBe(p.id);
  });

  it("refuses a new password that is easy to guess, or the same as the current one, before checking anything", async () => {
    const p = await makePerson(db, place, "resident");
    const ctx = await ctxAs(p);
    for (const weak of ["12345678", "88888888", "password", p.phone, `x${p.phone}`]) {
      await expect(changePassword(ctx, { currentPassword: TEST_PASSWORD, newPassword: weak })).rejects.toMatchObject({ messageKey: "passwordTooWeak" });
    }
    await expect(changePassword(ctx, { currentPassword: TEST_PASSWORD, newPassword: TEST_PASSWORD })).rejects.toThrow(/passwordUnchanged/);
    await expect(changePassword(ctx, { currentPassword: TEST_PASSWORD, newPassword: "short" })).rejects.toThrow(/passwordTooShort/);
  });

  it("on the account page: every other session and every API token ends, this session stays, the old password is dead", async () => {
    const p = await makePerson(db, place, "resident");
    const bystander = await makePerson(db, place, "resident");
    const here = await signIn(p.id);
    const stolen = await signIn(p.id);
    const laptop = await signIn(p.id);
    const tokens = [(await issueApiToken(db, p.id)).token, (await issueApiToken(db, p.id)).token];
    const theirs = await signIn(bystander.id);
    const theirToken = (await issueApiToken(db, bystander.id)).token;

    const result = await changePassword(await ctxAs(p), { currentPassword: TEST_PASSWORD, newPassword: "Lotus-Pond-42" }, { sessionId: here.sid });
    expect(result).toEqual({ endedSessions: 2, revokedTokens: 2 });
    expect(await personOf(here)).toBe(p.id);
    expect(await personOf(stolen)).toBeNull();
    expect(await personOf(laptop)).toBeNull();
    for (const t of tokens) expect(await personIdForToken(db, t)).toBeNull();
    // Nobody else is touched.
    expect(await personOf(theirs)).toBe(bystander.id);
    expect(await personIdForToken(db, theirToken)).toBe(bystander.id);
    // The old password no longer signs in; the new one does.
    await expect(verifyCredentials(db, { phone: p.phone, password: TEST_PASSWORD })).rejects.toBeInstanceOf(AppError);
    expect(await verifyCredentials(db, { phone: p.phone, password: "Lotus-Pond-42" })).toEqual({ personId: p.id });
    const event = await first(db.select().from(events).where(and(eq(events.kind, "person.passwordChanged"), eq(events.subjectId, p.id))));
    expect(event?.data).toEqual({ endedSessions: 2, revokedTokens: 2 });
  });

  it("through POST /api/v1/me/password with a bearer token: that token stays, every other token and every web session ends", async () => {
    const p = await makePerson(db, place, "owner");
    const web = await signIn(p.id);
    const mine = (await issueApiToken(db, p.id)).token;
    const other = (await issueApiToken(db, p.id)).token;
    const res = await post("/api/v1/me/password", passwordRoute, { currentPassword: TEST_PASSWORD, newPassword: "Lotus-Pond-42" }, { authorization: `Bearer ${mine}` });
    expect(res).toEqual({ status: 200, json: { endedSessions: 1, revokedTokens: 1 } });
    expect(await personIdForToken(db, mine)).toBe(p.id);
    expect(await personIdForToken(db, other)).toBeNull();
    expect(await personOf(web)).toBeNull();
    expect(await sessionCount(p.id)).toBe(0);
  });

  it("through POST /api/v1/me/password with the session cookie from the app's own page: that session stays", async () => {
    const p = await makePerson(db, place, "owner");
    const here = await signIn(p.id);
    const elsewhere = await signIn(p.id);
    await useCookie(here);
    const res = await post("/api/v1/me/password", passwordRoute, { currentPassword: TEST_PASSWORD, newPassword: "Lotus-Pond-42" }, { origin: "https://council.example.org" });
    expect(res).toEqual({ status: 200, json: { endedSessions: 1, revokedTokens: 0 } });
    expect(await personOf(here)).toBe(p.id);
    expect(await personOf(elsewhere)).toBeNull();
  });

  it("signed out, the API answers 401 and changes nothing", async () => {
    const res = await post("/api/v1/me/password", passwordRoute, { currentPassword: TEST_PASSWORD, newPassword: "Lotus-Pond-42" });
    expect(res.status).toBe(401);
    expect(res.json.error.code).toBe("unauthenticated");
  });

  it("a sign-in whose check began before a password change took effect is refused", async () => {
    const p = await makePerson(db, place, "resident");
    // The old password's check is under way in the worker when the change commits.
    const checking = verifyCredentials(db, { phone: p.phone, password: TEST_PASSWORD });
    await db.update(people).set({ passwordHash: bcrypt.hashSync("Lotus-Pond-42", 4) }).where(eq(people.id, p.id));
    await expect(checking).rejects.toMatchObject({ code: "unauthenticated", messageKey: "invalidCredentials" });
    // Web sign-in and the API token both start their credential only after verifyCredentials answers.
    expect(await sessionCount(p.id)).toBe(0);
  });

  it("two changes made at once with the old password (the owner's and a cookie thief's): one wins, the other is refused and ends nothing", async () => {
    const p = await makePerson(db, place, "resident");
    const owner = await signIn(p.id);
    const thief = await signIn(p.id);
    const ctx = await ctxAs(p);
    const results = await Promise.allSettled([
      changePassword(ctx, { currentPassword: TEST_PASSWORD, newPassword: "Lotus-Pond-42" }, { sessionId: owner.sid }),
      changePassword(ctx, { currentPassword: TEST_PASSWORD, newPassword: "Thief-Lantern-77" }, { sessionId: thief.sid }),
    ]);
    const won = results.findIndex((r) => r.status === "fulfilled");
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    expect(results[1 - won]).toMatchObject({ status: "rejected", reason: { messageKey: "currentPasswordWrong" } });
    // The winner's session and password hold; the loser's session was ended by the winner's change.
    expect(await personOf([owner, thief][won]!)).toBe(p.id);
    expect(await personOf([owner, thief][1 - won]!)).toBeNull();
    expect(await verifyCredentials(db, { phone: p.phone, password: ["Lotus-Pond-42", "Thief-Lantern-77"][won] })).toEqual({ personId: p.id });
    expect(await db.select().from(events).where(and(eq(events.kind, "person.passwordChanged"), eq(events.subjectId, p.id)))).toHaveLength(1);
  });
});

describe("a write authenticated by the session cookie must come from the app's own origin", () => {
  const body = { currentPassword: TEST_PASSWORD, newPassword: "Lotus-Pond-42" };

  it("another site's Origin, a null Origin, or neither Origin nor Sec-Fetch-Site: 403 with a translated message, nothing written", async () => {
    const p = await makePerson(db, place, "resident");
    await useCookie(await signIn(p.id));
    const before = await hashOf(p.id);
    for (const headers of [
      { origin: "https://evil.example" },
      { origin: "https://evil.example", "sec-fetch-site": "cross-site" },
      { origin: "null" },
      // The request's own Host is no proof: it is whatever the caller sent.
      { origin: "http://127.0.0.1:3000", "sec-fetch-site": "cross-site" },
      { "sec-fetch-site": "same-site" },
      {},
    ] as Record<string, string>[]) {
      const res = await post("/api/v1/me/password", passwordRoute, body, headers);
      expect(res.status, JSON.stringify(headers)).toBe(403);
      expect(res.json.error).toEqual({ code: "forbidden", message: "Refused: this request did not come from a page of this site. Use the app's own pages; programs calling the API use a token (Authorization: Bearer)." });
    }
    const zh = await post("/api/v1/me/password", passwordRoute, body, { origin: "https://evil.example", "accept-language": "zh-CN" });
    expect(zh.json.error.message).toMatch(/^请求不是从本站页面发出的/);
    expect(await hashOf(p.id)).toBe(before);
    // Reads are not writes: the same cookie still reads (another site cannot read the answer anyway).
    expect((await getMe({ origin: "https://evil.example" })).status).toBe(200);
  });

  it("the public origin, or a browser's Sec-Fetch-Site: same-origin (a LAN address), passes", async () => {
    const p = await makePerson(db, place, "resident");
    await useCookie(await signIn(p.id));
    const first = await post("/api/v1/me/password", passwordRoute, body, { origin: "https://council.example.org" });
    expect(first.status).toBe(200);
    const second = await post("/api/v1/me/password", passwordRoute, { currentPassword: "Lotus-Pond-42", newPassword: "Moon-Gate-77" }, { origin: "http://192.168.1.5:3000", "sec-fetch-site": "same-origin" });
    expect(second.status).toBe(200);
  });

  it("a bearer token is unaffected: browsers never attach one on their own", async () => {
    const p = await makePerson(db, place, "resident");
    await useCookie(null);
    const { token } = await issueApiToken(db, p.id);
    const res = await post("/api/v1/me/password", passwordRoute, body, { authorization: `Bearer ${token}`, origin: "https://evil.example" });
    expect(res.status).toBe(200);
  });
});
