import bcrypt from "bcryptjs";
import { createHash } from "node:crypto";
import { and, count, eq } from "drizzle-orm";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { ZodError } from "zod";
import type { DB } from "@/db/client";
import { apiTokens, buildings, events, people, roles, units } from "@/db/schema";
import { verifyCredentials } from "@/lib/auth/credentials";
import { issueApiToken, personIdForToken, revokeApiToken } from "@/lib/auth/tokens";
import type { ActorCtx } from "@/lib/context";
import { describeError } from "@/lib/describe-error";
import { homeSummary } from "@/lib/people/home-summary";
import { listPendingRegistrations } from "@/lib/people/list-registrations";
import { register } from "@/lib/people/register";
import { reviewRegistration } from "@/lib/people/review-registration";
import { listBuildingsPublic, listGridsPublic, listUnitsPublic } from "@/lib/places/public-directory";
import { actorOf, ctxAs, ctxSignedOut, fileDb } from "../helpers/db";
import { expectRefused, thrown } from "../helpers/refusal";
import { makeCommunity, makePerson, TEST_PASSWORD } from "../helpers/factory";
import { first } from "@/db/query";

// Registration hashes at bcrypt cost 10 (a quarter of a second here); tests hash at cost 4 so the
// many registrations below stay fast. Checking a password is unchanged.
vi.mock("@/lib/auth/password", async (importOriginal) => ({
  ...(await importOriginal<typeof import("@/lib/auth/password")>()),
  hashPassword: (plain: string) => bcrypt.hash(plain, 4),
}));

let db: DB;
let place: Awaited<ReturnType<typeof makeCommunity>>;

// One database for the file (migrating costs ~50 ms); every test gets its own community in it.
fileDb((d) => (db = d));
beforeEach(async () => {
  place = await makeCommunity(db);
});

const nobody = () => ctxSignedOut(db);

let phoneSeq = 0;
const freshPhone = () => `137${String(++phoneSeq).padStart(8, "0")}`;

/** A valid registration for unit `i` of grid A (or B), overridable field by field. */
function registration(over: Record<string, unknown> = {}, grid: "A" | "B" = "A", i = 0) {
  const unit = grid === "A" ? place.unitsA[i]! : place.unitsB[i]!;
  return {
    name: "张秀英",
    phone: freshPhone(),
    password: "secret-123",
    gridId: (grid === "A" ? place.gridA : place.gridB).id,
    buildingId: (grid === "A" ? place.buildingA : place.buildingB).id,
    unitId: unit.id,
    relation: "owner",
    ...over,
  };
}

/** Row counts of what the account use cases write, to prove a refusal wrote nothing. */
async function snapshot() {
  return {
    people: (await first(db.select({ n: count() }).from(people)))!.n,
    roles: (await first(db.select({ n: count() }).from(roles)))!.n,
    events: (await first(db.select({ n: count() }).from(events)))!.n,
  };
}

/** fn must fail validation with this message key on this field (answered as 422). */
async function expectInvalidField(fn: () => unknown, field: string, messageKey: string) {
  const e = await thrown(fn);
  expect(e).toBeInstanceOf(ZodError);
  expect((e as ZodError).issues).toContainEqual(expect.objectContaining({ path: [field], message: messageKey }));
  expect(describeError(e, "en").status).toBe(422);
}

const personRow = async (id: number) => (await first(db.select().from(people).where(eq(people.id, id))))!;
const rolesOf = async (personId: number) =>
  (await db
    .select({ role: roles.role, communityId: roles.communityId, gridId: roles.gridId, unitId: roles.unitId })
    .from(roles)
    .where(eq(roles.personId, personId)))
    .sort((a, b) => a.role.localeCompare(b.role));
const eventsAbout = async (personId: number) =>
  await db.select().from(events).where(and(eq(events.subjectType, "person"), eq(events.subjectId, personId)));

describe("register", () => {
  it("creates a pending person with a display number that tells grid, identity and unit", async () => {
    const input = registration({ relation: "owner" }, "A", 2);
    const result = await register(nobody(), input);

    const code = place.community.code;
    expect(result).toEqual({ personId: expect.any(Number), displayNumber: `${code}01-YZ-01#201-1`, status: "pending" });
    const row = await personRow(result.personId);
    expect(row).toMatchObject({
      name: "张秀英",
      phone: input.phone,
      displayNumber: result.displayNumber,
      status: "pending",
      claimedUnitId: place.unitsA[2]!.id,
      claimedOwner: true,
      rejectReason: null,
      reviewedBy: null,
    });
    // Only a hash is stored, and it matches the password.
    expect(row.passwordHash).not.toContain("secret-123");
    expect(bcrypt.compareSync("secret-123", row.passwordHash!)).toBe(true);
    // No role until the grid's staff verify it.
    expect(await rolesOf(result.personId)).toEqual([]);
  });

  it("records a person.registered event with the grid, unit and relation", async () => {
    const { personId } = await register(nobody(), registration({ relation: "resident" }, "B", 1));
    const recorded = await eventsAbout(personId);
    expect(recorded).toHaveLength(1);
    expect(recorded[0]).toMatchObject({
      kind: "person.registered",
      actorId: personId,
      subjectType: "person",
      subjectId: personId,
      data: { gridId: place.gridB.id, unitId: place.unitsB[1]!.id, relation: "resident" },
    });
  });

  it("gives a resident the JM identity, and numbers people of the same unit in sequence", async () => {
    const code = place.community.code;
    const first = await register(nobody(), registration({ relation: "resident" }, "B", 0));
    const second = await register(nobody(), registration({ relation: "resident" }, "B", 0));
    const owner = await register(nobody(), registration({ relation: "owner" }, "B", 0));
    expect(first.displayNumber).toBe(`${code}02-JM-01#101-1`);
    expect(second.displayNumber).toBe(`${code}02-JM-01#101-2`);
    expect(owner.displayNumber).toBe(`${code}02-YZ-01#101-1`);
    expect((await personRow(first.personId)).claimedOwner).toBe(false);
  });

  it("keeps hyphenated room numbers whole in the display number", async () => {
    const room = await first(db.insert(units).values({ buildingId: place.buildingA.id, number: "2-501", areaHundredths: 9000 }).returning());
    const { displayNumber } = await register(nobody(), { ...registration(), unitId: room.id });
    expect(displayNumber).toBe(`${place.community.code}01-YZ-01#2-501-1`);
  });

  it("trims the phone number and name", async () => {
    const { personId } = await register(nobody(), registration({ phone: " 13712340000 ", name: "  李四 " }));
    expect(await personRow(personId)).toMatchObject({ phone: "13712340000", name: "李四" });
  });

  describe("refuses bad input and writes nothing", () => {
    let before: Awaited<ReturnType<typeof snapshot>>;
    beforeEach(async () => {
      before = await snapshot();
    });
    afterEach(async () => {
      expect(await snapshot()).toEqual(before);
    });

    it.each(["12345", "23800000000", "1380000000a", "138000000001", ""])("malformed phone %j → phoneFormat", async (phone) => {
      await expectInvalidField(() => register(nobody(), registration({ phone })), "phone", "phoneFormat");
    });

    it("missing phone → phoneRequired", async () => {
      const { phone: _phone, ...rest } = registration();
      await expectInvalidField(() => register(nobody(), rest), "phone", "phoneRequired");
    });

    it("password too short → passwordTooShort", async () => {
      await expectInvalidField(() => register(nobody(), registration({ password: "1234567" })), "password", "passwordTooShort");
    });

    it("empty name → nameRequired", async () => {
      await expectInvalidField(() => register(nobody(), registration({ name: "   " })), "name", "nameRequired");
    });

    it("neither owner nor resident → relationRequired", async () => {
      await expectInvalidField(() => register(nobody(), registration({ relation: "tenant" })), "relation", "relationRequired");
    });

    it("a unit of grid B with grid A chosen → unitOutsideGrid (422, field unitId)", async () => {
      const input = registration({ gridId: place.gridA.id, buildingId: place.buildingB.id, unitId: place.unitsB[0]!.id });
      const e = await expectRefused(() => register(nobody(), input), 422, "unitOutsideGrid");
      expect(e.fieldErrors).toEqual({ unitId: "unitOutsideGrid" });
    });

    it("a unit of grid B with grid and building of A chosen → unitOutsideGrid", async () => {
      const input = registration({ unitId: place.unitsB[1]!.id });
      await expectRefused(() => register(nobody(), input), 422, "unitOutsideGrid");
    });

    it("a unit of another building of the same grid → unitOutsideGrid", async () => {
      const other = await first(db.insert(buildings).values({ gridId: place.gridA.id, code: "02", name: "2号楼" }).returning());
      const room = await first(db.insert(units).values({ buildingId: other.id, number: "101", areaHundredths: 8000 }).returning());
      before = await snapshot();
      await expectRefused(() => register(nobody(), registration({ unitId: room.id })), 422, "unitOutsideGrid");
    });

    it("a unit of another community → unitOutsideGrid", async () => {
      const elsewhere = await makeCommunity(db);
      before = await snapshot();
      await expectRefused(() => register(nobody(), registration({ unitId: elsewhere.unitsA[0]!.id })), 422, "unitOutsideGrid");
    });

    it("an unknown unit → unitNotFound (422, field unitId)", async () => {
      const e = await expectRefused(() => register(nobody(), registration({ unitId: 999_999 })), 422, "unitNotFound");
      expect(e.fieldErrors).toEqual({ unitId: "unitNotFound" });
    });

    it("a phone number already registered → phoneTaken (409, field phone)", async () => {
      const first = registration();
      await register(nobody(), first);
      before = await snapshot();
      const e = await expectRefused(() => register(nobody(), registration({ phone: first.phone }, "B")), 409, "phoneTaken");
      expect(e.fieldErrors).toEqual({ phone: "phoneTaken" });
      expect(describeError(e, "zh-CN").status).toBe(409);
    });

    it("a phone number already registered, typed with spaces → phoneTaken", async () => {
      const existing = await makePerson(db, place, "resident");
      before = await snapshot();
      await expectRefused(() => register(nobody(), registration({ phone: ` ${existing.phone} ` })), 409, "phoneTaken");
    });
  });
});

describe("reviewRegistration", () => {
  async function pendingOwner(grid: "A" | "B" = "A") {
    return register(nobody(), registration({ relation: "owner" }, grid, 1));
  }
  async function pendingResident(grid: "A" | "B" = "A") {
    return register(nobody(), registration({ relation: "resident" }, grid, 0));
  }

  it("a grid worker of the grid verifies an owner: verified, resident and owner roles on the unit, event recorded", async () => {
    const worker = await makePerson(db, place, "gridWorker", { grid: "A" });
    const { personId } = await pendingOwner();

    expect(await reviewRegistration(await ctxAs(worker), { personId, decision: "verify" })).toEqual({ personId, status: "verified" });

    const row = await personRow(personId);
    expect(row.status).toBe("verified");
    expect(row.reviewedBy).toBe(worker.id);
    expect(row.reviewedAt).toBeInstanceOf(Date);
    const scope = { communityId: place.community.id, gridId: place.gridA.id, unitId: place.unitsA[1]!.id };
    expect(await rolesOf(personId)).toEqual([
      { role: "owner", ...scope },
      { role: "resident", ...scope },
    ]);
    expect((await eventsAbout(personId)).map((e) => e.kind)).toEqual(["person.registered", "person.verified"]);
    expect((await eventsAbout(personId))[1]).toMatchObject({ actorId: worker.id, data: { owner: true } });
    // The verified person now signs in as a verified actor.
    expect((await actorOf(db, personId)).status).toBe("verified");
  });

  it("the grid chief verifies a resident: only the resident role", async () => {
    const chief = await makePerson(db, place, "gridChief", { grid: "A" });
    const { personId } = await pendingResident();
    await reviewRegistration(await ctxAs(chief), { personId, decision: "verify" });
    expect(await rolesOf(personId)).toEqual([{ role: "resident", communityId: place.community.id, gridId: place.gridA.id, unitId: place.unitsA[0]!.id }]);
  });

  it("a community admin of the community may verify", async () => {
    const admin = await makePerson(db, place, "communityAdmin");
    const { personId } = await pendingOwner("B");
    expect((await reviewRegistration(await ctxAs(admin), { personId, decision: "verify" })).status).toBe("verified");
    expect((await rolesOf(personId)).map((r) => r.gridId)).toEqual([place.gridB.id, place.gridB.id]);
  });

  it("rejecting stores the reason and grants no role", async () => {
    const worker = await makePerson(db, place, "gridWorker", { grid: "A" });
    const { personId } = await pendingOwner();
    const reason = "  该房屋登记的业主不是本人  ";

    expect(await reviewRegistration(await ctxAs(worker), { personId, decision: "reject", reason })).toEqual({ personId, status: "rejected" });

    expect(await personRow(personId)).toMatchObject({ status: "rejected", rejectReason: reason.trim(), reviewedBy: worker.id });
    expect(await rolesOf(personId)).toEqual([]);
    expect((await eventsAbout(personId))[1]).toMatchObject({ kind: "person.rejected", actorId: worker.id, data: { reason: reason.trim() } });
    // The rejected person sees why on their home page.
    expect((await homeSummary(await ctxAs({ id: personId })))?.rejectReason).toBe(reason.trim());
  });

  it.each([
    ["missing", undefined],
    ["blank", "   "],
    ["one character", "否"],
  ])("rejecting with a %s reason → reasonRequired (422), nothing written", async (_label, reason) => {
    const worker = await makePerson(db, place, "gridWorker", { grid: "A" });
    const { personId } = await pendingOwner();
    const before = await snapshot();
    await expectInvalidField(async () => reviewRegistration(await ctxAs(worker), { personId, decision: "reject", reason }), "reason", "reasonRequired");
    expect(await snapshot()).toEqual(before);
    expect((await personRow(personId)).status).toBe("pending");
  });

  it("an unknown decision is refused", async () => {
    const worker = await makePerson(db, place, "gridWorker", { grid: "A" });
    const { personId } = await pendingOwner();
    const e = await thrown(async () => reviewRegistration(await ctxAs(worker), { personId, decision: "approve" }));
    expect(e).toBeInstanceOf(ZodError);
    expect(describeError(e, "en").status).toBe(422);
    expect((await personRow(personId)).status).toBe("pending");
  });

  describe("refusals change nothing", () => {
    let personId: number;
    let before: Awaited<ReturnType<typeof snapshot>>;
    beforeEach(async () => {
      ({ personId } = await pendingOwner("A"));
      before = await snapshot();
    });
    afterEach(async () => {
      expect(await snapshot()).toEqual(before);
      expect(await personRow(personId)).toMatchObject({ status: "pending", reviewedBy: null, rejectReason: null });
    });

    it("the chief of the other grid → 403 forbidden", async () => {
      const chiefB = await makePerson(db, place, "gridChief", { grid: "B" });
      before = await snapshot();
      await expectRefused(async () => reviewRegistration(await ctxAs(chiefB), { personId, decision: "verify" }), 403, "forbidden");
      await expectRefused(async () => reviewRegistration(await ctxAs(chiefB), { personId, decision: "reject", reason: "不认识此人" }), 403, "forbidden");
    });

    it("a worker of the other grid → 403", async () => {
      const workerB = await makePerson(db, place, "gridWorker", { grid: "B" });
      before = await snapshot();
      await expectRefused(async () => reviewRegistration(await ctxAs(workerB), { personId, decision: "verify" }), 403, "forbidden");
    });

    it("an admin of another community → 403", async () => {
      const elsewhere = await makeCommunity(db);
      const otherAdmin = await makePerson(db, elsewhere, "communityAdmin");
      before = await snapshot();
      await expectRefused(async () => reviewRegistration(await ctxAs(otherAdmin), { personId, decision: "verify" }), 403, "forbidden");
    });

    it.each(["resident", "owner", "supervisor", "propertyFirmStaff", "ownersCommitteeMember", "thinkTankMember"] as const)(
      "a verified %s of the same grid → 403",
      async (role) => {
        const someone = await makePerson(db, place, role, { grid: "A" });
        before = await snapshot();
        await expectRefused(async () => reviewRegistration(await ctxAs(someone), { personId, decision: "verify" }), 403, "forbidden");
      },
    );

    it("a pending grid worker of the grid → 403 notVerified", async () => {
      const worker = await makePerson(db, place, "gridWorker", { grid: "A", status: "pending" });
      before = await snapshot();
      await expectRefused(async () => reviewRegistration(await ctxAs(worker), { personId, decision: "verify" }), 403, "notVerified");
    });

    it("a rejected grid chief of the grid → 403 notVerified", async () => {
      const chief = await makePerson(db, place, "gridChief", { grid: "A", status: "rejected" });
      before = await snapshot();
      await expectRefused(async () => reviewRegistration(await ctxAs(chief), { personId, decision: "verify" }), 403, "notVerified");
    });

    it("nobody signed in → 401", async () => {
    });

    it("the registrant cannot verify themselves", async () => {
      await expectRefused(async () => reviewRegistration(await ctxAs({ id: personId }), { personId, decision: "verify" }), 403, "notVerified");
    });
  });

  it("reviewing twice → 409 and no extra role or event", async () => {
    const worker = await makePerson(db, place, "gridWorker", { grid: "A" });
    const chief = await makePerson(db, place, "gridChief", { grid: "A" });
    const { personId } = await pendingOwner();
    await reviewRegistration(await ctxAs(worker), { personId, decision: "verify" });
    const before = await snapshot();

    await expectRefused(async () => reviewRegistration(await ctxAs(chief), { personId, decision: "verify" }), 409, "registrationAlreadyReviewed");
    await expectRefused(async () => reviewRegistration(await ctxAs(worker), { personId, decision: "reject", reason: "重复提交" }), 409, "registrationAlreadyReviewed");
    expect(await snapshot()).toEqual(before);
    expect((await personRow(personId)).status).toBe("verified");
  });

  it("a rejected registration cannot be verified afterwards", async () => {
    const worker = await makePerson(db, place, "gridWorker", { grid: "A" });
    const { personId } = await pendingOwner();
    await reviewRegistration(await ctxAs(worker), { personId, decision: "reject", reason: "信息不符" });
    await expectRefused(async () => reviewRegistration(await ctxAs(worker), { personId, decision: "verify" }), 409, "registrationAlreadyReviewed");
    expect(await rolesOf(personId)).toEqual([]);
  });

  it("an unknown registration → 404", async () => {
    const worker = await makePerson(db, place, "gridWorker", { grid: "A" });
    await expectRefused(async () => reviewRegistration(await ctxAs(worker), { personId: 999_999, decision: "verify" }), 404, "registrationNotFound");
  });
});

describe("listPendingRegistrations", () => {
  async function world() {
    const a1 = await register(nobody(), registration({ name: "甲一", relation: "owner" }, "A", 0));
    const a2 = await register(nobody(), registration({ name: "甲二", relation: "resident" }, "A", 3));
    const b1 = await register(nobody(), registration({ name: "乙一" }, "B", 0));
    const elsewhere = await makeCommunity(db);
    const far = await register(nobody(), {
      ...registration({ name: "远方" }),
      gridId: elsewhere.gridA.id,
      buildingId: elsewhere.buildingA.id,
      unitId: elsewhere.unitsA[0]!.id,
    });
    return { a1, a2, b1, far, elsewhere };
  }
  const names = async (ctx: ActorCtx) => (await listPendingRegistrations(ctx)).map((r) => r.name).sort();

  it("staff of grid A see A's pending registrations, with what they need to check them", async () => {
    const { a1, a2 } = await world();
    const worker = await makePerson(db, place, "gridWorker", { grid: "A" });
    const list = await listPendingRegistrations(await ctxAs(worker));
    expect(list.map((r) => r.personId).sort()).toEqual([a1.personId, a2.personId].sort());
    expect(list.find((r) => r.personId === a1.personId)).toMatchObject({
      name: "甲一",
      displayNumber: a1.displayNumber,
      claimedOwner: true,
      gridName: place.gridA.name,
      buildingName: place.buildingA.name,
      unitNumber: "101",
      registeredAt: expect.any(Date),
    });
    expect(list.find((r) => r.personId === a2.personId)).toMatchObject({ claimedOwner: false, unitNumber: "202" });
    // No password hash or other private column leaks out.
    expect(Object.keys(list[0]!).sort()).toEqual(
      ["personId", "name", "phone", "displayNumber", "claimedOwner", "gridName", "buildingName", "unitNumber", "registeredAt"].sort(),
    );
    expect(await names(await ctxAs(await makePerson(db, place, "gridChief", { grid: "A" })))).toEqual(["甲一", "甲二"]);
  });

  it("staff of grid B see none of A's", async () => {
    await world();
    expect(await names(await ctxAs(await makePerson(db, place, "gridChief", { grid: "B" })))).toEqual(["乙一"]);
    expect(await names(await ctxAs(await makePerson(db, place, "gridWorker", { grid: "B" })))).toEqual(["乙一"]);
  });

  it("a community admin sees every grid of their community, not another community", async () => {
    await world();
    expect(await names(await ctxAs(await makePerson(db, place, "communityAdmin")))).toEqual(["乙一", "甲一", "甲二"].sort());
  });

  it("staff of another community see only their own", async () => {
    const { elsewhere } = await world();
    expect(await names(await ctxAs(await makePerson(db, elsewhere, "gridWorker", { grid: "A" })))).toEqual(["远方"]);
  });

  it.each(["resident", "owner", "supervisor", "propertyFirmStaff", "ownersCommitteeMember", "thinkTankMember"] as const)(
    "a %s gets an empty list",
    async (role) => {
      await world();
      expect(await listPendingRegistrations(await ctxAs(await makePerson(db, place, role, { grid: "A" })))).toEqual([]);
    },
  );

  it("pending or rejected staff get an empty list", async () => {
    await world();
    expect(await listPendingRegistrations(await ctxAs(await makePerson(db, place, "gridWorker", { grid: "A", status: "pending" })))).toEqual([]);
    expect(await listPendingRegistrations(await ctxAs(await makePerson(db, place, "communityAdmin", { status: "rejected" })))).toEqual([]);
  });

  it("nobody signed in → 401", async () => {
    await world();
  });

  it("a reviewed registration leaves the list", async () => {
    const { a1, a2 } = await world();
    const worker = await makePerson(db, place, "gridWorker", { grid: "A" });
    await reviewRegistration(await ctxAs(worker), { personId: a1.personId, decision: "verify" });
    await reviewRegistration(await ctxAs(worker), { personId: a2.personId, decision: "reject", reason: "查无此人" });
    expect(await listPendingRegistrations(await ctxAs(worker))).toEqual([]);
  });
});

describe("homeSummary", () => {
  it("nobody signed in has no home summary", async () => {
    expect(await homeSummary(nobody())).toBeNull();
  });

  it("a pending registrant sees the unit they claimed and no role", async () => {
    const { personId } = await register(nobody(), registration({}, "A", 2));
    const summary = (await homeSummary(await ctxAs({ id: personId })))!;
    expect(summary.claimedUnit).toMatchObject({ id: place.unitsA[2]!.id, number: "201", buildingName: place.buildingA.name, gridName: place.gridA.name });
    expect(summary.roles).toEqual([]);
    expect(summary.rejectReason).toBeNull();
    expect(summary.pendingRegistrations).toBeNull();
  });

  it("grid staff see how many registrations wait for them; residents see no queue", async () => {
    await register(nobody(), registration({}, "A", 0));
    await register(nobody(), registration({}, "A", 1));
    await register(nobody(), registration({}, "B", 0));
    const worker = await makePerson(db, place, "gridWorker", { grid: "A" });
    const summary = (await homeSummary(await ctxAs(worker)))!;
    expect(summary.pendingRegistrations).toBe(2);
    expect(summary.roles).toEqual([expect.objectContaining({ role: "gridWorker", community: place.community.name, grid: place.gridA.name })]);
    expect(((await homeSummary(await ctxAs(await makePerson(db, place, "resident", { grid: "A" }))))!).pendingRegistrations).toBeNull();
  });

  it("a verified owner sees their role with the unit and grid", async () => {
    const owner = await makePerson(db, place, "owner", { grid: "B" });
    const summary = (await homeSummary(await ctxAs(owner)))!;
    expect(summary.roles).toEqual([
      expect.objectContaining({ role: "owner", grid: place.gridB.name, unit: expect.objectContaining({ id: place.unitsB[0]!.id, number: "101" }) }),
    ]);
    expect(summary.grids.map((g) => g.id)).toEqual([place.gridB.id]);
  });
});

describe("public directory", () => {
  it("lists grids with their building and unit counts, buildings and units, and no personal data", async () => {
    await register(nobody(), registration());
    const gridsList = (await listGridsPublic(db)).filter((g) => g.communityId === place.community.id);
    expect(gridsList).toEqual([
      expect.objectContaining({ id: place.gridA.id, code: "01", buildingCount: 1, unitCount: 4, communityName: place.community.name }),
      expect.objectContaining({ id: place.gridB.id, code: "02", buildingCount: 1, unitCount: 2 }),
    ]);
    expect(await listBuildingsPublic(db, place.gridA.id)).toEqual([{ id: place.buildingA.id, code: "01", name: place.buildingA.name }]);
    expect(await listUnitsPublic(db, place.buildingA.id)).toEqual(place.unitsA.map((u) => ({ id: u.id, number: u.number })));
    expect(JSON.stringify(await listGridsPublic(db))).not.toMatch(/1[3-9]\d{9}/);
  });
});

describe("verifyCredentials", () => {
  it("accepts the right password", async () => {
    const person = await makePerson(db, place, "resident");
    await expect(verifyCredentials(db, { phone: person.phone, password: TEST_PASSWORD })).resolves.toEqual({ personId: person.id });
  });

  it("accepts a number typed with spaces around it", async () => {
    const person = await makePerson(db, place, "resident");
    await expect(verifyCredentials(db, { phone: ` ${person.phone} `, password: TEST_PASSWORD })).resolves.toEqual({ personId: person.id });
  });

  it("lets a pending registrant sign in with the password they chose", async () => {
    const input = registration();
    const { personId } = await register(nobody(), input);
    await expect(verifyCredentials(db, { phone: input.phone, password: input.password })).resolves.toEqual({ personId });
  });

  it("wrong password → 401 invalidCredentials on the password field", async () => {
    const person = await makePerson(db, place, "resident");
    const e = await expectRefused(() => verifyCredentials(db, { phone: person.phone, password: "demo12345" }), 401, "invalidCredentials");
    expect(e.fieldErrors).toEqual({ password: "invalidCredentials" });
  });

  it("unknown phone → the same 401 invalidCredentials: the answer does not tell which numbers are registered", async () => {
    const e = await expectRefused(() => verifyCredentials(db, { phone: "13699999999", password: TEST_PASSWORD }), 401, "invalidCredentials");
    expect(e.fieldErrors).toEqual({ password: "invalidCredentials" });
  });

  it("malformed phone → ZodError phoneFormat", async () => {
    await expectInvalidField(() => verifyCredentials(db, { phone: "1380000", password: TEST_PASSWORD }), "phone", "phoneFormat");
  });

  it("empty password → ZodError passwordRequired", async () => {
    const person = await makePerson(db, place, "resident");
    await expectInvalidField(() => verifyCredentials(db, { phone: person.phone, password: "" }), "password", "passwordRequired");
  });
});

describe("API tokens", () => {
  const sha256 = (s: string) => createHash("sha256").update(s).digest("hex");

  it("an issued token identifies its person; only its hash is stored", async () => {
    const person = await makePerson(db, place, "resident");
    const { token, expiresAt } = await issueApiToken(db, person.id);
    expect(token).toMatch(/^gc_[A-Za-z0-9_-]{40,}$/);
    expect(expiresAt.getTime()).toBeGreaterThan(Date.now() + 29 * 86_400_000);
    expect(await personIdForToken(db, token)).toBe(person.id);

    const stored = await db.select().from(apiTokens).where(eq(apiTokens.personId, person.id));
    expect(stored).toHaveLength(1);
    expect(stored[0]!.tokenHash).toBe(sha256(token));
    expect(JSON.stringify(stored)).not.toContain(token);
    expect((await eventsAbout(person.id)).map((e) => e.kind)).toEqual(["apiToken.issued"]);
  });

  it("each issue gives a different token", async () => {
    const person = await makePerson(db, place, "resident");
    const a = (await issueApiToken(db, person.id)).token;
    const b = (await issueApiToken(db, person.id)).token;
    expect(a).not.toBe(b);
    expect(await personIdForToken(db, a)).toBe(person.id);
    expect(await personIdForToken(db, b)).toBe(person.id);
  });

  it("an unknown token finds nobody", async () => {
    await makePerson(db, place, "resident");
    expect(await personIdForToken(db, "gc_not-a-real-token")).toBeNull();
    expect(await personIdForToken(db, "")).toBeNull();
  });

  it("a revoked token finds nobody; the person's other tokens still work", async () => {
    const person = await makePerson(db, place, "resident");
    const phone = (await issueApiToken(db, person.id)).token;
    const laptop = (await issueApiToken(db, person.id)).token;
    await revokeApiToken(db, phone);
    expect(await personIdForToken(db, phone)).toBeNull();
    expect(await personIdForToken(db, laptop)).toBe(person.id);
  });

  it("revoking one person's token leaves another person's alone", async () => {
    const a = await makePerson(db, place, "resident");
    const b = await makePerson(db, place, "owner");
    const ta = (await issueApiToken(db, a.id)).token;
    const tb = (await issueApiToken(db, b.id)).token;
    await revokeApiToken(db, ta);
    expect(await personIdForToken(db, tb)).toBe(b.id);
  });

  it("an expired token finds nobody", async () => {
    const person = await makePerson(db, place, "resident");
    const token = "gc_expired-token-for-test";
    await db.insert(apiTokens).values({ personId: person.id, tokenHash: sha256(token), expiresAt: new Date(Date.now() - 1000) });
    expect(await personIdForToken(db, token)).toBeNull();
  });
});
