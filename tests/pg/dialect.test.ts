import { vi } from "vitest";

// As in loop.test.ts: db/schema hands out the PostgreSQL tables when DATABASE_URL is set as the modules load.
vi.hoisted(() => {
  process.env.DATABASE_URL = "postgres://set-before-the-tables-load.invalid/gridcouncil";
  // With DATABASE_URL the configuration asks for a shared session secret (the reminder job reads it).
  process.env.NEXTAUTH_SECRET ??= "dialect-test-secret-dialect-test-secret-0123456789";
});

import { and, eq } from "drizzle-orm";
import { describe, expect, test } from "vitest";
import type { DB } from "@/db/client";
import { first } from "@/db/query";
import { ballots, buildings, notifications, opinions, people, topics, topicSupervisors, units } from "@/db/schema";
import { activate } from "@/lib/activation/activate";
import { getActivationOverview } from "@/lib/activation/get-activation-overview";
import { issueActivationLetters } from "@/lib/activation/issue-letters";
import { createPerson } from "@/lib/admin/create-person";
import { getPersonAdmin } from "@/lib/admin/get-person-admin";
import { listPeopleAdmin } from "@/lib/admin/list-people-admin";
import { listPersonHistory } from "@/lib/admin/person-history";
import { castVote } from "@/lib/ballots/cast-vote";
import { closeBallot } from "@/lib/ballots/close-ballot";
import { proxyCandidates } from "@/lib/ballots/proxy-candidates";
import { getTopicRecord } from "@/lib/exports/topic-record";
import { listMeetings } from "@/lib/meetings/list-meetings";
import { scheduleMeeting } from "@/lib/meetings/schedule-meeting";
import { searchPeople } from "@/lib/meetings/search-people";
import { runReminders } from "@/lib/notify/run-reminders";
import { hideOpinion } from "@/lib/opinions/hide-opinion";
import { postOpinion } from "@/lib/opinions/post-opinion";
import { searchPeopleForInvite } from "@/lib/opinions/search-people-for-invite";
import { listPendingRegistrations } from "@/lib/people/list-registrations";
import { runReviewReminders } from "@/lib/ratings/run-review-reminders";
import { readTodoFacts } from "@/lib/todo/list-my-todos";
import { mergeTopic } from "@/lib/topics/merge";
import { importEstate } from "@/lib/imports/estate/import";
import { readSheet } from "@/lib/imports/sheet/read";
import { ctxAs, ctxSignedOut } from "../helpers/db";
import { csvText, utf8Bytes } from "../helpers/sheets";
import { makeCommunity, makePerson, makeTopic } from "../helpers/factory";
import { appOnPostgres } from "./app-on-postgres";

/**
 * The SQL that read differently on PostgreSQL (the inventory of issue 15): each test runs the use
 * case that carried it, on PostgreSQL, and checks what the person using it sees.
 */

let db: DB;
appOnPostgres("dialect", (opened) => (db = opened));

const chiefOf = async (place: Awaited<ReturnType<typeof makeCommunity>>) => makePerson(db, place, "gridChief", { grid: "A" });

describe("timestamps compared with the clock", () => {
  test("a voter's to-do list has the open ballot they have not voted in", async () => {
    const place = await makeCommunity(db);
    const voter = await makePerson(db, place, "resident", { grid: "A" });
    const topic = await makeTopic(db, place, { state: "voting", title: "楼顶防水维修" });
    const facts = await readTodoFacts(await ctxAs(voter, db));
    expect(facts.ballots).toEqual([expect.objectContaining({ ballotId: topic.ballotId, topicTitle: "楼顶防水维修", ownUnvoted: 1, proxyUnvoted: 0 })]);
  });

  test("the meetings list keeps a meeting upcoming until it has ended, then lists it as past", async () => {
    const place = await makeCommunity(db);
    const chief = await chiefOf(place);
    const topic = await makeTopic(db, place, { state: "consulting", staff: chief });
    const { meetingId } = await scheduleMeeting(await ctxAs(chief, db), {
      gridId: place.gridA.id,
      title: "三月网格议事会",
      startsAt: "2030-03-15T19:00",
      durationMinutes: "90",
      place: "红心议事厅",
      topicIds: [topic.id],
      roleGroups: ["owners"],
    });
    const ctx = await ctxAs(chief, db);
    // 19:00 Shanghai is 11:00 UTC; the meeting runs until 12:30 UTC.
    const during = await listMeetings(ctx, {}, new Date("2030-03-15T12:29:00Z"));
    expect(during.upcoming.map((m) => m.id)).toEqual([meetingId]);
    expect(during.upcoming[0]!.topicCount).toBe(1);
    expect(during.past).toEqual([]);
    const after = await listMeetings(ctx, {}, new Date("2030-03-15T12:31:00Z"));
    expect(after.upcoming).toEqual([]);
    expect(after.past.map((m) => m.id)).toEqual([meetingId]);
  });

  test("the activation page counts codes used, open, expired and replaced", async () => {
    const place = await makeCommunity(db);
    const admin = await makePerson(db, place, "communityAdmin");
    const waiting = await makePerson(db, place, "owner", { grid: "A" });
    const other = await makePerson(db, place, "owner", { grid: "A" });
    await db.update(people).set({ passwordHash: null }).where(eq(people.id, waiting.id));
    await db.update(people).set({ passwordHash: null }).where(eq(people.id, other.id));
    const now = new Date();
    // Letters that ran out yesterday, then fresh ones that replace them; one person activates.
    await issueActivationLetters(await ctxAs(admin, db), { gridId: place.gridA.id, expiresInDays: 1 }, { now: new Date(now.getTime() - 2 * 86_400_000) });
    const fresh = await issueActivationLetters(await ctxAs(admin, db), { gridId: place.gridA.id });
    const code = fresh.households.flatMap((h) => h.people).find((p) => p.name === waiting.name)!.code;
    await activate(ctxSignedOut(db), { code, phone: waiting.phone, password: "Activate-55" });
    const overview = await getActivationOverview(await ctxAs(admin, db), {}, { now });
    expect(overview.codes).toEqual({ open: 1, used: 1, expired: 0, replaced: 2 });
    expect(overview.waiting).toEqual({ people: 1, households: 1 });
  });
});

describe("SQL only SQLite knows", () => {
  test("hiding an opinion takes it off the topic's count", async () => {
    const place = await makeCommunity(db);
    const chief = await chiefOf(place);
    const topic = await makeTopic(db, place, { state: "consulting", staff: chief });
    const resident = await makePerson(db, place, "resident", { grid: "A" });
    const posted = await postOpinion(await ctxAs(resident, db), { topicId: topic.id, stance: "oppose", body: "广告广告广告" });
    const before = (await first(db.select({ n: topics.opinionCount }).from(topics).where(eq(topics.id, topic.id))))!.n;
    await hideOpinion(await ctxAs(chief, db), { opinionId: posted.opinionId, reason: "广告" });
    expect((await first(db.select({ n: topics.opinionCount }).from(topics).where(eq(topics.id, topic.id))))!.n).toBe(before - 1);
  });

  test("merging a duplicate topic carries its backers and opinions over", async () => {
    const place = await makeCommunity(db);
    const chief = await chiefOf(place);
    const target = await makeTopic(db, place, { state: "consulting", staff: chief, title: "加装电梯" });
    const dup = await makeTopic(db, place, { state: "consulting", staff: chief, title: "加装电梯的事" });
    const resident = await makePerson(db, place, "resident", { grid: "A" });
    await db.insert(opinions).values({ topicId: dup.id, authorId: resident.id, stance: "support", body: "同意加装" });
    const backersBefore = (await first(db.select({ c: topics.cosignCount }).from(topics).where(eq(topics.id, target.id))))!.c;
    await mergeTopic(await ctxAs(chief, db), { topicId: dup.id, intoTopicId: target.id });
    const merged = (await first(db.select().from(topics).where(eq(topics.id, target.id))))!;
    expect(merged.opinionCount).toBe(1);
    expect(merged.cosignCount).toBeGreaterThan(backersBefore);
    expect((await first(db.select().from(topics).where(eq(topics.id, dup.id))))).toMatchObject({ state: "merged", mergedIntoId: target.id });
  });

  test("people an admin creates get display numbers in sequence", async () => {
    const place = await makeCommunity(db);
    const admin = await makePerson(db, place, "communityAdmin");
    const a = await createPerson(await ctxAs(admin, db), { name: "李网格", phone: "13700000101", password: "secret123", role: "gridWorker", gridId: place.gridA.id });
    const b = await createPerson(await ctxAs(admin, db), { name: "王网格", phone: "13700000102", password: "secret123", role: "gridWorker", gridId: place.gridA.id });
    const numA = (await first(db.select({ n: people.displayNumber }).from(people).where(eq(people.id, a.personId))))!.n;
    const numB = (await first(db.select({ n: people.displayNumber }).from(people).where(eq(people.id, b.personId))))!.n;
    expect(numA).not.toBe(numB);
    expect(Number(numB.split("-").at(-1))).toBe(Number(numA.split("-").at(-1)) + 1);
  });
});

describe("booleans and JSON read back", () => {
  test("the admin's people list and person page say who has activated and who came from a register", async () => {
    const place = await makeCommunity(db);
    const admin = await makePerson(db, place, "communityAdmin");
    const activated = await makePerson(db, place, "owner", { grid: "A" });
    const notYet = await makePerson(db, place, "owner", { grid: "A" });
    await db.update(people).set({ passwordHash: null }).where(eq(people.id, notYet.id));
    const ctx = await ctxAs(admin, db);
    const page = await listPeopleAdmin(ctx, { communityId: place.community.id });
    const row = (id: number) => page.people.find((p) => p.id === id)!;
    expect(row(activated.id).activated).toBe(true);
    expect(row(notYet.id).activated).toBe(false);
    expect(row(activated.id).fromRegister).toBe(false);
    expect((await getPersonAdmin(ctx, { personId: activated.id })).person.activated).toBe(true);
    expect((await getPersonAdmin(ctx, { personId: notYet.id })).person.activated).toBe(false);
  });

  test("a person's history lists the role given to them, with the grid it was given in", async () => {
    const place = await makeCommunity(db);
    const admin = await makePerson(db, place, "communityAdmin");
    const created = await createPerson(await ctxAs(admin, db), { name: "孙网格", phone: "13700000201", password: "secret123", role: "gridWorker", gridId: place.gridB.id });
    const history = await listPersonHistory(await ctxAs(admin, db), { personId: created.personId });
    expect(history.length).toBeGreaterThan(0);
    expect(JSON.stringify(history)).toContain(place.gridB.name);
  });

  test("the review job asks an assigned supervisor to rate once per round", async () => {
    const place = await makeCommunity(db);
    const chief = await chiefOf(place);
    const supervisor = await makePerson(db, place, "supervisor");
    const topic = await makeTopic(db, place, { state: "consulting", staff: chief });
    await db.update(topics).set({ state: "underReview" }).where(eq(topics.id, topic.id));
    await db.insert(topicSupervisors).values({ topicId: topic.id, personId: supervisor.id, assignedBy: chief.id });
    await runReviewReminders(db);
    await runReviewReminders(db);
    const asked = await db.select().from(notifications).where(and(eq(notifications.topicId, topic.id), eq(notifications.kind, "ratingRequested")));
    expect(asked.map((n) => n.personId)).toEqual([supervisor.id]);
  });

  test("the reminder job reminds a supervisor asked three days ago who has not rated", async () => {
    const place = await makeCommunity(db);
    const chief = await chiefOf(place);
    const supervisor = await makePerson(db, place, "supervisor");
    const topic = await makeTopic(db, place, { state: "consulting", staff: chief });
    await db.update(topics).set({ state: "underReview" }).where(eq(topics.id, topic.id));
    await db.insert(topicSupervisors).values({ topicId: topic.id, personId: supervisor.id, assignedBy: chief.id });
    const asked = new Date(Date.now() - 4 * 86_400_000);
    await runReviewReminders(db, asked);
    const report = await runReminders(db);
    expect(report.ratings).toBeGreaterThanOrEqual(1);
  });
});

describe("JSON objects read back from jsonb", () => {
  test("the topic's record lists a ballot's votes as agree, disagree, abstain, as on SQLite", async () => {
    const place = await makeCommunity(db);
    const chief = await chiefOf(place);
    const voters = [await makePerson(db, place, "resident", { grid: "A" }), await makePerson(db, place, "resident", { grid: "A" }), await makePerson(db, place, "resident", { grid: "A" })];
    const topic = await makeTopic(db, place, { state: "voting", staff: chief });
    const choices = ["agree", "disagree", "abstain"] as const;
    for (const [i, v] of voters.entries()) await castVote(await ctxAs(v, db), { ballotId: topic.ballotId, choice: choices[i]! });
    const ballot = (await first(db.select({ closesAt: ballots.closesAt }).from(ballots).where(eq(ballots.id, topic.ballotId!))))!;
    // Counted when the vote has run its course.
    await closeBallot(await ctxAs(chief, db), { ballotId: topic.ballotId }, new Date(ballot.closesAt.getTime() + 60_000));
    const record = await getTopicRecord(await ctxAs(chief, db), { topicId: topic.id });
    const labels = record.ballots[0]!.figures.map(([label]) => label).filter((l) => ["同意", "反对", "弃权"].includes(l));
    // jsonb stores {agree, abstain, disagree} (shorter keys first): the record keeps the ballot's order.
    expect(labels).toEqual(["同意", "反对", "弃权"]);
  });
});

describe("rows that tie on the sort key", () => {
  test("registrations made at the same instant are listed in the order they came, even after one is edited", async () => {
    const place = await makeCommunity(db);
    const chief = await chiefOf(place);
    const at = new Date("2026-12-01T02:00:00Z");
    const pending = (name: string, phone: string) =>
      first(db.insert(people).values({ name, phone, displayNumber: `P-${phone}`, status: "pending", claimedUnitId: place.unitsA[1]!.id, createdAt: at }).returning());
    const a = (await pending("周一", "13700000301"))!;
    const b = (await pending("吴二", "13700000302"))!;
    // An edit rewrites the row: PostgreSQL's heap then holds it after the other one.
    await db.update(people).set({ name: "周一一" }).where(eq(people.id, a.id));
    const listed = (await listPendingRegistrations(await ctxAs(chief, db))).map((r) => r.personId);
    expect(listed).toEqual([a.id, b.id]);
  });
});

describe("searches fold letter case as SQLite's LIKE did", () => {
  test("a display number typed in lower case finds the person, in every people search", async () => {
    const place = await makeCommunity(db);
    const admin = await makePerson(db, place, "communityAdmin");
    const chief = await chiefOf(place);
    const target = await makePerson(db, place, "owner", { grid: "A" });
    await db.update(people).set({ displayNumber: "SH01-ZJ-0042" }).where(eq(people.id, target.id));
    const q = "zj-0042";
    expect((await listPeopleAdmin(await ctxAs(admin, db), { communityId: place.community.id, q })).people.map((p) => p.id)).toEqual([target.id]);
    expect((await searchPeople(await ctxAs(chief, db), { q })).map((p) => p.personId)).toEqual([target.id]);
    const topic = await makeTopic(db, place, { state: "voting", staff: chief });
    expect((await searchPeopleForInvite(await ctxAs(chief, db), { topicId: topic.id, q })).map((p) => p.id)).toEqual([target.id]);
    expect((await proxyCandidates(await ctxAs(chief, db), { ballotId: topic.ballotId, q })).map((p) => p.personId)).toEqual([target.id]);
  });
});

describe("bulk imports on PostgreSQL: checked, then refused plainly rather than failing", () => {
  test("an estate sheet is checked as on SQLite; writing it is a 409 with a message, and nothing is written", async () => {
    const place = await makeCommunity(db);
    const admin = await makePerson(db, place, "communityAdmin");
    const rows = [["网格", "楼栋", "单元", "房号", "专有面积", "开发商持有"], ["01", "1号楼", "", "501", "90", "否"]];
    const sheet = await readSheet(utf8Bytes(csvText(rows)), "房屋.csv");
    const checked = await importEstate(await ctxAs(admin, db), { sheet, dryRun: true, communityId: place.community.id });
    expect(checked).toMatchObject({ dryRun: true, committed: false });
    expect(checked.counts.units).toMatchObject({ created: 1 });
    await expect(importEstate(await ctxAs(admin, db), { sheet, dryRun: false, communityId: place.community.id })).rejects.toMatchObject({ status: 409, messageKey: "importNotOnPostgres" });
    const unitsNow = await db.select({ number: units.number }).from(units).innerJoin(buildings, eq(units.buildingId, buildings.id)).where(eq(buildings.gridId, place.gridA.id));
    expect(unitsNow.map((u) => u.number)).not.toContain("501");
  });
});
