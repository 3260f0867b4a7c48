import fs from "node:fs";
import path from "node:path";
import { beforeEach, describe, expect, test } from "vitest";
import { agendaCategories, agendaItems, cosigns, events, notifications, opinions, topicEvents, topicPhotos, topics } from "@/db/schema";
import type { DB } from "@/db/client";
import { admitTopic } from "@/lib/topics/admit";
import { cosignTopic } from "@/lib/topics/cosign";
import { escalateTopic } from "@/lib/topics/escalate";
import { getTopic } from "@/lib/topics/get-topic";
import { listTopics } from "@/lib/topics/list-topics";
import { mergeTopic } from "@/lib/topics/merge";
import { proposeTopic } from "@/lib/topics/propose";
import { rejectTopic } from "@/lib/topics/reject";
import { runCosignDeadlines } from "@/lib/topics/run-cosign-deadlines";
import { similarTopics } from "@/lib/topics/similar-topics";
import { uploadsDir } from "@/lib/uploads/photos";
import { eq, sql } from "drizzle-orm";
import { ctxAs, fileDb } from "../helpers/db";
import { makeCommunity, makePerson } from "../helpers/factory";
import { refusal } from "../helpers/refusal";
import { jpegBytes } from "../helpers/images";

let db: DB;
fileDb((d) => (db = d));

const doc = (text: string) => ({ type: "doc", content: [{ type: "paragraph", content: [{ type: "text", text }] }] });
const jpeg = (size = 2000) => new File([jpegBytes(size)], "photo.jpg", { type: "image/jpeg" });
const count = (table: typeof topics | typeof topicPhotos | typeof events) => db.select({ n: sql<number>`count(*)` }).from(table).get()!.n;
function setup() {
  const place = makeCommunity(db);
  const cat = db.insert(agendaCategories).values({ communityId: place.community.id, name: "设施设备" }).returning().get();
  const item = db.insert(agendaItems).values({ categoryId: cat.id, name: "老旧小区加装电梯", cosignThreshold: 3 }).returning().get();
  const other = makeCommunity(db);
  const otherCat = db.insert(agendaCategories).values({ communityId: other.community.id, name: "别处" }).returning().get();
  const otherItem = db.insert(agendaItems).values({ categoryId: otherCat.id, name: "别处事项" }).returning().get();
  const proposer = makePerson(db, place, "owner", { grid: "A" });
  const neighbours = [1, 2, 3, 4].map(() => makePerson(db, place, "resident", { grid: "A" }));
  const chief = makePerson(db, place, "gridChief", { grid: "A" });
  const chiefB = makePerson(db, place, "gridChief", { grid: "B" });
  const residentB = makePerson(db, place, "resident", { grid: "B" });
  const admin = makePerson(db, place, "communityAdmin");
  const propose = (by = proposer, extra: Record<string, unknown> = {}, photos: File[] = []) =>
    proposeTopic(ctxAs(by), { gridId: place.gridA.id, agendaItemId: item.id, title: "3号楼加装电梯", description: doc("老人上下楼困难，希望加装电梯，方便出行。"), ...extra }, photos);
  return { place, item, otherItem, proposer, neighbours, chief, chiefB, residentB, admin, propose };
}

describe("proposing a topic", () => {
  test("a resident's topic collects co-signatures; photos are stored; a timeline entry and search entry are written", async () => {
    const s = setup();
    const { topicId, state } = await s.propose(s.proposer, {}, [jpeg()]);
    expect(state).toBe("proposed");
    const t = db.select().from(topics).where(eq(topics.id, topicId)).get()!;
    expect(t.cosignThreshold).toBe(3); // the item's threshold overrides the grid's default of 5
    expect(t.cosignDeadline.getTime() - t.createdAt.getTime()).toBeGreaterThanOrEqual(14 * 86_400_000 - 1000);
    expect(t.descriptionHtml).toContain("<p>老人上下楼困难");
    const photo = db.select().from(topicPhotos).where(eq(topicPhotos.topicId, topicId)).get()!;
    expect(fs.existsSync(path.join(uploadsDir(), photo.storedName))).toBe(true);
    expect(db.select().from(topicEvents).where(eq(topicEvents.topicId, topicId)).all().map((e) => e.kind)).toEqual(["proposed"]);
  });

  test("staff and the owners' committee skip co-signing", async () => {
    const s = setup();
    expect((await s.propose(s.chief)).state).toBe("awaitingAdmission");
    const committee = makePerson(db, s.place, "ownersCommitteeMember");
    expect((await s.propose(committee)).state).toBe("awaitingAdmission");
  });

  test("refusals write nothing: outside the catalog, another community's item, a non-image, an oversized photo, ten photos, another grid", async () => {
    const s = setup();
    const before = { t: count(topics), p: count(topicPhotos), e: count(events) };
    const filesBefore = fs.existsSync(uploadsDir()) ? fs.readdirSync(uploadsDir()).length : 0;
    expect((await refusal(() => s.propose(s.proposer, { agendaItemId: s.otherItem.id }))).messageKey).toBe("itemNotInCatalog");
    await expect(s.propose(s.proposer, { agendaItemId: "" })).rejects.toThrow(/itemRequired/);
    const notImage = new File([new TextEncoder().encode("<?php echo 1; ?>  padding....")], "evil.jpg", { type: "image/jpeg" });
    expect((await refusal(() => s.propose(s.proposer, {}, [notImage]))).messageKey).toBe("photoNotImage");
    expect((await refusal(() => s.propose(s.proposer, {}, [jpeg(5 * 1024 * 1024 + 1)]))).messageKey).toBe("photoTooLarge");
    expect((await refusal(() => s.propose(s.proposer, {}, Array.from({ length: 10 }, () => jpeg())))).messageKey).toBe("tooManyPhotos");
    expect((await refusal(() => s.propose(s.residentB))).status).toBe(403);
    expect({ t: count(topics), p: count(topicPhotos), e: count(events) }).toEqual(before);
    expect(fs.existsSync(uploadsDir()) ? fs.readdirSync(uploadsDir()).length : 0).toBe(filesBefore);
  });
});

describe("co-signing", () => {
  test("neighbours co-sign once; the threshold moves the topic to admission and tells proposer and staff", async () => {
    const s = setup();
    const { topicId } = await s.propose();
    expect((await cosignTopic(ctxAs(s.neighbours[0]!), { topicId })).cosignCount).toBe(1);
    expect((await refusal(() => cosignTopic(ctxAs(s.neighbours[0]!), { topicId }))).messageKey).toBe("alreadyCosigned");
    expect((await refusal(() => cosignTopic(ctxAs(s.proposer), { topicId }))).messageKey).toBe("cosignOwnTopic");
    expect((await refusal(() => cosignTopic(ctxAs(s.residentB), { topicId }))).status).toBe(403);
    // The proposer counts: with a threshold of 3, the second neighbour's co-signature is enough.
    const second = await cosignTopic(ctxAs(s.neighbours[1]!), { topicId });
    expect(second).toMatchObject({ cosignCount: 2, supporters: 3, state: "awaitingAdmission" });
    const told = db.select().from(notifications).where(eq(notifications.topicId, topicId)).all();
    expect(told.filter((n) => n.kind === "thresholdReached").map((n) => n.personId).sort()).toEqual([s.proposer.id, s.chief.id, s.admin.id].sort());
    expect((await refusal(() => cosignTopic(ctxAs(s.neighbours[3]!), { topicId }))).messageKey).toBe("topicNotCollecting");
    expect(db.select().from(cosigns).where(eq(cosigns.topicId, topicId)).all()).toHaveLength(2);
  });

  test("an unsupported topic expires at its deadline; its proposer is warned two days before, once", async () => {
    const s = setup();
    const { topicId } = await s.propose();
    const t = db.select().from(topics).where(eq(topics.id, topicId)).get()!;
    const deadline = t.cosignDeadline.getTime();
    expect(await runCosignDeadlines(db, new Date(deadline - 3 * 86_400_000))).toEqual({ expired: 0, warned: 0 });
    expect((await runCosignDeadlines(db, new Date(deadline - 86_400_000))).warned).toBeGreaterThanOrEqual(1);
    await runCosignDeadlines(db, new Date(deadline - 3600_000));
    const warnings = db.select().from(notifications).where(eq(notifications.topicId, topicId)).all().filter((n) => n.kind === "expiringSoon");
    expect(warnings).toHaveLength(1);
    expect(warnings[0]!.personId).toBe(s.proposer.id);
    await runCosignDeadlines(db, new Date(deadline));
    expect(db.select().from(topics).where(eq(topics.id, topicId)).get()!.state).toBe("expired");
    expect(db.select().from(topicEvents).where(eq(topicEvents.topicId, topicId)).all().map((e) => e.kind)).toContain("expire");
  });
});

describe("admission", () => {
  async function awaiting(s: ReturnType<typeof setup>) {
    const { topicId } = await s.propose();
    for (const n of s.neighbours.slice(0, 2)) await cosignTopic(ctxAs(n), { topicId });
    return topicId;
  }

  test("the grid chief admits at grid level; a resident, the proposer and another grid's chief may not", async () => {
    const s = setup();
    const topicId = await awaiting(s);
    expect((await refusal(() => admitTopic(ctxAs(s.proposer), { topicId, level: "grid" }))).status).toBe(403);
    expect((await refusal(() => admitTopic(ctxAs(s.chiefB), { topicId, level: "grid" }))).status).toBe(403);
    expect(await admitTopic(ctxAs(s.chief), { topicId, level: "grid" })).toMatchObject({ state: "consulting", level: "grid" });
    expect(db.select().from(notifications).where(eq(notifications.topicId, topicId)).all().some((n) => n.kind === "admitted" && n.personId === s.proposer.id)).toBe(true);
    expect((await refusal(() => admitTopic(ctxAs(s.chief), { topicId, level: "grid" }))).status).toBe(409);
  });

  test("rejecting needs a public reason, which the topic then shows", async () => {
    const s = setup();
    const topicId = await awaiting(s);
    expect((await refusal(() => rejectTopic(ctxAs(s.chief), { topicId, reason: " " }))).messageKey).toBe("topicReasonRequired");
    await rejectTopic(ctxAs(s.chief), { topicId, reason: "属于个人私事，不在议事范围" });
    const detail = getTopic(ctxAs(s.neighbours[0]!), { topicId });
    expect(detail.topic).toMatchObject({ state: "rejected", rejectReason: "属于个人私事，不在议事范围" });
  });

  test("merging carries co-signers and opinions over to the target", async () => {
    const s = setup();
    const target = (await s.propose()).topicId;
    const dup = (await s.propose(s.neighbours[3]!, { title: "加装电梯的事" })).topicId;
    await cosignTopic(ctxAs(s.neighbours[0]!), { topicId: dup });
    db.insert(opinions).values({ topicId: dup, authorId: s.neighbours[0]!.id, stance: "support", body: "同意加装" }).run();
    // A hidden opinion moves with the rest but is not counted: the count is of visible opinions.
    db.insert(opinions).values({ topicId: dup, authorId: s.neighbours[1]!.id, stance: "oppose", body: "广告", hiddenAt: new Date(), hiddenBy: s.chief.id, hiddenReason: "广告" }).run();
    await mergeTopic(ctxAs(s.chief), { topicId: dup, intoTopicId: target });
    expect(db.select().from(opinions).where(eq(opinions.topicId, target)).all()).toHaveLength(2);
    const t = db.select().from(topics).where(eq(topics.id, target)).get()!;
    expect(t.cosignCount).toBe(2); // the duplicate's proposer and its co-signer
    expect(t.state).toBe("awaitingAdmission"); // with the target's proposer, 3 backers reach the threshold of 3
    expect(t.opinionCount).toBe(1);
    expect(db.select().from(topics).where(eq(topics.id, dup)).get()).toMatchObject({ state: "merged", mergedIntoId: target });
    expect((await refusal(() => mergeTopic(ctxAs(s.chief), { topicId: target, intoTopicId: target }))).messageKey).toBe("topicMergeIntoSelf");
  });

  test("escalated topics belong to community staff: the grid chief loses the right to act", async () => {
    const s = setup();
    const topicId = await awaiting(s);
    await admitTopic(ctxAs(s.chief), { topicId, level: "grid" });
    expect(await escalateTopic(ctxAs(s.chief), { topicId })).toMatchObject({ level: "community", state: "consulting" });
    expect((await refusal(() => escalateTopic(ctxAs(s.chief), { topicId }))).status).toBe(403);
    expect(getTopic(ctxAs(s.admin), { topicId }).me.mayManage).toBe(true);
    expect(getTopic(ctxAs(s.chief), { topicId }).me.mayManage).toBe(false);
  });
});

describe("finding topics", () => {
  test("two-character words are found (电梯, 停车), best match first, scoped to the actor's community", async () => {
    const s = setup();
    const a = (await s.propose(s.proposer, { title: "小区停车难问题", description: doc("晚上停车位不够，车辆乱停在消防通道。") })).topicId;
    const b = (await s.propose(s.proposer, { title: "5号楼加装电梯", description: doc("希望加装电梯，老人出行方便。") })).topicId;
    const ids = (q: string, who = s.neighbours[0]!) => listTopics(ctxAs(who), { q }).rows.map((r) => r.id);
    expect(ids("电梯")).toContain(b);
    expect(ids("电梯")).not.toContain(a);
    expect(ids("停车")).toContain(a);
    expect(ids("停车位")).toContain(a);
    expect(ids("' OR 1=1 --")).toEqual([]);
    expect(ids('"电梯" OR *')).not.toContain(a);
    const outsider = makePerson(db, makeCommunity(db), "resident", { grid: "A" });
    expect(ids("电梯", outsider)).toEqual([]);
  });

  test("filters by stage and 'awaiting my action'; similar open topics while typing", async () => {
    const s = setup();
    const { topicId } = await s.propose(s.proposer, { title: "楼道电动车充电隐患" });
    expect(listTopics(ctxAs(s.neighbours[1]!), { view: "awaitingMe" }).rows.map((r) => r.id)).toContain(topicId);
    expect(listTopics(ctxAs(s.proposer), { view: "awaitingMe" }).rows.map((r) => r.id)).not.toContain(topicId);
    expect(listTopics(ctxAs(s.proposer), { view: "mine" }).rows.map((r) => r.id)).toContain(topicId);
    expect(listTopics(ctxAs(s.proposer), { stage: "intake" }).rows.map((r) => r.id)).toContain(topicId);
    expect(listTopics(ctxAs(s.proposer), { stage: "consultation" }).rows.map((r) => r.id)).not.toContain(topicId);
    expect(similarTopics(ctxAs(s.neighbours[2]!), { gridId: s.place.gridA.id, q: "电动车充电" }).map((t) => t.id)).toContain(topicId);
  });
});
