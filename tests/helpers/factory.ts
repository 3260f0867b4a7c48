import bcrypt from "bcryptjs";
import type { DB } from "@/db/client";
import { agendaCategories, agendaItems, buildings, communities, grids, organisations, people, roles, topics, units, type RoleKind } from "@/db/schema";

let seq = 0;
const next = () => ++seq;
/** Cheap hash (cost 4) of "demo1234" so tests sign in without waiting on bcrypt. */
export const TEST_PASSWORD = "demo1234";
const testHash = bcrypt.hashSync(TEST_PASSWORD, 4);

/** A community with two grids (A, B), a building in each and a few units, plus a property firm. */
export function makeCommunity(db: DB) {
  const n = next();
  const community = db.insert(communities).values({ code: `T${n}`.slice(0, 6), name: `测试社区${n}` }).returning().get();
  const gridA = db.insert(grids).values({ communityId: community.id, code: "01", name: "第一网格" }).returning().get();
  const gridB = db.insert(grids).values({ communityId: community.id, code: "02", name: "第二网格" }).returning().get();
  const buildingA = db.insert(buildings).values({ gridId: gridA.id, code: "01", name: "1号楼" }).returning().get();
  const buildingB = db.insert(buildings).values({ gridId: gridB.id, code: "01", name: "1号楼" }).returning().get();
  const unitsA = ["101", "102", "201", "202"].map((number) =>
    db.insert(units).values({ buildingId: buildingA.id, number, areaHundredths: 8912 }).returning().get(),
  );
  const unitsB = ["101", "102"].map((number) =>
    db.insert(units).values({ buildingId: buildingB.id, number, areaHundredths: 10250 }).returning().get(),
  );
  const propertyFirm = db
    .insert(organisations)
    .values({ communityId: community.id, kind: "propertyFirm", name: "测试物业", code: "WY1" })
    .returning()
    .get();
  return { community, gridA, gridB, buildingA, buildingB, unitsA, unitsB, propertyFirm };
}

type Place = ReturnType<typeof makeCommunity>;

/** A verified person holding one role, scoped as that role needs. */
export function makePerson(
  db: DB,
  place: Place,
  role: RoleKind,
  opts: { grid?: "A" | "B"; status?: "pending" | "verified" | "rejected"; phone?: string } = {},
) {
  const n = next();
  const grid = opts.grid === "B" ? place.gridB : place.gridA;
  const unit = opts.grid === "B" ? place.unitsB[0]! : place.unitsA[0]!;
  const person = db
    .insert(people)
    .values({
      phone: opts.phone ?? `139${String(n).padStart(8, "0")}`,
      passwordHash: testHash,
      name: `测试${n}`,
      displayNumber: `TEST-${n}`,
      status: opts.status ?? "verified",
    })
    .returning()
    .get();
  const gridBound = ["resident", "owner", "gridChief", "gridWorker"].includes(role);
  db.insert(roles)
    .values({
      personId: person.id,
      role,
      communityId: place.community.id,
      gridId: gridBound ? grid.id : null,
      unitId: role === "resident" || role === "owner" ? unit.id : null,
      organisationId: role === "propertyFirmStaff" ? place.propertyFirm.id : null,
    })
    .run();
  return person;
}

/** An agenda item under a category of its own; `item` sets the item's columns (vote rule, floor, threshold…). */
export function makeItem(db: DB, place: Place, item: Omit<typeof agendaItems.$inferInsert, "categoryId">, category = "公共事务") {
  const cat = db.insert(agendaCategories).values({ communityId: place.community.id, name: category }).returning().get();
  return db.insert(agendaItems).values({ ...item, categoryId: cat.id }).returning().get();
}

type NewTopic = typeof topics.$inferInsert;
type Defaulted = "communityId" | "gridId" | "descriptionJson" | "descriptionHtml";
/** A topic of grid A put straight into the state a test needs, with an empty description unless given. */
export function makeTopic(
  db: DB,
  place: Place,
  values: Omit<NewTopic, Defaulted> & Partial<Pick<NewTopic, Defaulted>>,
) {
  return db
    .insert(topics)
    .values({ communityId: place.community.id, gridId: place.gridA.id, descriptionJson: { type: "doc", content: [] }, descriptionHtml: "", ...values })
    .returning()
    .get();
}
