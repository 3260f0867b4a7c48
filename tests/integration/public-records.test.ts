import sharp from "sharp";
import { eq } from "drizzle-orm";
import { describe, expect, test } from "vitest";
import type { DB } from "@/db/client";
import { meetingAgendaItems, meetingAttendance, meetings, notices, people, topics } from "@/db/schema";
import { castVote } from "@/lib/ballots/cast-vote";
import { closeBallot } from "@/lib/ballots/close-ballot";
import { openBallot } from "@/lib/ballots/open-ballot";
import { checkIn, checkInPreview } from "@/lib/meetings/check-in";
import { postOpinion } from "@/lib/opinions/post-opinion";
import { draftPlan } from "@/lib/plans/draft-plan";
import { answerSatisfaction } from "@/lib/ratings/answer-satisfaction";
import { assignSupervisors } from "@/lib/ratings/assign-supervisors";
import { rateTopic } from "@/lib/ratings/rate-topic";
import { renderEntranceNoticePdf } from "@/lib/records/entrance-notice-pdf";
import { cosignShareLink, getCosignCard } from "@/lib/records/get-cosign-card";
import { getCallList } from "@/lib/records/get-call-list";
import { getEntranceNotice } from "@/lib/records/get-entrance-notice";
import { getPublicRecord } from "@/lib/records/get-public-record";
import { POSTER_HEIGHT, POSTER_WIDTH, renderPoster } from "@/lib/records/poster";
import { cosignShareKey } from "@/lib/records/share-key";
import { configuredCjkFont } from "@/lib/exports/topic-record-pdf";
import { createTask } from "@/lib/tasks/create-task";
import { reportProgress } from "@/lib/tasks/report-progress";
import { startImplementation } from "@/lib/tasks/start-implementation";
import { takeTask } from "@/lib/tasks/take-task";
import { startDrafting } from "@/lib/topics/start-drafting";
import { ctxAs, ctxSignedOut, fileDb } from "../helpers/db";
import { doc, makeCommunity, makePerson, makeTopic } from "../helpers/factory";
import { pdfPagesText } from "../helpers/pdf-text";
import { refusal } from "../helpers/refusal";
import { first } from "@/db/query";

let db: DB;
fileDb((d) => (db = d));

const DAY = 86_400_000;

/** Gives a person a name nobody else has, so the test can look for it anywhere. */
async function rename(person: { id: number }, name: string) {
  await db.update(people).set({ name }).where(eq(people.id, person.id));
  return (await first(db.select().from(people).where(eq(people.id, person.id))))!;
}

/**
 * A topic taken round the whole loop by people with names, phones and words of their own —
 * proposed and co-signed, an opinion, a meeting whose minutes carry a discussion, a plan voted by
 * named residents, a task for a named person with a progress report, a supervisor's comment and
 * residents' satisfaction comments — so that what the public record shows can be checked against
 * everything it must not.
 */
async function decidedTopic() {
  const place = await makeCommunity(db);
  const start = new Date(Date.now() - 20 * DAY);
  const chief = await rename(await makePerson(db, place, "gridChief"), "诸葛网格长");
  const proposer = await rename(await makePerson(db, place, "resident"), "欧阳提议人");
  const cosigner = await rename(await makePerson(db, place, "resident"), "司马附议人");
  const voter = await rename(await makePerson(db, place, "resident"), "上官投票人");
  const worker = await rename(await makePerson(db, place, "resident"), "慕容承办人");
  const supervisor = await rename(await makePerson(db, place, "supervisor"), "皇甫督导员");
  const otherChief = await makePerson(db, place, "gridChief", { grid: "B" });
  const topic = await makeTopic(db, place, { state: "consulting", proposer, cosigners: [cosigner], staff: chief, title: "1号楼楼道照明改造", at: start });
  await postOpinion(await ctxAs(voter), { topicId: topic.id, stance: "oppose", body: "我家门口的灯总坏，上官私下意见不应公开" }, new Date(start.getTime() + DAY));

  const meeting = await first(db
    .insert(meetings)
    .values({ communityId: place.community.id, gridId: place.gridA.id, title: "照明议事会", startsAt: new Date(start.getTime() + 2 * DAY), createdBy: chief.id, minutesPublishedAt: new Date(start.getTime() + 3 * DAY) })
    .returning());
  await db.insert(meetingAgendaItems)
    .values({ meetingId: meeting.id, topicId: topic.id, position: 1, discussion: "欧阳提议人在会上说了很多私人情况", conclusion: "同意由物业更换全部感应灯" });

  await startDrafting(await ctxAs(chief), { topicId: topic.id }, new Date(start.getTime() + 4 * DAY));
  const { planId } = await draftPlan(
    await ctxAs(chief),
    { topicId: topic.id, title: "楼道感应灯更换方案", body: doc("更换1号楼全部感应灯为LED灯。"), budget: "1900", budgetSource: "propertyFirm", responsibleOrganisationId: place.propertyFirm.id },
    new Date(start.getTime() + 4 * DAY),
  );
  const opened = new Date(start.getTime() + 5 * DAY);
  const { ballotId } = await openBallot(await ctxAs(chief), { topicId: topic.id, kind: "single", planIds: [planId], electorateKind: "gridResidents", secret: false, opensAt: opened, closesAt: new Date(opened.getTime() + 2 * DAY) }, opened);
  for (const p of [proposer, cosigner, voter]) await castVote(await ctxAs(p), { ballotId, choice: p === voter ? "disagree" : "agree" }, new Date(opened.getTime() + DAY));
  await closeBallot(await ctxAs(chief), { ballotId }, new Date(opened.getTime() + 2 * DAY + 60_000));

  const implementing = new Date(start.getTime() + 8 * DAY);
  await startImplementation(await ctxAs(chief), { topicId: topic.id }, implementing);
  await assignSupervisors(await ctxAs(chief), { topicId: topic.id, personIds: [supervisor.id] }, implementing);
  const { taskId } = await createTask(await ctxAs(chief), { topicId: topic.id, title: "更换感应灯", assignee: `person:${worker.id}`, dueOn: "2099-01-01" }, implementing);
  await takeTask(await ctxAs(worker), { taskId }, implementing);
  await reportProgress(await ctxAs(worker), { taskId, body: "慕容承办人已经换好全部灯泡，私人进展说明", percent: 100, completes: true }, [], new Date(start.getTime() + 9 * DAY));
  await rateTopic(await ctxAs(supervisor), { topicId: topic.id, process: 5, timeliness: 4, quality: 5, transparency: 4, satisfaction: 5, comment: "皇甫督导的评语不应公开" }, [], new Date(start.getTime() + 10 * DAY));
  await answerSatisfaction(await ctxAs(proposer), { topicId: topic.id, answer: "satisfied", comment: "欧阳的满意度留言不应公开" }, new Date(start.getTime() + 10 * DAY));

  const secrets = [chief, proposer, cosigner, voter, worker, supervisor].flatMap((p) => [p.name, p.phone, p.displayNumber]);
  secrets.push("上官私下意见不应公开", "私人情况", "私人进展说明", "皇甫督导的评语不应公开", "欧阳的满意度留言不应公开");
  return { place, chief, otherChief, proposer, voter, topic, ballotId, planId, secrets };
}

function expectNoneOf(text: string, secrets: string[]) {
  const found = secrets.filter((s) => text.includes(s));
  expect(found, `leaked: ${found.join(", ")}`).toEqual([]);
}

describe("the public decision record", () => {
  test("signed out, it shows the decision — stages, conclusion, plan, every figure, tasks, ratings — and no one's name, phone or words", async () => {
    const w = await decidedTopic();
    const record = await getPublicRecord(ctxSignedOut(db), { topicId: w.topic.id });

    expect(record.topic.title).toBe("1号楼楼道照明改造");
    expect(record.timeline.map((e) => e.state)).toEqual(expect.arrayContaining(["proposed", "consulting", "drafting", "voting", "resolved", "implementing", "underReview"]));
    expect(record.conclusions.map((c) => c.conclusion)).toEqual(["同意由物业更换全部感应灯"]);
    expect(record.plan).toMatchObject({ title: "楼道感应灯更换方案", budgetFen: 190_000, budgetSource: "propertyFirm", responsible: { organisation: "测试物业", byPerson: false } });
    expect(record.ballots).toHaveLength(1);
    const result = record.ballots[0]!.result;
    expect(result.passed).toBe(true);
    expect(result.counts).toEqual({ agree: 2, disagree: 1, abstain: 0 });
    expect(result.figures.length).toBeGreaterThan(0);
    expect(record.resolutions).toHaveLength(1);
    expect(record.notices).toHaveLength(1);
    expect(record.tasks).toMatchObject({ total: 1, completed: 1 });
    expect(record.tasks.items[0]!.assignee).toEqual({ organisation: null, byPerson: true, onBoard: false });
    expect(record.ratings).toEqual([{ round: 0, raters: 1, means: { process: 5, timeliness: 4, quality: 5, transparency: 4, satisfaction: 5 }, satisfaction: { satisfied: 1, basicallySatisfied: 0, notSatisfied: 0 } }]);

    // The ballot was named (记名): the record still lists no choice of anyone.
    expectNoneOf(JSON.stringify(record), w.secrets);

    // GET /api/v1/records/{id} answers this object as JSON (publicApiRoute); the page and the API
    // on the running server are checked for the demo's names in tests/e2e/public-records.test.ts.
  });

  test("a topic without a posted notice has no record: unknown, undecided, scheduled and malformed ids all answer the same 404", async () => {
    const w = await decidedTopic();
    const undecided = await makeTopic(db, w.place, { state: "consulting" });
    const signedOut = ctxSignedOut(db);
    for (const topicId of [undecided.id, 999_999]) expect(await refusal(() => getPublicRecord(signedOut, { topicId }))).toMatchObject({ status: 404, messageKey: "recordNotFound" });
    await expect(getPublicRecord(signedOut, { topicId: "1; drop table topics" })).rejects.toThrow();

    // A notice scheduled for tomorrow is not public yet, and neither is the record.
    await db.update(notices).set({ publishedAt: new Date(Date.now() + DAY) }).where(eq(notices.topicId, w.topic.id));
    expect(await refusal(() => getPublicRecord(signedOut, { topicId: w.topic.id }))).toMatchObject({ status: 404, messageKey: "recordNotFound" });
  });
});

describe("the grid workers' call list", () => {
  test("the ballot's staff get who has not voted, flat and phone — never a choice; residents and another grid's staff are refused", async () => {
    const place = await makeCommunity(db);
    const chief = await makePerson(db, place, "gridChief");
    const voted = await makePerson(db, place, "resident");
    const waiting = await rename(await makePerson(db, place, "resident"), "待提醒居民");
    const topic = await makeTopic(db, place, { state: "voting", staff: chief });
    await castVote(await ctxAs(voted), { ballotId: topic.ballotId, choice: "disagree" });

    const list = await getCallList(await ctxAs(chief), { ballotId: topic.ballotId });
    const listed = list.rows.flatMap((r) => r.people.map((p) => p.phone));
    expect(listed).toContain(waiting.phone);
    expect(listed).not.toContain(voted.phone);
    expect(list.rows.find((r) => r.people.some((p) => p.phone === waiting.phone))!.flats).toEqual(["1号楼 101"]);
    const text = JSON.stringify(list);
    for (const word of ["disagree", "agree", "abstain", "choice", "channel"]) expect(text).not.toContain(word);

    const resident = await makePerson(db, place, "resident");
    const otherGridChief = await makePerson(db, place, "gridChief", { grid: "B" });
    const otherCommunity = await makePerson(db, await makeCommunity(db), "gridChief");
    expect((await refusal(async () => getCallList(await ctxAs(resident), { ballotId: topic.ballotId }))).status).toBe(403);
    expect((await refusal(async () => getCallList(await ctxAs(otherGridChief), { ballotId: topic.ballotId }))).status).toBe(403);
    expect((await refusal(async () => getCallList(await ctxAs(otherCommunity), { ballotId: topic.ballotId }))).status).toBe(404);
  });

  test("once the ballot is closed there is no call list", async () => {
    const w = await decidedTopic();
    expect(await refusal(async () => getCallList(await ctxAs(w.chief), { ballotId: w.ballotId }))).toMatchObject({ status: 409, messageKey: "callListNotOpen" });
  });
});

describe("the co-sign share card and its poster", () => {
  test("whoever holds the link sees title and progress while co-signing runs; a wrong key or a later stage is a 404", async () => {
    const place = await makeCommunity(db);
    const proposer = await rename(await makePerson(db, place, "resident"), "欧阳分享人");
    const topic = await makeTopic(db, place, { state: "proposed", proposer, title: "小区门口增设快递柜" });
    const link = await cosignShareLink(await ctxAs(proposer), { topicId: topic.id });
    expect(link).toBe(`/cosign/${topic.id}/${cosignShareKey(topic.id)}`);

    const card = await getCosignCard(ctxSignedOut(db), { topicId: topic.id, key: cosignShareKey(topic.id) });
    expect(card).toMatchObject({ title: "小区门口增设快递柜", cosignCount: topic.cosignCount, cosignThreshold: topic.cosignThreshold });
    expectNoneOf(JSON.stringify(card), [proposer.name, proposer.phone]);

    expect((await refusal(() => getCosignCard(ctxSignedOut(db), { topicId: topic.id, key: "A".repeat(22) }))).status).toBe(404);
    // Another topic's key opens nothing: the key is bound to its topic.
    expect((await refusal(() => getCosignCard(ctxSignedOut(db), { topicId: topic.id, key: cosignShareKey(topic.id + 1) }))).status).toBe(404);
    await db.update(topics).set({ state: "awaitingAdmission" }).where(eq(topics.id, topic.id));
    expect((await refusal(() => getCosignCard(ctxSignedOut(db), { topicId: topic.id, key: cosignShareKey(topic.id) }))).status).toBe(404);
    expect(await cosignShareLink(await ctxAs(proposer), { topicId: topic.id })).toBeNull();
  });

  test("the poster is a 750×1334 PNG, and a title with markup stays text", async () => {
    const png = await renderPoster({
      text: { invite: "邀请您附议", place: "红心社区 · 第一网格", title: '<script>alert(1)</script>&"加装电梯"', progress: "已附议 3 / 5 人", deadline: "附议截止：12月10日", scan: "微信扫码", brand: "网格议事厅" },
      count: 3,
      threshold: 5,
      url: "http://localhost:3000/cosign/1/abc",
    });
    const meta = await sharp(Buffer.from(png)).metadata();
    expect(meta).toMatchObject({ format: "png", width: POSTER_WIDTH, height: POSTER_HEIGHT });
  });

  test("ten neighbours opening a freshly shared link at once all get the poster (one drawing, no 429)", async () => {
    const input = {
      text: { invite: "邀请您附议", place: "红心社区 · 第一网格", title: "同时打开的海报", progress: "已附议 1 / 5 人", deadline: "附议截止：12月10日", scan: "微信扫码", brand: "网格议事厅" },
      count: 1,
      threshold: 5,
      url: "http://localhost:3000/cosign/2/same",
    };
    const all = await Promise.all(Array.from({ length: 10 }, () => renderPoster(input)));
    expect(new Set(all).size).toBe(1);
    expect((await sharp(Buffer.from(all[0]!)).metadata()).format).toBe("png");
  });
});

describe("the entrance notice", () => {
  test("the topic's staff get it, with the QR code to the public record once the decision is posted; residents and other grids' staff do not", async () => {
    const w = await decidedTopic();
    const notice = await getEntranceNotice(await ctxAs(w.chief), { topicId: w.topic.id });
    expect(notice).toMatchObject({ title: "1号楼楼道照明改造", qr: { kind: "record", path: `/records/${w.topic.id}` } });
    expect((await refusal(async () => getEntranceNotice(await ctxAs(w.proposer), { topicId: w.topic.id }))).status).toBe(403);
    expect((await refusal(async () => getEntranceNotice(await ctxAs(w.otherChief), { topicId: w.topic.id }))).status).toBe(403);

    const voting = await makeTopic(db, w.place, { state: "voting", staff: w.chief });
    expect(await getEntranceNotice(await ctxAs(w.chief), { topicId: voting.id })).toMatchObject({ when: { kind: "ballot" }, qr: { kind: "ballot", path: `/ballots/${voting.ballotId}` } });
  });

  test("it renders as a one-page A4 PDF in the worker pool, in Chinese", async () => {
    const font = configuredCjkFont();
    expect(font, "fonts-noto-cjk is installed on this machine").not.toBeNull();
    const pdf = await renderEntranceNoticePdf(
      1,
      { letterhead: "城东区和平街道红心社区", heading: "议事公告", title: "1号楼楼道照明改造", lines: ["表决：照明方案", "投票时间：12月1日 至 12月3日"], qrUrl: "http://localhost:3000/records/1", qrCaption: "扫码查看公开决议记录（无需登录）", help: "请联系网格员", issuer: "红心社区第一网格", date: "2026年12月7日" },
      font!,
      1,
    );
    expect(Buffer.from(pdf.bytes).subarray(0, 5).toString()).toBe("%PDF-");
    const pages = pdfPagesText(pdf.bytes);
    expect(pages).toHaveLength(1);
    const text = pages[0]!.join("\n");
    expect(text).toContain("1号楼楼道照明改造");
    expect(text).toContain("扫码查看公开决议记录");
    // The pool's first task starts a worker thread: seconds on a busy machine.
  }, 30_000);
});

describe("QR check-in is an explicit POST", () => {
  test("reading the link writes nothing, however often; the first check-in is new, the second says already", async () => {
    const place = await makeCommunity(db);
    const chief = await makePerson(db, place, "gridChief");
    const resident = await makePerson(db, place, "resident");
    const meeting = await first(db
      .insert(meetings)
      .values({ communityId: place.community.id, gridId: place.gridA.id, title: "签到测试会", startsAt: new Date(Date.now() + 3_600_000), createdBy: chief.id, checkinCode: "code-123456", checkinExpiresAt: new Date(Date.now() + 1_800_000) })
      .returning());
    const input = { meetingId: meeting.id, code: "code-123456" };
    const present = async () => (await db.select().from(meetingAttendance).where(eq(meetingAttendance.meetingId, meeting.id))).length;

    for (let i = 0; i < 3; i++) expect(await checkInPreview(await ctxAs(resident), input)).toMatchObject({ title: "签到测试会", already: false, at: null });
    expect(await present()).toBe(0);
    expect(await checkIn(await ctxAs(resident), input)).toMatchObject({ already: false });
    expect(await present()).toBe(1);
    expect(await checkInPreview(await ctxAs(resident), input)).toMatchObject({ already: true });
    expect(await checkIn(await ctxAs(resident), input)).toMatchObject({ already: true });
    expect(await present()).toBe(1);
    expect((await refusal(async () => checkInPreview(await ctxAs(await makePerson(db, place, "resident")), { ...input, code: "wrong-code" }))).messageKey).toBe("checkInCodeInvalid");
  });
});
