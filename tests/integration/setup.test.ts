import bcrypt from "bcryptjs";
import { count, eq } from "drizzle-orm";
import { describe, expect, it, vi } from "vitest";
import type { DB } from "@/db/client";
import { agendaItems, communities, events, people, roles } from "@/db/schema";
import { verifyCredentials } from "@/lib/auth/credentials";
import { describeError } from "@/lib/describe-error";
import { initialize } from "@/lib/setup/initialize";
import { actorOf, ctxSignedOut, fileDb } from "../helpers/db";
import { makeCommunity } from "../helpers/factory";
import { expectInvalid, expectRefused } from "../helpers/refusal";
import { first } from "@/db/query";

// Setup hashes at bcrypt cost 10; the tests hash at cost 4. Checking a password is unchanged.
vi.mock("@/lib/auth/password", async (importOriginal) => ({
  ...(await importOriginal<typeof import("@/lib/auth/password")>()),
  hashPassword: (plain: string) => bcrypt.hash(plain, 4),
}));

let db: DB;
fileDb((d) => (db = d), { perTest: true });

const answers = {
  district: " 城东区 ",
  street: "和平街道",
  communityName: "向阳社区",
  communityCode: "xy",
  adminName: "刘主任",
  adminPhone: "13912345678",
  adminPassword: "Xiangyang-2026!",
};

/** Every row setup could write, counted: a refusal must leave all of them as they were. */
const written = async () => ({
  communities: (await first(db.select({ n: count() }).from(communities)))!.n,
  people: (await first(db.select({ n: count() }).from(people)))!.n,
  roles: (await first(db.select({ n: count() }).from(roles)))!.n,
  agendaItems: (await first(db.select({ n: count() }).from(agendaItems)))!.n,
  events: (await first(db.select({ n: count() }).from(events)))!.n,
});

describe("the first setup (npm run setup, lib/setup/initialize.ts)", () => {
  it("creates the community under its district and street, with the default agenda catalog, and an administrator who can sign in", async () => {
    const made = await initialize(ctxSignedOut(db), answers);

    expect(made.community).toMatchObject({ code: "XY", name: "向阳社区", district: "城东区", street: "和平街道" });
    const community = (await first(db.select().from(communities).where(eq(communities.id, made.community.id))))!;
    expect(community).toMatchObject({ code: "XY", name: "向阳社区", district: "城东区", street: "和平街道" });
    expect((await written()).agendaItems).toBeGreaterThan(0);

    expect(made.admin).toMatchObject({ name: "刘主任", phone: "13912345678", displayNumber: "XY00-GL-SQ-1" });
    const { personId } = await verifyCredentials(db, { phone: "13912345678", password: "Xiangyang-2026!" });
    expect(personId).toBe(made.admin.personId);
    const admin = await actorOf(db, personId);
    expect(admin.status).toBe("verified");
    expect(admin.roles.map((r) => ({ role: r.role, communityId: r.communityId }))).toEqual([{ role: "communityAdmin", communityId: community.id }]);
    await expectRefused(() => verifyCredentials(db, { phone: "13912345678", password: "wrong-password-1" }), 401);
  });

  it("refuses a password that is easy to guess, with the strength rule's message, and writes nothing", async () => {
    for (const weak of ["12345678", "demo1234", "aaaaaaaa", "13912345678"]) {
      const e = await expectRefused(() => initialize(ctxSignedOut(db), { ...answers, adminPassword: weak }), 422, "passwordTooWeak");
      expect(describeError(e, "zh-CN").body.fields?.adminPassword).toContain("太容易被猜到");
    }
    await expectInvalid(() => initialize(ctxSignedOut(db), { ...answers, adminPassword: "short" }), "adminPassword", "passwordTooShort");
    await expectInvalid(() => initialize(ctxSignedOut(db), { ...answers, communityCode: "红心" }), "communityCode", "setupCommunityCodeFormat");
    await expectInvalid(() => initialize(ctxSignedOut(db), { ...answers, street: " " }), "street", "setupStreetRequired");
    expect(await written()).toEqual({ communities: 0, people: 0, roles: 0, agendaItems: 0, events: 0 });
  });

  it("is closed for good once done: a second run is refused (409, translated) and writes nothing", async () => {
    await initialize(ctxSignedOut(db), answers);
    const before = await written();
    const e = await expectRefused(() => initialize(ctxSignedOut(db), { ...answers, communityCode: "QT", adminPhone: "13987654321" }), 409, "setupClosed");
    expect(describeError(e, "zh-CN").body.message).toContain("初始化已关闭");
    expect(describeError(e, "en").body.message).toContain("Setup is closed");
    expect(await written()).toEqual(before);
    await expectRefused(() => verifyCredentials(db, { phone: "13987654321", password: answers.adminPassword }), 401);
  });

  it("is closed on a database that already holds a community, even one without an administrator", async () => {
    await makeCommunity(db);
    const before = await written();
    await expectRefused(() => initialize(ctxSignedOut(db), answers), 409, "setupClosed");
    expect(await written()).toEqual(before);
  });

  it("two setups at once: exactly one succeeds", async () => {
    const results = await Promise.allSettled([initialize(ctxSignedOut(db), answers), initialize(ctxSignedOut(db), { ...answers, communityCode: "QT", adminPhone: "13987654321" })]);
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    expect((await written()).communities).toBe(1);
    expect((await written()).people).toBe(1);
  });
});
