import { and, count, eq } from "drizzle-orm";
import { NextRequest } from "next/server";
import { describe, expect, test, vi } from "vitest";
import { ZodError } from "zod";
import type { DB } from "@/db/client";
import {
  agendaCategories,
  agendaItems,
  cosigns,
  events,
  notifications,
  organisations,
  planComments,
  planRevisions,
  plans,
  roles,
  topicEvents,
  topics,
  type Topic,
} from "@/db/schema";
import { openApiDocument } from "@/lib/api/openapi";
import { issueApiToken } from "@/lib/auth/tokens";
import { locales, type Locale } from "@/lib/i18n/config";
import { messages } from "@/lib/i18n/messages";
import { inviteToTopic } from "@/lib/opinions/invite-to-topic";
import { commentOnPlan } from "@/lib/plans/comment-on-plan";
import { compareRevisions, diffRevisions, diffText } from "@/lib/plans/compare-revisions";
import { draftPlan } from "@/lib/plans/draft-plan";
import { freezePlans } from "@/lib/plans/freeze-plans";
import { getPlan } from "@/lib/plans/get-plan";
import { listPlans } from "@/lib/plans/list-plans";
import { fenToYuanInput, formatFen, parseYuan } from "@/lib/domain/money";
import { planFormOptions } from "@/lib/plans/plan-form-options";
import { revisePlan } from "@/lib/plans/revise-plan";
import { documentFromText } from "@/lib/richtext/document";
import { planFormObject } from "@/lib/validation/plans";
import { ctxAs, fileDb } from "../helpers/db";
import { makeCommunity, makePerson } from "../helpers/factory";
import { expectLabelledIds, renderPageAs } from "../helpers/page-session";
import { invalidOn, refusal } from "../helpers/refusal";
import { unitOfWork } from "@/db/unit-of-work";
import { first } from "@/db/query";

// The routes read the session secret from the environment; pages read the signed-in person and the
// language from the request, which here is the test's scope.
vi.hoisted(() => void (process.env.NEXTAUTH_SECRET = "plans-test-secret"));
const session = await vi.hoisted(async () => (await import("../helpers/page-session")).mockRequestScope());

const topicPlansRoute = await import("@/app/api/v1/topics/[id]/plans/route");
const planRoute = await import("@/app/api/v1/plans/[id]/route");
const revisionsRoute = await import("@/app/api/v1/plans/[id]/revisions/route");
const commentsRoute = await import("@/app/api/v1/plans/[id]/comments/route");
const compareRoute = await import("@/app/api/v1/plans/[id]/compare/route");
const { PlansSection } = await import("@/app/topics/[id]/_plans/plans-section");
const { default: PlanPage } = await import("@/app/topics/[id]/plans/[planId]/page");
const { default: ComparePage } = await import("@/app/topics/[id]/plans/[planId]/compare/page");
const { default: NewPlanPage } = await import("@/app/topics/[id]/plans/new/page");
const { default: EditPlanPage } = await import("@/app/topics/[id]/plans/[planId]/edit/page");

let db: DB;
fileDb((d) => (db = d));

const n = async (table: typeof plans | typeof planRevisions | typeof planComments | typeof notifications | typeof events | typeof topicEvents) =>
  (await first(db.select({ n: count() }).from(table)))!.n;
/** Row counts of everything the plan use cases write, to prove a refusal wrote nothing. */
const snapshot = async () => ({
  plans: await n(plans),
  revisions: await n(planRevisions),
  comments: await n(planComments),
  notifications: await n(notifications),
  events: await n(events),
  topicEvents: await n(topicEvents),
  planRows: await db.select().from(plans),
});
const planRow = async (id: number) => (await first(db.select().from(plans).where(eq(plans.id, id))))!;
const revisionsOf = async (planId: number) => await db.select().from(planRevisions).where(eq(planRevisions.planId, planId)).orderBy(planRevisions.number);
const inboxOf = async (personId: number) => await db.select().from(notifications).where(eq(notifications.personId, personId));

const text = (s: string) => documentFromText(s);
const BODY = "物业负责在3号楼东侧加装充电桩，预算一万元。\n六月底前完工。";

/** A community with a topic under consultation in grid A, and everyone who takes part in plans. */
async function world() {
  const place = await makeCommunity(db);
  const other = await makeCommunity(db);
  const category = await first(db.insert(agendaCategories).values({ communityId: place.community.id, name: "公共事务" }).returning());
  const item = await first(db.insert(agendaItems).values({ categoryId: category.id, name: "电动车充电设施" }).returning());

  const proposer = await makePerson(db, place, "owner", { grid: "A" });
  const cosigner = await makePerson(db, place, "resident", { grid: "A" });
  const resident = await makePerson(db, place, "resident", { grid: "A" });
  const residentB = await makePerson(db, place, "resident", { grid: "B" });
  const chief = await makePerson(db, place, "gridChief", { grid: "A" });
  const chiefB = await makePerson(db, place, "gridChief", { grid: "B" });
  const firmStaff = await makePerson(db, place, "propertyFirmStaff");
  const firmStaff2 = await makePerson(db, place, "propertyFirmStaff");
  const supervisor = await makePerson(db, place, "supervisor");
  const pending = await makePerson(db, place, "resident", { grid: "A", status: "pending" });
  const outsider = await makePerson(db, other, "gridChief", { grid: "A" });

  const committee = await first(db
    .insert(organisations)
    .values({ communityId: place.community.id, kind: "ownersCommittee", name: "第一届业主委员会", code: "YWH" })
    .returning());
  const committeeMember = await makePerson(db, place, "ownersCommitteeMember");
  await db.update(roles).set({ organisationId: committee.id }).where(eq(roles.personId, committeeMember.id));

  const thinkTank = await first(db
    .insert(organisations)
    .values({ communityId: place.community.id, kind: "thinkTank", name: "专家咨询团", code: "ZJ" })
    .returning());
  const expert = await makePerson(db, place, "thinkTankMember");
  await db.update(roles).set({ organisationId: thinkTank.id }).where(eq(roles.personId, expert.id));

  // Rows written by hand, not makeTopic: the tests read who is told about a plan (the chief's inbox
  // must start empty, and admission would tell the chief first) and need states past the vote.
  const newTopic = async (state: Topic["state"] = "consulting") =>
    await first(db
      .insert(topics)
      .values({
        communityId: place.community.id,
        gridId: place.gridA.id,
        agendaItemId: item.id,
        title: "3号楼电动车充电难",
        descriptionJson: text("电动车没有地方充电，只能拉线上楼。"),
        descriptionHtml: "",
        proposerId: proposer.id,
        state,
        cosignThreshold: 1,
        cosignCount: 1,
        cosignDeadline: new Date(Date.now() + 14 * 86_400_000),
      })
      .returning());
  const topic = await newTopic();
  await db.insert(cosigns).values({ topicId: topic.id, personId: cosigner.id });

  return { place, other, proposer, cosigner, resident, residentB, chief, chiefB, firmStaff, firmStaff2, supervisor, pending, outsider, committee, committeeMember, thinkTank, expert, topic, newTopic };
}

type World = Awaited<ReturnType<typeof world>>;

const draftBy = async (w: World, who: { id: number }, extra: Record<string, unknown> = {}, topicId = w.topic.id) =>
  draftPlan(await ctxAs(who), { topicId, title: "3号楼东侧加装充电桩", body: text(BODY), ...extra });

describe("drafting a plan", () => {
  test("grid staff, property firm and owners' committee draft official plans at revision 1; followers are told, the timeline shows it", async () => {
    const w = await world();
    const byChief = await draftBy(w, w.chief, { budget: "12800.50", budgetSource: "maintenanceFund", deadline: "2025-06-30", milestones: [{ title: "完成采购", dueOn: "2025-05-15" }] });
    expect(byChief).toEqual({ planId: expect.any(Number), topicId: w.topic.id, kind: "official", organisationId: null, revision: 1 });
    const byFirm = await draftBy(w, w.firmStaff);
    expect(byFirm).toMatchObject({ kind: "official", organisationId: w.place.propertyFirm.id });
    const byCommittee = await draftBy(w, w.committeeMember);
    expect(byCommittee).toMatchObject({ kind: "official", organisationId: w.committee.id });

    const plan = await planRow(byChief.planId);
    expect(plan).toMatchObject({ topicId: w.topic.id, kind: "official", authorId: w.chief.id, currentRevision: 1, frozenAt: null });
    const [rev] = await revisionsOf(byChief.planId);
    expect(rev).toMatchObject({ number: 1, authorId: w.chief.id, budgetFen: 1280050, budgetSource: "maintenanceFund", deadline: "2025-06-30", milestones: [{ title: "完成采购", dueOn: "2025-05-15" }] });
    expect(rev!.bodyHtml).toContain("<p>物业负责在3号楼东侧加装充电桩，预算一万元。</p>");

    const timeline = await db.select().from(topicEvents).where(and(eq(topicEvents.topicId, w.topic.id), eq(topicEvents.kind, "planDrafted")));
    expect(timeline.map((e) => e.data)).toEqual([
      { planId: byChief.planId, title: "3号楼东侧加装充电桩" },
      { planId: byFirm.planId, title: "3号楼东侧加装充电桩" },
      { planId: byCommittee.planId, title: "3号楼东侧加装充电桩" },
    ]);
    for (const follower of [w.proposer, w.cosigner]) {
      const inbox = (await inboxOf(follower.id)).filter((m) => m.kind === "planDrafted");
      expect(inbox).toHaveLength(3);
      expect(inbox[0]).toMatchObject({ topicId: w.topic.id, data: { title: "3号楼电动车充电难", planId: byChief.planId, plan: "3号楼东侧加装充电桩" } });
    }
    expect(await inboxOf(w.chief.id)).toEqual([]);
    const audit = await first(db.select().from(events).where(and(eq(events.kind, "plan.drafted"), eq(events.subjectId, byChief.planId))));
    expect(audit).toMatchObject({ actorId: w.chief.id, subjectType: "plan", data: { topicId: w.topic.id, kind: "official", budgetFen: 1280050 } });

    const list = await listPlans(await ctxAs(w.resident), { topicId: w.topic.id });
    expect(list.plans.map((p) => p.id)).toEqual([byChief.planId, byFirm.planId, byCommittee.planId]);
    expect(list.plans[0]).toMatchObject({ budgetFen: 1280050, budgetSource: "maintenanceFund", deadline: "2025-06-30", milestoneCount: 1, commentCount: 0, currentRevision: 1 });
    expect(list.plans[1]!.organisation).toEqual({ id: w.place.propertyFirm.id, name: "测试物业" });
    expect(list.mayDraft).toBe(false);
    expect((await listPlans(await ctxAs(w.firmStaff), { topicId: w.topic.id })).mayDraft).toBe(true);
  });

  test("a resident is refused unless staff allow alternatives; then the plan is an alternative", async () => {
    const w = await world();
    const before = await snapshot();
    expect(await refusal(() => draftBy(w, w.resident))).toMatchObject({ status: 403, messageKey: "planDraftNotAllowed" });
    expect(await refusal(() => draftBy(w, w.proposer))).toMatchObject({ status: 403 });
    expect(await refusal(() => draftBy(w, w.pending))).toMatchObject({ status: 403, messageKey: "notVerified" });
    expect(await refusal(() => draftBy(w, w.outsider))).toMatchObject({ status: 404, messageKey: "topicNotFound" });
    // Grid B's chief does not own a grid-A topic.
    expect(await refusal(() => draftBy(w, w.chiefB))).toMatchObject({ status: 403 });
    expect(await snapshot()).toEqual(before);

    await db.update(topics).set({ alternativesAllowed: true }).where(eq(topics.id, w.topic.id));
    const alt = await draftBy(w, w.resident, { title: "在车棚加装充电桩" });
    expect(alt).toMatchObject({ kind: "alternative", organisationId: null });
    expect(await listPlans(await ctxAs(w.resident), { topicId: w.topic.id })).toMatchObject({ mayDraft: true, draftKind: "alternative", alternativesAllowed: true });
    // Alternatives come from the topic's own grid.
    expect(await refusal(() => draftBy(w, w.residentB))).toMatchObject({ status: 403, messageKey: "planDraftNotAllowed" });
    // Official plans are listed before alternatives.
    const official = await draftBy(w, w.chief);
    expect((await listPlans(await ctxAs(w.chief), { topicId: w.topic.id })).plans.map((p) => p.id)).toEqual([official.planId, alt.planId]);
  });

  test("plans are drafted only while the topic is consulting or drafting (409 otherwise)", async () => {
    const w = await world();
    for (const state of ["proposed", "awaitingAdmission", "voting", "resolved", "implementing", "closed", "rejected"] as const) {
      const topic = await w.newTopic(state);
      const before = await snapshot();
      expect(await refusal(() => draftBy(w, w.chief, {}, topic.id))).toMatchObject({ status: 409, messageKey: "plansClosed" });
      expect(await snapshot()).toEqual(before);
    }
    expect((await draftBy(w, w.chief, {}, (await w.newTopic("drafting")).id)).kind).toBe("official");
  });

  test("drafting for an organisation needs membership of it", async () => {
    const w = await world();
    const before = await snapshot();
    expect(await refusal(() => draftBy(w, w.firmStaff, { organisationId: w.committee.id }))).toMatchObject({ status: 403, messageKey: "planOrganisationNotYours" });
    expect(await refusal(() => draftBy(w, w.chief, { organisationId: w.place.propertyFirm.id }))).toMatchObject({ status: 403 });
    expect(await snapshot()).toEqual(before);
  });
});

describe("the plan's fields are checked", () => {
  test("a budget of 12800.50 yuan is stored as 1280050 fen exactly; bad budgets are refused with 422 and write nothing", async () => {
    const w = await world();
    const cases: [unknown, number][] = [
      ["12800.50", 1_280_050],
      ["12,800.5", 1_280_050],
      [12800.5, 1_280_050],
      ["0.1", 10],
      ["0.07", 7],
      ["¥300", 30_000],
      ["", 0],
      [undefined, 0],
      ["9999999999.99", 999_999_999_999],
    ];
    for (const [budget, fen] of cases) {
      const source = fen === 0 ? "none" : "residents";
      const drafted = await draftBy(w, w.chief, { budget, budgetSource: source });
      expect((await revisionsOf(drafted.planId))[0]!.budgetFen, `budget ${String(budget)}`).toBe(fen);
    }
    // 0.1 + 0.2 in floating point is not a sum of money.
    expect(parseYuan(0.1 + 0.2)).toBeNull();

    const before = await snapshot();
    for (const bad of ["12.345", "-1", "abc", "1e3", "12800.505", "1,2345", "12 800", "10000000000", -5, {}, true]) {
      expect(await invalidOn(() => draftBy(w, w.chief, { budget: bad, budgetSource: "residents" }), "budget"), `budget ${JSON.stringify(bad)}`).toBe("budgetInvalid");
    }
    expect(await invalidOn(() => draftBy(w, w.chief, { budget: "100" }), "budgetSource")).toBe("budgetSourceRequired");
    expect(await invalidOn(() => draftBy(w, w.chief, { budgetSource: "bank" }), "budgetSource")).toBe("budgetSourceInvalid");
    expect(await snapshot()).toEqual(before);

    expect(formatFen(1_280_050)).toBe("¥12,800.50");
    expect(formatFen(7)).toBe("¥0.07");
    expect(formatFen(999_999_999_999)).toBe("¥9,999,999,999.99");
    expect(fenToYuanInput(1_280_050)).toBe("12800.50");
    expect(fenToYuanInput(0)).toBe("");
  });

  test("title, text, deadline, milestones and the responsible party are checked before anything is written", async () => {
    const w = await world();
    const before = await snapshot();
    expect(await invalidOn(() => draftBy(w, w.chief, { title: "短" }), "title")).toBe("planTitleTooShort");
    expect(await invalidOn(() => draftBy(w, w.chief, { title: "长".repeat(61) }), "title")).toBe("planTitleTooLong");
    expect(await invalidOn(() => draftBy(w, w.chief, { body: text("太短") }), "body")).toBe("planBodyTooShort");
    expect(await invalidOn(() => draftBy(w, w.chief, { body: { type: "doc", content: [{ type: "image", attrs: { src: "x" } }] } }), "body.content.0.type")).toBeTruthy();
    expect(await invalidOn(() => draftBy(w, w.chief, { deadline: "2025-02-30" }), "deadline")).toBe("deadlineInvalid");
    expect(await invalidOn(() => draftBy(w, w.chief, { milestones: [{ title: "", dueOn: "2025-05-01" }] }), "milestones.0.title")).toBe("milestoneTitleRequired");
    expect(await invalidOn(() => draftBy(w, w.chief, { milestones: [{ title: "施工", dueOn: "下个月" }] }), "milestones.0.dueOn")).toBe("milestoneDueInvalid");
    expect(await invalidOn(() => draftBy(w, w.chief, { milestones: Array.from({ length: 31 }, () => ({ title: "节点", dueOn: "2025-05-01" })) }), "milestones")).toBe("tooManyItems");
    expect(await invalidOn(() => draftBy(w, w.chief, { responsibleOrganisationId: w.place.propertyFirm.id, responsibleText: "街道" }), "responsibleOrganisationId")).toBe(
      "responsibleAmbiguous",
    );
    const elsewhere = await refusal(() => draftBy(w, w.chief, { responsibleOrganisationId: w.other.propertyFirm.id }));
    expect(elsewhere).toMatchObject({ status: 422, messageKey: "responsibleNotFound", fieldErrors: { responsibleOrganisationId: "responsibleNotFound" } });
    expect(await refusal(() => draftBy(w, w.chief, { responsiblePersonId: w.outsider.id }))).toMatchObject({ status: 422, messageKey: "responsibleNotFound" });
    expect(await refusal(() => draftBy(w, w.chief, { responsiblePersonId: w.pending.id }))).toMatchObject({ status: 422, messageKey: "responsibleNotFound" });
    expect(await snapshot()).toEqual(before);

    const ok = await draftBy(w, w.chief, { responsiblePersonId: w.firmStaff.id, milestones: JSON.stringify([{ title: "验收", dueOn: "2025-07-01" }]) });
    expect((await revisionsOf(ok.planId))[0]).toMatchObject({ responsiblePersonId: w.firmStaff.id, milestones: [{ title: "验收", dueOn: "2025-07-01" }] });
  });

  test("the form's fields become the use case's input: one responsible select, repeated milestone rows", () => {
    const form = new FormData();
    form.set("title", "加装充电桩");
    form.set("responsible", "org:12");
    form.set("responsibleText", "leftover from an earlier choice");
    form.append("milestone.title", "采购");
    form.append("milestone.dueOn", "2025-05-01");
    form.append("milestone.title", "");
    form.append("milestone.dueOn", "");
    form.set("$ACTION_ID_x", "ignored");
    expect(planFormObject(form)).toEqual({
      title: "加装充电桩",
      responsibleOrganisationId: "12",
      responsiblePersonId: "",
      responsibleText: "",
      milestones: [{ title: "采购", dueOn: "2025-05-01" }],
    });
    const written = new FormData();
    written.set("responsible", "text");
    written.set("responsibleText", "街道城管科");
    expect(planFormObject(written)).toMatchObject({ responsibleOrganisationId: "", responsiblePersonId: "", responsibleText: "街道城管科", milestones: [] });
  });
});

describe("revising a plan", () => {
  test("every save is a new revision numbered 1, 2, 3 with its author; nothing is overwritten", async () => {
    const w = await world();
    const { planId } = await draftBy(w, w.firmStaff, { budget: "1000", budgetSource: "propertyFirm" });
    const second = await revisePlan(await ctxAs(w.firmStaff), { planId, body: text(`${BODY}\n增加遮雨棚。`), budget: "1500", budgetSource: "propertyFirm", note: "增加遮雨棚", baseRevision: 1 });
    expect(second).toEqual({ planId, topicId: w.topic.id, revision: 2 });
    // Staff who own the topic may revise someone else's plan.
    const third = await revisePlan(await ctxAs(w.chief), { planId, body: text(`${BODY}\n增加遮雨棚和监控。`), budget: "1800", budgetSource: "maintenanceFund" });
    expect(third.revision).toBe(3);

    const revs = await revisionsOf(planId);
    expect(revs.map((r) => [r.number, r.authorId, r.budgetFen, r.note])).toEqual([
      [1, w.firmStaff.id, 100_000, ""],
      [2, w.firmStaff.id, 150_000, "增加遮雨棚"],
      [3, w.chief.id, 180_000, ""],
    ]);
    expect(revs[0]!.bodyJson).toEqual(text(BODY));
    expect(await planRow(planId)).toMatchObject({ currentRevision: 3, authorId: w.firmStaff.id, title: "3号楼东侧加装充电桩" });

    const timeline = await db.select().from(topicEvents).where(and(eq(topicEvents.topicId, w.topic.id), eq(topicEvents.kind, "planRevised")));
    expect(timeline.map((e) => [e.actorId, e.data, e.note])).toEqual([
      [w.firmStaff.id, { planId, title: "3号楼东侧加装充电桩", revision: 2 }, "增加遮雨棚"],
      [w.chief.id, { planId, title: "3号楼东侧加装充电桩", revision: 3 }, null],
    ]);
    expect(await db.select().from(events).where(and(eq(events.kind, "plan.revised"), eq(events.subjectId, planId)))).toHaveLength(2);

    const detail = await getPlan(await ctxAs(w.resident), { planId, topicId: w.topic.id });
    expect(detail.revision.number).toBe(3);
    expect(detail.revisions.map((r) => [r.number, r.author.id])).toEqual([
      [1, w.firmStaff.id],
      [2, w.firmStaff.id],
      [3, w.chief.id],
    ]);
    expect((await getPlan(await ctxAs(w.resident), { planId, revision: 1 })).revision).toMatchObject({ number: 1, budgetFen: 100_000, budgetSource: "propertyFirm" });
    expect(await refusal(async () => getPlan(await ctxAs(w.resident), { planId, revision: 9 }))).toMatchObject({ status: 404, messageKey: "revisionNotFound" });
    expect(await refusal(async () => getPlan(await ctxAs(w.resident), { planId, topicId: (await w.newTopic()).id }))).toMatchObject({ status: 404, messageKey: "planNotFound" });
  });

  test("a save on top of an older revision is refused rather than silently replacing the newer one", async () => {
    const w = await world();
    const { planId } = await draftBy(w, w.chief);
    await revisePlan(await ctxAs(w.chief), { planId, body: text(`${BODY}（修订）`), baseRevision: 1 });
    const before = await snapshot();
    const stale = await refusal(async () => revisePlan(await ctxAs(w.chief), { planId, body: text(`${BODY}（另一处修订）`), baseRevision: 1 }));
    expect(stale).toMatchObject({ status: 409, messageKey: "planChangedMeanwhile", params: { revision: 2 } });
    expect(await snapshot()).toEqual(before);
  });

  test("only the author or staff who own the topic may revise", async () => {
    const w = await world();
    const { planId } = await draftBy(w, w.firmStaff);
    const before = await snapshot();
    for (const stranger of [w.resident, w.firmStaff2, w.committeeMember, w.chiefB, w.supervisor]) {
      expect(await refusal(async () => revisePlan(await ctxAs(stranger), { planId, body: text(`${BODY}（被改）`) }))).toMatchObject({ status: 403, messageKey: "planNotYours" });
    }
    expect(await refusal(async () => revisePlan(await ctxAs(w.outsider), { planId, body: text(`${BODY}（被改）`) }))).toMatchObject({ status: 404 });
    expect(await refusal(async () => revisePlan(await ctxAs(w.chief), { planId: 999_999, body: text(`${BODY}（被改）`) }))).toMatchObject({ status: 404, messageKey: "planNotFound" });
    expect(await snapshot()).toEqual(before);
    expect((await getPlan(await ctxAs(w.resident), { planId })).me).toMatchObject({ mayRevise: false, isAuthor: false });
    expect((await getPlan(await ctxAs(w.firmStaff), { planId })).me).toMatchObject({ mayRevise: true, isAuthor: true });
  });

  test("revisions stop when the topic leaves consultation and drafting", async () => {
    const w = await world();
    const { planId } = await draftBy(w, w.chief);
    await db.update(topics).set({ state: "implementing" }).where(eq(topics.id, w.topic.id));
    const before = await snapshot();
    expect(await refusal(async () => revisePlan(await ctxAs(w.chief), { planId, body: text(`${BODY}（修订）`) }))).toMatchObject({ status: 409, messageKey: "plansClosed" });
    expect(await refusal(async () => commentOnPlan(await ctxAs(w.resident), { planId, body: "还能评论吗？" }))).toMatchObject({ status: 409, messageKey: "plansClosed" });
    expect(await snapshot()).toEqual(before);
  });
});

describe("comparing revisions", () => {
  test("finds inserted and deleted text and the structured fields that changed", async () => {
    const w = await world();
    const { planId } = await draftBy(w, w.firmStaff, { budget: "10000", budgetSource: "propertyFirm" });
    await revisePlan(await ctxAs(w.firmStaff), {
      planId,
      body: text("物业负责在3号楼西侧加装10个充电桩。\n六月底前完工。"),
      budget: "12800.50",
      budgetSource: "maintenanceFund",
      deadline: "2025-06-30",
      milestones: [{ title: "完成施工", dueOn: "2025-06-20" }],
      responsibleOrganisationId: w.place.propertyFirm.id,
    });

    const cmp = await compareRevisions(await ctxAs(w.resident), { planId, topicId: w.topic.id, from: "1", to: "2" });
    const removed = cmp.parts.filter((p) => p.kind === "removed").map((p) => p.text);
    const added = cmp.parts.filter((p) => p.kind === "added").map((p) => p.text);
    expect(removed).toContain("东");
    expect(added).toContain("西");
    expect(added).toContain("10个");
    expect(removed.join("")).toContain("预算一万元");
    // The parts put together give back each text exactly.
    expect(cmp.parts.filter((p) => p.kind !== "added").map((p) => p.text).join("")).toBe(BODY);
    expect(cmp.parts.filter((p) => p.kind !== "removed").map((p) => p.text).join("")).toBe("物业负责在3号楼西侧加装10个充电桩。\n六月底前完工。");
    expect(cmp.textChanged).toBe(true);
    expect(cmp.fields).toEqual([
      { field: "responsible", from: { kind: "none" }, to: { kind: "organisation", id: w.place.propertyFirm.id, name: "测试物业", organisationKind: "propertyFirm" } },
      { field: "budget", from: 1_000_000, to: 1_280_050 },
      { field: "budgetSource", from: "propertyFirm", to: "maintenanceFund" },
      { field: "deadline", from: null, to: "2025-06-30" },
      { field: "milestones", from: [], to: [{ title: "完成施工", dueOn: "2025-06-20" }] },
    ]);
    expect(cmp.from).toMatchObject({ number: 1, author: { id: w.firmStaff.id } });
    expect(cmp.revisions.map((r) => r.number)).toEqual([1, 2]);

    // Left out, the current revision is compared with the one before it.
    expect(await compareRevisions(await ctxAs(w.resident), { planId, from: "", to: "" })).toMatchObject({ from: { number: 1 }, to: { number: 2 } });
    // Either order works; the same revision twice shows no change.
    const back = await compareRevisions(await ctxAs(w.resident), { planId, from: 2, to: 1 });
    expect(back.fields.find((f) => f.field === "budget")).toEqual({ field: "budget", from: 1_280_050, to: 1_000_000 });
    const same = await compareRevisions(await ctxAs(w.resident), { planId, from: 2, to: 2 });
    expect(same).toMatchObject({ textChanged: false, fields: [] });
    expect(same.parts.every((p) => p.kind === "same")).toBe(true);

    expect(await refusal(async () => compareRevisions(await ctxAs(w.resident), { planId, from: 1, to: 3 }))).toMatchObject({ status: 404, messageKey: "revisionNotFound" });
    expect(await refusal(async () => compareRevisions(await ctxAs(w.outsider), { planId, from: 1, to: 2 }))).toMatchObject({ status: 404 });
    expect(await invalidOn(async () => compareRevisions(await ctxAs(w.resident), { planId, from: "x", to: 2 }), "from")).toBe("revisionNotFound");
  });

  test("the diff is word by word for Latin script and character by character for Chinese", () => {
    expect(diffText("Install chargers on the east side", "Install ten chargers on the west side")).toEqual([
      { kind: "same", text: "Install " },
      { kind: "added", text: "ten " },
      { kind: "same", text: "chargers on the " },
      { kind: "removed", text: "east" },
      { kind: "added", text: "west" },
      { kind: "same", text: " side" },
    ]);
    expect(diffText("六月完工", "七月完工")).toEqual([
      { kind: "removed", text: "六" },
      { kind: "added", text: "七" },
      { kind: "same", text: "月完工" },
    ]);
    expect(diffText("", "")).toEqual([]);
    const base = { bodyJson: text("同样的正文内容"), responsibleOrganisationId: null, responsiblePersonId: null, responsibleText: "", budgetFen: 0, budgetSource: "none" as const, deadline: null, milestones: [] };
    const none = { kind: "none" as const };
    expect(diffRevisions(base, { ...base }, { from: none, to: none })).toEqual({ parts: [{ kind: "same", text: "同样的正文内容" }], fields: [], textChanged: false });
    expect(diffRevisions(base, { ...base, responsibleText: "街道" }, { from: none, to: { kind: "text", name: "街道" } }).fields).toEqual([
      { field: "responsible", from: none, to: { kind: "text", name: "街道" } },
    ]);
  });
});

describe("comments on plans", () => {
  test("invited think-tank members, residents of the grid and supervisors comment; a resident of another grid is refused", async () => {
    const w = await world();
    const { planId } = await draftBy(w, w.chief);
    const timelineBefore = await n(topicEvents);

    // A think-tank member may not comment before being invited into the topic.
    expect(await refusal(async () => commentOnPlan(await ctxAs(w.expert), { planId, body: "需要核算电力负荷。" }))).toMatchObject({ status: 403 });
    await inviteToTopic(await ctxAs(w.chief), { topicId: w.topic.id, organisationId: w.thinkTank.id });
    const timelineAfterInvite = await n(topicEvents);
    const byExpert = await commentOnPlan(await ctxAs(w.expert), { planId, body: "需要核算电力负荷。" });
    expect(byExpert).toEqual({ commentId: expect.any(Number), planId, revisionNumber: 1 });
    await commentOnPlan(await ctxAs(w.resident), { planId, body: "支持，\r\n希望尽快施工。" });
    await commentOnPlan(await ctxAs(w.supervisor), { planId, body: "请公示费用明细。" });
    await revisePlan(await ctxAs(w.chief), { planId, body: text(`${BODY}\n已核算电力负荷。`) });
    const later = await commentOnPlan(await ctxAs(w.firmStaff), { planId, body: "物业同意配合。" });
    expect(later.revisionNumber).toBe(2);

    const before = await snapshot();
    expect(await refusal(async () => commentOnPlan(await ctxAs(w.residentB), { planId, body: "我不是这个网格的" }))).toMatchObject({ status: 403 });
    expect(await refusal(async () => commentOnPlan(await ctxAs(w.outsider), { planId, body: "我不是这个社区的" }))).toMatchObject({ status: 404 });
    expect(await refusal(async () => commentOnPlan(await ctxAs(w.pending), { planId, body: "还没有核实" }))).toMatchObject({ status: 403, messageKey: "notVerified" });
    expect(await invalidOn(async () => commentOnPlan(await ctxAs(w.resident), { planId, body: " 好 " }), "body")).toBe("planCommentTooShort");
    expect(await invalidOn(async () => commentOnPlan(await ctxAs(w.resident), { planId, body: "很".repeat(1001) }), "body")).toBe("planCommentTooLong");
    expect(await snapshot()).toEqual(before);

    // Comments are discussion, not steps: only the revision went on the timeline.
    expect(await n(topicEvents) - timelineAfterInvite).toBe(1);
    expect(timelineAfterInvite).toBeGreaterThan(timelineBefore);
    expect(await db.select().from(events).where(and(eq(events.kind, "plan.commented"), eq(events.subjectId, planId)))).toHaveLength(4);

    const detail = await getPlan(await ctxAs(w.resident), { planId });
    expect(detail.comments.map((c) => [c.author.id, c.revisionNumber, c.body])).toEqual([
      [w.expert.id, 1, "需要核算电力负荷。"],
      [w.resident.id, 1, "支持，\n希望尽快施工。"],
      [w.supervisor.id, 1, "请公示费用明细。"],
      [w.firmStaff.id, 2, "物业同意配合。"],
    ]);
    expect(detail.me.mayComment).toBe(true);
    expect((await getPlan(await ctxAs(w.residentB), { planId })).me.mayComment).toBe(false);
    expect((await listPlans(await ctxAs(w.resident), { topicId: w.topic.id })).plans[0]!.commentCount).toBe(4);
  });
});

describe("freezing plans for a vote", () => {
  test("a frozen plan refuses revisions and comments with 409 and writes nothing", async () => {
    const w = await world();
    const a = await draftBy(w, w.chief);
    const b = await draftBy(w, w.firmStaff);
    const untouched = await draftBy(w, w.committeeMember);
    const frozenAt = new Date("2025-05-01T10:00:00+08:00");
    await unitOfWork(db, async (tx) => freezePlans(tx, [a.planId, b.planId, a.planId], frozenAt));
    await unitOfWork(db, async (tx) => freezePlans(tx, [], new Date()));
    // Freezing again keeps the first moment.
    await unitOfWork(db, async (tx) => freezePlans(tx, [a.planId], new Date("2025-06-01T10:00:00+08:00")));
    expect((await planRow(a.planId)).frozenAt).toEqual(frozenAt);
    expect((await planRow(b.planId)).frozenAt).toEqual(frozenAt);
    expect((await planRow(untouched.planId)).frozenAt).toBeNull();

    const before = await snapshot();
    expect(await refusal(async () => revisePlan(await ctxAs(w.chief), { planId: a.planId, body: text(`${BODY}（表决中修改）`) }))).toMatchObject({ status: 409, messageKey: "planFrozen" });
    expect(await refusal(async () => revisePlan(await ctxAs(w.firmStaff), { planId: b.planId, body: text(`${BODY}（表决中修改）`), baseRevision: 1 }))).toMatchObject({
      status: 409,
      messageKey: "planFrozen",
    });
    expect(await refusal(async () => commentOnPlan(await ctxAs(w.resident), { planId: a.planId, body: "表决中还能评论吗？" }))).toMatchObject({ status: 409, messageKey: "planFrozen" });
    expect(await snapshot()).toEqual(before);

    expect((await getPlan(await ctxAs(w.chief), { planId: a.planId })).me).toMatchObject({ mayRevise: false, mayComment: false });
    expect((await listPlans(await ctxAs(w.chief), { topicId: w.topic.id })).plans.find((p) => p.id === a.planId)!.frozenAt).toEqual(frozenAt);
    // The plan that is not voted on goes on as before.
    expect((await revisePlan(await ctxAs(w.committeeMember), { planId: untouched.planId, body: text(`${BODY}（继续修改）`) })).revision).toBe(2);
  });
});

describe("plans API", () => {
  function call<P>(
    handler: (req: NextRequest, ctx: { params: Promise<P> }) => Promise<Response>,
    { method = "GET", token, body, params, query = "" }: { method?: string; token?: string; body?: unknown; params: P; query?: string },
  ) {
    const req = new NextRequest(`http://localhost/api/v1/test${query}`, {
      method,
      headers: { "accept-language": "zh-CN", "content-type": "application/json", ...(token ? { authorization: `Bearer ${token}` } : {}) },
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    });
    return handler(req, { params: Promise.resolve(params) });
  }

  test("draft, read, revise, compare and comment through /api/v1 with the same rules as the screens", async () => {
    const w = await world();
    const chiefToken = (await issueApiToken(db, w.chief.id)).token;
    const residentToken = (await issueApiToken(db, w.resident.id)).token;
    const topicParams = { id: String(w.topic.id) };

    const before = await snapshot();
    const badBudget = await call(topicPlansRoute.POST, { method: "POST", token: chiefToken, params: topicParams, body: { title: "3号楼东侧加装充电桩", body: text(BODY), budget: "12.345" } });
    expect(badBudget.status).toBe(422);
    expect(((await badBudget.json()) as { error: { fields: Record<string, string> } }).error.fields.budget).toBe("预算请按元填写，例如 12800.50：不能为负数，最多两位小数");
    const byResident = await call(topicPlansRoute.POST, { method: "POST", token: residentToken, params: topicParams, body: { title: "居民自己的方案", body: text(BODY) } });
    expect(byResident.status).toBe(403);
    expect(await snapshot()).toEqual(before);

    const drafted = await call(topicPlansRoute.POST, {
      method: "POST",
      token: chiefToken,
      params: topicParams,
      body: { title: "3号楼东侧加装充电桩", body: text(BODY), budget: "12800.50", budgetSource: "publicRevenue", milestones: [{ title: "施工", dueOn: "2025-06-01" }] },
    });
    expect(drafted.status).toBe(201);
    const { planId } = (await drafted.json()) as { planId: number };
    const planParams = { id: String(planId) };

    const list = (await (await call(topicPlansRoute.GET, { token: residentToken, params: topicParams })).json()) as { plans: { id: number; budgetFen: number }[] };
    expect(list.plans).toEqual([expect.objectContaining({ id: planId, budgetFen: 1_280_050 })]);

    const revised = await call(revisionsRoute.POST, { method: "POST", token: chiefToken, params: planParams, body: { body: text(`${BODY}\n增加遮雨棚。`), budget: 20000, budgetSource: "publicRevenue", baseRevision: 1 } });
    expect(revised.status).toBe(201);
    expect(await revised.json()).toEqual({ planId, topicId: w.topic.id, revision: 2 });
    const stranger = await call(revisionsRoute.POST, { method: "POST", token: residentToken, params: planParams, body: { body: text(`${BODY}（改）`) } });
    expect(stranger.status).toBe(403);

    const compared = (await (await call(compareRoute.GET, { token: residentToken, params: planParams, query: "?from=1&to=2" })).json()) as {
      parts: { kind: string; text: string }[];
      fields: { field: string }[];
    };
    expect(compared.parts.filter((p) => p.kind === "added").map((p) => p.text).join("")).toContain("增加遮雨棚");
    expect(compared.fields.map((f) => f.field)).toEqual(["budget", "milestones"]);

    const commented = await call(commentsRoute.POST, { method: "POST", token: residentToken, params: planParams, body: { body: "支持这个方案" } });
    expect(commented.status).toBe(201);
    const detail = (await (await call(planRoute.GET, { token: residentToken, params: planParams, query: "?revision=1" })).json()) as {
      revision: { number: number; budgetFen: number };
      revisions: unknown[];
      comments: { body: string; revisionNumber: number }[];
    };
    expect(detail.revision).toMatchObject({ number: 1, budgetFen: 1_280_050 });
    expect(detail.revisions).toHaveLength(2);
    expect(detail.comments).toEqual([expect.objectContaining({ body: "支持这个方案", revisionNumber: 2 })]);

    await unitOfWork(db, async (tx) => freezePlans(tx, [planId], new Date()));
    const frozen = await call(commentsRoute.POST, { method: "POST", token: residentToken, params: planParams, body: { body: "还能评论吗" } });
    expect(frozen.status).toBe(409);
    expect(await frozen.json()).toEqual({ error: { code: "conflict", message: "方案已提交表决，不能再修改或评论" } });
  });

  test("the operations are in the OpenAPI document", () => {
    const doc = openApiDocument();
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining(["/api/v1/topics/{id}/plans", "/api/v1/plans/{id}", "/api/v1/plans/{id}/revisions", "/api/v1/plans/{id}/compare", "/api/v1/plans/{id}/comments"]),
    );
    expect(doc.paths["/api/v1/topics/{id}/plans"]!.post).toMatchObject({ tags: ["plans"] });
  });
});

describe("plan screens", () => {
  /** Renders a server tree as the given person would see it; fails on any missing message. */
  async function render(person: { id: number } | null, make: () => Promise<unknown> | unknown, locale: Locale = "zh-CN"): Promise<string> {
    const html = await renderPageAs(person, make, { locale });
    // The rich-text editor mounts in the browser only (immediatelyRender: false), and takes its id there.
    expectLabelledIds(html, ["plan-body"]);
    return html;
  }

  test("the topic page's section lists the plans with their fields, and offers drafting to those who may", async () => {
    const w = await world();
    const { planId } = await draftBy(w, w.firmStaff, { budget: "12800.50", budgetSource: "maintenanceFund", deadline: "2025-06-30", responsibleOrganisationId: w.place.propertyFirm.id });
    await revisePlan(await ctxAs(w.firmStaff), { planId, body: text(`${BODY}（修订）`), budget: "12800.50", budgetSource: "maintenanceFund", deadline: "2025-06-30", responsibleOrganisationId: w.place.propertyFirm.id });
    await db.update(topics).set({ alternativesAllowed: true }).where(eq(topics.id, w.topic.id));
    const alt = await draftBy(w, w.resident, { title: "居民备选：车棚充电" });
    await unitOfWork(db, async (tx) => freezePlans(tx, [alt.planId], new Date()));

    const chief = await render(w.chief, () => PlansSection({ topicId: w.topic.id }));
    expect(chief).toContain("3号楼东侧加装充电桩");
    expect(chief).toContain(`/topics/${w.topic.id}/plans/${planId}`);
    expect(chief).toContain("正式方案");
    expect(chief).toContain("备选方案");
    expect(chief).toContain("已提交表决");
    expect(chief).toContain("¥12,800.50");
    expect(chief).toContain("维修资金");
    expect(chief).toContain("第 2 版");
    expect(chief).toContain("代表测试物业");
    expect(chief).toContain(`/topics/${w.topic.id}/plans/new`);
    expect(chief).toContain("起草方案");

    expect(await render(w.residentB, () => PlansSection({ topicId: w.topic.id }))).not.toContain("/plans/new");
    expect(await render(w.resident, () => PlansSection({ topicId: w.topic.id }))).toContain("提交备选方案");
    expect(await render(null, () => PlansSection({ topicId: w.topic.id }))).toContain("请登录后查看方案");
    expect(await render(w.outsider, () => PlansSection({ topicId: w.topic.id }))).toContain("找不到该议题");
    for (const locale of locales) await render(w.chief, () => PlansSection({ topicId: w.topic.id }), locale);
  });

  test("the plan page shows the revision, its history with compare links, and the comments with a form", async () => {
    const w = await world();
    const { planId } = await draftBy(w, w.firmStaff, { milestones: [{ title: "完成采购", dueOn: "2025-05-15" }] });
    await revisePlan(await ctxAs(w.firmStaff), { planId, body: text(`${BODY}（修订）`), note: "补充说明" });
    await commentOnPlan(await ctxAs(w.resident), { planId, body: "支持\n第二行" });
    const page = () => PlanPage({ params: Promise.resolve({ id: String(w.topic.id), planId: String(planId) }), searchParams: Promise.resolve({}) });

    const author = await render(w.firmStaff, page);
    expect(author).toContain(`/topics/${w.topic.id}/plans/${planId}/edit`);
    expect(author).toContain(`/topics/${w.topic.id}/plans/${planId}/compare?from=1&amp;to=2`);
    expect(author).toContain("第 2 版与第 1 版比较");
    expect(author).toContain("补充说明");
    expect(author).toContain("针对第 2 版");
    expect(author).toContain('name="body"');

    const other = await render(w.residentB, page);
    expect(other).not.toContain("/edit");
    expect(other).not.toContain('name="body"');
    expect(other).toContain("受邀人员可以评论方案");

    const older = await render(w.resident, () => PlanPage({ params: Promise.resolve({ id: String(w.topic.id), planId: String(planId) }), searchParams: Promise.resolve({ revision: "1" }) }));
    expect(older).toContain("您正在查看第 1 版，当前为第 2 版。");
    for (const locale of locales) await render(w.firmStaff, page, locale);
  });

  test("the compare page marks insertions and deletions for eyes and screen readers, and tables the changed fields", async () => {
    const w = await world();
    const { planId } = await draftBy(w, w.chief, { budget: "10000", budgetSource: "propertyFirm" });
    await revisePlan(await ctxAs(w.chief), { planId, body: text("物业负责在3号楼西侧加装充电桩，预算一万元。\n六月底前完工。"), budget: "12800.50", budgetSource: "propertyFirm" });
    const page = () =>
      ComparePage({ params: Promise.resolve({ id: String(w.topic.id), planId: String(planId) }), searchParams: Promise.resolve({ from: "1", to: "2" }) });
    const html = await render(w.resident, page);
    expect(html).toMatch(/<del class="[^"]*line-through[^"]*"><span class="sr-only">【删除：<\/span>东<span class="sr-only">】<\/span><\/del>/);
    expect(html).toMatch(/<ins class="[^"]*underline[^"]*"><span class="sr-only">【新增：<\/span>西<span class="sr-only">】<\/span><\/ins>/);
    expect(html).toContain('data-testid="changed-budget"');
    expect(html).toContain("¥10,000.00");
    expect(html).toContain("¥12,800.50");
    expect(html).not.toContain('data-testid="changed-budgetSource"');
    for (const locale of locales) await render(w.resident, page, locale);
  });

  test("the draft and revise forms are offered only to those who may, the revise form filled from the current revision", async () => {
    const w = await world();
    const newPage = () => NewPlanPage({ params: Promise.resolve({ id: String(w.topic.id) }) });
    const firm = await render(w.firmStaff, newPage);
    expect(firm).toContain('name="title"');
    expect(firm).toContain('name="budget"');
    expect(firm).toContain("您将代表「测试物业」起草这份方案。");
    expect(await render(w.resident, newPage)).toContain("本议题未开放居民提交备选方案");

    const { planId } = await draftBy(w, w.chief, { budget: "12800.50", budgetSource: "government", deadline: "2025-06-30", milestones: [{ title: "完成采购", dueOn: "2025-05-15" }], responsibleText: "街道城管科" });
    const editPage = () => EditPlanPage({ params: Promise.resolve({ id: String(w.topic.id), planId: String(planId) }) });
    const edit = await render(w.chief, editPage);
    expect(edit).toContain('value="12800.50"');
    expect(edit).toContain('value="街道城管科"');
    expect(edit).toContain('value="完成采购"');
    expect(edit).toContain('value="2025-05-15"');
    expect(edit).not.toContain('name="title"');
    expect(await render(w.resident, editPage)).toContain("只有方案起草人或负责该议题的工作人员可以修改方案");
    for (const locale of locales) {
      await render(w.chief, editPage, locale);
      await render(w.committeeMember, newPage, locale);
    }

    const options = await planFormOptions(await ctxAs(w.committeeMember), { topicId: w.topic.id });
    expect(options).toMatchObject({ mayDraft: true, draftKind: "official", speaksFor: [{ id: w.committee.id, name: "第一届业主委员会" }] });
    expect(options.organisations.map((o) => o.name)).toEqual(expect.arrayContaining(["测试物业", "第一届业主委员会", "专家咨询团"]));
    expect(options.people.map((p) => p.id)).toEqual(expect.arrayContaining([w.chief.id, w.firmStaff.id, w.committeeMember.id]));
  });
});
