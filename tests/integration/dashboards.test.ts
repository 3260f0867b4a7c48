import { describe, expect, it } from "vitest";
import type { DB } from "@/db/client";
import { agendaCategories, agendaItems, organisations, satisfactionVotes, supervisionRatings, tasks, topicEvents, topics } from "@/db/schema";
import type { TopicState } from "@/lib/domain/topic-state-machine";
import { defaultDashboardTarget, getDashboard } from "@/lib/dashboards/get-dashboard";
import { lastMonths, median, medianDaysByStage, rate, satisfactionByMonth, tallyTasks, timeInStageByTopic, DAY_MS } from "@/lib/dashboards/stats";
import { shanghaiMonth } from "@/lib/time";
import { ctxAs, fileDb } from "../helpers/db";
import { refusal } from "../helpers/refusal";
import { makeCommunity, makePerson } from "../helpers/factory";
import { first } from "@/db/query";

// 2025-06-15 12:00 in Beijing.
const NOW = new Date("2025-06-15T04:00:00Z");
const day = (n: number) => new Date(NOW.getTime() + n * DAY_MS);

describe("dashboard statistics (pure)", () => {
  it("median of odd and even counts, and of nothing", () => {
    expect(median([5, 1, 3])).toBe(3);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(median([7])).toBe(7);
    expect(median([])).toBeNull();
  });

  it("rates are null without a denominator", () => {
    expect(rate(1, 4)).toBe(0.25);
    expect(rate(0, 0)).toBeNull();
  });

  it("time in stage runs from the entering event to the next one, or until now", () => {
    const t0 = 0;
    const events = [
      { topicId: 1, toState: "consulting" as TopicState, at: t0 + 2 * DAY_MS },
      { topicId: 1, toState: "proposed" as TopicState, at: t0 },
      { topicId: 1, toState: "awaitingAdmission" as TopicState, at: t0 + DAY_MS },
      { topicId: 2, toState: "awaitingAdmission" as TopicState, at: t0 + 3 * DAY_MS },
    ];
    const spent = timeInStageByTopic(events, t0 + 5 * DAY_MS);
    // proposed + awaitingAdmission are both "intake": 1 + 1 day; consulting still running: 3 days.
    expect(spent.get(1)).toEqual({ intake: 2 * DAY_MS, consultation: 3 * DAY_MS });
    expect(spent.get(2)).toEqual({ intake: 2 * DAY_MS });
    const medians = medianDaysByStage(events, t0 + 5 * DAY_MS);
    expect(medians.intake).toBe(2);
    expect(medians.consultation).toBe(3);
    expect(medians.planning).toBeNull();
    expect(medianDaysByStage([], 0).intake).toBeNull();
  });

  it("months are Beijing calendar months; the window is the last 12", () => {
    expect(shanghaiMonth(new Date("2025-05-31T17:00:00Z"))).toBe("2025-06");
    expect(shanghaiMonth(new Date("2025-05-31T15:59:59Z"))).toBe("2025-05");
    const months = lastMonths(NOW, 12);
    expect(months).toHaveLength(12);
    expect(months[0]).toBe("2024-07");
    expect(months[11]).toBe("2025-06");
    const s = satisfactionByMonth([], NOW);
    expect(s.every((m) => m.total === 0 && m.share === null)).toBe(true);
  });

  it("overdue means not completed and past the due day", () => {
    expect(
      tallyTasks(
        [
          { status: "completed", dueOn: "2025-01-01" },
          { status: "inProgress", dueOn: "2025-06-14" },
          { status: "assigned", dueOn: "2025-06-15" },
        ],
        "2025-06-15",
      ),
    ).toEqual({ tasks: 3, completed: 1, overdue: 1 });
    expect(tallyTasks([], "2025-06-15")).toEqual({ tasks: 0, completed: 0, overdue: 0 });
  });
});

describe("getDashboard", () => {
  let db: DB;
  let place: Awaited<ReturnType<typeof makeCommunity>>;
  const who = {} as Record<"chiefA" | "workerA" | "chiefB" | "admin" | "resident" | "r1" | "r2" | "s1" | "s2" | "p1", { id: number }>;
  let secondFirmId: number;
  const topicIds = {} as Record<"t1" | "t2" | "t3" | "t4" | "t5" | "t6", number>;

  fileDb(async (d) => {
    db = d;
    place = await makeCommunity(db);
    who.chiefA = await makePerson(db, place, "gridChief");
    who.workerA = await makePerson(db, place, "gridWorker");
    who.chiefB = await makePerson(db, place, "gridChief", { grid: "B" });
    who.admin = await makePerson(db, place, "communityAdmin");
    who.resident = await makePerson(db, place, "resident");
    who.r1 = await makePerson(db, place, "resident");
    who.r2 = await makePerson(db, place, "owner");
    who.s1 = await makePerson(db, place, "supervisor");
    who.s2 = await makePerson(db, place, "supervisor");
    who.p1 = await makePerson(db, place, "gridWorker");
    secondFirmId = (await first(db.insert(organisations).values({ communityId: place.community.id, kind: "propertyFirm", name: "第二物业", code: "WY2" }).returning())).id;

    const cat = await first(db.insert(agendaCategories).values({ communityId: place.community.id, name: "公共事务" }).returning());
    const item = await first(db.insert(agendaItems).values({ categoryId: cat.id, name: "公共设施维修" }).returning());

    // Rows written by hand, not makeTopic: the statistics need topics in every state (closed,
    // rectifying…) with chosen creation and closing dates, which the use cases stamp with the clock.
    const topic = async (grid: "A" | "B", state: TopicState, rectificationRound = 0) =>
      (await first(db
        .insert(topics)
        .values({
          communityId: place.community.id,
          gridId: grid === "A" ? place.gridA.id : place.gridB.id,
          agendaItemId: item.id,
          title: `议题 ${state}`,
          descriptionJson: { type: "doc", content: [] },
          descriptionHtml: "",
          proposerId: who.r1.id,
          state,
          cosignThreshold: 1,
          cosignDeadline: day(30),
          rectificationRound,
          closedAt: state === "closed" ? NOW : null,
          createdAt: day(-100),
        })
        .returning())).id;
    /** Writes the state timeline: [toState, day offset] in order. */
    const timeline = async (topicId: number, steps: [TopicState, number][]) => {
      let from: TopicState | null = null;
      for (const [to, at] of steps) {
        await db.insert(topicEvents).values({ topicId, kind: from ? "transition" : "proposed", fromState: from, toState: to, at: day(at) });
        from = to;
      }
      // Steps that are not transitions never count.
      await db.insert(topicEvents).values({ topicId, kind: "opinionPosted", at: day(steps[0]![1] + 0.25) });
    };

    const B = -100;
    topicIds.t1 = await topic("A", "closed", 1);
    await timeline(topicIds.t1, [
      ["proposed", B],
      ["consulting", B + 2],
      ["drafting", B + 5],
      ["voting", B + 6],
      ["resolved", B + 8],
      ["implementing", B + 8],
      ["underReview", B + 18],
      ["rectifying", B + 20],
      ["underReview", B + 24],
      ["closed", B + 26],
    ]);
    topicIds.t2 = await topic("A", "closed");
    await timeline(topicIds.t2, [
      ["proposed", B],
      ["consulting", B + 1],
      ["drafting", B + 3],
      ["voting", B + 4],
      ["resolved", B + 7],
      ["implementing", B + 7],
      ["underReview", B + 13],
      ["closed", B + 14],
    ]);
    topicIds.t3 = await topic("A", "consulting");
    await timeline(topicIds.t3, [
      ["awaitingAdmission", -10],
      ["consulting", -4],
    ]);
    topicIds.t4 = await topic("A", "rejected");
    await timeline(topicIds.t4, [
      ["proposed", -3],
      ["rejected", -1],
    ]);
    topicIds.t5 = await topic("A", "proposed");
    await timeline(topicIds.t5, [["proposed", -0.5]]);
    topicIds.t6 = await topic("B", "closed");
    await timeline(topicIds.t6, [
      ["proposed", B],
      ["consulting", B + 40],
      ["drafting", B + 41],
      ["voting", B + 42],
      ["implementing", B + 43],
      ["underReview", B + 44],
      ["closed", B + 45],
    ]);

    const vote = async (topicId: number, round: number, personId: number, answer: "satisfied" | "basicallySatisfied" | "notSatisfied", at: string) =>
      await db.insert(satisfactionVotes).values({ topicId, round, personId, answer, createdAt: new Date(at) });
    await vote(topicIds.t1, 0, who.r1.id, "notSatisfied", "2025-05-10T02:00:00Z");
    await vote(topicIds.t1, 0, who.r2.id, "satisfied", "2025-05-10T03:00:00Z");
    await vote(topicIds.t1, 1, who.r1.id, "basicallySatisfied", "2025-06-01T02:00:00Z");
    await vote(topicIds.t1, 1, who.r2.id, "satisfied", "2025-06-01T03:00:00Z");
    // 01:00 on 1 June in Beijing: a June answer.
    await vote(topicIds.t2, 0, who.r1.id, "notSatisfied", "2025-05-31T17:00:00Z");
    // Older than the 12-month window.
    await vote(topicIds.t2, 0, who.r2.id, "satisfied", "2024-06-10T03:00:00Z");
    // Grid B: counts only for the community.
    await vote(topicIds.t6, 0, who.r1.id, "satisfied", "2025-04-02T03:00:00Z");

    const rating = async (topicId: number, round: number, supervisorId: number, s: [number, number, number, number, number]) =>
      await db
        .insert(supervisionRatings)
        .values({ topicId, round, supervisorId, process: s[0], timeliness: s[1], quality: s[2], transparency: s[3], satisfaction: s[4], createdAt: day(-50) });
    await rating(topicIds.t1, 0, who.s1.id, [2, 2, 2, 2, 2]); // 2
    await rating(topicIds.t1, 1, who.s1.id, [4, 4, 4, 5, 5]); // 4.4
    await rating(topicIds.t2, 0, who.s2.id, [5, 5, 5, 5, 4]); // 4.8
    await rating(topicIds.t6, 0, who.s1.id, [1, 1, 1, 1, 1]); // 1

    const task = async (topicId: number, grid: "A" | "B", v: { org?: number; person?: number; status: (typeof tasks.$inferInsert)["status"]; dueOn: string }) =>
      await db
        .insert(tasks)
        .values({
          topicId,
          communityId: place.community.id,
          gridId: grid === "A" ? place.gridA.id : place.gridB.id,
          title: "任务",
          assigneeOrganisationId: v.org ?? null,
          assigneePersonId: v.person ?? null,
          openToClaim: v.org == null && v.person == null,
          status: v.status,
          dueOn: v.dueOn,
          completedAt: v.status === "completed" ? day(-60) : null,
          createdBy: who.chiefA.id,
        });
    const firm = place.propertyFirm.id;
    await task(topicIds.t1, "A", { org: firm, status: "completed", dueOn: "2025-03-01" });
    await task(topicIds.t1, "A", { org: firm, status: "completed", dueOn: "2025-03-20" });
    await task(topicIds.t2, "A", { org: firm, status: "inProgress", dueOn: "2025-06-14" });
    await task(topicIds.t3, "A", { org: firm, status: "assigned", dueOn: "2025-06-15" });
    await task(topicIds.t3, "A", { person: who.p1.id, status: "taken", dueOn: "2025-06-01" });
    await task(topicIds.t2, "A", { person: who.p1.id, status: "completed", dueOn: "2025-06-01" });
    await task(topicIds.t3, "A", { status: "open", dueOn: "2025-01-01" }); // on the board: nobody's
    await task(topicIds.t6, "B", { org: firm, status: "assigned", dueOn: "2025-01-01" });
  });


  it("gives the grid's stage counts, medians and rates", async () => {
    const d = await getDashboard(await ctxAs(who.chiefA), { scope: "grid", gridId: place.gridA.id }, NOW);
    expect(d.grid?.id).toBe(place.gridA.id);
    expect(d.grids).toEqual([]);
    expect(d.totalTopics).toBe(5);
    expect(Object.fromEntries(d.byStage.map((s) => [s.stage, s.count]))).toEqual({
      intake: 1,
      consultation: 1,
      planning: 0,
      voting: 0,
      implementation: 0,
      review: 0,
      closed: 2,
      ended: 1,
    });
    // intake [2, 1, 6, 2, 0.5] → 2; consultation [3, 2, 4] → 3; planning [1, 1]; voting [2, 3];
    // implementation [0+10+4, 6] → 10; review [2+2, 1] → 2.5.
    expect(Object.fromEntries(d.medianDaysByStage.map((s) => [s.stage, s.days]))).toEqual({
      intake: 2,
      consultation: 3,
      planning: 1,
      voting: 2.5,
      implementation: 10,
      review: 2.5,
    });
    expect(d.closure).toEqual({ closed: 2, admitted: 3, rate: 2 / 3 });
    expect(d.rectification).toEqual({ rectified: 1, closed: 2, rate: 0.5 });
  });

  it("gives satisfaction per Beijing month over the last 12 months", async () => {
    const d = await getDashboard(await ctxAs(who.workerA), { scope: "grid", gridId: place.gridA.id }, NOW);
    expect(d.satisfactionByMonth).toHaveLength(12);
    expect(d.satisfactionByMonth[0]!.month).toBe("2024-07");
    const byMonth = Object.fromEntries(d.satisfactionByMonth.map((m) => [m.month, m]));
    expect(byMonth["2025-06"]).toEqual({ month: "2025-06", total: 3, satisfied: 2, share: 2 / 3 });
    expect(byMonth["2025-05"]).toEqual({ month: "2025-05", total: 2, satisfied: 1, share: 0.5 });
    expect(byMonth["2025-04"]).toEqual({ month: "2025-04", total: 0, satisfied: 0, share: null });
    expect(d.satisfactionByMonth.reduce((s, m) => s + m.total, 0)).toBe(5);
  });

  it("gives the scorecards of property firms and of people", async () => {
    const d = await getDashboard(await ctxAs(who.chiefA), { scope: "grid", gridId: place.gridA.id }, NOW);
    expect(d.firms).toHaveLength(2);
    const first = d.firms.find((f) => f.organisationId === place.propertyFirm.id)!;
    expect(first).toMatchObject({ tasks: 4, completed: 2, overdue: 1, ratings: 3 });
    expect(first.meanRating).toBeCloseTo((2 + 4.4 + 4.8) / 3, 10);
    expect(d.firms.find((f) => f.organisationId === secondFirmId)).toMatchObject({ tasks: 0, completed: 0, overdue: 0, ratings: 0, meanRating: null });
    expect(d.assignees).toEqual([{ personId: who.p1.id, name: expect.any(String), displayNumber: expect.any(String), tasks: 2, completed: 1, overdue: 1 }]);
  });

  it("gives the whole community to its admins, with the grids as tabs", async () => {
    expect(defaultDashboardTarget(await ctxAs(who.admin))).toEqual({ scope: "community", communityId: place.community.id });
    const d = await getDashboard(await ctxAs(who.admin), { scope: "community" }, NOW);
    expect(d.grid).toBeNull();
    expect(d.grids.map((g) => g.id)).toEqual([place.gridA.id, place.gridB.id]);
    expect(d.totalTopics).toBe(6);
    expect(d.closure).toEqual({ closed: 3, admitted: 4, rate: 3 / 4 });
    expect(d.rectification).toEqual({ rectified: 1, closed: 3, rate: 1 / 3 });
    // intake [2, 1, 6, 2, 0.5, 40] → 2
    expect(d.medianDaysByStage.find((s) => s.stage === "intake")!.days).toBe(2);
    const april = d.satisfactionByMonth.find((m) => m.month === "2025-04")!;
    expect(april).toMatchObject({ total: 1, satisfied: 1, share: 1 });
    const first = d.firms.find((f) => f.organisationId === place.propertyFirm.id)!;
    expect(first).toMatchObject({ tasks: 5, completed: 2, overdue: 2, ratings: 4 });
    expect(first.meanRating).toBeCloseTo((2 + 4.4 + 4.8 + 1) / 4, 10);
    // An admin may also open one grid.
    const b = await getDashboard(await ctxAs(who.admin), { scope: "grid", gridId: place.gridB.id }, NOW);
    expect(b.totalTopics).toBe(1);
    expect(b.grids).toHaveLength(2);
  });

  it("opens the staff member's own grid by default", async () => {
    expect(defaultDashboardTarget(await ctxAs(who.chiefB))).toEqual({ scope: "grid", gridId: place.gridB.id });
    expect(defaultDashboardTarget(await ctxAs(who.resident))).toBeNull();
  });

  it("refuses residents and the staff of another grid", async () => {
    expect((await refusal(async () => getDashboard(await ctxAs(who.resident), { scope: "grid", gridId: place.gridA.id }, NOW))).status).toBe(403);
    expect((await refusal(async () => getDashboard(await ctxAs(who.resident), { scope: "community" }, NOW))).status).toBe(403);
    expect((await refusal(async () => getDashboard(await ctxAs(who.chiefB), { scope: "grid", gridId: place.gridA.id }, NOW))).status).toBe(403);
    expect((await refusal(async () => getDashboard(await ctxAs(who.chiefA), { scope: "community" }, NOW))).status).toBe(403);
    expect((await refusal(async () => getDashboard(await ctxAs(who.admin), { scope: "community", communityId: place.community.id + 999 }, NOW))).status).toBe(403);
    expect((await refusal(async () => getDashboard(await ctxAs(who.chiefA), { scope: "grid", gridId: 999_999 }, NOW))).status).toBe(404);
  });
});
