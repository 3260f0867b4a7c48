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
import { first } from "@/db/query";
import { inOrder } from "../helpers/in-order";

let db: DB;
fileDb((d) => (db = d));

const doc = (text: string) => ({ type: "doc", content: [{ type: "paragraph", content: [{ type: "text", text }] }] });
const jpeg = (size = 2000) => new File([jpegBytes(size)], "photo.jpg", { type: "image/jpeg" });
const count = async (table: typeof topics | typeof topicPhotos | typeof events) => (await first(db.select({ n: sql<number>`count(*)` }).from(table)))!.n;
async function setup() {
  const place = await makeCommunity(db);
  const cat = await first(db.insert(agendaCategories).values({ communityId: place.community.id, name: "设施设备" }).returning());
  const item = await first(db.insert(agendaItems).values({ categoryId: cat.id, name: "老旧小区加装电梯", cosignThreshold: 3 }).returning());
  const other = await makeCommunity(db);
  const otherCat = await first(db.insert(agendaCategories).values({ communityId: other.community.id, name: "别处" }).returning());
  const otherItem = await first(db.insert(agendaItems).values({ categoryId: otherCat.id, name: "别处事项" }).returning());
  const proposer = await makePerson(db, place, "owner", { grid: "A" });
  const neighbours = await inOrder([1, 2, 3, 4], () => makePerson(db, place, "resident", { grid: "A" }));
  const chief = await makePerson(db, place, "gridChief", { grid: "A" });
  const chiefB = await makePerson(db, place, "gridChief", { grid: "B" });
  const residentB = await makePerson(db, place, "resident", { grid: "B" });
  const admin = await makePerson(db, place, "communityAdmin");
  const propose = async (by = proposer, extra: Record<string, unknown> = {}, photos: File[] = []) =>
    proposeTopic(await ctxAs(by), { gridId: place.gridA.id, agendaItemId: item.id, title: "3号楼加装电梯", description: doc("老人上下楼困难，希望加装电梯，方便出行。"), ...extra }, photos);
  return { place, item, otherItem, proposer, neighbours, chief, chiefB, residentB, admin, propose };
}

describe("proposing a topic", () => {
  test("a resident's topic collects co-signatures; photos are stored; a timeline entry and search entry are written", async () => {
    const s = await setup();
    const { topicId, state } = await s.propose(s.proposer, {}, [jpeg()]);
    expect(state).toBe("proposed");
    const t = (await first(db.select().from(topics).where(eq(topics.id, topicId))))!;
    expect(t.cosignThreshold).toBe(3); // the item's threshold overrides the grid's default of 5
    expect(t.cosignDeadline.getTime() - t.createdAt.getTime()).toBeGreaterThanOrEqual(14 * 86_400_000 - 1000);
    expect(t.descriptionHtml).toContain("<p>老人上下楼困难");
    const photo = (await first(db.select().from(topicPhotos).where(eq(topicPhotos.topicId, topicId))))!;
    expect(fs.existsSync(path.join(uploadsDir(), photo.storedName))).toBe(true);
    expect((await db.select().from(topicEvents).where(eq(topicEvents.topicId, topicId))).map((e) => e.kind)).toEqual(["proposed"]);
  });

  test("staff and the owners' committee skip co-signing", async () => {
    const s = await setup();
    expect((await s.propose(s.chief)).state).toBe("awaitingAdmission");
    const committee = await makePerson(db, s.place, "ownersCommitteeMember");
    expect((await s.propose(committee)).state).toBe("awaitingAdmission");
  });

  test("refusals write nothing: outside the catalog, another community's item, a non-image, an oversized photo, ten photos, another grid", async () => {
    const s = await setup();
    const before = { t: await count(topics), p: await count(topicPhotos), e: await count(events) };
    const filesBefore = fs.existsSync(uploadsDir()) ? fs.readdirSync(uploadsDir()).length : 0;
    expect((await refusal(() => s.propose(s.proposer, { agendaItemId: s.otherItem.id }))).messageKey).toBe("itemNotInCatalog");
    await expect(s.propose(s.proposer, { agendaItemId: "" })).rejects.toThrow(/itemRequired/);
    const notImage = new File([new TextEncoder().encode("<?php echo 1; ?>  padding....")], "evil.jpg", { type: "image/jpeg" });
    expect((await refusal(() => s.propose(s.proposer, {}, [notImage]))).messageKey).toBe("photoNotImage");
    expect((await refusal(() => s.propose(s.proposer, {}, [jpeg(5 * 1024 * 1024 + 1)]))).messageKey).toBe("photoTooLarge");
    expect((await refusal(() => s.propose(s.proposer, {}, Array.from({ length: 10 }, () => jpeg())))).messageKey).toBe("tooManyPhotos");
    expect((await refusal(() => s.propose(s.residentB))).status).toBe(403);
    expect({ t: await count(topics), p: await count(topicPhotos), e: await count(events) }).toEqual(before);
    expect(fs.existsSync(uploadsDir()) ? fs.readdirSync(uploadsDir()).length : 0).toBe(filesBefore);
  });
});

describe("co-signing", () => {
  test("neighbours co-sign once; the threshold moves the topic to admission and tells proposer and staff", async () => {
    const s = await setup();
    const { topicId } = await s.propose();
    expect((await cosignTopic(await ctxAs(s.neighbours[0]!), { topicId })).cosignCount).toBe(1);
    expect((await refusal(async () => cosignTopic(await ctxAs(s.neighbours[0]!), { topicId }))).messageKey).toBe("alreadyCosigned");
    expect((await refusal(async () => cosignTopic(await ctxAs(s.proposer), { topicId }))).messageKey).toBe("cosignOwnTopic");
    expect((await refusal(async () => cosignTopic(await ctxAs(s.residentB), { topicId }))).status).toBe(403);
    // The proposer counts: with a threshold of 3, the second neighbour's co-signature is enough.
    const second = await cosignTopic(await ctxAs(s.neighbours[1]!), { topicId });
    expect(second).toMatchObject({ cosignCount: 2, supporters: 3, state: "awaitingAdmission" });
    const told = await db.select().from(notifications).where(eq(notifications.topicId, topicId));
    expect(told.filter((n) => n.kind === "thresholdReached").map((n) => n.personId).sort()).toEqual([s.proposer.id, s.chief.id, s.admin.id].sort());
    expect((await refusal(async () => cosignTopic(await ctxAs(s.neighbours[3]!), { topicId }))).messageKey).toBe("topicNotCollecting");
    expect(await db.select().from(cosigns).where(eq(cosigns.topicId, topicId))).toHaveLength(2);
  });

  test("an unsupported topic expires at its deadline; its proposer is warned two days before, once", async () => {
    const s = await setup();
    const { topicId } = await s.propose();
    const t = (await first(db.select().from(topics).where(eq(topics.id, topicId))))!;
    const deadline = t.cosignDeadline.getTime();
    expect(await runCosignDeadlines(db, new Date(deadline - 3 * 86_400_000))).toEqual({ expired: 0, warned: 0 });
    expect((await runCosignDeadlines(db, new Date(deadline - 86_400_000))).warned).toBeGreaterThanOrEqual(1);
    await runCosignDeadlines(db, new Date(deadline - 3600_000));
    const warnings = (await db.select().from(notifications).where(eq(notifications.topicId, topicId))).filter((n) => n.kind === "expiringSoon");
    expect(warnings).toHaveLength(1);
    expect(warnings[0]!.personId).toBe(s.proposer.id);
    await runCosignDeadlines(db, new Date(deadline));
    expect((await first(db.select().from(topics).where(eq(topics.id, topicId))))!.state).toBe("expired");
    expect((await db.select().from(topicEvents).where(eq(topicEvents.topicId, topicId))).map((e) => e.kind)).toContain("expire");
  });
});

describe("admission", () => {
  async function awaiting(s: Awaited<ReturnType<typeof setup>>) {
    const { topicId } = await s.propose();
    for (const n of s.neighbours.slice(0, 2)) await cosignTopic(await ctxAs(n), { topicId });
    return topicId;
  }

  test("the grid chief admits at grid level; a resident, the proposer and another grid's chief may not", async () => {
    const s = await setup();
    const topicId = await awaiting(s);
    expect((await refusal(async () => admitTopic(await ctxAs(s.proposer), { topicId, level: "grid" }))).status).toBe(403);
    expect((await refusal(async () => admitTopic(await ctxAs(s.chiefB), { topicId, level: "grid" }))).status).toBe(403);
    expect(await admitTopic(await ctxAs(s.chief), { topicId, level: "grid" })).toMatchObject({ state: "consulting", level: "grid" });
    expect((await db.select().from(notifications).where(eq(notifications.topicId, topicId))).some((n) => n.kind === "admitted" && n.personId === s.proposer.id)).toBe(true);
    expect((await refusal(async () => admitTopic(await ctxAs(s.chief), { topicId, level: "grid" }))).status).toBe(409);
  });

  test("rejecting needs a public reason, which the topic then shows", async () => {
    const s = await setup();
    const topicId = await awaiting(s);
    expect((await refusal(async () => rejectTopic(await ctxAs(s.chief), { topicId, reason: " " }))).messageKey).toBe("topicReasonRequired");
    await rejectTopic(await ctxAs(s.chief), { topicId, reason: "属于个人私事，不在议事范围" });
    const detail = await getTopic(await ctxAs(s.neighbours[0]!), { topicId });
    expect(detail.topic).toMatchObject({ state: "rejected", rejectReason: "属于个人私事，不在议事范围" });
  });

  test("merging carries co-signers and opinions over to the target", async () => {
    const s = await setup();
    const target = (await s.propose()).topicId;
    const dup = (await s.propose(s.neighbours[3]!, { title: "加装电梯的事" })).topicId;
    await cosignTopic(await ctxAs(s.neighbours[0]!), { topicId: dup });
    await db.insert(opinions).values({ topicId: dup, authorId: s.neighbours[0]!.id, stance: "support", body: "同意加装" });
    // A hidden opinion moves with the rest but is not counted: the count is of visible opinions.
    await db.insert(opinions).values({ topicId: dup, authorId: s.neighbours[1]!.id, stance: "oppose", body: "广告", hiddenAt: new Date(), hiddenBy: s.chief.id, hiddenReason: "广告" });
    await mergeTopic(await ctxAs(s.chief), { topicId: dup, intoTopicId: target });
    expect(await db.select().from(opinions).where(eq(opinions.topicId, target))).toHaveLength(2);
    const t = (await first(db.select().from(topics).where(eq(topics.id, target))))!;
    expect(t.cosignCount).toBe(2); // the duplicate's proposer and its co-signer
    expect(t.state).toBe("awaitingAdmission"); // with the target's proposer, 3 backers reach the threshold of 3
    expect(t.opinionCount).toBe(1);
    expect(await first(db.select().from(topics).where(eq(topics.id, dup)))).toMatchObject({ state: "merged", mergedIntoId: target });
    expect((await refusal(async () => mergeTopic(await ctxAs(s.chief), { topicId: target, intoTopicId: target }))).messageKey).toBe("topicMergeIntoSelf");
  });

  test("escalated topics belong to community staff: the grid chief loses the right to act", async () => {
    const s = await setup();
    const topicId = await awaiting(s);
    await admitTopic(await ctxAs(s.chief), { topicId, level: "grid" });
    expect(await escalateTopic(await ctxAs(s.chief), { topicId })).toMatchObject({ level: "community", state: "consulting" });
    expect((await refusal(async () => escalateTopic(await ctxAs(s.chief), { topicId }))).status).toBe(403);
    expect((await getTopic(await ctxAs(s.admin), { topicId })).me.mayManage).toBe(true);
    expect((await getTopic(await ctxAs(s.chief), { topicId })).me.mayManage).toBe(false);
  });
});

describe("finding topics", () => {
  test("two-character words are found (电梯, 停车), best match first, scoped to the actor's community", async () => {
    const s = await setup();
    const a = (await s.propose(s.proposer, { title: "小区停车难问题", description: doc("晚上停车位不够，车辆乱停在消防通道。") })).topicId;
    const b = (await s.propose(s.proposer, { title: "5号楼加装电梯", description: doc("希望加装电梯，老人出行方便。") })).topicId;
    const ids = async (q: string, who = s.neighbours[0]!) => (await listTopics(await ctxAs(who), { q })).rows.map((r) => r.id);
    expect(await ids("电梯")).toContain(b);
    expect(await ids("电梯")).not.toContain(a);
    expect(await ids("停车")).toContain(a);
    expect(await ids("停车位")).toContain(a);
    expect(await ids("' OR 1=1 --")).toEqual([]);
    expect(await ids('"电梯" OR *')).not.toContain(a);
    const outsider = await makePerson(db, await makeCommunity(db), "resident", { grid: "A" });
    expect(await ids("电梯", outsider)).toEqual([]);
  });

  test("filters by stage and 'awaiting my action'; similar open topics while typing", async () => {
    const s = await setup();
    const { topicId } = await s.propose(s.proposer, { title: "楼道电动车充电隐患" });
    expect((await listTopics(await ctxAs(s.neighbours[1]!), { view: "awaitingMe" })).rows.map((r) => r.id)).toContain(topicId);
    expect((await listTopics(await ctxAs(s.proposer), { view: "awaitingMe" })).rows.map((r) => r.id)).not.toContain(topicId);
    expect((await listTopics(await ctxAs(s.proposer), { view: "mine" })).rows.map((r) => r.id)).toContain(topicId);
    expect((await listTopics(await ctxAs(s.proposer), { stage: "intake" })).rows.map((r) => r.id)).toContain(topicId);
    expect((await listTopics(await ctxAs(s.proposer), { stage: "consultation" })).rows.map((r) => r.id)).not.toContain(topicId);
    expect((await similarTopics(await ctxAs(s.neighbours[2]!), { gridId: s.place.gridA.id, q: "电动车充电" })).map((t) => t.id)).toContain(topicId);
  });
});
