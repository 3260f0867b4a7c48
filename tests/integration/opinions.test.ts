import { and, count, eq, isNull } from "drizzle-orm";
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
  opinions,
  organisations,
  roles,
  topicEvents,
  topicInvitations,
  topics,
  type Topic,
} from "@/db/schema";
import { OpinionsSection } from "@/app/topics/[id]/_opinions/opinions-section";
import { issueApiToken } from "@/lib/auth/tokens";
import { locales, type Locale } from "@/lib/i18n/config";
import { messages } from "@/lib/i18n/messages";
import { hideOpinion } from "@/lib/opinions/hide-opinion";
import { inviteToTopic } from "@/lib/opinions/invite-to-topic";
import { listInvitations } from "@/lib/opinions/list-invitations";
import { listOpinions } from "@/lib/opinions/list-opinions";
import { postOpinion } from "@/lib/opinions/post-opinion";
import { searchPeopleForInvite } from "@/lib/opinions/search-people-for-invite";
import { reindexTopic } from "@/lib/search/index-topic";
import { matchingTopicIds } from "@/lib/search/search-topics";
import { actorOf, ctxAs, fileDb } from "../helpers/db";
import { makeCommunity, makePerson, makeTopic, type ReachableState } from "../helpers/factory";
import { expectLabelledIds, renderPageAs } from "../helpers/page-session";
import { invalidOn, refusal } from "../helpers/refusal";
import { first } from "@/db/query";
import { inOrder } from "../helpers/in-order";

// The routes read the session secret from the environment; pages read the signed-in person and the
// language from the request, which here is the test's scope.
vi.hoisted(() => void (process.env.NEXTAUTH_SECRET = "opinions-test-secret"));
const session = await vi.hoisted(async () => (await import("../helpers/page-session")).mockRequestScope());

const opinionsRoute = await import("@/app/api/v1/topics/[id]/opinions/route");
const hideRoute = await import("@/app/api/v1/opinions/[id]/hide/route");
const invitationsRoute = await import("@/app/api/v1/topics/[id]/invitations/route");
const candidatesRoute = await import("@/app/api/v1/topics/[id]/invitations/candidates/route");

let db: DB;
fileDb((d) => (db = d));

const n = async (table: typeof opinions | typeof notifications | typeof events | typeof topicEvents | typeof topicInvitations) =>
  (await first(db.select({ n: count() }).from(table)))!.n;
/** Row counts of everything posting an opinion writes, to prove a refusal wrote nothing. */
const snapshot = async (topicId: number) => ({
  opinions: await n(opinions),
  notifications: await n(notifications),
  events: await n(events),
  topicEvents: await n(topicEvents),
  invitations: await n(topicInvitations),
  opinionCount: (await topicRow(topicId)).opinionCount,
});
const topicRow = async (id: number) => (await first(db.select().from(topics).where(eq(topics.id, id))))!;
const inboxOf = async (personId: number) => await db.select().from(notifications).where(eq(notifications.personId, personId));
/** opinionCount must always equal the topic's visible opinions and replies. */
const visibleOpinions = async (topicId: number) =>
  (await first(db.select({ n: count() }).from(opinions).where(and(eq(opinions.topicId, topicId), isNull(opinions.hiddenAt)))))!.n;
const searchFinds = async (topicId: number, words: string) => (await matchingTopicIds(db, words)).some((r) => r.id === topicId);

/** A community with a topic under consultation in grid A, and everyone who takes part in it. */
async function world() {
  const place = await makeCommunity(db);
  const other = await makeCommunity(db);
  const category = await first(db.insert(agendaCategories).values({ communityId: place.community.id, name: "公共事务" }).returning());
  // Three signatures admit a topic: the proposer and the two co-signers below.
  const item = await first(db.insert(agendaItems).values({ categoryId: category.id, name: "楼道堆物与电动车停放", cosignThreshold: 3 }).returning());

  const proposer = await makePerson(db, place, "owner", { grid: "A" });
  const cosigners = await inOrder([1, 2], () => makePerson(db, place, "resident", { grid: "A" }));
  const resident = await makePerson(db, place, "resident", { grid: "A" });
  const residentB = await makePerson(db, place, "resident", { grid: "B" });
  const chief = await makePerson(db, place, "gridChief", { grid: "A" });
  const chiefB = await makePerson(db, place, "gridChief", { grid: "B" });
  const firmStaff = await makePerson(db, place, "propertyFirmStaff");
  const outsider = await makePerson(db, other, "resident", { grid: "A" });

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
  const experts = (await Promise.all([1, 2].map(async () => {
    const p = await makePerson(db, place, "thinkTankMember");
    await db.update(roles).set({ organisationId: thinkTank.id }).where(eq(roles.personId, p.id));
    return p;
  })));

  // A row written by hand, not makeTopic: the tests read the proposer's and co-signers' inboxes from
  // empty, and co-signing and admission through the use cases would tell them first.
  const topic = await topicByHand(place.community.id, place.gridA.id, item.id, proposer.id);
  for (const c of cosigners) await db.insert(cosigns).values({ topicId: topic.id, personId: c.id });
  await db.update(topics).set({ cosignCount: cosigners.length }).where(eq(topics.id, topic.id));

  /** Another topic of the same proposer, brought to `state` through the use cases; a stage past the vote (which they cannot reach here) is a row by hand. */
  const newTopic = async (state: Topic["state"]) =>
    isReachable(state)
      ? await makeTopic(db, place, { state, item, proposer, cosigners, staff: chief })
      : await topicByHand(place.community.id, place.gridA.id, item.id, proposer.id, state);
  return { place, other, proposer, cosigners, resident, residentB, chief, chiefB, firmStaff, outsider, committee, committeeMember, thinkTank, experts, topic, newTopic };
}

const reachable: readonly string[] = ["proposed", "awaitingAdmission", "consulting", "drafting", "voting"] satisfies ReachableState[];
const isReachable = (state: Topic["state"]): state is ReachableState => reachable.includes(state);

async function topicByHand(communityId: number, gridId: number, agendaItemId: number, proposerId: number, state: Topic["state"] = "consulting") {
  const topic = await first(db
    .insert(topics)
    .values({
      communityId,
      gridId,
      agendaItemId,
      title: "楼道电动车停放整治",
      descriptionJson: { type: "doc", content: [{ type: "paragraph", content: [{ type: "text", text: "电动车停在楼道里，堵住了消防通道。" }] }] },
      descriptionHtml: "",
      proposerId,
      state,
      cosignThreshold: 5,
      cosignDeadline: new Date(Date.now() + 14 * 86_400_000),
    })
    .returning());
  await reindexTopic(db, topic.id);
  return topic;
}

describe("giving opinions", () => {
  test("a resident gives an opinion with each stance; the proposer is told; the count and the audit trail follow", async () => {
    const w = await world();
    const before = await n(topicEvents);
    const stances = ["support", "oppose", "suggestion"] as const;
    for (const stance of stances) {
      const posted = await postOpinion(await ctxAs(w.resident), { topicId: w.topic.id, stance, body: `我的意见：${stance}\n第二行` });
      expect(posted).toMatchObject({ topicId: w.topic.id, parentId: null, stance, official: null });
    }

    const rows = await db.select().from(opinions).where(eq(opinions.topicId, w.topic.id));
    expect(rows.map((r) => r.stance)).toEqual([...stances]);
    expect(rows[0]!.body).toBe("我的意见：support\n第二行"); // line breaks are kept
    expect((await topicRow(w.topic.id)).opinionCount).toBe(3);
    expect((await inboxOf(w.proposer.id)).map((m) => m.kind)).toEqual(["newOpinion", "newOpinion", "newOpinion"]);
    expect((await inboxOf(w.proposer.id))[0]!.data).toMatchObject({ title: "楼道电动车停放整治", stance: "support" });
    expect(await inboxOf(w.resident.id)).toEqual([]); // nobody is told what they did themselves
    expect(await inboxOf(w.cosigners[0]!.id)).toEqual([]); // ordinary opinions do not flood the co-signers
    // Ordinary opinions stay out of the timeline, to keep it readable.
    expect(await n(topicEvents)).toBe(before);
    const audit = await db.select().from(events).where(and(eq(events.kind, "opinion.posted"), eq(events.actorId, w.resident.id)));
    expect(audit).toHaveLength(3);
    expect(audit[0]!.data).toMatchObject({ topicId: w.topic.id, stance: "support", officialOrganisationId: null });

    const view = await listOpinions(await ctxAs(w.resident), { topicId: w.topic.id });
    expect(view.counts).toEqual({ support: 1, oppose: 1, suggestion: 1, replies: 0, hidden: 0 });
    expect(view.mayPost).toBe(true);
    expect(view.mayModerate).toBe(false);
    expect(view.speaksFor).toEqual([]);
  });

  test("the opinion is checked: a stance is needed, the text is 2–2000 characters", async () => {
    const w = await world();
    const before = await snapshot(w.topic.id);
    expect(await invalidOn(async () => postOpinion(await ctxAs(w.resident), { topicId: w.topic.id, body: "没有态度的意见" }), "stance")).toBe("stanceRequired");
    expect(await invalidOn(async () => postOpinion(await ctxAs(w.resident), { topicId: w.topic.id, stance: "maybe", body: "态度不对" }), "stance")).toBe("stanceRequired");
    expect(await invalidOn(async () => postOpinion(await ctxAs(w.resident), { topicId: w.topic.id, stance: "support", body: " 好 " }), "body")).toBe("opinionTooShort");
    expect(await invalidOn(async () => postOpinion(await ctxAs(w.resident), { topicId: w.topic.id, stance: "support", body: "很".repeat(2001) }), "body")).toBe("opinionTooLong");
    expect(await snapshot(w.topic.id)).toEqual(before);
    // Exactly 2000 characters is fine, and so is a form's empty "" for the fields left out.
    await postOpinion(await ctxAs(w.resident), { topicId: w.topic.id, stance: "support", body: "很".repeat(2000), parentId: "", officialOrganisationId: "" });
  });

  test("replies answer one opinion, carry no stance, and stay one level deep", async () => {
    const w = await world();
    const first = await postOpinion(await ctxAs(w.resident), { topicId: w.topic.id, stance: "oppose", body: "车棚太远，老人不方便。" });
    const reply = await postOpinion(await ctxAs(w.cosigners[0]!), { topicId: w.topic.id, parentId: first.opinionId, body: "可以在楼下加装充电桩。" });
    expect(reply).toMatchObject({ parentId: first.opinionId, stance: null });
    // Answering the reply continues the same thread rather than nesting deeper.
    const deeper = await postOpinion(await ctxAs(w.resident), { topicId: w.topic.id, parentId: reply.opinionId, body: "同意楼上的说法。" });
    expect(deeper.parentId).toBe(first.opinionId);

    expect(await invalidOn(async () => postOpinion(await ctxAs(w.resident), { topicId: w.topic.id, parentId: first.opinionId, stance: "support", body: "回复带态度" }), "stance")).toBe(
      "replyHasNoStance",
    );
    const elsewhere = await w.newTopic("consulting");
    const foreign = await postOpinion(await ctxAs(w.resident), { topicId: elsewhere.id, stance: "support", body: "另一个议题的意见" });
    expect(await refusal(async () => postOpinion(await ctxAs(w.resident), { topicId: w.topic.id, parentId: foreign.opinionId, body: "张冠李戴的回复" }))).toMatchObject({
      status: 404,
      messageKey: "opinionNotFound",
    });

    const view = await listOpinions(await ctxAs(w.resident), { topicId: w.topic.id });
    expect(view.threads).toHaveLength(1);
    expect(view.threads[0]!.replies.map((r) => r.id)).toEqual([reply.opinionId, deeper.opinionId]);
    expect(view.counts).toMatchObject({ oppose: 1, replies: 2 });
    expect((await topicRow(w.topic.id)).opinionCount).toBe(3);
    expect((await inboxOf(w.proposer.id)).filter((m) => m.kind === "newOpinion" && m.topicId === w.topic.id)).toHaveLength(3);
  });

  test("property-firm staff answer officially: shown with the firm's name, in the timeline, and proposer and co-signers are told", async () => {
    const w = await world();
    const question = await postOpinion(await ctxAs(w.resident), { topicId: w.topic.id, stance: "suggestion", body: "物业能否每周清理一次楼道？" });
    const answer = await postOpinion(await ctxAs(w.firmStaff), {
      topicId: w.topic.id,
      parentId: question.opinionId,
      body: "物业将于下周起每周三清理楼道。",
      officialOrganisationId: w.place.propertyFirm.id,
    });
    expect(answer.official).toEqual({ organisationId: w.place.propertyFirm.id, name: "测试物业" });

    const view = await listOpinions(await ctxAs(w.resident), { topicId: w.topic.id });
    expect(view.threads[0]!.replies[0]!.official).toEqual({ organisationId: w.place.propertyFirm.id, name: "测试物业", kind: "propertyFirm" });

    const timeline = await db.select().from(topicEvents).where(and(eq(topicEvents.topicId, w.topic.id), eq(topicEvents.kind, "opinionPosted")));
    expect(timeline).toHaveLength(1);
    expect(timeline[0]!.data).toEqual({ opinionId: answer.opinionId, stance: null, official: "测试物业" });

    for (const p of [w.proposer, ...w.cosigners]) {
      const official = (await inboxOf(p.id)).filter((m) => m.kind === "officialResponse");
      expect(official, `person ${p.id}`).toHaveLength(1);
      expect(official[0]!.topicId).toBe(w.topic.id);
      expect(official[0]!.data).toMatchObject({ title: "楼道电动车停放整治", organisation: "测试物业" });
    }
    expect(await inboxOf(w.firmStaff.id)).toEqual([]);
    expect(await inboxOf(w.resident.id)).toEqual([]);

    // The firm's staff see the firm among the organisations they may answer for.
    expect((await listOpinions(await ctxAs(w.firmStaff), { topicId: w.topic.id })).speaksFor).toEqual([{ id: w.place.propertyFirm.id, name: "测试物业", kind: "propertyFirm" }]);
  });

  test("an owners' committee member answers for the committee with a stance of its own", async () => {
    const w = await world();
    const posted = await postOpinion(await ctxAs(w.committeeMember), {
      topicId: w.topic.id,
      stance: "support",
      body: "业委会支持整治，并愿意协调维修资金。",
      officialOrganisationId: w.committee.id,
    });
    expect(posted.official?.name).toBe("第一届业主委员会");
    expect((await inboxOf(w.proposer.id)).map((m) => m.kind)).toEqual(["officialResponse"]);
  });

  test("a resident pretending to answer for the property firm is refused and nothing is written", async () => {
    const w = await world();
    const before = await snapshot(w.topic.id);
    const e = await refusal(async () =>
      postOpinion(await ctxAs(w.resident), { topicId: w.topic.id, stance: "support", body: "我代表物业说：没问题！", officialOrganisationId: w.place.propertyFirm.id }),
    );
    expect({ status: e.status, key: e.messageKey }).toEqual({ status: 403, key: "notOrganisationMember" });
    // Nor may the firm's staff speak for the owners' committee.
    const e2 = await refusal(async () =>
      postOpinion(await ctxAs(w.firmStaff), { topicId: w.topic.id, stance: "support", body: "业委会也同意。", officialOrganisationId: w.committee.id }),
    );
    expect(e2.status).toBe(403);
    // Nor for an organisation of another community.
    const foreignFirm = w.other.propertyFirm.id;
    expect((await refusal(async () => postOpinion(await ctxAs(w.firmStaff), { topicId: w.topic.id, stance: "support", body: "跨社区代言", officialOrganisationId: foreignFirm }))).status).toBe(403);
    expect(await snapshot(w.topic.id)).toEqual(before);
  });

  test("posting is refused outside consultation (409), only consulting and drafting take opinions", async () => {
    const w = await world();
    for (const state of ["proposed", "awaitingAdmission", "voting", "implementing", "closed", "rejected"] as const) {
      const t = await w.newTopic(state);
      const before = await snapshot(t.id);
      const e = await refusal(async () => postOpinion(await ctxAs(w.resident), { topicId: t.id, stance: "support", body: "还能发表意见吗？" }));
      expect({ state, status: e.status, key: e.messageKey }).toEqual({ state, status: 409, key: "opinionsClosed" });
      expect(await snapshot(t.id)).toEqual(before);
      const view = await listOpinions(await ctxAs(w.resident), { topicId: t.id });
      expect({ open: view.open, mayPost: view.mayPost, mayTakePart: view.mayTakePart }).toEqual({ open: false, mayPost: false, mayTakePart: true });
    }
    const drafting = await w.newTopic("drafting");
    expect((await postOpinion(await ctxAs(w.resident), { topicId: drafting.id, stance: "suggestion", body: "方案里请写明完成时间。" })).opinionId).toBeGreaterThan(0);
  });
});

describe("who may take part", () => {
  test("a resident of another grid is refused until invited; someone of another community does not see the topic at all", async () => {
    const w = await world();
    const before = await snapshot(w.topic.id);
    const e = await refusal(async () => postOpinion(await ctxAs(w.residentB), { topicId: w.topic.id, stance: "support", body: "隔壁网格也支持。" }));
    expect(e.status).toBe(403);
    expect((await listOpinions(await ctxAs(w.residentB), { topicId: w.topic.id })).mayPost).toBe(false);
    const outsider = await refusal(async () => postOpinion(await ctxAs(w.outsider), { topicId: w.topic.id, stance: "support", body: "外社区的人" }));
    expect({ status: outsider.status, key: outsider.messageKey }).toEqual({ status: 404, key: "topicNotFound" });
    expect((await refusal(async () => listOpinions(await ctxAs(w.outsider), { topicId: w.topic.id }))).status).toBe(404);
    expect(await snapshot(w.topic.id)).toEqual(before);

    await inviteToTopic(await ctxAs(w.chief), { topicId: w.topic.id, personIds: [w.residentB.id] });
    expect((await inboxOf(w.residentB.id)).map((m) => m.kind)).toEqual(["invited"]);
    const view = await listOpinions(await ctxAs(w.residentB), { topicId: w.topic.id });
    expect({ invited: view.invited, mayPost: view.mayPost }).toEqual({ invited: true, mayPost: true });
    expect((await postOpinion(await ctxAs(w.residentB), { topicId: w.topic.id, stance: "support", body: "受邀发表：隔壁网格也支持。" })).opinionId).toBeGreaterThan(0);
    // Being invited into one topic opens no other.
    const another = await w.newTopic("consulting");
    expect((await refusal(async () => postOpinion(await ctxAs(w.residentB), { topicId: another.id, stance: "support", body: "别的议题" }))).status).toBe(403);
  });

  test("staff invite a whole think tank: its members are told once and may then give opinions; inviting again is a no-op", async () => {
    const w = await world();
    const result = await inviteToTopic(await ctxAs(w.chief), { topicId: w.topic.id, organisationId: w.thinkTank.id, note: "请专家把关" });
    expect(result.invited.sort()).toEqual(w.experts.map((p) => p.id).sort());
    expect(result.alreadyInvited).toEqual([]);
    for (const p of w.experts) expect((await inboxOf(p.id)).map((m) => m.kind)).toEqual(["invited"]);
    const timeline = await db.select().from(topicEvents).where(and(eq(topicEvents.topicId, w.topic.id), eq(topicEvents.kind, "invited")));
    expect(timeline).toHaveLength(1);
    expect(timeline[0]).toMatchObject({ note: "请专家把关", data: { count: 2, thinkTank: "专家咨询团" } });

    const expert = w.experts[0]!;
    const posted = await postOpinion(await ctxAs(expert), { topicId: w.topic.id, stance: "suggestion", body: "建议按消防规范设置集中充电区。" });
    expect(posted.official).toBeNull();

    const before = await snapshot(w.topic.id);
    const again = await inviteToTopic(await ctxAs(w.chief), { topicId: w.topic.id, organisationId: w.thinkTank.id, personIds: [expert.id] });
    expect(again.invited).toEqual([]);
    expect(again.alreadyInvited.sort()).toEqual(w.experts.map((p) => p.id).sort());
    expect(await snapshot(w.topic.id)).toMatchObject({ notifications: before.notifications, invitations: before.invitations, topicEvents: before.topicEvents });

    const list = await listInvitations(await ctxAs(w.chief), { topicId: w.topic.id });
    expect(list.invitees.map((i) => i.personId).sort()).toEqual(w.experts.map((p) => p.id).sort());
    expect(list.invitees[0]!.invitedBy).toBe((await actorOf(db, w.chief.id)).name);
    expect(list.thinkTanks).toEqual([{ id: w.thinkTank.id, name: "专家咨询团", memberCount: 2 }]);
  });

  test("only the topic's staff invite, only people of the community, only into an open topic", async () => {
    const w = await world();
    const before = await snapshot(w.topic.id);
    expect((await refusal(async () => inviteToTopic(await ctxAs(w.resident), { topicId: w.topic.id, personIds: [w.residentB.id] }))).status).toBe(403);
    expect((await refusal(async () => inviteToTopic(await ctxAs(w.chiefB), { topicId: w.topic.id, personIds: [w.residentB.id] }))).status).toBe(403);
    expect((await refusal(async () => listInvitations(await ctxAs(w.resident), { topicId: w.topic.id }))).status).toBe(403);
    const outsider = await refusal(async () => inviteToTopic(await ctxAs(w.chief), { topicId: w.topic.id, personIds: [w.residentB.id, w.outsider.id] }));
    expect({ status: outsider.status, key: outsider.messageKey }).toEqual({ status: 422, key: "inviteeNotFound" });
    const notThinkTank = await refusal(async () => inviteToTopic(await ctxAs(w.chief), { topicId: w.topic.id, organisationId: w.place.propertyFirm.id }));
    expect({ status: notThinkTank.status, key: notThinkTank.messageKey }).toEqual({ status: 404, key: "thinkTankNotFound" });
    expect(await invalidOn(async () => inviteToTopic(await ctxAs(w.chief), { topicId: w.topic.id }), "personIds")).toBe("inviteeRequired");
    const closed = await w.newTopic("closed");
    expect((await refusal(async () => inviteToTopic(await ctxAs(w.chief), { topicId: closed.id, personIds: [w.residentB.id] }))).messageKey).toBe("invitationsClosed");
    expect(await snapshot(w.topic.id)).toEqual(before);
  });

  test("staff find people to invite by name or phone, with the phone masked and who is already invited", async () => {
    const w = await world();
    const target = await actorOf(db, w.residentB.id);
    const byName = await searchPeopleForInvite(await ctxAs(w.chief), { topicId: w.topic.id, q: target.name });
    expect(byName.map((p) => p.id)).toContain(w.residentB.id);
    const found = byName.find((p) => p.id === w.residentB.id)!;
    expect(found).toMatchObject({ roles: ["resident"], invited: false, maskedPhone: `${target.phone.slice(0, 3)}****${target.phone.slice(-4)}` });
    expect(found).not.toHaveProperty("phone");

    const byPhone = await searchPeopleForInvite(await ctxAs(w.chief), { topicId: w.topic.id, q: target.phone.slice(-8) });
    expect(byPhone.map((p) => p.id)).toEqual([w.residentB.id]);
    const expert = (await searchPeopleForInvite(await ctxAs(w.chief), { topicId: w.topic.id, q: (await actorOf(db, w.experts[0]!.id)).name }))[0]!;
    expect(expert.organisations).toEqual(["专家咨询团"]);

    await inviteToTopic(await ctxAs(w.chief), { topicId: w.topic.id, personIds: [w.residentB.id] });
    expect((await searchPeopleForInvite(await ctxAs(w.chief), { topicId: w.topic.id, q: target.name })).find((p) => p.id === w.residentB.id)!.invited).toBe(true);
    // People of other communities are never found; "%" is a character, not a wildcard.
    expect(await searchPeopleForInvite(await ctxAs(w.chief), { topicId: w.topic.id, q: (await actorOf(db, w.outsider.id)).phone })).toEqual([]);
    expect(await searchPeopleForInvite(await ctxAs(w.chief), { topicId: w.topic.id, q: "%" })).toEqual([]);
    expect((await refusal(async () => searchPeopleForInvite(await ctxAs(w.resident), { topicId: w.topic.id, q: "测试" }))).status).toBe(403);
  });
});

describe("moderation", () => {
  test("staff hide an abusive opinion with a reason: text kept for staff only, audit and timeline written, dropped from search", async () => {
    const w = await world();
    const abusive = await postOpinion(await ctxAs(w.resident), { topicId: w.topic.id, stance: "oppose", body: "你们都是骗子，收钱不干活！" });
    await postOpinion(await ctxAs(w.cosigners[0]!), { topicId: w.topic.id, stance: "support", body: "支持整治楼道。" });
    expect(await searchFinds(w.topic.id, "骗子")).toBe(true);
    expect((await topicRow(w.topic.id)).opinionCount).toBe(2);

    expect(await invalidOn(async () => hideOpinion(await ctxAs(w.chief), { opinionId: abusive.opinionId, reason: " " }), "reason")).toBe("hideReasonRequired");
    expect(await invalidOn(async () => hideOpinion(await ctxAs(w.chief), { opinionId: abusive.opinionId }), "reason")).toBe("hideReasonRequired");

    const hidden = await hideOpinion(await ctxAs(w.chief), { opinionId: abusive.opinionId, reason: "含有人身攻击内容" });
    expect(hidden).toMatchObject({ opinionId: abusive.opinionId, reason: "含有人身攻击内容" });

    const forResident = (await listOpinions(await ctxAs(w.resident), { topicId: w.topic.id })).threads.find((t) => t.id === abusive.opinionId)!;
    expect(forResident.body).toBeNull();
    expect(forResident.hidden?.reason).toBe("含有人身攻击内容");
    expect(JSON.stringify(await listOpinions(await ctxAs(w.proposer), { topicId: w.topic.id }))).not.toContain("骗子");
    const forStaff = await listOpinions(await ctxAs(w.chief), { topicId: w.topic.id });
    expect(forStaff.mayModerate).toBe(true);
    expect(forStaff.threads.find((t) => t.id === abusive.opinionId)!.body).toBe("你们都是骗子，收钱不干活！");
    expect(forStaff.counts).toMatchObject({ support: 1, oppose: 0, hidden: 1 });

    const audit = await db.select().from(events).where(and(eq(events.kind, "opinion.hidden"), eq(events.subjectId, abusive.opinionId)));
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ actorId: w.chief.id, subjectType: "opinion", data: { topicId: w.topic.id, reason: "含有人身攻击内容" } });
    const timeline = await db.select().from(topicEvents).where(and(eq(topicEvents.topicId, w.topic.id), eq(topicEvents.kind, "opinionHidden")));
    expect(timeline).toHaveLength(1);
    expect(timeline[0]).toMatchObject({ actorId: w.chief.id, note: "含有人身攻击内容", data: { opinionId: abusive.opinionId } });

    expect(await searchFinds(w.topic.id, "骗子")).toBe(false);
    expect(await searchFinds(w.topic.id, "整治楼道")).toBe(true);
    expect((await topicRow(w.topic.id)).opinionCount).toBe(1);

    // Hiding it again and answering it are refused, and change nothing.
    const before = await snapshot(w.topic.id);
    expect((await refusal(async () => hideOpinion(await ctxAs(w.chief), { opinionId: abusive.opinionId, reason: "再隐藏一次" }))).messageKey).toBe("opinionAlreadyHidden");
    expect((await refusal(async () => postOpinion(await ctxAs(w.resident), { topicId: w.topic.id, parentId: abusive.opinionId, body: "我再说一次" }))).messageKey).toBe("opinionHidden");
    expect(await snapshot(w.topic.id)).toEqual(before);
  });

  test("a resident, another grid's chief or another community cannot hide opinions", async () => {
    const w = await world();
    const opinion = await postOpinion(await ctxAs(w.resident), { topicId: w.topic.id, stance: "oppose", body: "我反对这个做法。" });
    const before = await snapshot(w.topic.id);
    expect((await refusal(async () => hideOpinion(await ctxAs(w.proposer), { opinionId: opinion.opinionId, reason: "我不喜欢" }))).status).toBe(403);
    expect((await refusal(async () => hideOpinion(await ctxAs(w.chiefB), { opinionId: opinion.opinionId, reason: "不是我的网格" }))).status).toBe(403);
    expect((await refusal(async () => hideOpinion(await ctxAs(w.outsider), { opinionId: opinion.opinionId, reason: "外人" }))).status).toBe(404);
    expect((await refusal(async () => hideOpinion(await ctxAs(w.chief), { opinionId: 9_999_999, reason: "不存在" }))).status).toBe(404);
    expect(await snapshot(w.topic.id)).toEqual(before);
    expect((await first(db.select().from(opinions).where(eq(opinions.id, opinion.opinionId))))!.hiddenAt).toBeNull();
  });

  test("opinionCount always equals the visible opinions and replies", async () => {
    const w = await world();
    const a = await postOpinion(await ctxAs(w.resident), { topicId: w.topic.id, stance: "support", body: "第一条意见" });
    const b = await postOpinion(await ctxAs(w.cosigners[0]!), { topicId: w.topic.id, stance: "oppose", body: "第二条意见" });
    await postOpinion(await ctxAs(w.cosigners[1]!), { topicId: w.topic.id, parentId: a.opinionId, body: "对第一条的回复" });
    expect((await topicRow(w.topic.id)).opinionCount).toBe(await visibleOpinions(w.topic.id));
    await hideOpinion(await ctxAs(w.chief), { opinionId: b.opinionId, reason: "重复刷屏" });
    expect((await topicRow(w.topic.id)).opinionCount).toBe(await visibleOpinions(w.topic.id));
    await postOpinion(await ctxAs(w.firmStaff), { topicId: w.topic.id, parentId: a.opinionId, body: "物业已记录。", officialOrganisationId: w.place.propertyFirm.id });
    expect((await topicRow(w.topic.id)).opinionCount).toBe(3);
    expect(await visibleOpinions(w.topic.id)).toBe(3);
  });
});

describe("consultation API", () => {
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

  test("post, read, hide and invite through /api/v1 with the same rules as the screens", async () => {
    const w = await world();
    const residentToken = (await issueApiToken(db, w.resident.id)).token;
    const chiefToken = (await issueApiToken(db, w.chief.id)).token;
    const params = { id: String(w.topic.id) };

    const posted = await call(opinionsRoute.POST, { method: "POST", token: residentToken, params, body: { stance: "oppose", body: "收费不合理，骗子！" } });
    expect(posted.status).toBe(201);
    const { opinionId } = (await posted.json()) as { opinionId: number };

    const pretend = await call(opinionsRoute.POST, {
      method: "POST",
      token: residentToken,
      params,
      body: { stance: "support", body: "代表物业表态", officialOrganisationId: w.place.propertyFirm.id },
    });
    expect(pretend.status).toBe(403);
    expect(await pretend.json()).toEqual({
      error: { code: "forbidden", message: "您不是该组织的成员，不能以它的名义作官方回应", fields: { officialOrganisationId: "您不是该组织的成员，不能以它的名义作官方回应" } },
    });
    const noStance = await call(opinionsRoute.POST, { method: "POST", token: residentToken, params, body: { body: "没有态度" } });
    expect(noStance.status).toBe(422);
    expect(((await noStance.json()) as { error: { fields: Record<string, string> } }).error.fields.stance).toBe("请选择您的态度：支持、反对或建议");

    const residentHides = await call(hideRoute.POST, { method: "POST", token: residentToken, params: { id: String(opinionId) }, body: { reason: "我想删" } });
    expect(residentHides.status).toBe(403);
    const hides = await call(hideRoute.POST, { method: "POST", token: chiefToken, params: { id: String(opinionId) }, body: { reason: "含有侮辱性词语" } });
    expect(hides.status).toBe(200);

    const list = (await (await call(opinionsRoute.GET, { token: residentToken, params })).json()) as { threads: { id: number; body: string | null; hidden: { reason: string } | null }[] };
    expect(list.threads).toEqual([expect.objectContaining({ id: opinionId, body: null, hidden: expect.objectContaining({ reason: "含有侮辱性词语" }) })]);

    const invite = await call(invitationsRoute.POST, { method: "POST", token: chiefToken, params, body: { organisationId: w.thinkTank.id } });
    expect(invite.status).toBe(200);
    expect(((await invite.json()) as { invited: number[] }).invited).toHaveLength(2);
    const invitees = (await (await call(invitationsRoute.GET, { token: chiefToken, params })).json()) as { invitees: unknown[] };
    expect(invitees.invitees).toHaveLength(2);
    const candidates = await call(candidatesRoute.GET, { token: chiefToken, params, query: `?q=${encodeURIComponent((await actorOf(db, w.residentB.id)).name)}` });
    expect(((await candidates.json()) as { people: { id: number }[] }).people.map((p) => p.id)).toContain(w.residentB.id);
    expect((await call(candidatesRoute.GET, { token: residentToken, params, query: "?q=x" })).status).toBe(403);
  });
});

describe("the topic page's consultation section", () => {
  /** Renders the server component as the given person would see it; fails on any missing message. */
  async function render(person: { id: number } | null, topicId: number, locale: Locale = "zh-CN"): Promise<string> {
    const html = await renderPageAs(person, () => OpinionsSection({ topicId }), { locale });
    expectLabelledIds(html);
    return html;
  }

  test("residents see stances, official responses and hidden notices; staff also see the hidden text and their tools", async () => {
    const w = await world();
    const first = await postOpinion(await ctxAs(w.resident), { topicId: w.topic.id, stance: "support", body: "支持整治\n第二段" });
    await postOpinion(await ctxAs(w.cosigners[0]!), { topicId: w.topic.id, stance: "oppose", body: "反对一刀切" });
    await postOpinion(await ctxAs(w.firmStaff), { topicId: w.topic.id, parentId: first.opinionId, body: "物业将加装充电桩", officialOrganisationId: w.place.propertyFirm.id });
    const abusive = await postOpinion(await ctxAs(w.cosigners[1]!), { topicId: w.topic.id, stance: "suggestion", body: "一群骗子" });
    await hideOpinion(await ctxAs(w.chief), { opinionId: abusive.opinionId, reason: "人身攻击" });

    const resident = await render(w.resident, w.topic.id);
    expect(resident).toContain("测试物业 官方回应");
    expect(resident).toContain("此条意见已被隐藏：人身攻击");
    expect(resident).not.toContain("一群骗子");
    expect(resident).toContain("badge-success");
    expect(resident).toContain("badge-error");
    expect(resident).toContain("whitespace-pre-line");
    expect(resident).toContain('name="stance"');
    expect(resident).not.toContain("officialOrganisationId");
    expect(resident).not.toContain("确认隐藏");
    expect(resident).not.toContain("邀请参与协商");

    const chief = await render(w.chief, w.topic.id);
    expect(chief).toContain("一群骗子");
    expect(chief).toContain("查看原文");
    expect(chief).toContain("确认隐藏");
    expect(chief).toContain("邀请参与协商");
    expect(chief).toContain("专家咨询团（2 人）");

    const firm = await render(w.firmStaff, w.topic.id);
    expect(firm).toContain("代表「测试物业」作官方回应");
    expect(firm).toContain('name="officialOrganisationId"');

    for (const locale of locales) await render(w.chief, w.topic.id, locale);
  });

  test("outside consultation, for another grid, or signed out, the form gives way to an explanation", async () => {
    const w = await world();
    expect(await render(w.resident, (await w.newTopic("voting")).id)).toContain("议题当前不在协商阶段");
    const other = await render(w.residentB, w.topic.id);
    expect(other).toContain("受邀人员发表意见");
    expect(other).not.toContain('name="body"');
    expect(await render(null, w.topic.id)).toContain("请登录后查看");
    expect(await render(w.outsider, w.topic.id)).toContain("找不到该议题");
  });
});
