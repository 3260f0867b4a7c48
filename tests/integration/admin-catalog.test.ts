import { eq } from "drizzle-orm";
import { afterEach, beforeEach, describe, expect, test } from "vitest";
import type { DB } from "@/db/client";
import { agendaItems, events, organisations } from "@/db/schema";
import { createCategory } from "@/lib/admin/create-category";
import { createItem } from "@/lib/admin/create-item";
import { createOrganisation } from "@/lib/admin/create-organisation";
import { listCatalogAdmin } from "@/lib/admin/list-catalog-admin";
import { listOrganisationsAdmin } from "@/lib/admin/list-organisations-admin";
import { updateItem } from "@/lib/admin/update-item";
import { updateOrganisation } from "@/lib/admin/update-organisation";
import { tempDb } from "../helpers/db";
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

describe("organisations", () => {
  test("an admin adds an owners' committee; the code is upper-cased", async () => {
    const org = await createOrganisation(w.as.admin, { kind: "ownersCommittee", name: "幸福里业委会", code: "ywh1", description: "第三届" });
    expect(org).toMatchObject({ kind: "ownersCommittee", code: "YWH1" });
    const { organisations: list } = await listOrganisationsAdmin(w.as.admin, { kind: "ownersCommittee" });
    expect(list.map((o) => [o.name, o.memberCount])).toEqual([["幸福里业委会", 0]]);
    expect((await listOrganisationsAdmin(w.as.admin, {})).organisations).toHaveLength(2);
  });

  test("codes are unique within the community and must suit a display number", async () => {
    const before = await snapshot(db);
    const err = await expectRefused(() => createOrganisation(w.as.admin, { kind: "thinkTank", name: "帮帮团", code: "WY1" }), 409, "organisationCodeTaken");
    expect(err.fieldErrors).toEqual({ code: "organisationCodeTaken" });
    await expectInvalid(() => createOrganisation(w.as.admin, { kind: "thinkTank", name: "帮帮团", code: "W-Y" }), "code", "orgCodeFormat");
    await expectInvalid(() => createOrganisation(w.as.admin, { kind: "club", name: "帮帮团", code: "BBT" }), "kind", "orgKindRequired");
    expect(await snapshot(db)).toEqual(before);
    // Each community has its own codes: both test communities already hold a "WY1".
    expect((await createOrganisation(w.as.otherAdmin, { kind: "thinkTank", name: "帮帮团", code: "BBT" })).code).toBe("BBT");
    expect((await createOrganisation(w.as.admin, { kind: "thinkTank", name: "帮帮团", code: "BBT" })).code).toBe("BBT");
  });

  test("an admin renames an organisation or changes its code; the kind stays", async () => {
    const updated = await updateOrganisation(w.as.admin, { organisationId: w.place.propertyFirm.id, name: "新物业公司", code: "wy2", kind: "thinkTank" });
    expect(updated).toMatchObject({ name: "新物业公司", code: "WY2", kind: "propertyFirm" });
    // Keeping its own code is no clash.
    expect((await updateOrganisation(w.as.admin, { organisationId: w.place.propertyFirm.id, code: "WY2" })).code).toBe("WY2");
    expect(await db.select().from(events).where(eq(events.kind, "organisation.updated"))).toHaveLength(2);
  });

  test("renaming is refused to others, and a code clash is a 409", async () => {
    const second = await createOrganisation(w.as.admin, { kind: "thinkTank", name: "帮帮团", code: "BBT" });
    const before = await snapshot(db);
    await expectRefused(() => updateOrganisation(w.as.admin, { organisationId: second.organisationId, code: "WY1" }), 409, "organisationCodeTaken");
    await expectRefused(() => updateOrganisation(w.as.admin, { organisationId: second.organisationId }), 422, "nothingToUpdate");
    await expectRefused(() => updateOrganisation(w.as.otherAdmin, { organisationId: second.organisationId, name: "x" }), 404, "organisationNotFound");
    await expectRefused(() => updateOrganisation(w.as.chief, { organisationId: second.organisationId, name: "x" }), 403);
    await expectRefused(() => createOrganisation(w.as.resident, { kind: "thinkTank", name: "x", code: "X1" }), 403);
    expect(await snapshot(db)).toEqual(before);
    expect((await first(db.select().from(organisations).where(eq(organisations.id, second.organisationId))))?.name).toBe("帮帮团");
  });
});

describe("agenda catalog", () => {
  test("an admin builds the catalog: categories in order, items with their defaults", async () => {
    const neighbours = await createCategory(w.as.admin, { name: "睦邻关系" });
    const safety = await createCategory(w.as.admin, { name: "平安建设" });
    expect([neighbours.sortOrder, safety.sortOrder]).toEqual([1, 2]);
    const parking = await createItem(w.as.admin, { categoryId: neighbours.categoryId, name: "楼道电动车停放" });
    expect(parking).toMatchObject({ defaultLevel: "grid", defaultVoteRule: "simpleMajority", cosignThreshold: null, sortOrder: 1 });
    const elevator = await createItem(w.as.admin, {
      categoryId: neighbours.categoryId,
      name: "老旧小区加装电梯",
      defaultLevel: "community",
      defaultVoteRule: "ownersSupermajority",
      cosignThreshold: "10",
    });
    expect(elevator).toMatchObject({ defaultLevel: "community", defaultVoteRule: "ownersSupermajority", cosignThreshold: 10, sortOrder: 2 });

    const { categories } = await listCatalogAdmin(w.as.admin, {});
    expect(categories.map((c) => [c.name, c.items.map((i) => i.name)])).toEqual([
      ["睦邻关系", ["楼道电动车停放", "老旧小区加装电梯"]],
      ["平安建设", []],
    ]);
    expect((await listCatalogAdmin(w.as.otherAdmin, {})).categories).toEqual([]);
  });

  test("an admin edits an item's level, vote rule, threshold and takes it out of use", async () => {
    const cat = await createCategory(w.as.admin, { name: "公共事务" });
    const item = await createItem(w.as.admin, { categoryId: cat.categoryId, name: "停车棚维修", cosignThreshold: 6 });
    const updated = await updateItem(w.as.admin, {
      itemId: String(item.itemId),
      defaultLevel: "community",
      defaultVoteRule: "ownersMajority",
      cosignThreshold: "",
      active: "false",
    });
    expect(updated).toMatchObject({ defaultLevel: "community", defaultVoteRule: "ownersMajority", cosignThreshold: null, active: false, name: "停车棚维修" });
    expect(await updateItem(w.as.admin, { itemId: item.itemId, active: true, cosignThreshold: 3 })).toMatchObject({ active: true, cosignThreshold: 3 });
    expect(await db.select().from(events).where(eq(events.kind, "agendaItem.updated"))).toHaveLength(2);
  });

  test("bad values are refused with their own messages, and nothing changes", async () => {
    const cat = await createCategory(w.as.admin, { name: "公共事务" });
    const item = await createItem(w.as.admin, { categoryId: cat.categoryId, name: "停车棚维修" });
    const before = await snapshot(db);
    await expectInvalid(() => updateItem(w.as.admin, { itemId: item.itemId, cosignThreshold: 0 }), "cosignThreshold", "thresholdInvalid");
    await expectInvalid(() => updateItem(w.as.admin, { itemId: item.itemId, cosignThreshold: "101" }), "cosignThreshold", "thresholdInvalid");
    await expectInvalid(() => updateItem(w.as.admin, { itemId: item.itemId, defaultLevel: "city" }), "defaultLevel", "levelRequired");
    await expectInvalid(() => updateItem(w.as.admin, { itemId: item.itemId, defaultVoteRule: "unanimous" }), "defaultVoteRule", "voteRuleRequired");
    await expectInvalid(() => createItem(w.as.admin, { categoryId: cat.categoryId, name: "" }), "name", "titleRequired");
    await expectRefused(() => updateItem(w.as.admin, { itemId: item.itemId }), 422, "nothingToUpdate");
    expect(await snapshot(db)).toEqual(before);
    expect((await first(db.select().from(agendaItems).where(eq(agendaItems.id, item.itemId))))?.cosignThreshold).toBeNull();
  });

  test("non-admins and admins of another community are refused, and nothing is written", async () => {
    const cat = await createCategory(w.as.admin, { name: "公共事务" });
    const item = await createItem(w.as.admin, { categoryId: cat.categoryId, name: "停车棚维修" });
    const before = await snapshot(db);
    await expectRefused(() => createCategory(w.as.chief, { name: "x" }), 403);
    await expectRefused(() => createCategory(w.as.otherAdmin, { name: "x", communityId: w.place.community.id }), 403);
    await expectRefused(() => createItem(w.as.otherAdmin, { categoryId: cat.categoryId, name: "x" }), 404, "categoryNotFound");
    await expectRefused(() => createItem(w.as.resident, { categoryId: cat.categoryId, name: "x" }), 403);
    await expectRefused(() => updateItem(w.as.otherAdmin, { itemId: item.itemId, active: false }), 404, "itemNotFound");
    await expectRefused(() => listCatalogAdmin(w.as.chief, {}), 403);
    expect(await snapshot(db)).toEqual(before);
  });
});
