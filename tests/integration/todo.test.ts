import { and, eq } from "drizzle-orm";
import { describe, expect, test, vi } from "vitest";
import type { DB } from "@/db/client";
import { ballotProxies, meetings, notifications, people, resolutions } from "@/db/schema";
import { castVote } from "@/lib/ballots/cast-vote";
import { closeBallot } from "@/lib/ballots/close-ballot";
import { openBallot } from "@/lib/ballots/open-ballot";
import { reviewRegistration } from "@/lib/people/review-registration";
import { draftPlan } from "@/lib/plans/draft-plan";
import { assignSupervisors } from "@/lib/ratings/assign-supervisors";
import { answerSatisfaction } from "@/lib/ratings/answer-satisfaction";
import { rateTopic } from "@/lib/ratings/rate-topic";
import { createTask } from "@/lib/tasks/create-task";
import { declineTask } from "@/lib/tasks/decline-task";
import { dispatchDefaults } from "@/lib/tasks/dispatch-defaults";
import { reassignTask } from "@/lib/tasks/reassign-task";
import { reportProgress } from "@/lib/tasks/report-progress";
import { startImplementation } from "@/lib/tasks/start-implementation";
import { takeTask } from "@/lib/tasks/take-task";
import { listMyTodos } from "@/lib/todo/list-my-todos";
import { admitTopic } from "@/lib/topics/admit";
import { cosignTopic } from "@/lib/topics/cosign";
import { proposeTopic } from "@/lib/topics/propose";
import { startDrafting } from "@/lib/topics/start-drafting";
import { shanghaiDate } from "@/lib/time";
import { ctxAs, fileDb } from "../helpers/db";
import { doc, insertTopicRow, makeCommunity, makeItem, makePerson, makeTopic } from "../helpers/factory";
import { first } from "@/db/query";
import { inOrder } from "../helpers/in-order";

let db: DB;
fileDb((d) => (db = d), { perTest: true });

const DAY = 86_400_000;
const NOW = new Date();
const at = (days: number) => new Date(NOW.getTime() + days * DAY);
type Who = { id: number };
const todos = async (who: Who, now = NOW) => (await listMyTodos(await ctxAs(who), now)).items;
const keys = async (who: Who, now = NOW) => (await todos(who, now)).map((i) => i.key);
const has = async (who: Who, key: string, now = NOW) => (await keys(who, now)).includes(key);

/** One community with two grids, its staff, and a second community that must never show through. */
async function place() {
  const p = await makeCommunity(db);
  const chief = await makePerson(db, p, "gridChief", { grid: "A" });
  const chiefB = await makePerson(db, p, "gridChief", { grid: "B" });
  const firm = await makePerson(db, p, "propertyFirmStaff");
  const residentB = await makePerson(db, p, "resident", { grid: "B" });
  const other = await makeCommunity(db);
  const outsiderAdmin = await makePerson(db, other, "communityAdmin");
  const outsiderResident = await makePerson(db, other, "resident", { grid: "A" });
  const item = await makeItem(db, p, { name: "公共设施维修", cosignThreshold: 3 });
  // A topic of the other community first, so that no topic's id equals the id of its plan, task,
  // co-signature or answer (a subquery matching the wrong id column would go unnoticed otherwise).
  const otherItem = await makeItem(db, other, { name: "其他", cosignThreshold: 2 });
  await insertTopicRow(db, other, { agendaItemId: otherItem.id, proposerId: outsiderResident.id, title: "别的社区的议题", state: "closed", cosignThreshold: 2, cosignDeadline: NOW });
  return { p, chief, chiefB, firm, residentB, outsiders: [outsiderAdmin, outsiderResident], item };
}

/** Nobody outside the topic's grid (staff of the other grid, its residents, another community) sees an item of it. */
async function nobodyElseSees(s: Awaited<ReturnType<typeof place>>, key: string) {
  for (const who of [s.chiefB, s.residentB, ...s.outsiders]) expect(await keys(who), `person ${who.id}`).not.toContain(key);
}

describe("the to-do list follows the loop, for the right person only", () => {
  test("co-sign (the topic's building), admission, start drafting (the firm told), open the vote, vote", async () => {
    const s = await place();
    const [proposer, neighbour, third] = await inOrder([0, 1, 2], () => makePerson(db, s.p, "resident", { grid: "A" }));
    const { topicId } = await proposeTopic(
      await ctxAs(proposer!),
      { gridId: s.p.gridA.id, buildingId: s.p.buildingA.id, agendaItemId: s.item.id, title: "1号楼楼道电动车", description: doc("楼道里停满了电动车。") },
      [],
      NOW,
    );
    // Neighbours of the building are asked to co-sign; the proposer is not.
    expect(await has(neighbour!, `cosign:${topicId}`)).toBe(true);
    const item = (await todos(neighbour!)).find((i) => i.kind === "cosign")!;
    expect(item).toMatchObject({ title: "1号楼楼道电动车", href: `/topics/${topicId}` });
    expect(item.due).toHaveProperty("at");
    expect(await has(proposer!, `cosign:${topicId}`)).toBe(false);
    await nobodyElseSees(s, `cosign:${topicId}`);
    await cosignTopic(await ctxAs(neighbour!), { topicId }, NOW);
    expect(await has(neighbour!, `cosign:${topicId}`)).toBe(false);
    expect(await has(third!, `cosign:${topicId}`)).toBe(true);

    // The threshold reached: the grid's chief admits or rejects it; the residents are asked nothing more.
    await cosignTopic(await ctxAs(third!), { topicId }, NOW);
    expect(await has(s.chief, `admitTopic:${topicId}`)).toBe(true);
    expect(await has(third!, `cosign:${topicId}`)).toBe(false);
    await nobodyElseSees(s, `admitTopic:${topicId}`);
    await admitTopic(await ctxAs(s.chief), { topicId, level: "grid" }, NOW);
    expect(await has(s.chief, `admitTopic:${topicId}`)).toBe(false);
    expect(await has(s.chief, `startDrafting:${topicId}`)).toBe(true);

    // Drafting starts: the property firm is told in its inbox, in the same step.
    await startDrafting(await ctxAs(s.chief), { topicId }, NOW);
    expect(await has(s.chief, `startDrafting:${topicId}`)).toBe(false);
    const told = await db.select().from(notifications).where(and(eq(notifications.kind, "draftingStarted"), eq(notifications.topicId, topicId)));
    expect(told.map((n) => n.personId)).toEqual([s.firm.id]);
    expect(told[0]!.data).toEqual({ topic: "1号楼楼道电动车" });
    // Nothing to put to the vote before a plan exists.
    expect((await keys(s.chief)).filter((k) => k.endsWith(`:${topicId}`))).toEqual([]);
    const { planId } = await draftPlan(await ctxAs(s.firm), { topicId, title: "建设充电棚", body: doc("在楼下空地建设电动车充电棚。") }, NOW);
    expect((await todos(s.chief)).find((i) => i.key === `openVoting:${topicId}`)?.href).toBe(`/ballots/new?topicId=${topicId}`);
    await nobodyElseSees(s, `openVoting:${topicId}`);

    const { ballotId } = await openBallot(await ctxAs(s.chief), { topicId, kind: "single", planIds: [planId], electorateKind: "gridResidents", closesAt: at(3) }, NOW);
    expect(await has(s.chief, `openVoting:${topicId}`)).toBe(false);
    for (const voter of [proposer!, neighbour!, third!]) expect(await has(voter, `vote:${ballotId}`)).toBe(true);
    expect((await todos(proposer!)).find((i) => i.key === `vote:${ballotId}`)).toMatchObject({ href: `/ballots/${ballotId}`, due: { at: at(3) }, topicTitle: "1号楼楼道电动车" });
    await nobodyElseSees(s, `vote:${ballotId}`);
    await castVote(await ctxAs(proposer!), { ballotId, choice: "agree" }, NOW);
    expect(await has(proposer!, `vote:${ballotId}`)).toBe(false);
    expect(await has(neighbour!, `vote:${ballotId}`)).toBe(true);

    // A proxy holder votes for the principal who has not voted, until the vote is in.
    const holder = await makePerson(db, s.p, "resident", { grid: "B" });
    await db.insert(ballotProxies).values({ ballotId, electorKey: `person:${neighbour!.id}`, proxyPersonId: holder.id, scanStoredName: "scan.jpg", scanMime: "image/jpeg", recordedBy: s.chief.id });
    expect((await todos(holder)).find((i) => i.key === `voteProxy:${ballotId}`)).toMatchObject({ count: 1, href: `/ballots/${ballotId}` });
    await castVote(await ctxAs(holder), { ballotId, electorKey: `person:${neighbour!.id}`, choice: "agree" }, NOW);
    expect(await has(holder, `voteProxy:${ballotId}`)).toBe(false);
    expect(await has(neighbour!, `vote:${ballotId}`)).toBe(false);

    // Past the closing time: voters are asked no more, the chief counts it.
    const later = at(4);
    expect(await has(third!, `vote:${ballotId}`, later)).toBe(false);
    expect((await todos(s.chief, later)).find((i) => i.key === `closeBallot:${ballotId}`)?.urgency).toBe("overdue");
    expect(await keys(s.chiefB, later)).not.toContain(`closeBallot:${ballotId}`);
    await closeBallot(await ctxAs(s.chief), { ballotId }, later);
    expect(await has(s.chief, `closeBallot:${ballotId}`, later)).toBe(false);
  });

  test("dispatch from the winning plan, take, decline and reassign, report, rate, satisfaction, conclude", async () => {
    const s = await place();
    const supervisor = await makePerson(db, s.p, "supervisor");
    const [a, b] = await inOrder([0, 1], () => makePerson(db, s.p, "resident", { grid: "A" }));
    const topic = await makeTopic(db, s.p, { state: "drafting", cosigners: [a!], staff: s.chief, at: at(-10) });
    const deadline = shanghaiDate(at(20));
    const { planId } = await draftPlan(
      await ctxAs(s.firm),
      { topicId: topic.id, title: "修缮车棚顶棚", body: doc("更换破损的阳光板六块，修复棚内照明，费用由公共收益支出。"), responsibleOrganisationId: s.p.propertyFirm.id, deadline, milestones: [{ title: "采购", dueOn: shanghaiDate(at(5)) }] },
      at(-9),
    );
    const { ballotId } = await openBallot(await ctxAs(s.chief), { topicId: topic.id, kind: "single", planIds: [planId], electorateKind: "gridResidents", closesAt: at(-1) }, at(-8));
    for (const v of [a!, b!]) await castVote(await ctxAs(v), { ballotId, choice: "agree" }, at(-7));
    await closeBallot(await ctxAs(s.chief), { ballotId }, at(-1));
    expect(await first(db.select().from(resolutions).where(eq(resolutions.topicId, topic.id)))).toBeTruthy();

    // Resolved: the chief carries it out and dispatches; the form starts from the winning plan.
    expect((await todos(s.chief)).find((i) => i.key === `dispatch:${topic.id}`)?.href).toBe(`/topics/${topic.id}#topic-tasks-${topic.id}`);
    await nobodyElseSees(s, `dispatch:${topic.id}`);
    await startImplementation(await ctxAs(s.chief), { topicId: topic.id }, NOW);
    expect(await has(s.chief, `dispatch:${topic.id}`)).toBe(true);
    const preset = (await dispatchDefaults(await ctxAs(s.chief), { topicId: topic.id }, NOW))!;
    expect(preset).toMatchObject({ planTitle: "修缮车棚顶棚", title: "修缮车棚顶棚", assignee: `organisation:${s.p.propertyFirm.id}`, dueOn: deadline });
    expect(preset.description).toContain("采购");
    await expect(dispatchDefaults(await ctxAs(s.firm), { topicId: topic.id }, NOW)).rejects.toThrow();
    await assignSupervisors(await ctxAs(s.chief), { topicId: topic.id, personIds: [supervisor.id] }, NOW);
    const { taskId } = await createTask(await ctxAs(s.chief), { topicId: topic.id, title: preset.title, assignee: preset.assignee!, dueOn: preset.dueOn! }, NOW);
    expect(await has(s.chief, `dispatch:${topic.id}`)).toBe(false);

    // The firm takes it, or declines and the chief dispatches it again.
    expect((await todos(s.firm)).find((i) => i.key === `takeTask:${taskId}`)).toMatchObject({ href: `/tasks/${taskId}`, due: { on: deadline } });
    await nobodyElseSees(s, `takeTask:${taskId}`);
    await declineTask(await ctxAs(s.firm), { taskId, reason: "人手不够，本月排不开" }, NOW);
    expect(await has(s.firm, `takeTask:${taskId}`)).toBe(false);
    expect(await has(s.chief, `reassignTask:${taskId}`)).toBe(true);
    await nobodyElseSees(s, `reassignTask:${taskId}`);
    await reassignTask(await ctxAs(s.chief), { taskId, assignee: `organisation:${s.p.propertyFirm.id}` }, NOW);
    expect(await has(s.chief, `reassignTask:${taskId}`)).toBe(false);
    await takeTask(await ctxAs(s.firm), { taskId }, NOW);
    expect(await has(s.firm, `takeTask:${taskId}`)).toBe(false);
    expect(await has(s.firm, `reportTask:${taskId}`)).toBe(true);
    await reportProgress(await ctxAs(s.firm), { taskId, body: "阳光板已更换完毕，垃圾已清运。", percent: 100, completes: true }, [], NOW);
    expect(await has(s.firm, `reportTask:${taskId}`)).toBe(false);

    // Under review: the supervisor rates, the grid's residents answer; then the chief concludes.
    expect((await todos(supervisor)).find((i) => i.key === `rate:${topic.id}`)?.href).toBe(`/ratings/${topic.id}`);
    for (const r of [a!, b!]) expect((await todos(r)).find((i) => i.key === `satisfaction:${topic.id}`)?.href).toBe(`/topics/${topic.id}`);
    await nobodyElseSees(s, `satisfaction:${topic.id}`);
    await nobodyElseSees(s, `rate:${topic.id}`);
    expect(await has(s.chief, `concludeReview:${topic.id}`)).toBe(false);
    await rateTopic(await ctxAs(supervisor), { topicId: topic.id, process: 5, timeliness: 5, quality: 5, transparency: 5, satisfaction: 5, comment: "顶棚修好了，不再漏雨。" }, [], NOW);
    expect(await has(supervisor, `rate:${topic.id}`)).toBe(false);
    await answerSatisfaction(await ctxAs(a!), { topicId: topic.id, answer: "satisfied" }, NOW);
    expect(await has(a!, `satisfaction:${topic.id}`)).toBe(false);
    expect(await has(b!, `satisfaction:${topic.id}`)).toBe(true);
    expect(await has(s.chief, `concludeReview:${topic.id}`)).toBe(true);
    await nobodyElseSees(s, `concludeReview:${topic.id}`);
  });

  test("registrations for the grid's staff, minutes once the meeting began, nothing for someone not verified", async () => {
    const s = await place();
    const pending = await makePerson(db, s.p, "resident", { grid: "A", status: "pending" });
    await db.update(people).set({ claimedUnitId: s.p.unitsA[1]!.id }).where(eq(people.id, pending.id));
    expect((await todos(s.chief)).find((i) => i.kind === "reviewRegistrations")).toMatchObject({ count: 1, href: "/staff/registrations" });
    expect((await todos(s.chiefB)).some((i) => i.kind === "reviewRegistrations")).toBe(false);
    expect(await todos(pending)).toEqual([]);
    await reviewRegistration(await ctxAs(s.chief), { personId: pending.id, decision: "verify" });
    expect((await todos(s.chief)).some((i) => i.kind === "reviewRegistrations")).toBe(false);

    const meeting = await first(db
      .insert(meetings)
      .values({ communityId: s.p.community.id, gridId: s.p.gridA.id, title: "十二月网格议事会", startsAt: at(1), place: "议事厅", createdBy: s.chief.id })
      .returning());
    expect(await has(s.chief, `publishMinutes:${meeting.id}`)).toBe(false);
    expect((await todos(s.chief, at(1.1))).find((i) => i.key === `publishMinutes:${meeting.id}`)?.href).toBe(`/meetings/${meeting.id}#minutes`);
    for (const who of [s.chiefB, s.firm, ...s.outsiders]) expect(await keys(who, at(1.1))).not.toContain(`publishMinutes:${meeting.id}`);
    await db.update(meetings).set({ minutesPublishedAt: at(1.2), status: "held" }).where(eq(meetings.id, meeting.id));
    expect(await has(s.chief, `publishMinutes:${meeting.id}`, at(1.3))).toBe(false);
  });

  test("one load runs the same number of statements for a chief of 2 topics as of 30", async () => {
    const s = await place();
    const statements = async () => {
      const spy = vi.spyOn(db.$client, "prepare");
      const n = (await listMyTodos(await ctxAs(s.chief), NOW)).count;
      const calls = spy.mock.calls.length;
      spy.mockRestore();
      return { n, calls };
    };
    for (let i = 0; i < 2; i++) await makeTopic(db, s.p, { state: "awaitingAdmission", staff: s.chief, at: NOW });
    const few = await statements();
    for (let i = 0; i < 28; i++) await makeTopic(db, s.p, { state: i % 2 ? "consulting" : "awaitingAdmission", staff: s.chief, at: NOW });
    const many = await statements();
    expect(few.n).toBe(2);
    expect(many.n).toBe(30);
    expect(few.calls).toBeGreaterThan(0);
    expect(many.calls).toBe(few.calls);
  });
});
