import { and, eq } from "drizzle-orm";
import { describe, expect, test, vi } from "vitest";
import { ZodError } from "zod";
import type { DB } from "@/db/client";
import { agendaCategories, agendaItems, auditLog, ballots, meetingAgendaItems, meetings, notices, resolutions, topics } from "@/db/schema";
import { setCommunityTurnout } from "@/lib/admin/set-community-turnout";
import { updateItem } from "@/lib/admin/update-item";
import { createItem } from "@/lib/admin/create-item";
import { verifyAudit } from "@/lib/audit/verify";
import { castVote } from "@/lib/ballots/cast-vote";
import { closeBallot } from "@/lib/ballots/close-ballot";
import { ballotCloseStatus } from "@/lib/ballots/close-status";
import { enterPaperBallot } from "@/lib/ballots/enter-paper-ballot";
import { getBallot } from "@/lib/ballots/get-ballot";
import { openBallot } from "@/lib/ballots/open-ballot";
import type { BallotResult } from "@/lib/ballots/tally-ballot";
import { loadTopicRecord } from "@/lib/exports/topic-record";
import { messages } from "@/lib/i18n/messages";
import { recordAttendance } from "@/lib/meetings/record-attendance";
import { actorOf, ctxAs, fileDb } from "../helpers/db";
import { makeCommunity, makeItem, makePerson, makeTopic } from "../helpers/factory";
import { renderPageAs } from "../helpers/page-session";
import { refusal } from "../helpers/refusal";
import { DAY, HOUR } from "./ballot-helpers";
import { first } from "@/db/query";
import { inOrder } from "../helpers/in-order";

await vi.hoisted(async () => (await import("../helpers/page-session")).mockRequestScope());
const { default: BallotPage } = await import("@/app/ballots/[id]/page");

let db: DB;
fileDb((d) => (db = d));

/**
 * A grid with a chief, `residents` verified residents in grid A (the proposer among them), a topic
 * in drafting on an item with the given floor, and one plan. Times are relative to `t0`.
 */
async function world(residents: number, opts: { itemTurnout?: number | null; t0?: Date } = {}) {
  const t0 = opts.t0 ?? new Date(Date.UTC(2026, 2, 2, 1, 0));
  const place = await makeCommunity(db);
  const chief = await makePerson(db, place, "gridChief", { grid: "A" });
  const admin = await makePerson(db, place, "communityAdmin");
  const people = await inOrder(Array.from({ length: residents }), () => makePerson(db, place, "resident", { grid: "A" }));
  const item = await makeItem(db, place, { name: "楼道照明", defaultVoteRule: "simpleMajority", minTurnoutPercent: opts.itemTurnout ?? null, cosignThreshold: 2 }, "公共设施");
  // Proposed by the first resident and co-signed by the second (no one else joins the electorate),
  // admitted, drafted with the chief's plan a day before t0.
  const topic = await makeTopic(db, place, { state: "drafting", plan: true, item, proposer: people[0]!, cosigners: [people[1]!], staff: chief, title: "楼道感应灯更换", at: new Date(t0.getTime() - DAY) });
  const plan = { id: topic.planId! };
  const at = (ms: number) => new Date(t0.getTime() + ms);
  return { place, chief, admin, people, item, topic, plan, at, closes: at(7 * DAY) };
}
type World = Awaited<ReturnType<typeof world>>;

async function openResidents(w: World, extra: Record<string, unknown> = {}) {
  return openBallot(await ctxAs(w.chief), { topicId: w.topic.id, kind: "single", planIds: [w.plan.id], electorateKind: "gridResidents", closesAt: w.closes, ...extra }, w.at(0));
}
/** A meeting of grid A on the topic with every resident checked in at its start, and its ballot opened. */
async function meetingBallot(w: World) {
  const startsAt = w.at(0);
  const meeting = await first(db.insert(meetings).values({ communityId: w.place.community.id, gridId: w.place.gridA.id, title: "网格议事会", startsAt, durationMinutes: 90, createdBy: w.chief.id }).returning());
  await db.insert(meetingAgendaItems).values({ meetingId: meeting.id, topicId: w.topic.id, position: 1 });
  for (const p of w.people) await recordAttendance(await ctxAs(w.chief), { meetingId: meeting.id, personId: p.id, present: true }, startsAt);
  return { meeting, opened: await openResidents(w, { electorateKind: "meetingAttendees", meetingId: meeting.id }) };
}
const row = async (ballotId: number) => (await first(db.select().from(ballots).where(eq(ballots.id, ballotId))))!;

describe("an announced voting period is kept", () => {
  test("9% turnout a week early: the close is refused (409, with the reason) and at its time the ballot fails for too few taking part", async () => {
    const w = await world(11);
    const opened = await openResidents(w);
    expect(opened.electorCount).toBe(11);
    await castVote(await ctxAs(w.people[0]!), { ballotId: opened.ballotId, choice: "agree" }, w.at(HOUR));

    const e = await refusal(async () => closeBallot(await ctxAs(w.chief), { ballotId: opened.ballotId }, w.at(HOUR * 2)));
    expect({ status: e.status, key: e.messageKey, params: e.params }).toEqual({ status: 409, key: "ballotCloseTooEarly", params: { outstanding: 10, electors: 11 } });
    expect(await row(opened.ballotId)).toMatchObject({ status: "open", closedAt: null, earlyCloseGround: null });

    // At the announced time: 1 of 11 voted, below "more than half" — 参与人数不足.
    const closed = await closeBallot(await ctxAs(w.chief), { ballotId: opened.ballotId }, w.closes);
    expect(closed.passed).toBe(false);
    const b = await row(opened.ballotId);
    expect(b).toMatchObject({ closedAt: w.closes, closesAt: w.closes, earlyCloseGround: null, earlyClosedAt: null });
    const result = b.result as unknown as BallotResult;
    expect(result.reasonKey).toBe("turnoutShort");
    expect(result.figures.map((f) => [f.key, f.numerator, f.denominator, f.met])).toEqual([
      ["turnout", 1, 11, false],
      ["approvalVotes", 1, 1, true],
    ]);
    expect(messages["zh-CN"].ballots.reasons.turnoutShort).toContain("参与人数不足");
  });

  test("settled early: the other electors cannot change it, so staff may close it; the ground and time are recorded, closesAt is not rewritten, and the chain verifies", async () => {
    const w = await world(5);
    const opened = await openResidents(w);
    for (const p of w.people.slice(0, 3)) await castVote(await ctxAs(p), { ballotId: opened.ballotId, choice: "agree" }, w.at(HOUR));

    const status = await ballotCloseStatus(await ctxAs(w.chief), { ballotId: opened.ballotId }, w.at(2 * HOUR));
    // Only the verdict, who is still to vote and which thresholds are decided: no count of choices at all.
    expect(status.early).toEqual({
      ground: "settled",
      electorCount: 5,
      outstanding: 2,
      settlement: { passed: true, winningPlanId: w.plan.id, outstanding: 2, outstandingAreaHundredths: 0, decided: [{ key: "turnout", met: true }, { key: "approvalVotes", met: true }] },
    });
    // A resident is told the floor but nothing about whether it is settled.
    expect(await ballotCloseStatus(await ctxAs(w.people[4]!), { ballotId: opened.ballotId }, w.at(2 * HOUR))).toMatchObject({ early: null, floor: { key: "turnout", numerator: 3, denominator: 5, met: true } });

    const closeAt = w.at(2 * HOUR);
    expect(await closeBallot(await ctxAs(w.chief), { ballotId: opened.ballotId }, closeAt)).toMatchObject({ passed: true, topicState: "resolved" });
    expect(await row(opened.ballotId)).toMatchObject({ status: "closed", closesAt: w.closes, closedAt: closeAt, earlyCloseGround: "settled", earlyClosedAt: closeAt });
    const tallied = (await first(db.select().from(auditLog).where(and(eq(auditLog.ballotId, opened.ballotId), eq(auditLog.kind, "ballot.tallied")))))!;
    expect((JSON.parse(tallied.payload) as { earlyClose: unknown }).earlyClose).toEqual({ ground: "settled", at: closeAt.getTime() });
    expect(await verifyAudit(db)).toEqual([]);

    // Rewriting the recorded ground behind the app's back is caught by the audit check.
    await db.update(ballots).set({ earlyCloseGround: "allVoted" }).where(eq(ballots.id, opened.ballotId));
    expect((await verifyAudit(db)).map((p) => p.message).join("\n")).toContain(`the stored result of ballot ${opened.ballotId} differs from the tally audited`);
    await db.update(ballots).set({ earlyCloseGround: "settled" }).where(eq(ballots.id, opened.ballotId));
    expect(await verifyAudit(db)).toEqual([]);
  });

  test("the published resolution and the topic record state the announced period, and an early close as such with its time and ground", async () => {
    const w = await world(5);
    const opened = await openResidents(w);
    for (const p of w.people.slice(0, 3)) await castVote(await ctxAs(p), { ballotId: opened.ballotId, choice: "agree" }, w.at(HOUR));
    // t0 is 09:00 on 2 March in Beijing; the period announced runs to 09:00 on 9 March; staff close it at 11:00 on 2 March.
    await closeBallot(await ctxAs(w.chief), { ballotId: opened.ballotId }, w.at(2 * HOUR));

    const resolution = (await first(db.select().from(resolutions).where(eq(resolutions.ballotId, opened.ballotId))))!;
    expect(resolution.text).toContain("公布的投票期为2026年3月2日 09:00至2026年3月9日 09:00。");
    expect(resolution.text).toContain("本次表决于2026年3月2日 11:00提前结束，早于公布的截止时间，依据：结果已确定（其余未投票的表决人无论如何投票，均不能改变表决结论）。");
    // The period is never restated as ending when staff closed it.
    expect(resolution.text).not.toContain("至2026年3月2日");
    // Resolved when the vote ended: dated from the close, and saying so.
    expect(resolution.text).toContain("三、本决议自表决结束之日（2026年3月2日）起生效");
    expect(resolution.text.trimEnd().endsWith("2026年3月2日")).toBe(true);
    // The notice board posts exactly this text.
    expect((await first(db.select().from(notices).where(eq(notices.resolutionId, resolution.id))))!.body).toBe(resolution.text);

    const topic = (await first(db.select().from(topics).where(eq(topics.id, w.topic.id))))!;
    expect((await loadTopicRecord(db, topic)).ballots).toMatchObject([
      { opensAt: "2026-03-02 09:00", closesAt: "2026-03-09 09:00", earlyClose: { at: "2026-03-02 11:00", ground: expect.stringContaining("结果已确定") } },
    ]);

    // Closed at its time: the same period, and no early close said.
    const v = await world(5);
    const onTime = await openResidents(v);
    for (const p of v.people.slice(0, 3)) await castVote(await ctxAs(p), { ballotId: onTime.ballotId, choice: "agree" }, v.at(HOUR));
    await closeBallot(await ctxAs(v.chief), { ballotId: onTime.ballotId }, v.closes);
    const text = (await first(db.select().from(resolutions).where(eq(resolutions.ballotId, onTime.ballotId))))!.text;
    expect(text).toContain("公布的投票期为2026年3月2日 09:00至2026年3月9日 09:00。现将表决结果");
    expect(text).not.toContain("提前结束");
    expect(text).toContain("三、本决议自表决结束之日（2026年3月9日）起生效");
    const onTimeTopic = (await first(db.select().from(topics).where(eq(topics.id, v.topic.id))))!;
    expect((await loadTopicRecord(db, onTimeTopic)).ballots).toMatchObject([{ closesAt: "2026-03-09 09:00", earlyClose: null }]);
  });

  test("everyone voted: closed early on that ground, even though the vote fails", async () => {
    const w = await world(3);
    const opened = await openResidents(w);
    await castVote(await ctxAs(w.people[0]!), { ballotId: opened.ballotId, choice: "agree" }, w.at(HOUR));
    await castVote(await ctxAs(w.people[1]!), { ballotId: opened.ballotId, choice: "disagree" }, w.at(HOUR));
    // 1 for, 1 against, one left: either way it could still go — not settled, refused.
    expect((await refusal(async () => closeBallot(await ctxAs(w.chief), { ballotId: opened.ballotId }, w.at(2 * HOUR)))).messageKey).toBe("ballotCloseTooEarly");
    await enterPaperBallot(await ctxAs(w.chief), { ballotId: opened.ballotId, electorKey: `person:${w.people[2]!.id}`, choice: "abstain", witness: "监票人李某" }, w.at(3 * HOUR));
    expect((await closeBallot(await ctxAs(w.chief), { ballotId: opened.ballotId }, w.at(4 * HOUR))).passed).toBe(false);
    expect(await row(opened.ballotId)).toMatchObject({ earlyCloseGround: "allVoted", closesAt: w.closes });
  });

  test("a meeting ballot: the chair closes it in the meeting with votes outstanding; after the meeting only on another ground", async () => {
    const w = await world(4);
    const { opened } = await meetingBallot(w);
    await castVote(await ctxAs(w.people[0]!), { ballotId: opened.ballotId, choice: "agree" }, w.at(HOUR));
    await castVote(await ctxAs(w.people[1]!), { ballotId: opened.ballotId, choice: "agree" }, w.at(HOUR));

    // The next day, the meeting is over and the result open: refused with the meeting's reason.
    expect((await refusal(async () => closeBallot(await ctxAs(w.chief), { ballotId: opened.ballotId }, w.at(DAY)))).messageKey).toBe("ballotCloseTooEarlyMeeting");
    // In the meeting: the chair may close it, and the count is the count (2 of 4 is not more than half).
    const closed = await closeBallot(await ctxAs(w.chief), { ballotId: opened.ballotId }, w.at(HOUR + 30 * 60_000));
    expect(closed.passed).toBe(false);
    expect(await row(opened.ballotId)).toMatchObject({ earlyCloseGround: "meetingChair" });
    expect(((await row(opened.ballotId)).result as unknown as BallotResult).reasonKey).toBe("turnoutShort");
  });

  test("a meeting ballot: a voter who has left still counts, so the result is not settled while the one present could tip it", async () => {
    const w = await world(5);
    const { meeting, opened } = await meetingBallot(w);
    const [a, b, c, d] = w.people;
    await castVote(await ctxAs(a!), { ballotId: opened.ballotId, choice: "disagree" }, w.at(HOUR));
    await castVote(await ctxAs(d!), { ballotId: opened.ballotId, choice: "disagree" }, w.at(HOUR));
    await castVote(await ctxAs(b!), { ballotId: opened.ballotId, choice: "agree" }, w.at(HOUR));
    await castVote(await ctxAs(c!), { ballotId: opened.ballotId, choice: "agree" }, w.at(HOUR));
    // Two who voted against leave; their votes stay in the count at the close. 2 for, 2 against and
    // one present still to vote: that vote decides it, so nothing is settled.
    for (const p of [a!, d!]) await recordAttendance(await ctxAs(w.chief), { meetingId: meeting.id, personId: p.id, present: false }, w.at(HOUR + 60_000));
    expect((await ballotCloseStatus(await ctxAs(w.chief), { ballotId: opened.ballotId }, w.at(DAY))).early).toMatchObject({ ground: null, outstanding: 1, settlement: null });
    expect((await refusal(async () => closeBallot(await ctxAs(w.chief), { ballotId: opened.ballotId }, w.at(DAY)))).messageKey).toBe("ballotCloseTooEarlyMeeting");
    expect((await row(opened.ballotId)).status).toBe("open");
  });

  test("a meeting ballot: the floor shown while open counts voters who have left, as the close does", async () => {
    const w = await world(4);
    const { meeting, opened } = await meetingBallot(w);
    const [a, b] = w.people;
    await castVote(await ctxAs(a!), { ballotId: opened.ballotId, choice: "agree" }, w.at(HOUR));
    await castVote(await ctxAs(b!), { ballotId: opened.ballotId, choice: "agree" }, w.at(HOUR));
    for (const p of [a!, b!]) await recordAttendance(await ctxAs(w.chief), { meetingId: meeting.id, personId: p.id, present: false }, w.at(HOUR + 60_000));
    // 2 of the 4 the close will count: not more than half, shown as not met…
    expect((await ballotCloseStatus(await ctxAs(w.chief), { ballotId: opened.ballotId }, w.at(2 * HOUR))).floor).toMatchObject({ key: "turnout", numerator: 2, denominator: 4, met: false });
    // …and the close at its time agrees.
    await closeBallot(await ctxAs(w.chief), { ballotId: opened.ballotId }, w.closes);
    expect(((await row(opened.ballotId)).result as unknown as BallotResult).reasonKey).toBe("turnoutShort");
  });
});

describe("the participation floor is set on the catalog and by the community, and snapshotted at the opening", () => {
  test("item's floor wins over the community's; changing the item later does not move an open ballot", async () => {
    const w = await world(10, { itemTurnout: 30 });
    await setCommunityTurnout(await ctxAs(w.admin), { communityId: w.place.community.id, minTurnoutPercent: "80" });
    const opened = await openResidents(w);
    expect((await row(opened.ballotId)).turnoutFloor).toEqual({ num: 30, den: 100, strict: false });
    // The admin raises the item's floor to 90% while the ballot is open: the ballot keeps 30%.
    await updateItem(await ctxAs(w.admin), { itemId: w.item.id, minTurnoutPercent: "90" });
    for (const p of w.people.slice(0, 3)) await castVote(await ctxAs(p), { ballotId: opened.ballotId, choice: "agree" }, w.at(HOUR));
    const result = await closeBallot(await ctxAs(w.chief), { ballotId: opened.ballotId }, w.closes);
    expect(result.passed).toBe(true);
    expect(((await row(opened.ballotId)).result as unknown as BallotResult).figures[0]).toMatchObject({ key: "turnout", numerator: 3, denominator: 10, met: true, comparator: "≥", thresholdPercent: "30.0%" });
  });

  test("no item floor: the community's; neither: more than half", async () => {
    const w = await world(4);
    await setCommunityTurnout(await ctxAs(w.admin), { communityId: w.place.community.id, minTurnoutPercent: "75" });
    expect((await row((await openResidents(w)).ballotId)).turnoutFloor).toEqual({ num: 75, den: 100, strict: false });
    const w2 = await world(4);
    expect((await row((await openResidents(w2)).ballotId)).turnoutFloor).toEqual({ num: 1, den: 2, strict: true });
  });

  test("only community admins set it, within 1–100", async () => {
    const w = await world(2);
    expect((await refusal(async () => setCommunityTurnout(await ctxAs(w.chief), { communityId: w.place.community.id, minTurnoutPercent: "60" }))).status).toBe(403);
    // The adapters answer a schema error with 422 and this message key.
    const bad = await (async () => {
      try {
        await setCommunityTurnout(await ctxAs(w.admin), { communityId: w.place.community.id, minTurnoutPercent: "0" });
      } catch (e) {
        return e as ZodError;
      }
      throw new Error("expected a refusal");
    })();
    expect(bad).toBeInstanceOf(ZodError);
    expect(bad.issues.map((i) => i.message)).toEqual(["turnoutPercentInvalid"]);
    const created = await createItem(await ctxAs(w.admin), { categoryId: (await first(db.select().from(agendaCategories).where(eq(agendaCategories.id, db.select().from(agendaItems).where(eq(agendaItems.id, w.item.id)).get()!.categoryId))))!.id, name: "停车管理", minTurnoutPercent: "40" });
    expect(created.minTurnoutPercent).toBe(40);
    expect(await setCommunityTurnout(await ctxAs(w.admin), { communityId: w.place.community.id, minTurnoutPercent: "" })).toMatchObject({ minTurnoutPercent: null });
  });
});

describe("the ballot page", () => {
  const render = (person: { id: number }, make: () => Promise<unknown>) => renderPageAs(person, make);
  const params = (id: number) => ({ params: Promise.resolve({ id: String(id) }) });

  test("shows the floor while open; staff see 结果已确定 without any count of choices and a close button that asks first; an early close is shown beside the announced time", async () => {
    // Real time: the page reads the clock.
    const w = await world(7, { t0: new Date(Date.now() - HOUR) });
    const opened = await openResidents(w);
    await castVote(await ctxAs(w.people[0]!), { ballotId: opened.ballotId, choice: "agree" });

    const early = await render(w.chief, () => BallotPage(params(opened.ballotId)));
    expect(early).toContain("投票参与率 14.3% &gt; 50.0%");
    // The floor's state is written out, and while open an unmet floor is not yet a failure (no ✗);
    // its headcount is the turnout bar's, shown once.
    const earlyText = early.replace(/<[^>]*>/g, " ");
    expect(earlyText).toMatch(/尚未达到\s+投票参与率 14\.3% &gt; 50\.0%/);
    expect(early).not.toContain("✗");
    expect(earlyText.split("已投票 1 / 7 人").length - 1).toBe(1);
    expect(early).toContain("现在不能提前结束：还有 6 位表决人未投票，结果尚未确定。");
    expect(early).not.toContain("结束表决并计票");

    // 4 agree and 1 against of 7: 5 voted (shown anyway), 4 in favour (secret until the close).
    for (const p of w.people.slice(1, 4)) await castVote(await ctxAs(p), { ballotId: opened.ballotId, choice: "agree" });
    await castVote(await ctxAs(w.people[4]!), { ballotId: opened.ballotId, choice: "disagree" });
    const settled = await render(w.chief, () => BallotPage(params(opened.ballotId)));
    expect(settled).toContain("结果已确定");
    expect(settled).toContain("即使其余 2 位表决人都不投票或都投反对票，表决仍然通过。");
    expect(settled).toContain("同意票数：已确定达到");
    expect(settled).toContain("投票参与率：已确定达到");
    expect(settled).toContain("表决结束前不显示票数和同意面积");
    // Staff see who has voted: a count of agreement after each vote would give that person's choice
    // away. The panel's only number is the electors still to vote; no agreeing votes, no share of them.
    const panel = /<section[^>]*data-testid="settled"[\s\S]*?<\/section>/.exec(settled)![0].replace(/<[^>]*>/g, " ");
    expect(panel.match(/\d+(?:\.\d+)?/g)).toEqual(["2"]);
    for (const leak of ["4 / 5 票", "4 / 7 票", "80.0%", "57.1%", "其余的人"]) expect(settled).not.toContain(leak);
    expect(settled).toContain("可以提前结束，依据：结果已确定");
    expect(settled).toContain("结束表决并计票");
    // The confirm step: closes now, before the announced time, on this ground, for good.
    expect(settled).toContain("确认提前结束表决");
    expect(settled).toContain("表决将立即结束，早于公布的截止时间");
    expect(settled).toContain("依据：结果已确定。");
    // …and who loses the chance to vote: the 2 still outstanding.
    expect(settled).toContain("还有 2 位表决人未投票，结束后他们不能再投票。");
    expect(settled).toContain("结果为最终结果，不能撤销");

    // A voter sees the floor, not whether it is settled.
    const voter = await render(w.people[6]!, () => BallotPage(params(opened.ballotId)));
    expect(voter).toContain("投票参与率 71.4% &gt; 50.0%");
    expect(voter.replace(/<[^>]*>/g, " ")).toMatch(/目前已达到\s+投票参与率 71\.4% &gt; 50\.0%/);
    expect(voter).not.toContain("结果已确定");

    await closeBallot(await ctxAs(w.chief), { ballotId: opened.ballotId });
    const closed = await render(w.people[6]!, () => BallotPage(params(opened.ballotId)));
    expect(closed).toMatch(/已于 .+ 提前结束（公布的截止时间为 .+），依据：结果已确定。/);
    expect(closed).toContain("投票参与率 71.4% &gt; 50.0%");
    // The full figures belong to the result, published at the close.
    expect(closed).toContain("同意票数 80.0% &gt; 50.0%");
    expect(closed).toContain("4 / 5 票");
    expect(closed.replace(/<[^>]*>/g, " ")).toMatch(/达到\s+同意票数 80\.0% &gt; 50\.0%/);
    const view = await getBallot(await ctxAs(w.people[6]!), { ballotId: opened.ballotId });
    expect(view.closesAt).toEqual(w.closes);
  });
});
