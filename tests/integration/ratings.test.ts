import { and, eq, sql } from "drizzle-orm";
import { describe, expect, test } from "vitest";
import { ZodError } from "zod";
import type { DB } from "@/db/client";
import { agendaCategories, agendaItems, communities, events, notices, notifications, ratingPhotos, satisfactionVotes, supervisionRatings, topicEvents, topics, topicSupervisors } from "@/db/schema";
import { AppError } from "@/lib/errors";
import { answerSatisfaction } from "@/lib/ratings/answer-satisfaction";
import { assignSupervisors, unassignSupervisor } from "@/lib/ratings/assign-supervisors";
import { excuseSupervisor } from "@/lib/ratings/excuse-supervisor";
import { closeRuleMetFor } from "@/lib/ratings/close-rule-facts";
import { concludeReview } from "@/lib/ratings/conclude-review";
import { getReview } from "@/lib/ratings/get-review";
import { recordReviewCheck } from "@/lib/ratings/record-review-check";
import { rateTopic } from "@/lib/ratings/rate-topic";
import { runReviewReminders } from "@/lib/ratings/run-review-reminders";
import { setCloseRule } from "@/lib/ratings/set-close-rule";
import { ctxAs, fileDb } from "../helpers/db";
import { makeCommunity, makePerson } from "../helpers/factory";
import { pngBytes } from "../helpers/images";
import { thrown } from "../helpers/refusal";
import { first } from "@/db/query";
import { inOrder } from "../helpers/in-order";

let db: DB;
fileDb((d) => (db = d));

const topicRow = async (id: number) => (await first(db.select().from(topics).where(eq(topics.id, id))))!;
const countAll = async () => ({
  te: (await first(db.select({ n: sql<number>`count(*)` }).from(topicEvents)))!.n,
  ev: (await first(db.select({ n: sql<number>`count(*)` }).from(events)))!.n,
  n: (await first(db.select({ n: sql<number>`count(*)` }).from(notifications)))!.n,
  r: (await first(db.select({ n: sql<number>`count(*)` }).from(supervisionRatings)))!.n,
  s: (await first(db.select({ n: sql<number>`count(*)` }).from(satisfactionVotes)))!.n,
  ts: (await first(db.select({ n: sql<number>`count(*)` }).from(topicSupervisors)))!.n,
  no: (await first(db.select({ n: sql<number>`count(*)` }).from(notices)))!.n,
});

/** Runs a refused step and checks that nothing at all was written; returns the error. */
async function refusedWithoutWrites(topicId: number, fn: () => unknown): Promise<unknown> {
  const before = { row: await topicRow(topicId), ...await countAll() };
  const error = await thrown(fn);
  expect(error).toBeDefined();
  expect({ row: await topicRow(topicId), ...await countAll() }).toEqual(before);
  return error;
}
const code = (e: unknown) => (e instanceof AppError ? e.messageKey : e instanceof ZodError ? "zod" : String(e));

const good = { process: 5, timeliness: 4, quality: 5, transparency: 4, satisfaction: 5, comment: "车棚已修好，过程公开。" };
const poor = { process: 2, timeliness: 2, quality: 3, transparency: 2, satisfaction: 2, comment: "顶棚仍有漏点，需返工。" };

/** A grid-level topic put directly into "underReview", with staff, supervisors and residents around it. */
async function setup() {
  const place = await makeCommunity(db);
  const cat = await first(db.insert(agendaCategories).values({ communityId: place.community.id, name: "设施设备" }).returning());
  const item = await first(db.insert(agendaItems).values({ categoryId: cat.id, name: "车棚维修", cosignThreshold: 2 }).returning());
  const proposer = await makePerson(db, place, "resident", { grid: "A" });
  const residents = await inOrder([0, 1, 2, 3, 4, 5], () => makePerson(db, place, "resident", { grid: "A" }));
  const residentB = await makePerson(db, place, "resident", { grid: "B" });
  const chief = await makePerson(db, place, "gridChief", { grid: "A" });
  const chiefB = await makePerson(db, place, "gridChief", { grid: "B" });
  const admin = await makePerson(db, place, "communityAdmin");
  const sup1 = await makePerson(db, place, "supervisor");
  const sup2 = await makePerson(db, place, "supervisor");
  const sup3 = await makePerson(db, place, "supervisor");
  // Written by hand, not makeTopic: review comes after the vote and the tasks, past what makeTopic reaches.
  const topic = await first(db
    .insert(topics)
    .values({
      communityId: place.community.id,
      gridId: place.gridA.id,
      agendaItemId: item.id,
      title: "2号楼车棚漏雨维修",
      descriptionJson: {},
      descriptionHtml: "<p>车棚顶棚破损</p>",
      proposerId: proposer.id,
      state: "underReview",
      cosignThreshold: 2,
      cosignDeadline: new Date(Date.now() + 86_400_000),
    })
    .returning());
  return { place, proposer, residents, residentB, chief, chiefB, admin, sup1, sup2, sup3, topicId: topic.id };
}

describe("assigning supervisors", () => {
  test("staff assign community supervisors; those are asked to rate at once while under review", async () => {
    const s = await setup();
    const res = await assignSupervisors(await ctxAs(s.chief), { topicId: s.topicId, personIds: [s.sup1.id, s.sup2.id] });
    expect(res.added.sort()).toEqual([s.sup1.id, s.sup2.id].sort());
    const asked = await db.select().from(notifications).where(and(eq(notifications.topicId, s.topicId), eq(notifications.kind, "ratingRequested")));
    expect(asked.map((n) => n.personId).sort()).toEqual([s.sup1.id, s.sup2.id].sort());
    expect(await db.select().from(topicEvents).where(and(eq(topicEvents.topicId, s.topicId), eq(topicEvents.kind, "supervisorsAssigned")))).toHaveLength(1);
    // Again: nothing new, nothing written.
    expect((await assignSupervisors(await ctxAs(s.chief), { topicId: s.topicId, personIds: [s.sup1.id] })).added).toEqual([]);
    // The reminder job does not ask twice in the same round.
    await runReviewReminders(db);
    expect(await db.select().from(notifications).where(and(eq(notifications.topicId, s.topicId), eq(notifications.kind, "ratingRequested")))).toHaveLength(2);
  });

  test("refusals write nothing: not staff of the grid, not a supervisor, a supervisor of another community", async () => {
    const s = await setup();
    const other = await setup();
    expect(code(await refusedWithoutWrites(s.topicId, async () => assignSupervisors(await ctxAs(s.chiefB), { topicId: s.topicId, personIds: [s.sup1.id] })))).toBe("forbidden");
    expect(code(await refusedWithoutWrites(s.topicId, async () => assignSupervisors(await ctxAs(s.residents[0]!), { topicId: s.topicId, personIds: [s.sup1.id] })))).toBe("forbidden");
    expect(code(await refusedWithoutWrites(s.topicId, async () => assignSupervisors(await ctxAs(s.chief), { topicId: s.topicId, personIds: [s.residents[0]!.id] })))).toBe("notASupervisor");
    expect(code(await refusedWithoutWrites(s.topicId, async () => assignSupervisors(await ctxAs(s.chief), { topicId: s.topicId, personIds: [other.sup1.id] })))).toBe("notASupervisor");
    expect(code(await refusedWithoutWrites(s.topicId, async () => assignSupervisors(await ctxAs(s.chief), { topicId: s.topicId, personIds: [] })))).toBe("zod");
  });

  test("supervisors assigned before review are asked by the job once the topic is under review", async () => {
    const s = await setup();
    await db.update(topics).set({ state: "implementing" }).where(eq(topics.id, s.topicId));
    await assignSupervisors(await ctxAs(s.chief), { topicId: s.topicId, personIds: [s.sup1.id] });
    expect(await db.select().from(notifications).where(and(eq(notifications.topicId, s.topicId), eq(notifications.kind, "ratingRequested")))).toHaveLength(0);
    await db.update(topics).set({ state: "underReview" }).where(eq(topics.id, s.topicId));
    await runReviewReminders(db);
    await runReviewReminders(db);
    expect((await db.select().from(notifications).where(and(eq(notifications.topicId, s.topicId), eq(notifications.kind, "ratingRequested")))).map((n) => n.personId)).toEqual([s.sup1.id]);
  });
});

describe("taking a supervisor off", () => {
  const assigned = async (topicId: number) => (await db.select({ personId: topicSupervisors.personId }).from(topicSupervisors).where(eq(topicSupervisors.topicId, topicId))).map((r) => r.personId).sort();
  const status = (e: unknown) => (e instanceof AppError ? e.status : 0);

  test("before the review staff may take one off, and the timeline says who", async () => {
    const s = await setup();
    await db.update(topics).set({ state: "implementing" }).where(eq(topics.id, s.topicId));
    await assignSupervisors(await ctxAs(s.chief), { topicId: s.topicId, personIds: [s.sup1.id, s.sup2.id] });
    expect((await unassignSupervisor(await ctxAs(s.chief), { topicId: s.topicId, personId: s.sup2.id })).removed).toBe(s.sup2.id);
    expect(await assigned(s.topicId)).toEqual([s.sup1.id]);
    const entry = (await first(db.select().from(topicEvents).where(and(eq(topicEvents.topicId, s.topicId), eq(topicEvents.kind, "supervisorUnassigned")))))!;
    expect(entry.actorId).toBe(s.chief.id);
    expect(entry.data).toEqual({ title: s.sup2.name });
    expect(await db.select().from(events).where(and(eq(events.kind, "topic.supervisorUnassigned"), eq(events.subjectId, s.topicId)))).toHaveLength(1);
  });

  test("under review, an unrated supervisor cannot be dropped to get round the conclude gate: 409, nothing changed, an excusal is the way", async () => {
    const s = await setup();
    await assignSupervisors(await ctxAs(s.chief), { topicId: s.topicId, personIds: [s.sup1.id, s.sup2.id] });
    await rateTopic(await ctxAs(s.sup1), { topicId: s.topicId, ...good });

    const dropped = await refusedWithoutWrites(s.topicId, async () => unassignSupervisor(await ctxAs(s.chief), { topicId: s.topicId, personId: s.sup2.id }));
    expect([code(dropped), status(dropped)]).toEqual(["supervisorRemovalInReview", 409]);
    // A rating given stands, and so does its author.
    const rated = await refusedWithoutWrites(s.topicId, async () => unassignSupervisor(await ctxAs(s.admin), { topicId: s.topicId, personId: s.sup1.id }));
    expect([code(rated), status(rated)]).toEqual(["supervisorRemovalRated", 409]);
    // Still: someone not assigned is a 404, and only staff may ask.
    expect(code(await refusedWithoutWrites(s.topicId, async () => unassignSupervisor(await ctxAs(s.chief), { topicId: s.topicId, personId: s.sup3.id })))).toBe("supervisorNotAssigned");
    expect(code(await refusedWithoutWrites(s.topicId, async () => unassignSupervisor(await ctxAs(s.chiefB), { topicId: s.topicId, personId: s.sup2.id })))).toBe("forbidden");
    expect(await assigned(s.topicId)).toEqual([s.sup1.id, s.sup2.id].sort());

    // The conclude gate still waits for the supervisor who was not dropped …
    expect(code(await refusedWithoutWrites(s.topicId, async () => concludeReview(await ctxAs(s.chief), { topicId: s.topicId })))).toBe("reviewSupervisorsPending");
    // … until staff record why they cannot rate.
    await excuseSupervisor(await ctxAs(s.chief), { topicId: s.topicId, personId: s.sup2.id, reason: "住院治疗，无法到场" });
    const concluded = await concludeReview(await ctxAs(s.chief), { topicId: s.topicId });
    expect((await topicRow(s.topicId)).state).toBe(concluded.state);
    expect(concluded.state).not.toBe("underReview");
  });

  test("in rectification between rounds, supervisors stay too (the next round needs them)", async () => {
    const s = await setup();
    await assignSupervisors(await ctxAs(s.chief), { topicId: s.topicId, personIds: [s.sup1.id, s.sup2.id] });
    await rateTopic(await ctxAs(s.sup1), { topicId: s.topicId, ...poor });
    await excuseSupervisor(await ctxAs(s.chief), { topicId: s.topicId, personId: s.sup2.id, reason: "外出务工" });
    expect((await concludeReview(await ctxAs(s.chief), { topicId: s.topicId })).outcome).toBe("rectifying");
    expect(code(await refusedWithoutWrites(s.topicId, async () => unassignSupervisor(await ctxAs(s.chief), { topicId: s.topicId, personId: s.sup2.id })))).toBe("supervisorRemovalInReview");
    expect(code(await refusedWithoutWrites(s.topicId, async () => unassignSupervisor(await ctxAs(s.chief), { topicId: s.topicId, personId: s.sup1.id })))).toBe("supervisorRemovalRated");
  });
});

describe("rating and satisfaction", () => {
  test("only an assigned supervisor rates, once per round, scores 1–5", async () => {
    const s = await setup();
    await assignSupervisors(await ctxAs(s.chief), { topicId: s.topicId, personIds: [s.sup1.id] });
    expect(code(await refusedWithoutWrites(s.topicId, async () => rateTopic(await ctxAs(s.sup2), { topicId: s.topicId, ...good })))).toBe("notAssignedSupervisor");
    expect(code(await refusedWithoutWrites(s.topicId, async () => rateTopic(await ctxAs(s.chief), { topicId: s.topicId, ...good })))).toBe("notAssignedSupervisor");
    expect(code(await refusedWithoutWrites(s.topicId, async () => rateTopic(await ctxAs(s.sup1), { topicId: s.topicId, ...good, quality: 6 })))).toBe("zod");
    expect(code(await refusedWithoutWrites(s.topicId, async () => rateTopic(await ctxAs(s.sup1), { topicId: s.topicId, ...good, process: 0 })))).toBe("zod");
    expect(code(await refusedWithoutWrites(s.topicId, async () => rateTopic(await ctxAs(s.sup1), { topicId: s.topicId, ...good, timeliness: 3.5 })))).toBe("zod");

    const r = await rateTopic(await ctxAs(s.sup1), { topicId: s.topicId, ...good });
    expect(r.round).toBe(0);
    const ev = (await first(db.select().from(topicEvents).where(and(eq(topicEvents.topicId, s.topicId), eq(topicEvents.kind, "rated")))))!;
    expect(ev.data).toMatchObject({ round: 0 });
    expect(code(await refusedWithoutWrites(s.topicId, async () => rateTopic(await ctxAs(s.sup1), { topicId: s.topicId, ...good })))).toBe("alreadyRated");
  });

  test("photos come with the rating; a file that is not an image refuses it and writes nothing", async () => {
    const s = await setup();
    await assignSupervisors(await ctxAs(s.chief), { topicId: s.topicId, personIds: [s.sup1.id] });
    const png = new File([pngBytes()], "现场.png", { type: "image/png" });
    const fake = new File([new TextEncoder().encode("not an image at all")], "x.png", { type: "image/png" });
    expect(code(await refusedWithoutWrites(s.topicId, async () => rateTopic(await ctxAs(s.sup1), { topicId: s.topicId, ...good }, [fake])))).toBe("photoNotImage");
    const r = await rateTopic(await ctxAs(s.sup1), { topicId: s.topicId, ...good }, [png]);
    expect(await db.select().from(ratingPhotos).where(eq(ratingPhotos.ratingId, r.ratingId))).toHaveLength(1);
    expect((await getReview(await ctxAs(s.chief), { topicId: s.topicId })).rounds[0]!.ratings![0]!.photoIds).toHaveLength(1);
  });

  test("no rating outside review", async () => {
    const s = await setup();
    await assignSupervisors(await ctxAs(s.chief), { topicId: s.topicId, personIds: [s.sup1.id] });
    await db.update(topics).set({ state: "implementing" }).where(eq(topics.id, s.topicId));
    expect(code(await refusedWithoutWrites(s.topicId, async () => rateTopic(await ctxAs(s.sup1), { topicId: s.topicId, ...good })))).toBe("ratingNotOpen");
    expect(code(await refusedWithoutWrites(s.topicId, async () => answerSatisfaction(await ctxAs(s.residents[0]!), { topicId: s.topicId, answer: "satisfied" })))).toBe("satisfactionNotOpen");
  });

  test("residents of the grid answer once per round; others may not", async () => {
    const s = await setup();
    await answerSatisfaction(await ctxAs(s.residents[0]!), { topicId: s.topicId, answer: "basicallySatisfied", comment: "还行" });
    expect(code(await refusedWithoutWrites(s.topicId, async () => answerSatisfaction(await ctxAs(s.residents[0]!), { topicId: s.topicId, answer: "satisfied" })))).toBe("alreadyAnswered");
    expect(code(await refusedWithoutWrites(s.topicId, async () => answerSatisfaction(await ctxAs(s.residentB), { topicId: s.topicId, answer: "satisfied" })))).toBe("forbidden");
    expect(code(await refusedWithoutWrites(s.topicId, async () => answerSatisfaction(await ctxAs(s.sup1), { topicId: s.topicId, answer: "satisfied" })))).toBe("forbidden");
    expect(code(await refusedWithoutWrites(s.topicId, async () => answerSatisfaction(await ctxAs(s.residents[1]!), { topicId: s.topicId, answer: "meh" })))).toBe("zod");
  });

  test("residents see aggregates only; staff and supervisors see each rating", async () => {
    const s = await setup();
    await assignSupervisors(await ctxAs(s.chief), { topicId: s.topicId, personIds: [s.sup1.id, s.sup2.id] });
    await rateTopic(await ctxAs(s.sup1), { topicId: s.topicId, ...good });
    await rateTopic(await ctxAs(s.sup2), { topicId: s.topicId, ...poor });
    const resident = await getReview(await ctxAs(s.residents[0]!), { topicId: s.topicId });
    expect(resident.rounds[0]!.ratings).toBeNull();
    expect(resident.rounds[0]!.means.process).toBe(3.5);
    expect(resident.evaluation).toBeNull();
    expect(resident.me.mayAnswer).toBe(true);
    const staff = await getReview(await ctxAs(s.chief), { topicId: s.topicId });
    expect(staff.rounds[0]!.ratings).toHaveLength(2);
    expect(staff.evaluation?.result.met).toBe(false);
    expect(staff.candidates.map((c) => c.personId)).toEqual([s.sup3.id]);
    expect((await getReview(await ctxAs(s.sup1), { topicId: s.topicId })).rounds[0]!.ratings).toHaveLength(2);
  });
});

describe("concluding the review", () => {
  test("rule met: closed, closedAt, review date, closure notice, followers told", async () => {
    const s = await setup();
    await assignSupervisors(await ctxAs(s.chief), { topicId: s.topicId, personIds: [s.sup1.id, s.sup2.id] });
    await rateTopic(await ctxAs(s.sup1), { topicId: s.topicId, ...good });
    await rateTopic(await ctxAs(s.sup2), { topicId: s.topicId, ...good, quality: 4 });
    for (const r of s.residents.slice(0, 5)) await answerSatisfaction(await ctxAs(r), { topicId: s.topicId, answer: "satisfied" });
    expect(await closeRuleMetFor(db, await topicRow(s.topicId))).toBe(true);
    const now = new Date("2025-06-01T02:00:00Z");
    const res = await concludeReview(await ctxAs(s.chief), { topicId: s.topicId, reviewOn: "2025-09-01" }, now);
    expect(res.outcome).toBe("closed");
    const row = await topicRow(s.topicId);
    expect(row.state).toBe("closed");
    expect(row.closedAt?.getTime()).toBe(now.getTime());
    expect(row.reviewOn).toBe("2025-09-01");
    const notice = (await first(db.select().from(notices).where(eq(notices.topicId, s.topicId))))!;
    expect(notice.kind).toBe("closure");
    expect(notice.gridId).toBe(s.place.gridA.id);
    expect(notice.title).toBe("《2号楼车棚漏雨维修》办结公示");
    expect(notice.body).toContain("完成质量 4.50");
    expect(notice.body).toContain("100.0%");
    expect(notice.until.getTime() - notice.publishedAt.getTime()).toBe(7 * 86_400_000);
    expect(await db.select().from(notifications).where(and(eq(notifications.topicId, s.topicId), eq(notifications.kind, "topicClosed"), eq(notifications.personId, s.proposer.id)))).toHaveLength(1);
    expect(await db.select().from(topicEvents).where(and(eq(topicEvents.topicId, s.topicId), eq(topicEvents.kind, "close")))).toHaveLength(1);
  });

  test("rule not met: back to rectification, round incremented, failing checks as the reason", async () => {
    const s = await setup();
    await assignSupervisors(await ctxAs(s.chief), { topicId: s.topicId, personIds: [s.sup1.id] });
    await rateTopic(await ctxAs(s.sup1), { topicId: s.topicId, ...poor });
    for (const r of s.residents.slice(0, 5)) await answerSatisfaction(await ctxAs(r), { topicId: s.topicId, answer: "notSatisfied" });
    const res = await concludeReview(await ctxAs(s.chief), { topicId: s.topicId });
    expect(res.outcome).toBe("rectifying");
    expect(res.reasonKeys).toContain("processMeanLow");
    expect(res.reasonKeys).toContain("satisfiedShareLow");
    const row = await topicRow(s.topicId);
    expect(row.state).toBe("rectifying");
    expect(row.rectificationRound).toBe(1);
    expect(row.closedAt).toBeNull();
    const ev = (await first(db.select().from(topicEvents).where(and(eq(topicEvents.topicId, s.topicId), eq(topicEvents.kind, "requireRectification")))))!;
    expect(ev.note).toContain("过程规范平均分");
    const told = (await db.select().from(notifications).where(and(eq(notifications.topicId, s.topicId), eq(notifications.kind, "rectificationRequired")))).map((n) => n.personId);
    expect(told).toContain(s.proposer.id);
    expect(told).toContain(s.admin.id);
    expect(await db.select().from(notices).where(eq(notices.topicId, s.topicId))).toHaveLength(0);

    // The next round starts empty: the same supervisor and residents may answer again.
    await db.update(topics).set({ state: "underReview" }).where(eq(topics.id, s.topicId));
    const again = await rateTopic(await ctxAs(s.sup1), { topicId: s.topicId, ...good });
    expect(again.round).toBe(1);
    await answerSatisfaction(await ctxAs(s.residents[0]!), { topicId: s.topicId, answer: "satisfied" });
    const review = await getReview(await ctxAs(s.chief), { topicId: s.topicId });
    expect(review.rounds.map((r) => r.ratingCount)).toEqual([1, 1]);
    expect(review.rounds[1]!.satisfaction.total).toBe(1);
  });

  test("nothing is closed without ratings: concluding a round nobody rated is refused", async () => {
    const s = await setup();
    for (const r of s.residents.slice(0, 5)) await answerSatisfaction(await ctxAs(r), { topicId: s.topicId, answer: "satisfied" });
    expect(await closeRuleMetFor(db, await topicRow(s.topicId))).toBe(false);
    const e = await refusedWithoutWrites(s.topicId, async () => concludeReview(await ctxAs(s.chief), { topicId: s.topicId }));
    expect(code(e)).toBe("reviewNoRatings");
    expect((e as AppError).status).toBe(409);
    expect((await topicRow(s.topicId)).closedAt).toBeNull();
  });

  test("refusals write nothing: not staff, not under review, a bad date", async () => {
    const s = await setup();
    expect(code(await refusedWithoutWrites(s.topicId, async () => concludeReview(await ctxAs(s.sup1), { topicId: s.topicId })))).toBe("forbidden");
    expect(code(await refusedWithoutWrites(s.topicId, async () => concludeReview(await ctxAs(s.chief), { topicId: s.topicId, reviewOn: "2025-02-30" })))).toBe("zod");
    await db.update(topics).set({ state: "implementing" }).where(eq(topics.id, s.topicId));
    expect(code(await refusedWithoutWrites(s.topicId, async () => concludeReview(await ctxAs(s.chief), { topicId: s.topicId })))).toBe("reviewNotOpen");
  });

  test("the community's own rule decides", async () => {
    const s = await setup();
    expect(code(await refusedWithoutWrites(s.topicId, async () => setCloseRule(await ctxAs(s.chief), { communityId: s.place.community.id, minDimensionMean: 3, minSatisfiedShare: 0.5, minResidentAnswers: 0, requireAllSupervisors: true })))).toBe("forbidden");
    expect(code(await refusedWithoutWrites(s.topicId, async () => setCloseRule(await ctxAs(s.admin), { communityId: s.place.community.id, minDimensionMean: 6, minSatisfiedShare: 0.5, minResidentAnswers: 0 })))).toBe("closeRuleMeanRange");
    expect(code(await refusedWithoutWrites(s.topicId, async () => setCloseRule(await ctxAs(s.admin), { communityId: s.place.community.id, minDimensionMean: 3.555, minSatisfiedShare: 0.5, minResidentAnswers: 0 })))).toBe("closeRuleTooPrecise");
    await setCloseRule(await ctxAs(s.admin), { communityId: s.place.community.id, minDimensionMean: 2, minSatisfiedShare: 0.5, minResidentAnswers: 0, requireAllSupervisors: false });
    expect((await first(db.select().from(communities).where(eq(communities.id, s.place.community.id))))!.closeRule).toEqual({ minDimensionMean: 2, minSatisfiedShare: 0.5, minResidentAnswers: 0, requireAllSupervisors: false });
    await assignSupervisors(await ctxAs(s.chief), { topicId: s.topicId, personIds: [s.sup1.id, s.sup2.id] });
    await rateTopic(await ctxAs(s.sup1), { topicId: s.topicId, ...poor });
    await answerSatisfaction(await ctxAs(s.residents[0]!), { topicId: s.topicId, answer: "basicallySatisfied" });
    // The rule not requiring every supervisor decides the verdict, not when it may be given: sup2 has not rated.
    expect(code(await refusedWithoutWrites(s.topicId, async () => concludeReview(await ctxAs(s.chief), { topicId: s.topicId })))).toBe("reviewSupervisorsPending");
    await rateTopic(await ctxAs(s.sup2), { topicId: s.topicId, ...poor });
    // Under the default rule this would fail (mean 2 < 3.5, 5 answers); under the community's it passes.
    expect((await concludeReview(await ctxAs(s.chief), { topicId: s.topicId })).outcome).toBe("closed");
    await setCloseRule(await ctxAs(s.admin), { communityId: s.place.community.id, useDefault: true, minDimensionMean: 0, minSatisfiedShare: 0, minResidentAnswers: 0 });
    expect((await first(db.select().from(communities).where(eq(communities.id, s.place.community.id))))!.closeRule).toBeNull();
  });
});

describe("follow-up check", () => {
  async function closed() {
    const s = await setup();
    await assignSupervisors(await ctxAs(s.chief), { topicId: s.topicId, personIds: [s.sup1.id] });
    await rateTopic(await ctxAs(s.sup1), { topicId: s.topicId, ...good });
    for (const r of s.residents.slice(0, 5)) await answerSatisfaction(await ctxAs(r), { topicId: s.topicId, answer: "satisfied" });
    await concludeReview(await ctxAs(s.chief), { topicId: s.topicId, reviewOn: "2025-09-01" }, new Date("2025-06-01T02:00:00Z"));
    return s;
  }

  test("reminds grid staff and supervisors once, on the date (Shanghai)", async () => {
    const s = await closed();
    const dueNotes = async () => await db.select().from(notifications).where(and(eq(notifications.topicId, s.topicId), eq(notifications.kind, "reviewDue")));
    await runReviewReminders(db, new Date("2025-08-31T15:59:00Z")); // 23:59 on 31 August in Shanghai
    expect(await dueNotes()).toHaveLength(0);
    await runReviewReminders(db, new Date("2025-08-31T16:00:00Z")); // midnight, 1 September
    const first = (await dueNotes()).map((n) => n.personId).sort();
    expect(first).toEqual([s.chief.id, s.admin.id, s.sup1.id].sort());
    await runReviewReminders(db, new Date("2025-09-02T00:00:00Z"));
    expect(await dueNotes()).toHaveLength(3);
    expect((await topicRow(s.topicId)).reviewRemindedAt).not.toBeNull();
  });

  test("held: nothing changes but the timeline", async () => {
    const s = await closed();
    await recordReviewCheck(await ctxAs(s.chief), { topicId: s.topicId, outcome: "held", note: "回访良好" });
    expect((await topicRow(s.topicId)).state).toBe("closed");
    expect(await db.select().from(topicEvents).where(and(eq(topicEvents.topicId, s.topicId), eq(topicEvents.kind, "reviewHeld")))).toHaveLength(1);
  });

  test("failed: reopened for rectification with a reason, new round; refusals write nothing", async () => {
    const s = await closed();
    expect(code(await refusedWithoutWrites(s.topicId, async () => recordReviewCheck(await ctxAs(s.chief), { topicId: s.topicId, outcome: "failed", note: "" })))).toBe("topicReasonRequired");
    expect(code(await refusedWithoutWrites(s.topicId, async () => recordReviewCheck(await ctxAs(s.sup1), { topicId: s.topicId, outcome: "failed", note: "又漏雨了" })))).toBe("forbidden");
    const res = await recordReviewCheck(await ctxAs(s.chief), { topicId: s.topicId, outcome: "failed", note: "又漏雨了" });
    expect(res.state).toBe("rectifying");
    const row = await topicRow(s.topicId);
    expect(row.rectificationRound).toBe(1);
    expect(row.closedAt).toBeNull();
    expect(await db.select().from(notifications).where(and(eq(notifications.topicId, s.topicId), eq(notifications.kind, "reopened"), eq(notifications.personId, s.proposer.id)))).toHaveLength(1);
    expect(code(await refusedWithoutWrites(s.topicId, async () => recordReviewCheck(await ctxAs(s.chief), { topicId: s.topicId, outcome: "held" })))).toBe("reviewCheckNotOpen");
  });
});
