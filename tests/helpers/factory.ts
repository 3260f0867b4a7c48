import bcrypt from "bcryptjs";
import { and, eq, isNull } from "drizzle-orm";
import type { DB } from "@/db/client";
import { agendaCategories, agendaItems, buildings, communities, grids, organisations, people, roles, topics, units, type RoleKind, type Topic } from "@/db/schema";
import { openBallot } from "@/lib/ballots/open-ballot";
import { draftPlan } from "@/lib/plans/draft-plan";
import { admitTopic } from "@/lib/topics/admit";
import { cosignTopic } from "@/lib/topics/cosign";
import { proposeTopic } from "@/lib/topics/propose";
import { startDrafting } from "@/lib/topics/start-drafting";
import { ctxAs } from "./db";
import { first } from "@/db/query";
import { inOrder } from "./in-order";

let seq = 0;
const next = () => ++seq;
/** Cheap hash (cost 4) of "demo1234" so tests sign in without waiting on bcrypt. */
export const TEST_PASSWORD = "demo1234";
const testHash = bcrypt.hashSync(TEST_PASSWORD, 4);

/** A community with two grids (A, B), a building in each and a few units, plus a property firm. */
export async function makeCommunity(db: DB) {
  const n = next();
  const community = await first(db.insert(communities).values({ code: `T${n}`.slice(0, 6), name: `测试社区${n}` }).returning());
  const gridA = await first(db.insert(grids).values({ communityId: community.id, code: "01", name: "第一网格" }).returning());
  const gridB = await first(db.insert(grids).values({ communityId: community.id, code: "02", name: "第二网格" }).returning());
  const buildingA = await first(db.insert(buildings).values({ gridId: gridA.id, code: "01", name: "1号楼" }).returning());
  const buildingB = await first(db.insert(buildings).values({ gridId: gridB.id, code: "01", name: "1号楼" }).returning());
  const unitsA = await inOrder(["101", "102", "201", "202"], async (number) =>
    await first(db.insert(units).values({ buildingId: buildingA.id, number, areaHundredths: 8912 }).returning()),
  );
  const unitsB = await inOrder(["101", "102"], async (number) =>
    await first(db.insert(units).values({ buildingId: buildingB.id, number, areaHundredths: 10250 }).returning()),
  );
  const propertyFirm = await first(db
    .insert(organisations)
    .values({ communityId: community.id, kind: "propertyFirm", name: "测试物业", code: "WY1" })
    .returning());
  return { community, gridA, gridB, buildingA, buildingB, unitsA, unitsB, propertyFirm };
}

type Place = Awaited<ReturnType<typeof makeCommunity>>;

/** A verified person holding one role, scoped as that role needs. */
export async function makePerson(
  db: DB,
  place: Place,
  role: RoleKind,
  opts: { grid?: "A" | "B"; status?: "pending" | "verified" | "rejected"; phone?: string } = {},
) {
  const n = next();
  const grid = opts.grid === "B" ? place.gridB : place.gridA;
  const unit = opts.grid === "B" ? place.unitsB[0]! : place.unitsA[0]!;
  const person = await first(db
    .insert(people)
    .values({
      phone: opts.phone ?? `139${String(n).padStart(8, "0")}`,
      passwordHash: testHash,
      name: `测试${n}`,
      displayNumber: `TEST-${n}`,
      status: opts.status ?? "verified",
    })
    .returning());
  const gridBound = ["resident", "owner", "gridChief", "gridWorker"].includes(role);
  await db.insert(roles)
    .values({
      personId: person.id,
      role,
      communityId: place.community.id,
      gridId: gridBound ? grid.id : null,
      unitId: role === "resident" || role === "owner" ? unit.id : null,
      organisationId: role === "propertyFirmStaff" ? place.propertyFirm.id : null,
    });
  return person;
}

/** An agenda item under a category of its own; `item` sets the item's columns (vote rule, floor, threshold…). */
export async function makeItem(db: DB, place: Place, item: Omit<typeof agendaItems.$inferInsert, "categoryId">, category = "公共事务") {
  const cat = await first(db.insert(agendaCategories).values({ communityId: place.community.id, name: category }).returning());
  return await first(db.insert(agendaItems).values({ ...item, categoryId: cat.id }).returning());
}

/** A tiptap document of one paragraph. */
export const doc = (text: string) => ({ type: "doc", content: [{ type: "paragraph", content: [{ type: "text", text }] }] });

/** The stages makeTopic reaches through the use cases, in the order a topic passes them. */
const reachable = ["proposed", "awaitingAdmission", "consulting", "drafting", "voting"] as const;
export type ReachableState = (typeof reachable)[number];

export type TopicSpec = {
  /** Where the topic stops; default "consulting". */
  state?: ReachableState;
  grid?: "A" | "B";
  /** Decided at admission; default "grid". */
  level?: "grid" | "community";
  /** Default: a new resident of the grid. A staff or owners' committee proposer skips co-signing. */
  proposer?: { id: number };
  /** Who co-signs a resident's topic up to the threshold; default: new residents of the grid, as many as needed. */
  cosigners?: { id: number }[];
  /** Who admits, starts drafting, drafts the plan and opens the vote; default: a grid chief of the grid (the community admin for a community-level topic), made if there is none. */
  staff?: { id: number };
  /** Default: a new catalog item with a co-sign threshold of 2 (the proposer and one neighbour). */
  item?: { id: number };
  title?: string;
  description?: string;
  /** drafting: also draft one official plan (voting always drafts one). */
  plan?: boolean;
  /** The clock every step runs at; default the real one. */
  at?: Date;
};

export type MadeTopic = Topic & { planId: number | null; ballotId: number | null };

/**
 * A topic brought to `spec.state` the way people bring it there — proposed, co-signed, admitted,
 * drafted, put to the vote — through the use cases, so its timeline, notifications, audit and
 * events are the real ones. For a state the use cases cannot reach (or a row with hand-picked
 * dates and counts), insertTopicRow.
 */
export async function makeTopic(db: DB, place: Place, spec: TopicSpec = {}): Promise<MadeTopic> {
  const state = spec.state ?? "consulting";
  const upTo = (s: ReachableState) => reachable.indexOf(state) >= reachable.indexOf(s);
  const now = spec.at ?? new Date();
  const grid = spec.grid === "B" ? place.gridB : place.gridA;
  const level = spec.level ?? "grid";
  const as = (p: { id: number }) => ctxAs(p, db);
  const staff = spec.staff ?? await staffOf(db, place, spec.grid, level);
  const proposer = spec.proposer ?? await makePerson(db, place, "resident", { grid: spec.grid });
  const item = spec.item ?? await makeItem(db, place, { name: "公共设施维修", cosignThreshold: 2 });
  const title = spec.title ?? "楼道电动车停放整治";
  const description = doc(spec.description ?? "电动车停在楼道里，堵住了消防通道，需要大家一起商量。");

  const { topicId } = await proposeTopic(await as(proposer), { gridId: grid.id, agendaItemId: item.id, title, description }, [], now);
  const cosigners = [...(spec.cosigners ?? [])];
  while (upTo("awaitingAdmission") && (await topicRow(db, topicId)).state === "proposed") {
    await cosignTopic(await as(cosigners.shift() ?? await makePerson(db, place, "resident", { grid: spec.grid })), { topicId }, now);
  }
  if (upTo("consulting")) await admitTopic(await as(staff), { topicId, level }, now);
  if (upTo("drafting")) await startDrafting(await as(staff), { topicId }, now);
  const planId =
    (state === "drafting" && spec.plan) || upTo("voting")
      ? (await draftPlan(await as(staff), { topicId, title: "整治方案", body: doc("在楼下空地建设电动车充电棚，楼道不再停车。") }, now)).planId
      : null;
  const ballotId = upTo("voting")
    ? (await openBallot(await as(staff), { topicId, kind: "single", planIds: [planId], electorateKind: "gridResidents", closesAt: new Date(now.getTime() + 7 * 86_400_000) }, now)).ballotId
    : null;
  const row = await topicRow(db, topicId);
  if (row.state !== state) throw new Error(`makeTopic: the topic reached ${row.state}, not ${state}`);
  return { ...row, planId, ballotId };
}

const topicRow = async (db: DB, id: number) => (await first(db.select().from(topics).where(eq(topics.id, id))))!;

/** A grid chief of the grid (the community admin for community-level topics), made when there is none yet. */
async function staffOf(db: DB, place: Place, grid: "A" | "B" | undefined, level: "grid" | "community") {
  const role = level === "community" ? "communityAdmin" : "gridChief";
  const gridId = level === "community" ? null : (grid === "B" ? place.gridB : place.gridA).id;
  const found = await first(db
    .select({ id: roles.personId })
    .from(roles)
    .where(and(eq(roles.role, role), eq(roles.communityId, place.community.id), gridId == null ? isNull(roles.gridId) : eq(roles.gridId, gridId))));
  return found ?? await makePerson(db, place, role, { grid });
}

type NewTopic = typeof topics.$inferInsert;
type Defaulted = "communityId" | "gridId" | "descriptionJson" | "descriptionHtml";
/**
 * A topic row written straight into the table, with no timeline, for a test that needs what the
 * use cases cannot make: a state with hand-picked dates and counts, or a state past the vote.
 * Grid A and an empty description unless given. Prefer makeTopic.
 */
export async function insertTopicRow(
  db: DB,
  place: Place,
  values: Omit<NewTopic, Defaulted> & Partial<Pick<NewTopic, Defaulted>>,
) {
  return await first(db
    .insert(topics)
    .values({ communityId: place.community.id, gridId: place.gridA.id, descriptionJson: { type: "doc", content: [] }, descriptionHtml: "", ...values })
    .returning());
}
