import { eq } from "drizzle-orm";
import { NextRequest } from "next/server";
import { describe, expect, it, vi } from "vitest";
import type { DB } from "@/db/client";
import { activationCodes, events, people, roles } from "@/db/schema";
import * as lettersRoute from "@/app/api/v1/activation/letters/route";
import { activate } from "@/lib/activation/activate";
import { getActivationOverview } from "@/lib/activation/get-activation-overview";
import { issueActivationLetters } from "@/lib/activation/issue-letters";
import { verifyCredentials } from "@/lib/auth/credentials";
import { issueApiToken } from "@/lib/auth/tokens";
import { importStaff } from "@/lib/imports/people/import-staff";
import { ctxAs, ctxSignedOut, fileDb } from "../helpers/db";
import { makeCommunity, makePerson } from "../helpers/factory";
import { pdfPagesText } from "../helpers/pdf-text";
import { expectInvalid, expectRefused } from "../helpers/refusal";
import { sheetOf } from "./people-import-helpers";
import { first } from "@/db/query";

// The letters route is called as the app serves it, with a bearer token; nobody has a session cookie here.
vi.mock("next-auth", async (importOriginal) => ({ ...(await importOriginal<typeof import("next-auth")>()), getServerSession: async () => null }));

let db: DB;
fileDb((d) => (db = d), { perTest: true });

const PASSWORD = "Harbour-lights9";

/**
 * A community whose staff came in from a staff sheet, as a street office brings them in: a grid
 * chief, a grid worker who is also a supervisor (two rows, one number), a community-wide supervisor,
 * a property-firm member — and a grid worker who also owns a flat the owners' register gave him.
 */
async function world() {
  const place = await makeCommunity(db);
  const admin = await makePerson(db, place, "communityAdmin");
  const chief = await makePerson(db, place, "gridChief", { grid: "A" });
  const imported = await importStaff(await ctxAs(admin), { source: "街道 人员名单", dryRun: "0" }, sheetOf(["姓名", "手机号", "角色", "网格", "单位"], [
    ["周网格", "13700000001", "网格长", "第二网格", ""],
    ["吴双岗", "13700000002", "网格员", "01", ""],
    ["吴双岗", "13700000002", "督导员", "02", ""],
    ["郑督导", "13700000003", "督导员", "", ""],
    ["王物业", "13700000004", "物业", "", "测试物业"],
    ["冯业主", "13700000005", "网格员", "02", ""],
  ], "工作人员.xlsx"));
  expect(imported.status).toBe("committed");
  const person = async (phone: string) => (await first(db.select().from(people).where(eq(people.phone, phone))))!;
  const ownerStaff = await person("13700000005");
  // The same man is on the owners' register: a unit role, so his letter is his household's.
  await db.insert(roles).values({ personId: ownerStaff.id, role: "owner", communityId: place.community.id, gridId: place.gridB.id, unitId: place.unitsB[1]!.id });
  return { place, admin, chief, gridChiefB: await person("13700000001"), twoRoles: await person("13700000002"), supervisor: await person("13700000003"), firm: await person("13700000004"), ownerStaff };
}

describe("staff activation letters", () => {
  it("one letter per staff member naming their roles and scopes; someone with a unit role gets the household letter instead", async () => {
    const w = await world();
    const letters = await issueActivationLetters(await ctxAs(w.admin), { audience: "staff" });
    expect(letters.households).toEqual([]);
    expect(letters.staff.map((s) => [s.name, s.roles])).toEqual([
      ["周网格", ["第二网格 网格长"]],
      ["吴双岗", ["第一网格 网格员", "第二网格 民间督导员"]],
      ["郑督导", [`${w.place.community.name} 民间督导员`]],
      ["王物业", ["测试物业 物业人员"]],
    ]);
    expect(letters.people).toBe(4);
    for (const s of letters.staff) expect(s.code).toMatch(/^[2-9A-HJ-NP-Z]{5}-[2-9A-HJ-NP-Z]{5}$/);
    // Whom to ask is the admin who printed them.
    expect(letters.staff[0]!.contact).toEqual({ name: w.admin.name, phone: w.admin.phone });
    // The owner who is also a grid worker: no staff code, but on his household's letter.
    expect(await db.select().from(activationCodes).where(eq(activationCodes.personId, w.ownerStaff.id))).toEqual([]);
    const household = await issueActivationLetters(await ctxAs(w.admin), { buildingId: w.place.buildingB.id });
    expect(household.households.flatMap((h) => h.people.map((p) => p.name))).toEqual(["冯业主"]);
    // The chief with a password is nobody's letter.
    expect(await db.select().from(activationCodes).where(eq(activationCodes.personId, w.chief.id))).toEqual([]);
    const event = (await db.select().from(events).where(eq(events.kind, "activation.lettersIssued")))[0]!;
    expect(event.data).toMatchObject({ audience: "staff", people: 4 });
  });

  it("community admins only: a grid chief asking is refused, for the community or for their grid, and nothing is issued; an admin naming a grid is told staff letters cover the community", async () => {
    const w = await world();
    await expectRefused(async () => issueActivationLetters(await ctxAs(w.chief), { audience: "staff" }), 403);
    await expectRefused(async () => issueActivationLetters(await ctxAs(w.chief), { audience: "staff", gridId: w.place.gridA.id }), 403);
    await expectRefused(async () => issueActivationLetters(await ctxAs(w.chief), { audience: "staff", communityId: w.place.community.id }), 403);
    expect((await expectRefused(async () => issueActivationLetters(await ctxAs(w.admin), { audience: "staff", gridId: w.place.gridA.id }), 422, "activationStaffWholeCommunity")).fieldErrors).toEqual({ audience: "activationStaffWholeCommunity" });
    await expectInvalid(async () => issueActivationLetters(await ctxAs(w.admin), { audience: "everyone" }), "audience", "activationAudience");
    expect(await db.select().from(activationCodes)).toEqual([]);
    // The chief still prints their grid's household letters as before (nobody waits there: 422, not 403).
    await expectRefused(async () => issueActivationLetters(await ctxAs(w.chief), { gridId: w.place.gridA.id }), 422, "activationNobody");
  });

  it("a staff code activates its person, who then signs in; a fresh letter revokes the older code; nobody left is said so", async () => {
    const w = await world();
    const codeOf = (letters: Awaited<ReturnType<typeof issueActivationLetters>>, name: string) => letters.staff.find((s) => s.name === name)!.code;
    const first = await issueActivationLetters(await ctxAs(w.admin), { audience: "staff" });
    const second = await issueActivationLetters(await ctxAs(w.admin), { audience: "staff", expiresInDays: 7 });
    await expectRefused(() => activate(ctxSignedOut(), { code: codeOf(first, "王物业"), phone: w.firm.phone, password: PASSWORD }), 422, "activationCodeReplaced");
    expect(await activate(ctxSignedOut(), { code: codeOf(second, "王物业"), phone: w.firm.phone, password: PASSWORD })).toEqual({ personId: w.firm.id, phone: w.firm.phone });
    expect(await verifyCredentials(db, { phone: w.firm.phone, password: PASSWORD })).toEqual({ personId: w.firm.id });
    // The next staff letters leave out who has activated.
    expect((await issueActivationLetters(await ctxAs(w.admin), { audience: "staff" })).staff.map((s) => s.name)).toEqual(["周网格", "吴双岗", "郑督导"]);
    await db.update(people).set({ passwordHash: "x" }).where(eq(people.phone, w.gridChiefB.phone));
    await db.update(people).set({ passwordHash: "x" }).where(eq(people.phone, w.twoRoles.phone));
    await db.update(people).set({ passwordHash: "x" }).where(eq(people.phone, w.supervisor.phone));
    await expectRefused(async () => issueActivationLetters(await ctxAs(w.admin), { audience: "staff" }), 422, "activationNobody");
  });

  it("refuses more staff than one PDF holds before issuing a code", async () => {
    const w = await world();
    const e = await expectRefused(async () => issueActivationLetters(await ctxAs(w.admin), { audience: "staff" }, { maxHouseholds: 3 }), 422, "activationStaffTooMany");
    expect(e.params).toEqual({ people: 4, max: 3 });
    expect(await db.select().from(activationCodes)).toEqual([]);
  });

  it("the overview counts the staff waiting for community admins (null for a grid chief) and their codes", async () => {
    const w = await world();
    expect((await getActivationOverview(await ctxAs(w.chief), {})).staffWaiting).toBeNull();
    const before = await getActivationOverview(await ctxAs(w.admin), {});
    expect(before.staffWaiting).toBe(4);
    // The owner-and-worker waits as a household member.
    expect(before.waiting).toEqual({ people: 1, households: 1 });
    const letters = await issueActivationLetters(await ctxAs(w.admin), { audience: "staff" });
    await activate(ctxSignedOut(), { code: letters.staff.find((s) => s.name === "周网格")!.code, phone: w.gridChiefB.phone, password: PASSWORD });
    const after = await getActivationOverview(await ctxAs(w.admin), {});
    expect(after.staffWaiting).toBe(3);
    expect(after.codes).toEqual({ open: 3, used: 1, expired: 0, replaced: 0 });
  });
});

describe("POST /api/v1/activation/letters with audience staff", () => {
  const post = async (person: { id: number }, body: unknown) =>
    lettersRoute.POST(
      new NextRequest("http://localhost/api/v1/activation/letters", {
        method: "POST",
        headers: { "content-type": "application/json", "accept-language": "zh-CN", authorization: `Bearer ${(await issueApiToken(db, person.id)).token}` },
        body: JSON.stringify(body),
      }),
      { params: Promise.resolve({}) },
    );

  it("answers a PDF with a page per staff member — their name, roles and code as text — and a code read off it activates", async () => {
    const w = await world();
    const res = await post(w.admin, { audience: "staff", communityId: w.place.community.id });
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("application/pdf");
    expect(res.headers.get("x-activation-households")).toBe("0");
    expect(res.headers.get("x-activation-people")).toBe("4");
    const pages = pdfPagesText(new Uint8Array(await res.arrayBuffer()));
    expect(pages).toHaveLength(4);
    expect(pages[1]).toEqual(expect.arrayContaining(["工作人员账号激活通知", "吴双岗：", "第一网格 网格员", "第二网格 民间督导员"]));
    expect(pages[3]).toEqual(expect.arrayContaining(["王物业：", "测试物业 物业人员", `有疑问请联系社区管理员 ${w.admin.name}，电话 ${w.admin.phone}。`]));
    const code = pages[1]!.find((l) => l.startsWith("激活码："))!.replace("激活码：", "");
    await activate(ctxSignedOut(), { code, phone: w.twoRoles.phone, password: PASSWORD });
    expect(await verifyCredentials(db, { phone: w.twoRoles.phone, password: PASSWORD })).toEqual({ personId: w.twoRoles.id });
  });

  it("refuses a grid chief with JSON 403, issuing nothing", async () => {
    const w = await world();
    const res = await post(w.chief, { audience: "staff" });
    expect(res.status).toBe(403);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe("forbidden");
    expect(await db.select().from(activationCodes)).toEqual([]);
  });
});
