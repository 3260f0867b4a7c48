import { eq } from "drizzle-orm";
import { NextRequest } from "next/server";
import { describe, expect, it, vi } from "vitest";
import type { DB } from "@/db/client";
import { activationCodes, events, people, roles, signInFailures, type RoleKind, type Unit } from "@/db/schema";
import * as lettersRoute from "@/app/api/v1/activation/letters/route";
import { activate } from "@/lib/activation/activate";
import { getActivationOverview } from "@/lib/activation/get-activation-overview";
import { issueActivationLetters } from "@/lib/activation/issue-letters";
import { verifyCredentials } from "@/lib/auth/credentials";
import { issueApiToken } from "@/lib/auth/tokens";
import { describeError } from "@/lib/describe-error";
import { MAX_ACTIVATIONS_PER_ADDRESS, MAX_ACTIVATIONS_PER_PHONE } from "@/lib/domain/activation-code";
import { ctxAs, ctxSignedOut, fileDb } from "../helpers/db";
import { makeCommunity, makePerson } from "../helpers/factory";
import { pdfPagesText } from "../helpers/pdf-text";
import { expectInvalid, expectRefused } from "../helpers/refusal";
import { first } from "@/db/query";

// The letters route is called as the app serves it, with a bearer token; nobody has a session cookie here.
vi.mock("next-auth", async (importOriginal) => ({ ...(await importOriginal<typeof import("next-auth")>()), getServerSession: async () => null }));

let db: DB;
fileDb((d) => (db = d), { perTest: true });

let seq = 0;
/** Someone an import brought in from a register: verified, a role on the unit, no password yet. */
async function imported(place: Awaited<ReturnType<typeof makeCommunity>>, unit: Unit, role: Extract<RoleKind, "owner" | "resident">, name = `业主${++seq}`) {
  const n = ++seq;
  const person = await first(db
    .insert(people)
    .values({ phone: `137${String(n).padStart(8, "0")}`, passwordHash: null, name, displayNumber: `IMP-${n}`, status: "verified" })
    .returning());
  const gridId = place.unitsA.some((u) => u.id === unit.id) ? place.gridA.id : place.gridB.id;
  await db.insert(roles).values({ personId: person.id, role, communityId: place.community.id, gridId, unitId: unit.id });
  return person;
}

async function world() {
  const place = await makeCommunity(db);
  const workerA = await makePerson(db, place, "gridWorker", { grid: "A" });
  const workerB = await makePerson(db, place, "gridWorker", { grid: "B" });
  const admin = await makePerson(db, place, "communityAdmin");
  const resident = await makePerson(db, place, "resident", { grid: "A" });
  // 101 of grid A: two co-owners and a resident; 102: one owner; grid B's 101: one owner.
  const [u101, u102] = place.unitsA;
  const ownerA1 = await imported(place, u101!, "owner", "张建国");
  const ownerA2 = await imported(place, u101!, "owner", "李秀英");
  const tenant = await imported(place, u101!, "resident", "王小明");
  const owner102 = await imported(place, u102!, "owner", "赵一");
  const ownerB = await imported(place, place.unitsB[0]!, "owner", "钱二");
  return { place, workerA, workerB, admin, resident, ownerA1, ownerA2, tenant, owner102, ownerB };
}

const codeOf = (letters: Awaited<ReturnType<typeof issueActivationLetters>>, name: string) => letters.households.flatMap((h) => h.people).find((p) => p.name === name)!.code;
const PASSWORD = "Harbour-lights9";

describe("issuing activation letters", () => {
  it("gives every household of the grid one letter — co-owners and residents together, each with their own code — and stores only hashes", async () => {
    const w = await world();
    const letters = await issueActivationLetters(await ctxAs(w.workerA), { gridId: w.place.gridA.id });
    expect(letters.households.map((h) => h.unit)).toEqual(["101", "102"]);
    expect(letters.households[0]!.people.map((p) => [p.name, p.role])).toEqual([
      ["张建国", "owner"],
      ["李秀英", "owner"],
      ["王小明", "resident"],
    ]);
    expect(letters.households[0]!.contact).toMatchObject({ phone: expect.any(String) });
    expect(letters.people).toBe(4);
    expect(letters.letterhead.community).toBe(w.place.community.name);
    const codes = letters.households.flatMap((h) => h.people.map((p) => p.code));
    for (const c of codes) expect(c).toMatch(/^[2-9A-HJ-NP-Z]{5}-[2-9A-HJ-NP-Z]{5}$/);
    expect(new Set(codes).size).toBe(4);
    // Grid B's owner is not in grid A's letters and got no code.
    expect(await db.select().from(activationCodes).where(eq(activationCodes.personId, w.ownerB.id))).toEqual([]);
    // The database holds no code in clear.
    const stored = JSON.stringify(await db.select().from(activationCodes));
    for (const c of codes) expect(stored).not.toContain(c.replace("-", ""));
    expect(await db.select().from(events).where(eq(events.kind, "activation.lettersIssued"))).toHaveLength(1);
  });

  it("one building only; a grid worker of another grid, a resident and a worker asking for the whole community are refused", async () => {
    const w = await world();
    expect((await issueActivationLetters(await ctxAs(w.admin), { buildingId: w.place.buildingB.id })).households.map((h) => h.people.map((p) => p.name))).toEqual([["钱二"]]);
    await expectRefused(async () => issueActivationLetters(await ctxAs(w.workerB), { gridId: w.place.gridA.id }), 403);
    await expectRefused(async () => issueActivationLetters(await ctxAs(w.workerB), { buildingId: w.place.buildingA.id }), 403);
    await expectRefused(async () => issueActivationLetters(await ctxAs(w.resident), { gridId: w.place.gridA.id }), 403);
    await expectRefused(async () => issueActivationLetters(await ctxAs(w.workerA), {}), 403);
    await expectRefused(async () => getActivationOverview(await ctxAs(w.resident), {}), 403);
    // Nothing was issued by the refused calls (the admin's building B letter aside).
    expect(await db.select().from(activationCodes)).toHaveLength(1);
    // The admin may issue for the whole community.
    expect((await issueActivationLetters(await ctxAs(w.admin), {})).households).toHaveLength(3);
  });

  it("says so when nobody in the scope is waiting, leaves out who has activated, and refuses days outside 1–180", async () => {
    const w = await world();
    await expectInvalid(async () => issueActivationLetters(await ctxAs(w.admin), { buildingId: w.place.buildingA.id, expiresInDays: 0 }), "expiresInDays", "activationDaysRange");
    await expectInvalid(async () => issueActivationLetters(await ctxAs(w.admin), { buildingId: w.place.buildingA.id, expiresInDays: 181 }), "expiresInDays", "activationDaysRange");
    const letters = await issueActivationLetters(await ctxAs(w.admin), { gridId: w.place.gridA.id });
    await activate(ctxSignedOut(), { code: codeOf(letters, "赵一"), phone: w.owner102.phone, password: PASSWORD });
    // 102 has activated: the grid's next letters go to 101 only.
    expect((await issueActivationLetters(await ctxAs(w.admin), { gridId: w.place.gridA.id })).households.map((h) => h.unit)).toEqual(["101"]);
    await db.update(people).set({ passwordHash: "x" }).where(eq(people.id, w.ownerB.id));
    await expectRefused(async () => issueActivationLetters(await ctxAs(w.admin), { buildingId: w.place.buildingB.id }), 422, "activationNobody");
  });
});

describe("a scope too big for one PDF", () => {
  it("is refused before any code is issued, so the letters already handed out stay valid", async () => {
    const w = await world();
    const code = codeOf(await issueActivationLetters(await ctxAs(w.admin), { gridId: w.place.gridA.id }), "赵一");
    const e = await expectRefused(async () => issueActivationLetters(await ctxAs(w.admin), { gridId: w.place.gridA.id }, { maxHouseholds: 1 }), 422, "activationTooMany");
    expect(e.params).toEqual({ households: 2, max: 1 });
    expect(await db.select().from(activationCodes)).toHaveLength(4);
    await activate(ctxSignedOut(), { code, phone: w.owner102.phone, password: PASSWORD });
  });
});

describe("activating", () => {
  it("sets the password with the letter's code and the person's own number; then they sign in like anyone", async () => {
    const w = await world();
    const letters = await issueActivationLetters(await ctxAs(w.workerA), { gridId: w.place.gridA.id });
    await expectRefused(() => verifyCredentials(db, { phone: w.ownerA2.phone, password: PASSWORD }), 401, "invalidCredentials");
    // Typed as a person would: lower case, spaces instead of the dash.
    const typed = codeOf(letters, "李秀英").toLowerCase().replace("-", " ");
    expect(await activate(ctxSignedOut(), { code: typed, phone: w.ownerA2.phone, password: PASSWORD })).toEqual({ personId: w.ownerA2.id, phone: w.ownerA2.phone });
    expect(await verifyCredentials(db, { phone: w.ownerA2.phone, password: PASSWORD })).toEqual({ personId: w.ownerA2.id });
    expect((await db.select().from(events).where(eq(events.kind, "person.activated"))).map((e) => e.subjectId)).toEqual([w.ownerA2.id]);
    // The co-owner's code is untouched: each member activates on their own.
    await activate(ctxSignedOut(), { code: codeOf(letters, "张建国"), phone: w.ownerA1.phone, password: "Another-pass7" });
  });

  it("refuses a used code: the account is active, sign in instead", async () => {
    const w = await world();
    const code = codeOf(await issueActivationLetters(await ctxAs(w.workerA), { gridId: w.place.gridA.id }), "赵一");
    await activate(ctxSignedOut(), { code, phone: w.owner102.phone, password: PASSWORD });
    await expectRefused(() => activate(ctxSignedOut(), { code, phone: w.owner102.phone, password: "Different-pass8" }), 409, "activationCodeUsed");
    // The password stayed the first one.
    expect(await verifyCredentials(db, { phone: w.owner102.phone, password: PASSWORD })).toEqual({ personId: w.owner102.id });
  });

  it("answers a wrong code, somebody else's number and an unknown number alike — a letter or a number alone gives nothing away", async () => {
    const w = await world();
    const letters = await issueActivationLetters(await ctxAs(w.workerA), { gridId: w.place.gridA.id });
    const code = codeOf(letters, "张建国");
    const answers = await Promise.all([
      { code, phone: w.ownerA2.phone }, // the co-owner's number on the other's code
      { code, phone: "13999999999" }, // nobody's number
      { code: "ABCDE-FGHJK", phone: w.ownerA1.phone }, // the right number, a code nobody was given
    ].map(async (attempt) => {
      const e = await expectRefused(() => activate(ctxSignedOut(), { ...attempt, password: PASSWORD }), 422, "activationCodeWrong");
      return describeError(e, "zh-CN");
    }));
    expect(new Set(answers.map((a) => JSON.stringify(a))).size).toBe(1);
    expect(answers[0]!.body.fields).toEqual({ code: expect.stringContaining("激活码或手机号不对") });
    // A malformed code says what a code looks like (the format is no secret).
    await expectInvalid(() => activate(ctxSignedOut(), { code: "O0I1-xx", phone: w.ownerA1.phone, password: PASSWORD }), "code", "activationCodeFormat");
    // Nobody was activated by any of it.
    expect((await first(db.select().from(people).where(eq(people.id, w.ownerA1.id))))!.passwordHash).toBeNull();
  });

  it("an expired code tells its person to ask the grid worker for a new letter", async () => {
    const w = await world();
    const issued = new Date("2026-01-01T00:00:00Z");
    const code = codeOf(await issueActivationLetters(await ctxAs(w.workerA), { gridId: w.place.gridA.id, expiresInDays: 7 }, { now: issued }), "赵一");
    const e = await expectRefused(() => activate(ctxSignedOut(), { code, phone: w.owner102.phone, password: PASSWORD }, { now: new Date("2026-01-08T00:00:01Z") }), 422, "activationCodeExpired");
    expect(describeError(e, "zh-CN").body.message).toContain("网格员");
    expect(describeError(e, "en").body.message).toContain("grid worker");
    // Still inside its week it works.
    await activate(ctxSignedOut(), { code, phone: w.owner102.phone, password: PASSWORD }, { now: new Date("2026-01-07T23:59:00Z") });
  });

  it("a new letter replaces the old one: the old code is refused, the new one works, and activation revokes what is left", async () => {
    const w = await world();
    const first = codeOf(await issueActivationLetters(await ctxAs(w.workerA), { gridId: w.place.gridA.id }), "张建国");
    const second = codeOf(await issueActivationLetters(await ctxAs(w.admin), { buildingId: w.place.buildingA.id }), "张建国");
    expect(second).not.toBe(first);
    await expectRefused(() => activate(ctxSignedOut(), { code: first, phone: w.ownerA1.phone, password: PASSWORD }), 422, "activationCodeReplaced");
    await activate(ctxSignedOut(), { code: second, phone: w.ownerA1.phone, password: PASSWORD });
    const rows = await db.select().from(activationCodes).where(eq(activationCodes.personId, w.ownerA1.id));
    expect(rows.map((r) => [r.usedAt != null, r.revokedAt != null])).toEqual([
      [false, true],
      [true, false],
    ]);
  });

  it("refuses a password that is easy to guess, and keeps the code for a better one", async () => {
    const w = await world();
    const code = codeOf(await issueActivationLetters(await ctxAs(w.workerA), { gridId: w.place.gridA.id }), "赵一");
    await expectRefused(() => activate(ctxSignedOut(), { code, phone: w.owner102.phone, password: "12345678" }), 422, "passwordTooWeak");
    await expectRefused(() => activate(ctxSignedOut(), { code, phone: w.owner102.phone, password: w.owner102.phone }), 422, "passwordTooWeak");
    await activate(ctxSignedOut(), { code, phone: w.owner102.phone, password: PASSWORD });
  });

  it("throttles guessing per mobile number and per client address, in the database", async () => {
    const w = await world();
    const code = codeOf(await issueActivationLetters(await ctxAs(w.workerA), { gridId: w.place.gridA.id }), "赵一");
    for (let i = 0; i < MAX_ACTIVATIONS_PER_PHONE; i++) {
      await expectRefused(() => activate(ctxSignedOut(), { code: "ABCDE-FGHJK", phone: w.owner102.phone, password: PASSWORD }, { address: `10.0.0.${i}` }), 422);
    }
    // Even the right code now waits: the number has had its tries this hour.
    await expectRefused(() => activate(ctxSignedOut(), { code, phone: w.owner102.phone, password: PASSWORD }, { address: "10.0.1.1" }), 429, "activationThrottled");
    expect((await first(db.select().from(signInFailures).where(eq(signInFailures.key, `activate-phone:${w.owner102.phone}`))))!.failures).toBe(MAX_ACTIVATIONS_PER_PHONE);
    // One address trying many numbers is stopped too.
    for (let i = 0; i < MAX_ACTIVATIONS_PER_ADDRESS; i++) {
      await expectRefused(() => activate(ctxSignedOut(), { code: "ABCDE-FGHJK", phone: `1360000${String(i).padStart(4, "0")}`, password: PASSWORD }, { address: "10.9.9.9" }), 422);
    }
    await expectRefused(() => activate(ctxSignedOut(), { code, phone: w.ownerA1.phone, password: PASSWORD }, { address: "10.9.9.9" }), 429, "activationThrottled");
    // An hour later the number may try again.
    await activate(ctxSignedOut(), { code, phone: w.owner102.phone, password: PASSWORD }, { address: "10.0.1.1", now: new Date(Date.now() + 61 * 60_000) });
  });

  it("two activations of one code at once: only one sets the password", async () => {
    const w = await world();
    const code = codeOf(await issueActivationLetters(await ctxAs(w.workerA), { gridId: w.place.gridA.id }), "赵一");
    const results = await Promise.allSettled([
      activate(ctxSignedOut(), { code, phone: w.owner102.phone, password: PASSWORD }),
      activate(ctxSignedOut(), { code, phone: w.owner102.phone, password: "Second-pass55" }),
    ]);
    expect(results.map((r) => r.status).sort()).toEqual(["fulfilled", "rejected"]);
    expect((await db.select().from(activationCodes).where(eq(activationCodes.personId, w.owner102.id))).filter((r) => r.usedAt)).toHaveLength(1);
  });
});

describe("the overview", () => {
  it("counts who is waiting per grid and building, and what became of the codes", async () => {
    const w = await world();
    const before = await getActivationOverview(await ctxAs(w.workerA), {});
    expect(before.wholeCommunity).toBe(false);
    expect(before.grids.map((g) => [g.name, g.waiting])).toEqual([["第一网格", { people: 4, households: 2 }]]);
    // Four codes that expired, then replaced twice over by fresher letters.
    await issueActivationLetters(await ctxAs(w.workerA), { gridId: w.place.gridA.id, expiresInDays: 1 }, { now: new Date(Date.now() - 2 * 86_400_000) });
    await issueActivationLetters(await ctxAs(w.workerA), { buildingId: w.place.buildingA.id });
    const fresh = await issueActivationLetters(await ctxAs(w.admin), { buildingId: w.place.buildingA.id });
    await activate(ctxSignedOut(), { code: codeOf(fresh, "赵一"), phone: w.owner102.phone, password: PASSWORD });
    const after = await getActivationOverview(await ctxAs(w.admin), {});
    expect(after.wholeCommunity).toBe(true);
    expect(after.waiting).toEqual({ people: 4, households: 2 });
    expect(after.codes).toEqual({ open: 3, used: 1, expired: 0, replaced: 8 });
  });
});

describe("POST /api/v1/activation/letters", () => {
  const post = async (person: { id: number } | null, body: unknown) => {
    const headers: Record<string, string> = { "content-type": "application/json", "accept-language": "zh-CN" };
    if (person) headers.authorization = `Bearer ${(await issueApiToken(db, person.id)).token}`;
    return lettersRoute.POST(new NextRequest("http://localhost/api/v1/activation/letters", { method: "POST", headers, body: JSON.stringify(body) }), { params: Promise.resolve({}) });
  };

  it("answers the letters as a PDF download, a page per household, the codes in it as text", async () => {
    const w = await world();
    const res = await post(w.admin, { communityId: w.place.community.id, expiresInDays: 14 });
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("application/pdf");
    expect(res.headers.get("content-disposition")).toMatch(/^attachment; filename="activation-letters-\d{4}-\d{2}-\d{2}\.pdf"$/);
    expect(res.headers.get("cache-control")).toBe("private, no-store");
    const pdf = Buffer.from(await res.arrayBuffer()).toString("latin1");
    expect(pdf.startsWith("%PDF-")).toBe(true);
    expect(pdf.match(/\/Type \/Page\b(?!s)/g)).toHaveLength(3);
    // Read as printed: the household's address, each member with their code, the expiry, as real text.
    const pages = pdfPagesText(new Uint8Array(Buffer.from(pdf, "latin1")));
    expect(pages).toHaveLength(3);
    expect(pages[0]).toEqual(expect.arrayContaining(["账号激活通知", "第一网格　1号楼　101 室", "张建国（业主）", "李秀英（业主）", "王小明（住户）"]));
    expect(pages[2]).toEqual(expect.arrayContaining(["第二网格　1号楼　101 室", "钱二（业主）"]));
    const codeAfter = (page: string[], name: string) => page[page.indexOf(name) + 1]!.replace("激活码：", "");
    // A code read off the printed letter activates its owner.
    await activate(ctxSignedOut(), { code: codeAfter(pages[0]!, "李秀英（业主）"), phone: w.ownerA2.phone, password: PASSWORD });
    expect(await verifyCredentials(db, { phone: w.ownerA2.phone, password: PASSWORD })).toEqual({ personId: w.ownerA2.id });
    const rows = await db.select().from(activationCodes);
    expect(rows).toHaveLength(5);
    expect(rows.every((r) => r.expiresAt.getTime() - r.createdAt.getTime() === 14 * 86_400_000)).toBe(true);
  });

  it("refuses the signed out, a resident and another grid's worker with JSON, issuing nothing", async () => {
    const w = await world();
    expect((await post(null, { gridId: w.place.gridA.id })).status).toBe(401);
    const resident = await post(w.resident, { gridId: w.place.gridA.id });
    expect(resident.status).toBe(403);
    expect(((await resident.json()) as { error: { code: string } }).error.code).toBe("forbidden");
    expect((await post(w.workerB, { gridId: w.place.gridA.id })).status).toBe(403);
    expect((await post(w.workerA, { gridId: w.place.gridA.id, expiresInDays: "many" })).status).toBe(422);
    expect(await db.select().from(activationCodes)).toEqual([]);
  });
});
