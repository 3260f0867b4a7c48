import { and, eq, sql } from "drizzle-orm";
import type { SQLiteTable } from "drizzle-orm/sqlite-core";
import { describe, expect, test } from "vitest";
import { ZodError } from "zod";
import type { DB } from "@/db/client";
import { cosigns, events, notices, notifications, opinions, satisfactionVotes, supervisionRatings, supervisorExcusals, topicEvents, topics, topicSupervisors } from "@/db/schema";
import { AppError } from "@/lib/errors";
import { answerSatisfaction } from "@/lib/ratings/answer-satisfaction";
import { assignSupervisors } from "@/lib/ratings/assign-supervisors";
import { concludeReview, previewConcludeReview } from "@/lib/ratings/conclude-review";
import { excuseSupervisor } from "@/lib/ratings/excuse-supervisor";
import { getReview } from "@/lib/ratings/get-review";
import { rateTopic } from "@/lib/ratings/rate-topic";
import { cosignTopic } from "@/lib/topics/cosign";
import { mergeTopic, previewMerge } from "@/lib/topics/merge";
import { proposeTopic } from "@/lib/topics/propose";
import { previewReject, rejectTopic } from "@/lib/topics/reject";
import { ctxAs, fileDb } from "../helpers/db";
import { makeCommunity, makeItem, makePerson } from "../helpers/factory";
import { thrown } from "../helpers/refusal";
import { first } from "@/db/query";
import { inOrder } from "../helpers/in-order";

/**
 * Irreversible steps ask first: merge, reject and conclude review each have a preview that checks
 * exactly what the step checks, says what it will do, and writes nothing. Concluding waits for every
 * assigned supervisor, unless staff record why one cannot rate.
 */

let db: DB;
fileDb((d) => (db = d));

const doc = (text: string) => ({ type: "doc", content: [{ type: "paragraph", content: [{ type: "text", text }] }] });
const topicRow = async (id: number) => (await first(db.select().from(topics).where(eq(topics.id, id))))!;
const n = async (table: SQLiteTable) => (await first(db.select({ n: sql<number>`count(*)` }).from(table)))!.n;
/** Every table a step may write, counted, plus the topic rows involved: a preview must leave them all as they were. */
const world = async (...topicIds: number[]) => ({
  rows: await inOrder(topicIds, (id) => topicRow(id)),
  counts: await inOrder([topics, events, topicEvents, notifications, cosigns, opinions, notices, supervisorExcusals, supervisionRatings, satisfactionVotes, topicSupervisors], (table) => n(table)),
});
const code = (e: unknown) => (e instanceof AppError ? e.messageKey : e instanceof ZodError ? "zod" : String(e));

async function place() {
  const p = await makeCommunity(db);
  const item = await makeItem(db, p, { name: "车棚维修", cosignThreshold: 4 }, "设施设备");
  const residents = await inOrder([0, 1, 2, 3, 4, 5], () => makePerson(db, p, "resident", { grid: "A" }));
  const chief = await makePerson(db, p, "gridChief", { grid: "A" });
  const chiefB = await makePerson(db, p, "gridChief", { grid: "B" });
  const sups = await inOrder([0, 1, 2], () => makePerson(db, p, "supervisor"));
  return { p, item, residents, chief, chiefB, sups };
}

describe("merge: no default target, a preview of what moves over", () => {
  test("the preview shows both topics and what moves, writes nothing, and matches what the merge then does", async () => {
    const s = await place();
    const propose = async (by: { id: number }, title: string) => proposeTopic(await ctxAs(by), { gridId: s.p.gridA.id, agendaItemId: s.item.id, title, description: doc("车棚顶棚破损，下雨漏水。") }, []);
    const target = (await propose(s.residents[0]!, "2号楼车棚漏雨")).topicId;
    const dup = (await propose(s.residents[1]!, "车棚漏雨的事")).topicId;
    await cosignTopic(await ctxAs(s.residents[2]!), { topicId: dup });
    await cosignTopic(await ctxAs(s.residents[0]!), { topicId: dup }); // the target's own proposer backs the duplicate too
    await cosignTopic(await ctxAs(s.residents[3]!), { topicId: target });
    await cosignTopic(await ctxAs(s.residents[3]!), { topicId: dup }); // already backs the target
    await db.insert(opinions).values({ topicId: dup, authorId: s.residents[2]!.id, stance: "support", body: "同意" });
    await db.insert(opinions).values({ topicId: dup, authorId: s.residents[4]!.id, stance: "oppose", body: "广告", hiddenAt: new Date(), hiddenBy: s.chief.id, hiddenReason: "广告" });

    const before = await world(dup, target);
    const preview = await previewMerge(await ctxAs(s.chief), { topicId: dup, intoTopicId: target, note: "同一件事" });
    expect(await world(dup, target)).toEqual(before);
    expect(preview.source).toMatchObject({ id: dup, title: "车棚漏雨的事", supporters: 4 });
    expect(preview.target).toMatchObject({ id: target, title: "2号楼车棚漏雨", supporters: 2 });
    // Backers of the duplicate: its proposer, residents 2, 0 and 3; residents 0 and 3 already back the target.
    expect(preview).toMatchObject({ backers: 4, newBackers: 2, alreadyBacking: 2, opinionsVisible: 1, opinionsHidden: 1, note: "同一件事" });
    expect(preview.after).toEqual({ supporters: 4, opinionCount: 1, reachesThreshold: true });

    await mergeTopic(await ctxAs(s.chief), { topicId: dup, intoTopicId: target, note: "同一件事" });
    const t = await topicRow(target);
    expect(t.cosignCount + 1).toBe(preview.after.supporters);
    expect(t.opinionCount).toBe(preview.after.opinionCount);
    expect(t.state).toBe("awaitingAdmission");
    expect(await topicRow(dup)).toMatchObject({ state: "merged", mergedIntoId: target });
  });

  test("no target, an empty target, itself, another grid, another's staff: refused by preview and merge alike, nothing written", async () => {
    const s = await place();
    const a = (await proposeTopic(await ctxAs(s.residents[0]!), { gridId: s.p.gridA.id, agendaItemId: s.item.id, title: "议题甲：车棚", description: doc("议题甲的描述：车棚顶棚破损，下雨天漏水严重。") }, [])).topicId;
    const b = (await proposeTopic(await ctxAs(s.residents[1]!), { gridId: s.p.gridA.id, agendaItemId: s.item.id, title: "议题乙：楼道", description: doc("议题乙的描述：楼道堆放杂物，影响消防通道。") }, [])).topicId;
    const other = (await proposeTopic(await ctxAs(await makePerson(db, s.p, "resident", { grid: "B" })), { gridId: s.p.gridB.id, agendaItemId: s.item.id, title: "别的网格", description: doc("别的网格的议题：路灯坏了很久没人修。") }, [])).topicId;
    const before = await world(a, b, other);
    for (const step of [previewMerge, mergeTopic]) {
      const noTarget = await thrown(async () => step(await ctxAs(s.chief), { topicId: a }));
      expect(noTarget).toBeInstanceOf(ZodError);
      expect((noTarget as ZodError).issues[0]).toMatchObject({ path: ["intoTopicId"], message: "topicMergeTargetRequired" });
      expect(code(await thrown(async () => step(await ctxAs(s.chief), { topicId: a, intoTopicId: "" })))).toBe("zod");
      expect(code(await thrown(async () => step(await ctxAs(s.chief), { topicId: a, intoTopicId: a })))).toBe("topicMergeIntoSelf");
      expect(code(await thrown(async () => step(await ctxAs(s.chief), { topicId: a, intoTopicId: other })))).toBe("mergeTargetInvalid");
      expect(code(await thrown(async () => step(await ctxAs(s.chiefB), { topicId: a, intoTopicId: b })))).toBe("forbidden");
      expect(code(await thrown(async () => step(await ctxAs(s.residents[2]!), { topicId: a, intoTopicId: b })))).toBe("forbidden");
    }
    expect(await world(a, b, other)).toEqual(before);
  });
});

describe("reject: a preview with the public reason", () => {
  test("shows the trimmed reason that will be published and who is told; writes nothing; refuses as the rejection does", async () => {
    const s = await place();
    const t = (await proposeTopic(await ctxAs(s.residents[0]!), { gridId: s.p.gridA.id, agendaItemId: s.item.id, title: "装修噪音", description: doc("楼上装修太吵，晚上十点还在施工。") }, [])).topicId;
    await cosignTopic(await ctxAs(s.residents[1]!), { topicId: t });
    const before = await world(t);
    const preview = await previewReject(await ctxAs(s.chief), { topicId: t, reason: "  属于个人私事，不在议事范围  " });
    expect(await world(t)).toEqual(before);
    expect(preview).toEqual({ topicId: t, title: "装修噪音", from: "proposed", to: "rejected", reason: "属于个人私事，不在议事范围", notified: 2 });
    expect(code(await thrown(async () => previewReject(await ctxAs(s.chief), { topicId: t, reason: " " })))).toBe("topicReasonRequired");
    expect(code(await thrown(async () => previewReject(await ctxAs(s.chief), { topicId: t })))).toBe("zod");
    expect(code(await thrown(async () => previewReject(await ctxAs(s.chiefB), { topicId: t, reason: "不在范围内" })))).toBe("forbidden");
    expect(await world(t)).toEqual(before);
    await rejectTopic(await ctxAs(s.chief), { topicId: t, reason: "  属于个人私事，不在议事范围  " });
    expect(await topicRow(t)).toMatchObject({ state: "rejected", rejectReason: preview.reason });
    expect(code(await thrown(async () => previewReject(await ctxAs(s.chief), { topicId: t, reason: "再驳回一次" })))).toBe("topicIllegalTransition");
  });
});

const good = { process: 5, timeliness: 4, quality: 5, transparency: 4, satisfaction: 5, comment: "车棚已修好，过程公开。" };
const poor = { process: 2, timeliness: 2, quality: 3, transparency: 2, satisfaction: 2, comment: "顶棚仍有漏点，需返工。" };

async function underReview() {
  const s = await place();
  // Written by hand, not makeTopic: review comes after the vote and the tasks, past what makeTopic reaches.
  const topic = await first(db
    .insert(topics)
    .values({
      communityId: s.p.community.id,
      gridId: s.p.gridA.id,
      agendaItemId: s.item.id,
      title: "2号楼车棚漏雨维修",
      descriptionJson: {},
      descriptionHtml: "<p>车棚顶棚破损</p>",
      proposerId: s.residents[5]!.id,
      state: "underReview",
      cosignThreshold: 2,
      cosignDeadline: new Date(Date.now() + 86_400_000),
    })
    .returning());
  return { ...s, topicId: topic.id };
}

describe("concluding the review waits for every assigned supervisor, unless staff record why one cannot", () => {
  test("refused (409, naming who is missing) while a supervisor has not rated, even under a rule that does not require all", async () => {
    const s = await underReview();
    await assignSupervisors(await ctxAs(s.chief), { topicId: s.topicId, personIds: [s.sups[0]!.id, s.sups[1]!.id] });
    await rateTopic(await ctxAs(s.sups[0]!), { topicId: s.topicId, ...good });
    for (const r of s.residents.slice(0, 5)) await answerSatisfaction(await ctxAs(r), { topicId: s.topicId, answer: "satisfied" });
    const before = await world(s.topicId);
    for (const step of [previewConcludeReview, concludeReview]) {
      const e = await thrown(async () => step(await ctxAs(s.chief), { topicId: s.topicId }));
      expect(e).toBeInstanceOf(AppError);
      expect((e as AppError).status).toBe(409);
      expect((e as AppError).messageKey).toBe("reviewSupervisorsPending");
      expect((e as AppError).params.names).toBe(s.sups[1]!.name);
    }
    expect(await world(s.topicId)).toEqual(before);
    const review = await getReview(await ctxAs(s.chief), { topicId: s.topicId });
    expect(review.me).toMatchObject({ mayConclude: false, concludeBlocker: "supervisorsPending" });
    expect(review.supervisors.find((x) => x.personId === s.sups[1]!.id)).toMatchObject({ ratedCurrentRound: false, excused: null, mayExcuse: true });
  });

  test("staff record why a supervisor cannot rate: one transaction with timeline and event, shown on the review; then the round concludes", async () => {
    const s = await underReview();
    await assignSupervisors(await ctxAs(s.chief), { topicId: s.topicId, personIds: [s.sups[0]!.id, s.sups[1]!.id] });
    await rateTopic(await ctxAs(s.sups[0]!), { topicId: s.topicId, ...good });
    for (const r of s.residents.slice(0, 5)) await answerSatisfaction(await ctxAs(r), { topicId: s.topicId, answer: "satisfied" });

    // Refusals first, each writing nothing.
    const before = await world(s.topicId);
    expect(code(await thrown(async () => excuseSupervisor(await ctxAs(s.sups[0]!), { topicId: s.topicId, personId: s.sups[1]!.id, reason: "住院" })))).toBe("forbidden");
    expect(code(await thrown(async () => excuseSupervisor(await ctxAs(s.chiefB), { topicId: s.topicId, personId: s.sups[1]!.id, reason: "住院" })))).toBe("forbidden");
    expect(code(await thrown(async () => excuseSupervisor(await ctxAs(s.chief), { topicId: s.topicId, personId: s.sups[1]!.id, reason: " 病" })))).toBe("zod");
    expect(code(await thrown(async () => excuseSupervisor(await ctxAs(s.chief), { topicId: s.topicId, personId: s.sups[2]!.id, reason: "不在本议题" })))).toBe("supervisorNotAssigned");
    expect(code(await thrown(async () => excuseSupervisor(await ctxAs(s.chief), { topicId: s.topicId, personId: s.sups[0]!.id, reason: "已评价的人" })))).toBe("supervisorAlreadyRated");
    expect(await world(s.topicId)).toEqual(before);

    const at = new Date("2026-03-01T02:00:00Z");
    const res = await excuseSupervisor(await ctxAs(s.chief), { topicId: s.topicId, personId: s.sups[1]!.id, reason: "  住院治疗，本月无法到场  " }, at);
    expect(res).toMatchObject({ topicId: s.topicId, personId: s.sups[1]!.id, round: 0 });
    expect(await db.select().from(supervisorExcusals).where(eq(supervisorExcusals.topicId, s.topicId))).toMatchObject([{ personId: s.sups[1]!.id, round: 0, reason: "住院治疗，本月无法到场", recordedBy: s.chief.id }]);
    const timeline = await db.select().from(topicEvents).where(and(eq(topicEvents.topicId, s.topicId), eq(topicEvents.kind, "supervisorExcused")));
    expect(timeline).toHaveLength(1);
    expect(timeline[0]!.note).toBeNull(); // the reason (often health) stays off the public timeline
    expect(timeline[0]!.data).toMatchObject({ title: s.sups[1]!.name });
    expect(await db.select().from(events).where(and(eq(events.kind, "topic.supervisorExcused"), eq(events.subjectId, s.topicId)))).toMatchObject([{ actorId: s.chief.id, data: { personId: s.sups[1]!.id, round: 0, reason: "住院治疗，本月无法到场" } }]);
    expect(code(await thrown(async () => excuseSupervisor(await ctxAs(s.chief), { topicId: s.topicId, personId: s.sups[1]!.id, reason: "再登记一次" })))).toBe("supervisorAlreadyExcused");

    // Shown on the review: the reason to staff and supervisors, the fact only to residents.
    const staffView = await getReview(await ctxAs(s.chief), { topicId: s.topicId });
    expect(staffView.supervisors.find((x) => x.personId === s.sups[1]!.id)).toMatchObject({ excused: { reason: "住院治疗，本月无法到场" }, mayExcuse: false });
    expect(staffView.me).toMatchObject({ mayConclude: true, concludeBlocker: null });
    expect(staffView.evaluation!.result.checks.find((c) => c.key === "allSupervisorsRated")).toMatchObject({ met: true, value: "1/1" });
    const residentView = await getReview(await ctxAs(s.residents[0]!), { topicId: s.topicId });
    expect(residentView.supervisors.find((x) => x.personId === s.sups[1]!.id)!.excused).toMatchObject({ reason: null });

    const preview = await previewConcludeReview(await ctxAs(s.chief), { topicId: s.topicId, reviewOn: "2026-06-01" });
    expect(preview).toMatchObject({ outcome: "closed", round: 0, reviewOn: "2026-06-01" });
    expect(preview.checks.every((c) => c.met)).toBe(true);
    expect((await concludeReview(await ctxAs(s.chief), { topicId: s.topicId, reviewOn: "2026-06-01" })).outcome).toBe("closed");
  });

  test("an excusal is for one round: after rectification the supervisor is expected again", async () => {
    const s = await underReview();
    await assignSupervisors(await ctxAs(s.chief), { topicId: s.topicId, personIds: [s.sups[0]!.id, s.sups[1]!.id] });
    await rateTopic(await ctxAs(s.sups[0]!), { topicId: s.topicId, ...poor });
    await excuseSupervisor(await ctxAs(s.chief), { topicId: s.topicId, personId: s.sups[1]!.id, reason: "出差在外" });
    const preview = await previewConcludeReview(await ctxAs(s.chief), { topicId: s.topicId });
    expect(preview.outcome).toBe("rectifying");
    expect(preview.checks.filter((c) => !c.met).map((c) => c.key)).toEqual(["processMean", "timelinessMean", "qualityMean", "transparencyMean", "satisfactionMean", "residentAnswers", "satisfiedShare"]);
    expect((await concludeReview(await ctxAs(s.chief), { topicId: s.topicId })).outcome).toBe("rectifying");
    await db.update(topics).set({ state: "underReview" }).where(eq(topics.id, s.topicId));
    await rateTopic(await ctxAs(s.sups[0]!), { topicId: s.topicId, ...good });
    expect(code(await thrown(async () => concludeReview(await ctxAs(s.chief), { topicId: s.topicId })))).toBe("reviewSupervisorsPending");
  });

  test("no rating at all: refused, whether nobody is assigned or everyone is excused", async () => {
    const s = await underReview();
    for (const r of s.residents.slice(0, 5)) await answerSatisfaction(await ctxAs(r), { topicId: s.topicId, answer: "satisfied" });
    expect(code(await thrown(async () => concludeReview(await ctxAs(s.chief), { topicId: s.topicId })))).toBe("reviewNoRatings");
    await assignSupervisors(await ctxAs(s.chief), { topicId: s.topicId, personIds: [s.sups[0]!.id] });
    await excuseSupervisor(await ctxAs(s.chief), { topicId: s.topicId, personId: s.sups[0]!.id, reason: "已搬离本社区" });
    const before = await world(s.topicId);
    expect(code(await thrown(async () => previewConcludeReview(await ctxAs(s.chief), { topicId: s.topicId })))).toBe("reviewNoRatings");
    expect(code(await thrown(async () => concludeReview(await ctxAs(s.chief), { topicId: s.topicId })))).toBe("reviewNoRatings");
    expect(await world(s.topicId)).toEqual(before);
    expect((await getReview(await ctxAs(s.chief), { topicId: s.topicId })).me).toMatchObject({ mayConclude: false, concludeBlocker: "noRatings" });
  });

  test("the preview of a failing round names the outcome and the figures, writes nothing; not staff is refused", async () => {
    const s = await underReview();
    await assignSupervisors(await ctxAs(s.chief), { topicId: s.topicId, personIds: [s.sups[0]!.id] });
    await rateTopic(await ctxAs(s.sups[0]!), { topicId: s.topicId, ...good });
    // No resident answered: 0 of 0 satisfied is not met, so the round cannot close.
    const before = await world(s.topicId);
    const preview = await previewConcludeReview(await ctxAs(s.chief), { topicId: s.topicId, reviewOn: "2026-06-01" });
    expect(await world(s.topicId)).toEqual(before);
    expect(preview).toMatchObject({ outcome: "rectifying", round: 0, reviewOn: null });
    expect(preview.checks.find((c) => c.key === "satisfiedShare")).toMatchObject({ met: false, value: "—" });
    expect(code(await thrown(async () => previewConcludeReview(await ctxAs(s.sups[0]!), { topicId: s.topicId })))).toBe("forbidden");
    expect(code(await thrown(async () => previewConcludeReview(await ctxAs(s.residents[0]!), { topicId: s.topicId })))).toBe("forbidden");
  });
});
