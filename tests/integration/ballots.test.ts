import fs from "node:fs";
import path from "node:path";
import { and, count, eq } from "drizzle-orm";
import { describe, expect, test, vi } from "vitest";
import type { DB } from "@/db/client";
import {
  agendaCategories,
  agendaItems,
  auditLog,
  ballotElectorMembers,
  ballotElectors,
  ballotOptions,
  ballotProxies,
  ballots,
  buildings,
  cosigns,
  events,
  meetingAgendaItems,
  meetings,
  notices,
  notifications,
  people,
  planRevisions,
  plans,
  resolutions,
  roles,
  topicEvents,
  topics,
  units,
  votes,
  type VoteRule,
} from "@/db/schema";
import { castVote } from "@/lib/ballots/cast-vote";
import { closeBallot } from "@/lib/ballots/close-ballot";
import { closeDueBallots } from "@/lib/ballots/close-due-ballots";
import { enterPaperBallot } from "@/lib/ballots/enter-paper-ballot";
import { getBallot } from "@/lib/ballots/get-ballot";
import { listBallots } from "@/lib/ballots/list-ballots";
import { myBallots } from "@/lib/ballots/my-ballots";
import { ballotOpenOptions } from "@/lib/ballots/open-options";
import { openBallot } from "@/lib/ballots/open-ballot";
import { recordProxy } from "@/lib/ballots/record-proxy";
import { resolutionText } from "@/lib/ballots/resolution-text";
import type { BallotResult } from "@/lib/ballots/tally-ballot";
import { AppError } from "@/lib/errors";
import { recordAttendance } from "@/lib/meetings/record-attendance";
import { uploadsDir } from "@/lib/uploads/photos";
import { NextRequest } from "next/server";
import { openApiDocument } from "@/lib/api/openapi";
import { issueApiToken } from "@/lib/auth/tokens";
import type { Locale } from "@/lib/i18n/config";
import { messages } from "@/lib/i18n/messages";
import { ctxAs, fileDb } from "../helpers/db";
import { makeCommunity, makePerson } from "../helpers/factory";
import { expectLabelledIds, renderPageAs } from "../helpers/page-session";
import { expectRefused, refusal } from "../helpers/refusal";
import { CLOSES, DAY, HOUR, T0, at, png } from "./ballot-helpers";
import { first } from "@/db/query";

// The routes read the session secret from the environment; pages read the signed-in person and the
// language from the request, which here is the test's scope.
vi.hoisted(() => void (process.env.NEXTAUTH_SECRET = "ballots-test-secret"));
const session = await vi.hoisted(async () => (await import("../helpers/page-session")).mockRequestScope());

const topicBallotsRoute = await import("@/app/api/v1/topics/[id]/ballots/route");
const ballotRoute = await import("@/app/api/v1/ballots/[id]/route");
const myBallotsRoute = await import("@/app/api/v1/ballots/route");
const votesRoute = await import("@/app/api/v1/ballots/[id]/votes/route");
const paperRoute = await import("@/app/api/v1/ballots/[id]/paper/route");
const proxiesRoute = await import("@/app/api/v1/ballots/[id]/proxies/route");
const scanRoute = await import("@/app/api/v1/ballots/[id]/proxies/[proxyId]/scan/route");
const closeRoute = await import("@/app/api/v1/ballots/[id]/close/route");
const { TopicBallots } = await import("@/app/topics/[id]/_ballots/topic-ballots");
const { default: BallotPage } = await import("@/app/ballots/[id]/page");
const { default: NewBallotPage } = await import("@/app/ballots/new/page");
const { default: MyBallotsPage } = await import("@/app/ballots/page");

let db: DB;
fileDb((d) => (db = d));

let seq = 0;
async function person(name: string, status: "verified" | "pending" = "verified") {
  const n = ++seq;
  return await first(db
    .insert(people)
    .values({ phone: `135${String(n).padStart(8, "0")}`, passwordHash: "x", name, displayNumber: `BAL-${n}`, status })
    .returning());
}

/** A community with staff, a topic in drafting on an agenda item with the given rule, and one plan. */
async function world(opts: { itemRule?: VoteRule; state?: "drafting" | "consulting"; withPlan?: boolean } = {}) {
  const place = await makeCommunity(db);
  const chief = await makePerson(db, place, "gridChief", { grid: "A" });
  const chiefB = await makePerson(db, place, "gridChief", { grid: "B" });
  const proposer = await makePerson(db, place, "resident", { grid: "A" });
  const follower = await makePerson(db, place, "resident", { grid: "A" });
  const category = await first(db.insert(agendaCategories).values({ communityId: place.community.id, name: "公共事务" }).returning());
  const item = await first(db.insert(agendaItems).values({ categoryId: category.id, name: "加装电梯", defaultVoteRule: opts.itemRule ?? "simpleMajority" }).returning());
  // By hand, not makeTopic: tests read the topic's whole timeline as the vote alone writes it (["openVoting", "ballotOpened"], …), with no proposal or admission before.
  const topic = await first(db
    .insert(topics)
    .values({
      communityId: place.community.id,
      gridId: place.gridA.id,
      agendaItemId: item.id,
      title: "9号楼加装电梯",
      descriptionJson: { type: "doc", content: [] },
      descriptionHtml: "",
      proposerId: proposer.id,
      state: opts.state ?? "drafting",
      level: "grid",
      cosignThreshold: 2,
      cosignCount: 1,
      cosignDeadline: at(30 * DAY),
    })
    .returning());
  await db.insert(cosigns).values({ topicId: topic.id, personId: follower.id });
  const addPlan = async (title: string) => {
    const plan = await first(db.insert(plans).values({ topicId: topic.id, title, kind: "official", authorId: chief.id, organisationId: place.propertyFirm.id, currentRevision: 2 }).returning());
    await db.insert(planRevisions)
      .values({ planId: plan.id, number: 1, authorId: chief.id, bodyJson: {}, bodyHtml: "<p>初稿</p>", budgetFen: 1, milestones: [] });
    await db.insert(planRevisions)
      .values({
        planId: plan.id,
        number: 2,
        authorId: chief.id,
        bodyJson: {},
        bodyHtml: "<p>加装一部电梯</p>",
        responsibleOrganisationId: place.propertyFirm.id,
        budgetFen: 45_000_000,
        budgetSource: "maintenanceFund",
        deadline: "2026-09-30",
        milestones: [
          { title: "完成设计", dueOn: "2026-05-01" },
          { title: "竣工验收", dueOn: "2026-09-30" },
        ],
      });
    return plan;
  };
  const plan = opts.withPlan === false ? null : await addPlan("电梯加装方案");
  return { place, chief, chiefB, proposer, follower, item, topic, plan, addPlan };
}

type World = Awaited<ReturnType<typeof world>>;

/**
 * Building 9 of grid A: O1 owns two units (100 m² each), O2–O5 one unit of 200 m² each, the
 * developer still holds two units of 100 m²: six counted owners, 1200 m² in all.
 */
async function ownersBuilding(w: World) {
  const building = await first(db.insert(buildings).values({ gridId: w.place.gridA.id, code: "09", name: "9号楼" }).returning());
  const unit = async (number: string, area: number, developerHeld = false) => await first(db.insert(units).values({ buildingId: building.id, number, areaHundredths: area, developerHeld }).returning());
  const u = {
    u101: await unit("101", 10_000),
    u102: await unit("102", 10_000),
    u201: await unit("201", 20_000),
    u202: await unit("202", 20_000),
    u301: await unit("301", 20_000),
    u302: await unit("302", 20_000),
    u401: await unit("401", 10_000, true),
    u402: await unit("402", 10_000, true),
  };
  const owner = async (name: string, ...owned: { id: number }[]) => {
    const p = await person(name);
    for (const x of owned) await db.insert(roles).values({ personId: p.id, role: "owner", communityId: w.place.community.id, gridId: w.place.gridA.id, unitId: x.id });
    return p;
  };
  const o1 = await owner("业主一", u.u101, u.u102);
  const o2 = await owner("业主二", u.u201);
  const o3 = await owner("业主三", u.u202);
  const o4 = await owner("业主四", u.u301);
  const o5 = await owner("业主五", u.u302);
  // Someone whose registration is still pending does not count as an owner yet.
  const pendingOwner = await person("待核实", "pending");
  await db.insert(roles).values({ personId: pendingOwner.id, role: "owner", communityId: w.place.community.id, gridId: w.place.gridA.id, unitId: u.u302.id });
  // The proxy: a verified neighbour from another building.
  const proxy = await makePerson(db, w.place, "resident", { grid: "A" });
  return { building, u, o1, o2, o3, o4, o5, proxy };
}

async function openOwnersBallot(w: World, b: Awaited<ReturnType<typeof ownersBuilding>>, extra: Record<string, unknown> = {}) {
  return await openBallot(
    await ctxAs(w.chief),
    { topicId: w.topic.id, kind: "single", planIds: [w.plan!.id], rule: "ownersSupermajority", electorateKind: "buildingOwners", buildingId: b.building.id, secret: true, closesAt: CLOSES, ...extra },
    T0,
  );
}

async function openResidentsBallot(w: World, extra: Record<string, unknown> = {}) {
  return await openBallot(await ctxAs(w.chief), { topicId: w.topic.id, kind: "single", planIds: [w.plan!.id], electorateKind: "gridResidents", closesAt: CLOSES, ...extra }, T0);
}

const countOf = async (t: Parameters<ReturnType<DB["select"]>["from"]>[0]) => (await first(db.select({ n: count() }).from(t)))!.n;
async function snapshot() {
  return {
    ballots: await countOf(ballots),
    options: await countOf(ballotOptions),
    electors: await countOf(ballotElectors),
    members: await countOf(ballotElectorMembers),
    audit: await countOf(auditLog),
    topicEvents: await countOf(topicEvents),
    events: await countOf(events),
    notifications: await countOf(notifications),
  };
}
const topicState = async (id: number) => (await first(db.select({ state: topics.state }).from(topics).where(eq(topics.id, id))))!.state;

describe("opening a ballot", () => {
  test("staff of the topic open it: topic to voting, plan frozen, electorate snapshotted, timeline, audit, notifications", async () => {
    const w = await world();
    const opened = await openResidentsBallot(w, { title: "电梯方案表决" });
    expect(opened.state).toBe("voting");
    expect(await topicState(w.topic.id)).toBe("voting");
    const ballot = (await first(db.select().from(ballots).where(eq(ballots.id, opened.ballotId))))!;
    expect(ballot).toMatchObject({ title: "电梯方案表决", rule: "simpleMajority", status: "open", secret: true, electorCount: 2, votedCount: 0 });
    expect((await first(db.select().from(plans).where(eq(plans.id, w.plan!.id))))!.frozenAt).toEqual(T0);
    expect(await db.select().from(ballotOptions).where(eq(ballotOptions.ballotId, opened.ballotId))).toMatchObject([{ planId: w.plan!.id, revisionNumber: 2, position: 1 }]);
    const keys = (await db.select({ k: ballotElectors.electorKey }).from(ballotElectors).where(eq(ballotElectors.ballotId, opened.ballotId))).map((r) => r.k).sort();
    expect(keys).toEqual([`person:${w.follower.id}`, `person:${w.proposer.id}`].sort());
    const timeline = await db.select().from(topicEvents).where(eq(topicEvents.topicId, w.topic.id));
    expect(timeline.map((e) => e.kind)).toEqual(["openVoting", "ballotOpened"]);
    expect(timeline[1]!.data).toEqual({ ballotId: opened.ballotId, title: "电梯方案表决" });
    expect((await db.select().from(auditLog).where(eq(auditLog.ballotId, opened.ballotId))).map((e) => e.kind)).toEqual(["ballot.opened"]);
    const told = await db.select({ personId: notifications.personId }).from(notifications).where(and(eq(notifications.kind, "ballotOpened"), eq(notifications.topicId, w.topic.id)));
    expect(told.map((n) => n.personId).sort()).toEqual([w.proposer.id, w.follower.id].sort());
  });

  test("a resident is refused (403) and nothing is written", async () => {
    const w = await world();
    const before = await snapshot();
    await expectRefused(async () => openBallot(await ctxAs(w.proposer), { topicId: w.topic.id, kind: "single", planIds: [w.plan!.id], electorateKind: "gridResidents", closesAt: CLOSES }, T0), 403, "forbidden");
    // Staff of another grid do not own the topic either.
    await expectRefused(async () => openBallot(await ctxAs(w.chiefB), { topicId: w.topic.id, kind: "single", planIds: [w.plan!.id], electorateKind: "gridResidents", closesAt: CLOSES }, T0), 403, "forbidden");
    expect(await snapshot()).toEqual(before);
    expect(await topicState(w.topic.id)).toBe("drafting");
    expect((await first(db.select().from(plans).where(eq(plans.id, w.plan!.id))))!.frozenAt).toBeNull();
  });

  test("a topic not in drafting is refused (409); so is one without any plan (409); nothing is written", async () => {
    const consulting = await world({ state: "consulting" });
    const before = await snapshot();
    await expectRefused(() => openResidentsBallot(consulting), 409, "topicIllegalTransition");
    const planless = await world({ withPlan: false });
    const stranger = consulting.plan!;
    const before2 = await snapshot();
    await expectRefused(
      async () => openBallot(await ctxAs(planless.chief), { topicId: planless.topic.id, kind: "single", planIds: [stranger.id], electorateKind: "gridResidents", closesAt: CLOSES }, T0),
      409,
      "topicNeedsPlan",
    );
    expect(await snapshot()).toEqual(before2);
    expect(before.ballots).toBe(before2.ballots);
    expect(await topicState(planless.topic.id)).toBe("drafting");
  });

  test("plans of another topic are refused (422), and the topic stays in drafting", async () => {
    const w = await world();
    const other = await world();
    const e = await refusal(async () => openBallot(await ctxAs(w.chief), { topicId: w.topic.id, kind: "single", planIds: [other.plan!.id], electorateKind: "gridResidents", closesAt: CLOSES }, T0));
    expect(e.messageKey).toBe("planNotInTopic");
    expect(await topicState(w.topic.id)).toBe("drafting");
  });

  test("the rule: the item's by default, a stricter one allowed, a laxer or incomparable one refused (422 ruleNotStricter)", async () => {
    const strict = await world({ itemRule: "twoThirds" });
    await expectRefused(() => openResidentsBallot(strict, { rule: "simpleMajority" }), 422, "ruleNotStricter");
    await expectRefused(() => openResidentsBallot(strict, { rule: "ownersMajority" }), 422, "ruleNotStricter");
    expect(await topicState(strict.topic.id)).toBe("drafting");
    const opened = await openResidentsBallot(strict);
    expect((await first(db.select().from(ballots).where(eq(ballots.id, opened.ballotId))))!.rule).toBe("twoThirds");

    const lax = await world({ itemRule: "simpleMajority" });
    const stricter = await openResidentsBallot(lax, { rule: "twoThirds" });
    expect((await first(db.select().from(ballots).where(eq(ballots.id, stricter.ballotId))))!.rule).toBe("twoThirds");
  });

  test("an owners' rule needs an owners' electorate (422)", async () => {
    const w = await world({ itemRule: "ownersMajority" });
    await expectRefused(() => openResidentsBallot(w), 422, "ownersRuleNeedsOwners");
    await expectRefused(() => openResidentsBallot(w, { rule: "ownersSupermajority" }), 422, "ownersRuleNeedsOwners");
    const options = await ballotOpenOptions(await ctxAs(w.chief), { topicId: w.topic.id });
    expect(options).toMatchObject({ itemRule: "ownersMajority", rules: ["ownersMajority", "ownersSupermajority"], ownersRule: true, canOpen: true });
  });

  test("a choice needs two plans and a single ballot one (422)", async () => {
    const w = await world();
    const second = await w.addPlan("备选方案");
    await expect(openResidentsBallot(w, { kind: "choice", planIds: [w.plan!.id] })).rejects.toThrow();
    await expect(openResidentsBallot(w, { kind: "single", planIds: [w.plan!.id, second.id] })).rejects.toThrow();
    await expect(openResidentsBallot(w, { closesAt: at(-HOUR) })).rejects.toThrow(AppError);
    expect(await topicState(w.topic.id)).toBe("drafting");
  });

  test("building owners: an owner of two units counts once with both areas; the developer's units count as one owner", async () => {
    const w = await world({ itemRule: "ownersMajority" });
    const b = await ownersBuilding(w);
    const opened = await openOwnersBallot(w, b);
    expect(opened).toMatchObject({ electorCount: 6, electorAreaHundredths: 120_000 });
    const electors = await db.select().from(ballotElectors).where(eq(ballotElectors.ballotId, opened.ballotId));
    const byKey = new Map(electors.map((e) => [e.electorKey, e]));
    expect([...byKey.keys()].sort()).toEqual(["developer", `owner:${b.o1.id}`, `owner:${b.o2.id}`, `owner:${b.o3.id}`, `owner:${b.o4.id}`, `owner:${b.o5.id}`].sort());
    expect(byKey.get(`owner:${b.o1.id}`)).toMatchObject({ areaHundredths: 20_000, unitIds: [b.u.u101.id, b.u.u102.id] });
    expect(byKey.get(`owner:${b.o1.id}`)!.label).toContain("101、102");
    expect(byKey.get("developer")).toMatchObject({ areaHundredths: 20_000, unitIds: [b.u.u401.id, b.u.u402.id] });
    const members = await db.select().from(ballotElectorMembers).where(eq(ballotElectorMembers.ballotId, opened.ballotId));
    expect(members.filter((m) => m.electorKey === `owner:${b.o1.id}`).map((m) => m.personId)).toEqual([b.o1.id]);
    expect(members.filter((m) => m.electorKey === "developer")).toEqual([]);
    // The pending owner of 302 is not among the members: only O5 votes for that unit.
    expect(members.filter((m) => m.electorKey === `owner:${b.o5.id}`).map((m) => m.personId)).toEqual([b.o5.id]);
  });
});

describe("voting", () => {
  test("online vote, change of vote, outside the electorate, before the opening, after the close", async () => {
    const w = await world();
    const outsider = await makePerson(db, w.place, "resident", { grid: "B" });
    const opened = await openResidentsBallot(w, { opensAt: at(HOUR) });
    await expectRefused(async () => castVote(await ctxAs(w.proposer), { ballotId: opened.ballotId, choice: "agree" }, at(30 * 60_000)), 409, "ballotNotOpen");

    const firstVote = await castVote(await ctxAs(w.proposer), { ballotId: opened.ballotId, choice: "agree" }, at(2 * HOUR));
    expect(firstVote).toMatchObject({ electorKey: `person:${w.proposer.id}`, changed: false, choice: "agree" });
    expect((await first(db.select().from(ballots).where(eq(ballots.id, opened.ballotId))))!.votedCount).toBe(1);

    const changed = await castVote(await ctxAs(w.proposer), { ballotId: opened.ballotId, choice: "disagree" }, at(3 * HOUR));
    expect(changed.changed).toBe(true);
    const row = await db.select().from(votes).where(eq(votes.ballotId, opened.ballotId));
    expect(row).toHaveLength(1);
    expect(row[0]).toMatchObject({ choice: "disagree", channel: "online", castBy: w.proposer.id });
    expect((await first(db.select().from(ballots).where(eq(ballots.id, opened.ballotId))))!.votedCount).toBe(1);

    const before = await countOf(votes);
    await expectRefused(async () => castVote(await ctxAs(outsider), { ballotId: opened.ballotId, choice: "agree" }, at(3 * HOUR)), 403, "notInElectorate");
    await expectRefused(async () => castVote(await ctxAs(w.chief), { ballotId: opened.ballotId, choice: "agree" }, at(3 * HOUR)), 403, "notInElectorate");
    await expectRefused(async () => castVote(await ctxAs(w.proposer), { ballotId: opened.ballotId, electorKey: `person:${w.follower.id}`, choice: "agree" }, at(3 * HOUR)), 403, "notInElectorate");
    await expectRefused(async () => castVote(await ctxAs(w.proposer), { ballotId: opened.ballotId }, at(3 * HOUR)), 422, "voteChoiceRequired");
    expect(await countOf(votes)).toBe(before);

    await expectRefused(async () => castVote(await ctxAs(w.follower), { ballotId: opened.ballotId, choice: "agree" }, at(7 * DAY + 1)), 409, "ballotClosed");
    // The refusal writes nothing; the scheduled job closes the ballot (a vote no longer does).
    await closeDueBallots(db, at(7 * DAY + 1));
    expect((await first(db.select().from(ballots).where(eq(ballots.id, opened.ballotId))))!.status).toBe("closed");
    await expectRefused(async () => castVote(await ctxAs(w.proposer), { ballotId: opened.ballotId, choice: "agree" }, at(7 * DAY + 2)), 409, "ballotClosed");
  });

  test("each voter counts once across paper and online", async () => {
    const w = await world();
    const witness = "监票人王某";
    const opened = await openResidentsBallot(w);
    await castVote(await ctxAs(w.proposer), { ballotId: opened.ballotId, choice: "agree" }, at(HOUR));
    const e = await expectRefused(
      async () => enterPaperBallot(await ctxAs(w.chief), { ballotId: opened.ballotId, electorKey: `person:${w.proposer.id}`, choice: "disagree", witness }, at(2 * HOUR)),
      409,
      "alreadyVoted",
    );
    expect(e.params).toEqual({ channel: "online" });

    // Residents cannot enter paper ballots, and a witness is required.
    await expectRefused(async () => enterPaperBallot(await ctxAs(w.follower), { ballotId: opened.ballotId, electorKey: `person:${w.follower.id}`, choice: "agree", witness }, at(2 * HOUR)), 403, "forbidden");
    await expect(enterPaperBallot(await ctxAs(w.chief), { ballotId: opened.ballotId, electorKey: `person:${w.follower.id}`, choice: "agree", witness: "" }, at(2 * HOUR))).rejects.toThrow();

    const paper = await enterPaperBallot(await ctxAs(w.chief), { ballotId: opened.ballotId, electorKey: `person:${w.follower.id}`, choice: "agree", witness }, at(2 * HOUR));
    expect(paper).not.toHaveProperty("choice");
    expect(await first(db.select().from(votes).where(eq(votes.id, paper.voteId)))).toMatchObject({ channel: "paper", castBy: w.follower.id, recordedBy: w.chief.id, witness });
    await expectRefused(async () => castVote(await ctxAs(w.follower), { ballotId: opened.ballotId, choice: "disagree" }, at(3 * HOUR)), 409, "votedOnPaper");
    const again = await expectRefused(
      async () => enterPaperBallot(await ctxAs(w.chief), { ballotId: opened.ballotId, electorKey: `person:${w.follower.id}`, choice: "agree", witness }, at(3 * HOUR)),
      409,
      "alreadyVoted",
    );
    expect(again.params).toEqual({ channel: "paper" });
    expect((await first(db.select().from(ballots).where(eq(ballots.id, opened.ballotId))))!.votedCount).toBe(2);
  });

  test("a proxy votes for the principal (委托投票), and may vote for several", async () => {
    const w = await world({ itemRule: "ownersMajority" });
    const b = await ownersBuilding(w);
    const opened = await openOwnersBallot(w, b);
    const scan = await recordProxy(await ctxAs(w.chief), { ballotId: opened.ballotId, electorKey: `owner:${b.o4.id}`, proxyPersonId: b.proxy.id }, png(), at(HOUR));
    await recordProxy(await ctxAs(w.chief), { ballotId: opened.ballotId, electorKey: `owner:${b.o5.id}`, proxyPersonId: b.proxy.id }, png(), at(HOUR));
    const stored = (await first(db.select().from(ballotProxies).where(eq(ballotProxies.id, scan.proxyId))))!;
    expect(stored).toMatchObject({ electorKey: `owner:${b.o4.id}`, proxyPersonId: b.proxy.id, scanMime: "image/png", recordedBy: w.chief.id });
    expect(fs.existsSync(path.join(uploadsDir(), stored.scanStoredName))).toBe(true);

    // Refusals: a resident, a second authorization, a missing or fake scan, an owner as their own proxy.
    expect((await refusal(async () => recordProxy(await ctxAs(b.o1), { ballotId: opened.ballotId, electorKey: `owner:${b.o2.id}`, proxyPersonId: b.proxy.id }, png(), at(HOUR)))).status).toBe(403);
    expect((await refusal(async () => recordProxy(await ctxAs(w.chief), { ballotId: opened.ballotId, electorKey: `owner:${b.o4.id}`, proxyPersonId: b.o1.id }, png(), at(HOUR)))).messageKey).toBe("proxyExists");
    expect((await refusal(async () => recordProxy(await ctxAs(w.chief), { ballotId: opened.ballotId, electorKey: `owner:${b.o2.id}`, proxyPersonId: b.proxy.id }, null, at(HOUR)))).messageKey).toBe("proxyScanRequired");
    const fake = new File([new TextEncoder().encode("not an image at all")], "scan.png", { type: "image/png" });
    const notImage = await refusal(async () => recordProxy(await ctxAs(w.chief), { ballotId: opened.ballotId, electorKey: `owner:${b.o2.id}`, proxyPersonId: b.proxy.id }, fake, at(HOUR)));
    expect(notImage.fieldErrors).toEqual({ scan: "photoNotImage" });
    expect((await refusal(async () => recordProxy(await ctxAs(w.chief), { ballotId: opened.ballotId, electorKey: `owner:${b.o2.id}`, proxyPersonId: b.o2.id }, png(), at(HOUR)))).messageKey).toBe("proxyIsMember");

    const mine = (await myBallots(await ctxAs(b.proxy), at(2 * HOUR))).ballots.find((x) => x.id === opened.ballotId)!;
    expect(mine.electors.map((e) => [e.electorKey, e.viaProxy, e.voted])).toEqual([
      [`owner:${b.o4.id}`, true, false],
      [`owner:${b.o5.id}`, true, false],
    ]);
    // With several principals the elector must be named.
    await expectRefused(async () => castVote(await ctxAs(b.proxy), { ballotId: opened.ballotId, choice: "agree" }, at(2 * HOUR)), 422, "electorRequired");
    const cast = await castVote(await ctxAs(b.proxy), { ballotId: opened.ballotId, electorKey: `owner:${b.o4.id}`, choice: "disagree" }, at(2 * HOUR));
    expect(cast).toMatchObject({ viaProxy: true, changed: false });
    const vote = (await first(db.select().from(votes).where(and(eq(votes.ballotId, opened.ballotId), eq(votes.electorKey, `owner:${b.o4.id}`)))))!;
    expect(vote).toMatchObject({ castBy: b.proxy.id, viaProxyId: scan.proxyId, channel: "online", choice: "disagree" });
    const ballot = (await first(db.select().from(ballots).where(eq(ballots.id, opened.ballotId))))!;
    expect(ballot).toMatchObject({ votedCount: 1, votedAreaHundredths: 20_000 });
    expect((await myBallots(await ctxAs(b.proxy), at(2 * HOUR))).ballots[0]!.electors.map((e) => e.voted)).toEqual([true, false]);
  });

  test("while a secret ballot is open nobody sees any choice or count by choice, staff included; after the close only the counts", async () => {
    const w = await world();
    const opened = await openResidentsBallot(w);
    await castVote(await ctxAs(w.proposer), { ballotId: opened.ballotId, choice: "agree" }, at(HOUR));
    await enterPaperBallot(await ctxAs(w.chief), { ballotId: opened.ballotId, electorKey: `person:${w.follower.id}`, choice: "disagree", witness: "监票人李某" }, at(HOUR));

    const staff = await getBallot(await ctxAs(w.chief), { ballotId: opened.ballotId }, at(2 * HOUR));
    expect(staff.phase).toBe("open");
    expect(staff.result).toBeNull();
    expect(staff.namedChoices).toBeNull();
    expect(staff.turnout).toMatchObject({ votedCount: 2, electorCount: 2, headcountPercent: "100.0%" });
    expect(staff.me).toEqual({ mayManage: true, electors: [] });
    expect(staff.staff!.electors.map((e) => Object.keys(e).sort())).toEqual([
      ["areaHundredths", "electorKey", "hasProxy", "label", "voted"],
      ["areaHundredths", "electorKey", "hasProxy", "label", "voted"],
    ]);
    const text = JSON.stringify(staff);
    for (const word of ["agree", "disagree", "abstain", "counts", "optionCounts", "figures"]) expect(text).not.toContain(word);

    // The voter sees their own choice, and no one else's.
    const voter = await getBallot(await ctxAs(w.proposer), { ballotId: opened.ballotId }, at(2 * HOUR));
    expect(voter.me.electors).toMatchObject([{ electorKey: `person:${w.proposer.id}`, vote: { choice: "agree", channel: "online" } }]);
    expect(voter.staff).toBeNull();
    expect(JSON.stringify(voter)).not.toContain("disagree");

    const list = await listBallots(await ctxAs(w.chief), { topicId: w.topic.id }, at(2 * HOUR));
    expect(list.ballots[0]).toMatchObject({ phase: "open", passed: null, reasonKey: null });
    expect(JSON.stringify(list)).not.toMatch(/agree|counts/);

    await closeBallot(await ctxAs(w.chief), { ballotId: opened.ballotId }, at(3 * HOUR));
    const after = await getBallot(await ctxAs(w.proposer), { ballotId: opened.ballotId }, at(4 * HOUR));
    expect(after.result!.counts).toEqual({ agree: 1, disagree: 1, abstain: 0 });
    // Secret: never who chose what.
    expect(after.namedChoices).toBeNull();
  });

  test("a named ballot lists each elector's choice after the close, not before", async () => {
    const w = await world();
    const opened = await openResidentsBallot(w, { secret: false });
    await castVote(await ctxAs(w.proposer), { ballotId: opened.ballotId, choice: "agree" }, at(HOUR));
    await castVote(await ctxAs(w.follower), { ballotId: opened.ballotId, choice: "abstain" }, at(HOUR));
    expect((await getBallot(await ctxAs(w.chief), { ballotId: opened.ballotId }, at(2 * HOUR))).namedChoices).toBeNull();
    await closeDueBallots(db, at(7 * DAY));
    const closed = await getBallot(await ctxAs(w.chief), { ballotId: opened.ballotId }, at(7 * DAY));
    expect(closed.phase).toBe("closed");
    expect(closed.namedChoices!.map((c) => [c.electorKey, c.choice]).sort()).toEqual(
      [
        [`person:${w.proposer.id}`, "agree"],
        [`person:${w.follower.id}`, "abstain"],
      ].sort(),
    );
  });
});

describe("closing", () => {
  test("owners' supermajority met exactly: the topic is resolved, the resolution states every figure and goes on the notice board for 7 days", async () => {
    const w = await world({ itemRule: "ownersSupermajority" });
    const b = await ownersBuilding(w);
    const opened = await openOwnersBallot(w, b);
    const proxy = await recordProxy(await ctxAs(w.chief), { ballotId: opened.ballotId, electorKey: `owner:${b.o4.id}`, proxyPersonId: b.proxy.id }, png(), at(HOUR));
    await castVote(await ctxAs(b.o1), { ballotId: opened.ballotId, choice: "agree" }, at(2 * HOUR));
    await castVote(await ctxAs(b.o2), { ballotId: opened.ballotId, choice: "disagree" }, at(2 * HOUR));
    await castVote(await ctxAs(b.o2), { ballotId: opened.ballotId, choice: "agree" }, at(3 * HOUR));
    await enterPaperBallot(await ctxAs(w.chief), { ballotId: opened.ballotId, electorKey: `owner:${b.o3.id}`, choice: "agree", witness: "监票人赵某" }, at(3 * HOUR));
    await castVote(await ctxAs(b.proxy), { ballotId: opened.ballotId, electorKey: `owner:${b.o4.id}`, choice: "disagree" }, at(4 * HOUR));
    expect(await db.select().from(votes).where(eq(votes.viaProxyId, proxy.proxyId))).toHaveLength(1);

    // Residents may not close it. Staff may not close it early either: two owners have not voted and
    // could still turn it (the announced period is kept); at its closing time they may.
    await expectRefused(async () => closeBallot(await ctxAs(b.o1), { ballotId: opened.ballotId }, at(DAY)), 403, "forbidden");
    await expectRefused(async () => closeBallot(await ctxAs(w.chief), { ballotId: opened.ballotId }, at(2 * DAY)), 409, "ballotCloseTooEarly");
    const closeAt = CLOSES;
    const closed = await closeBallot(await ctxAs(w.chief), { ballotId: opened.ballotId }, closeAt);
    expect(closed).toMatchObject({ passed: true, winningPlanId: w.plan!.id, topicState: "resolved" });
    await expectRefused(async () => closeBallot(await ctxAs(w.chief), { ballotId: opened.ballotId }, closeAt), 409, "ballotAlreadyClosed");

    const ballot = (await first(db.select().from(ballots).where(eq(ballots.id, opened.ballotId))))!;
    const result = ballot.result as unknown as BallotResult;
    expect(ballot).toMatchObject({ status: "closed", passed: true, winningPlanId: w.plan!.id, closedAt: closeAt, votedCount: 4, votedAreaHundredths: 80_000 });
    expect(result.figures.map((f) => `${f.key} ${f.percent} ${f.comparator} ${f.thresholdPercent} ${f.met}`)).toEqual([
      "participationArea 66.7% ≥ 66.7% true",
      "participationHeadcount 66.7% ≥ 66.7% true",
      "approvalArea 75.0% ≥ 75.0% true",
      "approvalHeadcount 75.0% ≥ 75.0% true",
    ]);
    expect(result.counts).toEqual({ agree: 3, disagree: 1, abstain: 0 });
    expect(await topicState(w.topic.id)).toBe("resolved");

    const resolution = (await first(db.select().from(resolutions).where(eq(resolutions.ballotId, opened.ballotId))))!;
    expect(resolution.number).toBe(`${w.place.community.code}决〔2026〕1号`);
    expect(resolution.title).toBe("关于《电梯加装方案》的决议");
    for (const line of [
      "参与面积 66.7% ≥ 66.7%（800.00 / 1200.00 平方米）",
      "参与人数 66.7% ≥ 66.7%（4 / 6 人）",
      "同意面积 75.0% ≥ 75.0%（600.00 / 800.00 平方米）",
      "同意人数 75.0% ≥ 75.0%（3 / 4 人）",
      "同意 3 票，反对 1 票，弃权 0 票",
      "《电梯加装方案》（第 2 版",
      "责任方：测试物业",
      "¥450,000.00",
      "专项维修资金",
      "2026年9月30日",
      "2026年5月1日 完成设计",
      "业主共同决定（重大事项）",
      "不记名",
      "9号楼全体业主",
      "2026年3月9日",
    ]) {
      expect(resolution.text).toContain(line);
    }
    const notice = (await first(db.select().from(notices).where(eq(notices.resolutionId, resolution.id))))!;
    expect(notice).toMatchObject({ kind: "resolution", gridId: w.place.gridA.id, topicId: w.topic.id, publishedAt: closeAt, body: resolution.text, createdBy: w.chief.id });
    expect(notice.until.getTime() - notice.publishedAt.getTime()).toBe(7 * DAY);

    const resolved = await db.select({ personId: notifications.personId }).from(notifications).where(and(eq(notifications.kind, "resolved"), eq(notifications.topicId, w.topic.id)));
    expect(resolved.map((n) => n.personId).sort()).toEqual([w.proposer.id, w.follower.id].sort());
    const timeline = await db.select().from(topicEvents).where(eq(topicEvents.topicId, w.topic.id));
    expect(timeline.map((e) => e.kind)).toEqual(["openVoting", "ballotOpened", "ballotClosed", "passVote"]);
    expect(timeline[2]!.data).toEqual({ ballotId: opened.ballotId, passed: true });
    expect(timeline[3]!.actorId).toBeNull();

    const view = await getBallot(await ctxAs(b.o5), { ballotId: opened.ballotId }, at(3 * DAY));
    expect(view.resolution).toMatchObject({ number: resolution.number, noticeId: notice.id });
    expect(view.result!.passed).toBe(true);
    expect((await listBallots(await ctxAs(b.o5), { topicId: w.topic.id }, at(3 * DAY))).ballots[0]).toMatchObject({ passed: true, reasonKey: "passed", resolution: { number: resolution.number } });
  });

  test("one vote short of the area: the ballot fails and the topic goes to failed, closed by the scheduled job after the closing time", async () => {
    const w = await world({ itemRule: "ownersSupermajority" });
    const b = await ownersBuilding(w);
    const opened = await openOwnersBallot(w, b);
    await castVote(await ctxAs(b.o1), { ballotId: opened.ballotId, choice: "agree" }, at(HOUR));
    await castVote(await ctxAs(b.o2), { ballotId: opened.ballotId, choice: "agree" }, at(HOUR));
    await castVote(await ctxAs(b.o3), { ballotId: opened.ballotId, choice: "agree" }, at(HOUR));
    // Three of six owners with 600 of 1200 m²: participation is short of two thirds.
    await closeDueBallots(db, at(7 * DAY + 1));
    const view = await getBallot(await ctxAs(b.o1), { ballotId: opened.ballotId }, at(7 * DAY + 1));
    expect(view.phase).toBe("closed");
    expect(view.result).toMatchObject({ passed: false, reasonKey: "participationAreaShort" });
    expect(view.result!.figures[0]).toMatchObject({ key: "participationArea", percent: "50.0%", met: false });
    expect(await topicState(w.topic.id)).toBe("failed");
    expect(await db.select().from(resolutions).where(eq(resolutions.ballotId, opened.ballotId))).toEqual([]);
    expect((await first(db.select().from(ballots).where(eq(ballots.id, opened.ballotId))))!.closedAt).toEqual(CLOSES);
    const kinds = await db.select({ kind: topicEvents.kind, actorId: topicEvents.actorId }).from(topicEvents).where(eq(topicEvents.topicId, w.topic.id));
    expect(kinds.slice(-2)).toEqual([
      { kind: "ballotClosed", actorId: null },
      { kind: "failVote", actorId: null },
    ]);
    // A second read does not close it again.
    await getBallot(await ctxAs(b.o1), { ballotId: opened.ballotId }, at(8 * DAY));
    expect(await db.select().from(auditLog).where(and(eq(auditLog.ballotId, opened.ballotId), eq(auditLog.kind, "ballot.tallied")))).toHaveLength(1);
  });

  test("a choice among plans: the plan with more than half of the votes wins and becomes the resolution", async () => {
    const w = await world();
    const second = await w.addPlan("加装电梯备选方案");
    const third = await makePerson(db, w.place, "owner", { grid: "A" });
    const opened = await openResidentsBallot(w, { kind: "choice", planIds: [w.plan!.id, second.id] });
    await expectRefused(async () => castVote(await ctxAs(w.proposer), { ballotId: opened.ballotId, choice: "agree" }, at(HOUR)), 422, "votePlanRequired");
    await castVote(await ctxAs(w.proposer), { ballotId: opened.ballotId, planId: second.id }, at(HOUR));
    await castVote(await ctxAs(w.follower), { ballotId: opened.ballotId, planId: second.id }, at(HOUR));
    await castVote(await ctxAs(third), { ballotId: opened.ballotId, planId: w.plan!.id }, at(HOUR));
    const closed = await closeBallot(await ctxAs(w.chief), { ballotId: opened.ballotId }, at(DAY));
    expect(closed).toMatchObject({ passed: true, winningPlanId: second.id });
    const view = await getBallot(await ctxAs(w.chief), { ballotId: opened.ballotId }, at(DAY));
    expect(view.result!.optionCounts).toEqual([
      { planId: w.plan!.id, votes: 1 },
      { planId: second.id, votes: 2 },
    ]);
    expect(view.result!.choice).toMatchObject({ winner: second.id, reasonKey: "majority" });
    const resolution = (await first(db.select().from(resolutions).where(eq(resolutions.ballotId, opened.ballotId))))!;
    expect(resolution.planId).toBe(second.id);
    expect(resolution.text).toContain("《加装电梯备选方案》2 票");
    expect(resolution.text).toContain("同意票数 66.7% > 50.0%（2 / 3 票）");
  });

  test("the resolution text is built from the plan and the result only", () => {
    const text = resolutionText({
      number: "HX决〔2026〕3号",
      communityName: "和谐社区",
      gridName: "第一网格",
      topicTitle: "停车棚维修",
      ballotTitle: "停车棚维修方案表决",
      electorateKind: "gridResidents",
      electorateName: null,
      secret: false,
      opensAt: T0,
      closesAt: at(DAY),
      closedAt: at(DAY),
      earlyClose: null,
      plan: { title: "停车棚维修方案", revisionNumber: 1, responsible: "", budgetFen: 0, budgetSource: "none", deadline: null, milestones: [] },
      planTitles: {},
      result: {
        kind: "single",
        rule: "simpleMajority",
        passed: true,
        reasonKey: "passed",
        figures: [{ key: "approvalVotes", numerator: 19, denominator: 25, threshold: { num: 1, den: 2, strict: true }, met: true, percent: "76.0%", thresholdPercent: "50.0%", comparator: ">" }],
        votesCast: 25,
        electorCount: 40,
        electorAreaHundredths: 0,
        votedAreaHundredths: 0,
        counts: { agree: 19, disagree: 4, abstain: 2 },
        optionCounts: null,
        choice: null,
        quorum: null,
        winningPlanId: 1,
      },
    });
    expect(text.split("\n")[0]).toBe("HX决〔2026〕3号");
    expect(text).toContain("同意票数 76.0% > 50.0%（19 / 25 票），达到");
    expect(text).toContain("应参与表决 40 人，实际参与表决 25 人");
    expect(text).toContain("以记名方式组织第一网格全体已核实居民进行表决");
    expect(text).toContain("完成期限：未定");
  });
});

describe("meeting ballots", () => {
  test("the electorate is whoever has checked in when they vote, and the presence quorum is shown live", async () => {
    const w = await world();
    const meeting = await first(db
      .insert(meetings)
      .values({ communityId: w.place.community.id, gridId: w.place.gridA.id, title: "三月网格议事会", startsAt: T0, place: "议事厅", createdBy: w.chief.id })
      .returning());
    await db.insert(meetingAgendaItems).values({ meetingId: meeting.id, topicId: w.topic.id, position: 1 });
    const a = await makePerson(db, w.place, "owner", { grid: "A" });
    const c = await makePerson(db, w.place, "owner", { grid: "A" });
    const present = async (p: { id: number }) => recordAttendance(await ctxAs(w.chief), { meetingId: meeting.id, personId: p.id, present: true }, T0);
    await present(a);

    // A meeting elsewhere, or one this topic is not on, is refused.
    const otherMeeting = await first(db.insert(meetings).values({ communityId: w.place.community.id, gridId: w.place.gridA.id, title: "别的会", startsAt: T0, createdBy: w.chief.id }).returning());
    await expectRefused(() => openResidentsBallot(w, { electorateKind: "meetingAttendees", meetingId: otherMeeting.id }), 422, "ballotMeetingInvalid");

    const opened = await openResidentsBallot(w, { electorateKind: "meetingAttendees", meetingId: meeting.id, quorumRequired: 3, secret: false });
    expect(opened.electorCount).toBe(1);
    expect((await getBallot(await ctxAs(w.chief), { ballotId: opened.ballotId }, at(HOUR))).quorum).toEqual({ required: 3, present: 1, met: false });

    await expectRefused(async () => castVote(await ctxAs(c), { ballotId: opened.ballotId, choice: "agree" }, at(HOUR)), 403, "notInElectorate");
    await present(c);
    await present(w.proposer);
    const live = await getBallot(await ctxAs(c), { ballotId: opened.ballotId }, at(HOUR));
    expect(live.quorum).toEqual({ required: 3, present: 3, met: true });
    expect(live.me.electors.map((e) => e.electorKey)).toEqual([`person:${c.id}`]);

    await castVote(await ctxAs(a), { ballotId: opened.ballotId, choice: "agree" }, at(HOUR));
    await castVote(await ctxAs(c), { ballotId: opened.ballotId, choice: "agree" }, at(HOUR));
    await enterPaperBallot(await ctxAs(w.chief), { ballotId: opened.ballotId, electorKey: `person:${w.proposer.id}`, choice: "disagree", witness: "监票人钱某" }, at(HOUR));
    expect((await getBallot(await ctxAs(w.chief), { ballotId: opened.ballotId }, at(HOUR))).turnout).toMatchObject({ votedCount: 3, electorCount: 3 });
    // Someone not checked in cannot be entered on paper either.
    await expectRefused(
      async () => enterPaperBallot(await ctxAs(w.chief), { ballotId: opened.ballotId, electorKey: `person:${w.follower.id}`, choice: "agree", witness: "监票人钱某" }, at(HOUR)),
      422,
      "electorNotFound",
    );

    const closed = await closeBallot(await ctxAs(w.chief), { ballotId: opened.ballotId }, at(2 * HOUR));
    expect(closed.passed).toBe(true);
    const result = (await getBallot(await ctxAs(w.chief), { ballotId: opened.ballotId }, at(2 * HOUR))).result!;
    expect(result.figures.map((f) => [f.key, f.numerator, f.denominator, f.met])).toEqual([
      ["quorum", 3, 3, true],
      // The participation floor of attendees' ballots: more than half of those present voted.
      ["turnout", 3, 3, true],
      ["approvalVotes", 2, 3, true],
    ]);
    const resolution = (await first(db.select().from(resolutions).where(eq(resolutions.ballotId, opened.ballotId))))!;
    expect(resolution.text).toContain("出席人数 3 人 ≥ 法定人数 3 人，达到");
    expect(resolution.text).toContain("议事会《三月网格议事会》到会人员");
  });

  test("without the quorum present, the meeting ballot fails", async () => {
    const w = await world();
    const meeting = await first(db.insert(meetings).values({ communityId: w.place.community.id, gridId: w.place.gridA.id, title: "议事会", startsAt: T0, createdBy: w.chief.id }).returning());
    await db.insert(meetingAgendaItems).values({ meetingId: meeting.id, topicId: w.topic.id, position: 1 });
    await recordAttendance(await ctxAs(w.chief), { meetingId: meeting.id, personId: w.proposer.id, present: true }, T0);
    const opened = await openResidentsBallot(w, { electorateKind: "meetingAttendees", meetingId: meeting.id, quorumRequired: 5 });
    await castVote(await ctxAs(w.proposer), { ballotId: opened.ballotId, choice: "agree" }, at(HOUR));
    const closed = await closeBallot(await ctxAs(w.chief), { ballotId: opened.ballotId }, at(2 * HOUR));
    expect(closed).toMatchObject({ passed: false, topicState: "failed" });
    expect((await getBallot(await ctxAs(w.chief), { ballotId: opened.ballotId }, at(2 * HOUR))).result!.reasonKey).toBe("quorumShort");
  });
});

describe("ballot screens", () => {
  /** Renders a server tree as the given person would see it; fails on any missing message. */
  async function render(person: { id: number }, make: () => Promise<unknown> | unknown, locale: Locale = "zh-CN"): Promise<string> {
    const html = await renderPageAs(person, make, { locale });
    expectLabelledIds(html);
    return html;
  }
  const params = (id: number) => ({ params: Promise.resolve({ id: String(id) }) });

  test("the topic page's part: staff may open a ballot in drafting; once open, turnout without choices; once closed, the outcome", async () => {
    const w = await world({ itemRule: "ownersSupermajority" });
    const b = await ownersBuilding(w);
    const staffBefore = await render(w.chief, () => TopicBallots({ topicId: w.topic.id }));
    expect(staffBefore).toContain(`/ballots/new?topicId=${w.topic.id}`);
    expect(await render(w.proposer, () => TopicBallots({ topicId: w.topic.id }))).toBe("");

    const newPage = await render(w.chief, () => NewBallotPage({ searchParams: Promise.resolve({ topicId: String(w.topic.id) }) }));
    expect(newPage).toContain("电梯加装方案");
    expect(newPage).toContain("业主共同决定（重大事项）");
    expect(newPage).toContain('type="datetime-local"');

    const opened = await openOwnersBallot(w, b, { opensAt: new Date(Date.now() - HOUR), closesAt: new Date(Date.now() + 7 * DAY) });
    await castVote(await ctxAs(b.o1), { ballotId: opened.ballotId, choice: "agree" });
    const during = await render(w.chief, () => TopicBallots({ topicId: w.topic.id }));
    expect(during).toContain("已投票 1 / 6 人（16.7%）");
    expect(during).toContain("已投票面积 200.00 / 1200.00 平方米（16.7%）");
    expect(during).not.toContain("同意");
    expect(during).not.toContain("/ballots/new");

    const staffPage = await render(w.chief, () => BallotPage(params(opened.ballotId)));
    expect(staffPage).toContain("录入纸质票");
    expect(staffPage).toContain("委托投票");
    // One owner of six has voted: no ground to close early, so no close button, and the reason.
    expect(staffPage).not.toContain("结束表决并计票");
    expect(staffPage).toContain("现在不能提前结束：还有 5 位表决人未投票，结果尚未确定。");
    expect(staffPage).toContain("您不在这次表决的表决人名单中");
    expect(staffPage).not.toContain("表决结果");

    const voterPage = await render(b.o1, () => BallotPage(params(opened.ballotId)));
    expect(voterPage).toContain("您目前的选择：同意");
    expect(voterPage).toContain("修改我的投票");
    expect(voterPage).not.toContain("录入纸质票");
    const mine = await render(b.o2, () => MyBallotsPage());
    expect(mine).toContain("去投票");
    expect(mine).toContain(`/ballots/${opened.ballotId}`);

    for (const o of [b.o2, b.o3, b.o4]) await castVote(await ctxAs(o), { ballotId: opened.ballotId, choice: "agree" });
    // Exactly at the thresholds, so two more owners against could still fail it: closed at its time.
    await closeBallot(await ctxAs(w.chief), { ballotId: opened.ballotId }, new Date(Date.now() + 8 * DAY));
    const closed = await render(b.o5, () => BallotPage(params(opened.ballotId)));
    expect(closed).toContain("表决通过");
    expect(closed).toContain("参与面积 66.7% ≥ 66.7%");
    expect(closed).toContain("同意人数 100.0% ≥ 75.0%");
    expect(closed).toContain("/notices/");
    const after = await render(w.chief, () => TopicBallots({ topicId: w.topic.id }));
    expect(after).toContain("已通过");
    expect(after).toContain("决〔");

    const english = await render(b.o5, () => BallotPage(params(opened.ballotId)), "en");
    expect(english).toContain("Participating area 66.7% ≥ 66.7%");
  });

  test("the ballot operations are in the OpenAPI document", () => {
    const doc = openApiDocument();
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining(["/api/v1/topics/{id}/ballots", "/api/v1/ballots", "/api/v1/ballots/{id}", "/api/v1/ballots/{id}/votes", "/api/v1/ballots/{id}/paper", "/api/v1/ballots/{id}/proxies", "/api/v1/ballots/{id}/close"]),
    );
    expect(doc.paths["/api/v1/ballots/{id}/votes"]!.post).toMatchObject({ tags: ["ballots"] });
  });
});

describe("the ballots API", () => {
  function call<P>(
    handler: (req: NextRequest, ctx: { params: Promise<P> }) => Promise<Response>,
    { method = "GET", token, body, form, params }: { method?: string; token: string; body?: unknown; form?: FormData; params: P },
  ) {
    const req = new NextRequest("http://localhost/api/v1/test", {
      method,
      headers: { "accept-language": "zh-CN", authorization: `Bearer ${token}`, ...(form ? {} : { "content-type": "application/json" }) },
      ...(form ? { body: form } : body !== undefined ? { body: JSON.stringify(body) } : {}),
    });
    return handler(req, { params: Promise.resolve(params) });
  }

  test("open, vote, read, paper, proxy, scan and close through /api/v1 with the same rules as the screens", async () => {
    const w = await world({ itemRule: "ownersMajority" });
    const b = await ownersBuilding(w);
    const chief = (await issueApiToken(db, w.chief.id)).token;
    const o1 = (await issueApiToken(db, b.o1.id)).token;
    const proxy = (await issueApiToken(db, b.proxy.id)).token;
    const topic = { id: String(w.topic.id) };
    const closesAt = new Date(Date.now() + 7 * DAY).toISOString();

    const refused = await call(topicBallotsRoute.POST, { method: "POST", token: o1, params: topic, body: { kind: "single", planIds: [w.plan!.id], electorateKind: "buildingOwners", buildingId: b.building.id, closesAt } });
    expect(refused.status).toBe(403);
    const lax = await call(topicBallotsRoute.POST, { method: "POST", token: chief, params: topic, body: { kind: "single", planIds: [w.plan!.id], rule: "simpleMajority", electorateKind: "gridResidents", closesAt } });
    expect(lax.status).toBe(422);
    expect(((await lax.json()) as { error: { fields: Record<string, string> } }).error.fields).toEqual({ rule: "只能选择与议事清单规定相同或更严格的表决规则" });
    const opened = await call(topicBallotsRoute.POST, { method: "POST", token: chief, params: topic, body: { kind: "single", planIds: [w.plan!.id], electorateKind: "buildingOwners", buildingId: b.building.id, closesAt } });
    expect(opened.status).toBe(201);
    const { ballotId } = (await opened.json()) as { ballotId: number };
    const ballot = { id: String(ballotId) };

    expect((await call(votesRoute.POST, { method: "POST", token: o1, params: ballot, body: { choice: "agree" } })).status).toBe(200);
    const outside = await call(votesRoute.POST, { method: "POST", token: proxy, params: ballot, body: { choice: "agree" } });
    expect(outside.status).toBe(403);
    expect(((await outside.json()) as { error: { code: string } }).error.code).toBe("forbidden");

    const form = new FormData();
    form.set("electorKey", `owner:${b.o2.id}`);
    form.set("proxyPersonId", String(b.proxy.id));
    form.set("scan", png());
    const recorded = await call(proxiesRoute.POST, { method: "POST", token: chief, params: ballot, form });
    expect(recorded.status).toBe(201);
    const { proxyId } = (await recorded.json()) as { proxyId: number };
    expect((await call(votesRoute.POST, { method: "POST", token: proxy, params: ballot, body: { choice: "disagree" } })).status).toBe(200);
    const scan = await call(scanRoute.GET, { token: chief, params: { id: String(ballotId), proxyId: String(proxyId) } });
    expect(scan.status).toBe(200);
    expect(scan.headers.get("content-type")).toBe("image/png");
    expect((await call(scanRoute.GET, { token: o1, params: { id: String(ballotId), proxyId: String(proxyId) } })).status).toBe(403);

    const paper = await call(paperRoute.POST, { method: "POST", token: chief, params: ballot, body: { electorKey: `owner:${b.o1.id}`, choice: "disagree", witness: "监票人周某" } });
    expect(paper.status).toBe(409);
    expect(((await paper.json()) as { error: { message: string } }).error.message).toBe("该表决人已经在网上投过票了，每人只计一票，这张纸质票不能再录入");

    const read = await call(ballotRoute.GET, { token: chief, params: ballot });
    const view = (await read.json()) as Record<string, unknown>;
    expect(view).toMatchObject({ result: null, namedChoices: null, turnout: { votedCount: 2, electorCount: 6 } });
    expect(JSON.stringify(view)).not.toMatch(/"(agree|disagree)"/);
    const mine = (await (await call(myBallotsRoute.GET, { token: proxy, params: {} })).json()) as { ballots: { id: number; electors: { voted: boolean }[] }[] };
    expect(mine.ballots.find((x) => x.id === ballotId)!.electors).toEqual([expect.objectContaining({ voted: true, viaProxy: true })]);

    // Two of six owners have voted, a week early: the close is refused with the reason.
    const early = await call(closeRoute.POST, { method: "POST", token: chief, params: ballot });
    expect(early.status).toBe(409);
    expect(((await early.json()) as { error: { message: string } }).error.message).toBe("公布的投票期还没有结束：还有 4 位表决人未投票，结果也尚未确定，现在不能提前结束表决。");
    // Three more owners against on paper: even if the developer agreed, 2 of 6 could not approve — settled.
    for (const o of [b.o3, b.o4, b.o5]) {
      expect((await call(paperRoute.POST, { method: "POST", token: chief, params: ballot, body: { electorKey: `owner:${o.id}`, choice: "disagree", witness: "监票人周某" } })).status).toBeLessThan(300);
    }
    const closed = await call(closeRoute.POST, { method: "POST", token: chief, params: ballot });
    expect(closed.status).toBe(200);
    expect(await closed.json()).toMatchObject({ passed: false, topicState: "failed", resolution: null });
    const list = (await (await call(topicBallotsRoute.GET, { token: o1, params: topic })).json()) as { ballots: { passed: boolean; reasonKey: string }[] };
    expect(list.ballots[0]).toMatchObject({ passed: false, reasonKey: "approvalAreaShort" });
  });
});
