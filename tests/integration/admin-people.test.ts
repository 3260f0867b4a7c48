import { eq } from "drizzle-orm";
import { afterEach, beforeEach, describe, expect, test } from "vitest";
import type { DB } from "@/db/client";
import { events, organisations, people, roles } from "@/db/schema";
import { assignRole } from "@/lib/admin/assign-role";
import { createPerson } from "@/lib/admin/create-person";
import { getPersonAdmin } from "@/lib/admin/get-person-admin";
import { listPeopleAdmin } from "@/lib/admin/list-people-admin";
import { listScopeOptions } from "@/lib/admin/list-scope-options";
import { revokeRole } from "@/lib/admin/revoke-role";
import { checkPassword } from "@/lib/auth/password";
import { can } from "@/lib/auth/policy";
import { describeError } from "@/lib/describe-error";
import { actorOf, tempDb } from "../helpers/db";
import { adminWorld, snapshot } from "./admin-helpers";
import { expectInvalid, expectRefused } from "../helpers/refusal";
import { first } from "@/db/query";

let db: DB;
let cleanup: () => void;
let w: Awaited<ReturnType<typeof adminWorld>>;

beforeEach(async () => {
  ({ db, cleanup } = tempDb());
  w = await adminWorld(db);
});
afterEach(() => cleanup());

const base = { name: "李网格", phone: "13700000001", password: "secret123" };
const rolesOf = async (personId: number) => await db.select().from(roles).where(eq(roles.personId, personId));

describe("create a person", () => {
  test("a grid chief gets a verified account, the grid as scope and a staff display number", async () => {
    const created = await createPerson(w.as.admin, { ...base, role: "gridChief", gridId: String(w.place.gridB.id) });
    expect(created.displayNumber).toBe(`${w.place.community.code}02-WGZ-SQ-1`);
    const person = (await first(db.select().from(people).where(eq(people.id, created.personId))))!;
    expect(person).toMatchObject({ status: "verified", reviewedBy: w.admin.id, name: "李网格", phone: "13700000001" });
    expect(await checkPassword("secret123", person.passwordHash!)).toBe(true);
    expect(await rolesOf(created.personId)).toEqual([
      expect.objectContaining({ role: "gridChief", communityId: w.place.community.id, gridId: w.place.gridB.id, unitId: null, organisationId: null }),
    ]);
    // The new chief may act in grid B at once, and not in grid A.
    const chief = await actorOf(db, created.personId);
    expect(can(chief, "registration.review", { communityId: w.place.community.id, gridId: w.place.gridB.id })).toBe(true);
    expect(can(chief, "registration.review", { communityId: w.place.community.id, gridId: w.place.gridA.id })).toBe(false);
    expect(await db.select().from(events).where(eq(events.kind, "person.created"))).toHaveLength(1);
  });

  test("an owner's unit fixes the grid, and the display number names the unit", async () => {
    const unit = w.place.unitsA[2]!; // building 01, room 201
    const created = await createPerson(w.as.admin, { ...base, role: "owner", unitId: unit.id });
    expect(created.displayNumber).toBe(`${w.place.community.code}01-YZ-01#201-1`);
    expect((await rolesOf(created.personId))[0]).toMatchObject({ role: "owner", unitId: unit.id, gridId: w.place.gridA.id });
    const second = await createPerson(w.as.admin, { ...base, phone: "13700000002", role: "resident", unitId: unit.id });
    expect(second.displayNumber).toBe(`${w.place.community.code}01-JM-01#201-1`);
  });

  test("property firm staff need a property firm; the display number carries its code", async () => {
    await expectRefused(() => createPerson(w.as.admin, { ...base, role: "propertyFirmStaff" }), 422, "roleNeedsPropertyFirm");
    const committee = await first(db
      .insert(organisations)
      .values({ communityId: w.place.community.id, kind: "ownersCommittee", name: "业委会", code: "YWH1" })
      .returning());
    const err = await expectRefused(
      () => createPerson(w.as.admin, { ...base, role: "propertyFirmStaff", organisationId: committee.id }),
      422,
      "roleNeedsPropertyFirm",
    );
    expect(err.fieldErrors).toEqual({ organisationId: "roleNeedsPropertyFirm" });
    const created = await createPerson(w.as.admin, { ...base, role: "propertyFirmStaff", organisationId: w.place.propertyFirm.id, gridId: w.place.gridA.id });
    expect(created.displayNumber).toBe(`${w.place.community.code}00-WY-WY1-1`);
    expect((await rolesOf(created.personId))[0]).toMatchObject({ organisationId: w.place.propertyFirm.id, gridId: null });
  });

  test("scope rules: grid staff need a grid, residents and owners a unit of this community", async () => {
    const before = await snapshot(db);
    const e1 = await expectRefused(() => createPerson(w.as.admin, { ...base, role: "gridWorker", gridId: "" }), 422, "roleNeedsGrid");
    expect(e1.fieldErrors).toEqual({ gridId: "roleNeedsGrid" });
    await expectRefused(() => createPerson(w.as.admin, { ...base, role: "owner" }), 422, "roleNeedsUnit");
    await expectRefused(() => createPerson(w.as.admin, { ...base, role: "owner", unitId: w.other.unitsA[0]!.id }), 422, "unitNotFound");
    await expectRefused(() => createPerson(w.as.admin, { ...base, role: "gridChief", gridId: w.other.gridA.id }), 422, "gridNotFound");
    await expectRefused(
      () => createPerson(w.as.admin, { ...base, role: "resident", unitId: w.place.unitsA[0]!.id, gridId: w.place.gridB.id }),
      422,
      "unitOutsideGrid",
    );
    await expectRefused(
      () => createPerson(w.as.admin, { ...base, role: "thinkTankMember", organisationId: w.place.propertyFirm.id }),
      422,
      "roleNeedsThinkTank",
    );
    await expectInvalid(() => createPerson(w.as.admin, { ...base, role: "mayor" }), "role", "roleRequired");
    expect(await snapshot(db)).toEqual(before);
  });

  test("a supervisor may be limited to a grid; a community admin is community-wide", async () => {
    const sup = await createPerson(w.as.admin, { ...base, role: "supervisor", gridId: w.place.gridA.id });
    expect((await rolesOf(sup.personId))[0]).toMatchObject({ role: "supervisor", gridId: w.place.gridA.id });
    expect(sup.displayNumber).toBe(`${w.place.community.code}01-DDY-SQ-1`);
    const admin = await createPerson(w.as.admin, { ...base, phone: "13700000003", role: "communityAdmin", gridId: w.place.gridA.id });
    expect((await rolesOf(admin.personId))[0]).toMatchObject({ role: "communityAdmin", gridId: null, communityId: w.place.community.id });
    expect(admin.displayNumber).toBe(`${w.place.community.code}00-GL-SQ-1`);
  });

  test("a malformed phone number is refused with a Chinese message, and nothing is written", async () => {
    const before = await snapshot(db);
    for (const phone of ["1234", "23800000000", "1380000000a", ""]) {
      await expectInvalid(() => createPerson(w.as.admin, { ...base, phone, role: "gridWorker", gridId: w.place.gridA.id }), "phone", "phoneFormat");
    }
    const refused: unknown = await createPerson(w.as.admin, { ...base, phone: "1234", role: "gridWorker", gridId: w.place.gridA.id }).catch((e: unknown) => e);
    const { status, body } = describeError(refused, "zh-CN");
    expect(status).toBe(422);
    expect(body.fields?.phone).toBe("手机号格式不正确，应为 11 位数字，以 1 开头");
    expect(await snapshot(db)).toEqual(before);
  });

  test("a phone number already in use is a 409 on the phone field, and nothing is written", async () => {
    const before = await snapshot(db);
    const taken = (await first(db.select().from(people).where(eq(people.id, w.resident.id))))!.phone;
    const err = await expectRefused(() => createPerson(w.as.admin, { ...base, phone: taken, role: "gridWorker", gridId: w.place.gridA.id }), 409, "phoneInUse");
    expect(err.fieldErrors).toEqual({ phone: "phoneInUse" });
    expect(describeError(err, "zh-CN").body.message).toBe("该手机号已被其他账号使用");
    expect(await snapshot(db)).toEqual(before);
  });

  test("non-admins and admins of another community are refused, and nothing is written", async () => {
    const before = await snapshot(db);
    const input = { ...base, role: "gridWorker", gridId: w.place.gridA.id };
    await expectRefused(() => createPerson(w.as.chief, input), 403);
    // For the other admin, grid A of this community does not exist.
    await expectRefused(() => createPerson(w.as.otherAdmin, input), 422, "gridNotFound");
    await expectRefused(() => createPerson(w.as.otherAdmin, { ...base, role: "supervisor", communityId: w.place.community.id }), 403);
    expect(await snapshot(db)).toEqual(before);
  });
});

describe("assign and revoke roles", () => {
  test("an admin gives a resident a second role, and the policy sees it at once", async () => {
    const assigned = await assignRole(w.as.admin, { personId: w.resident.id, role: "gridWorker", gridId: w.place.gridA.id });
    expect(assigned).toMatchObject({ personId: w.resident.id, role: "gridWorker" });
    const actor = await actorOf(db, w.resident.id);
    expect(can(actor, "person.list", { communityId: w.place.community.id, gridId: w.place.gridA.id })).toBe(true);
    const detail = await getPersonAdmin(w.as.admin, { personId: w.resident.id });
    expect(detail.roles.map((r) => [r.role, r.gridCode, r.unitNumber])).toEqual([
      ["resident", "01", "101"],
      ["gridWorker", "01", null],
    ]);
  });

  test("the same role in the same scope twice is a 409", async () => {
    const before = await snapshot(db);
    const err = await expectRefused(() => assignRole(w.as.admin, { personId: w.chief.id, role: "gridChief", gridId: w.place.gridA.id }), 409, "roleDuplicate");
    expect(err.fieldErrors).toEqual({ role: "roleDuplicate" });
    expect(await snapshot(db)).toEqual(before);
    // The same role in another grid is another role.
    expect((await assignRole(w.as.admin, { personId: w.chief.id, role: "gridChief", gridId: w.place.gridB.id })).role).toBe("gridChief");
  });

  test("people of another community are not found; non-admins are refused; nothing is written", async () => {
    const stranger = w.otherAdmin.id;
    const before = await snapshot(db);
    await expectRefused(() => assignRole(w.as.admin, { personId: stranger, role: "supervisor" }), 404, "personNotFound");
    await expectRefused(() => getPersonAdmin(w.as.admin, { personId: stranger }), 404, "personNotFound");
    await expectRefused(() => assignRole(w.as.chief, { personId: w.resident.id, role: "supervisor" }), 403);
    await expectRefused(() => assignRole(w.as.otherAdmin, { personId: w.resident.id, role: "supervisor" }), 404);
    expect(await snapshot(db)).toEqual(before);
  });

  test("revoking a role removes it and records who did it", async () => {
    const chiefRole = (await rolesOf(w.chief.id))[0]!;
    expect(await revokeRole(w.as.admin, { roleId: String(chiefRole.id) })).toMatchObject({ role: "gridChief", personId: w.chief.id });
    expect(await rolesOf(w.chief.id)).toEqual([]);
    expect(can(await actorOf(db, w.chief.id), "person.list", { communityId: w.place.community.id, gridId: w.place.gridA.id })).toBe(false);
    const event = await first(db.select().from(events).where(eq(events.kind, "role.revoked")));
    expect(event).toMatchObject({ actorId: w.admin.id, subjectId: w.chief.id });
  });

  test("an admin cannot revoke their own admin role, nor roles of another community", async () => {
    const before = await snapshot(db);
    const own = (await rolesOf(w.admin.id))[0]!;
    await expectRefused(() => revokeRole(w.as.admin, { roleId: own.id }), 409, "cannotRevokeOwnAdmin");
    await expectRefused(async () => revokeRole(w.as.otherAdmin, { roleId: (await rolesOf(w.chief.id))[0]!.id }), 404, "roleNotFound");
    await expectRefused(async () => revokeRole(w.as.chief, { roleId: (await rolesOf(w.resident.id))[0]!.id }), 403);
    expect(await snapshot(db)).toEqual(before);
  });
});

describe("people list", () => {
  test("searches by name, phone or display number within the community, a page at a time", async () => {
    for (let i = 1; i <= 25; i++) {
      await createPerson(w.as.admin, { name: `王${i}`, phone: `1360000${String(i).padStart(4, "0")}`, password: "secret123", role: "gridWorker", gridId: w.place.gridA.id });
    }
    const all = await listPeopleAdmin(w.as.admin, {});
    expect(all.total).toBe(29);
    expect(all.pageCount).toBe(2);
    expect(all.people).toHaveLength(20);
    expect((await listPeopleAdmin(w.as.admin, { page: "2" })).people).toHaveLength(9);
    expect((await listPeopleAdmin(w.as.admin, { page: "99" })).page).toBe(2);

    expect((await listPeopleAdmin(w.as.admin, { q: "王1" })).total).toBe(11); // 王1, 王10–王19
    expect((await listPeopleAdmin(w.as.admin, { q: "13600000025" })).people.map((p) => p.name)).toEqual(["王25"]);
    expect((await listPeopleAdmin(w.as.admin, { q: "WGY-SQ-3" })).people.map((p) => p.displayNumber)).toContain(`${w.place.community.code}01-WGY-SQ-3`);
    // % is text here, not a wildcard.
    expect((await listPeopleAdmin(w.as.admin, { q: "%" })).total).toBe(0);
    const row = (await listPeopleAdmin(w.as.admin, { q: "王25" })).people[0]!;
    expect(row.roles).toEqual(["gridWorker"]);
  });

  test("people of another community never show up", async () => {
    const names = (await listPeopleAdmin(w.as.otherAdmin, {})).people.map((p) => p.id);
    expect(names).toEqual([w.otherAdmin.id]);
    await expectRefused(() => listPeopleAdmin(w.as.chief, {}), 403);
  });

  test("scope options list the community's grids, buildings and organisations only", async () => {
    const options = await listScopeOptions(w.as.admin, {});
    expect(options.grids.map((g) => [g.code, g.buildings.map((b) => b.code)])).toEqual([
      ["01", ["01"]],
      ["02", ["01"]],
    ]);
    expect(options.organisations.map((o) => o.id)).toEqual([w.place.propertyFirm.id]);
  });
});
