import fs from "node:fs";
import path from "node:path";
import { and, eq, sql } from "drizzle-orm";
import { describe, expect, test } from "vitest";
import { ZodError } from "zod";
import type { DB } from "@/db/client";
import { agendaCategories, agendaItems, events, notifications, resolutions, taskPhotos, taskUpdates, tasks, topicEvents, topics } from "@/db/schema";
import { castVote } from "@/lib/ballots/cast-vote";
import { closeBallot } from "@/lib/ballots/close-ballot";
import { claimTask } from "@/lib/tasks/claim-task";
import { createTask } from "@/lib/tasks/create-task";
import { declineTask } from "@/lib/tasks/decline-task";
import { flagOverdueTasks } from "@/lib/tasks/flag-overdue";
import { getTask } from "@/lib/tasks/get-task";
import { listMyTasks, listTaskBoard, listTopicTasks } from "@/lib/tasks/list-tasks";
import { reassignTask } from "@/lib/tasks/reassign-task";
import { reportProgress } from "@/lib/tasks/report-progress";
import { startImplementation } from "@/lib/tasks/start-implementation";
import { takeTask } from "@/lib/tasks/take-task";
import { listNotifications } from "@/lib/notifications/list";
import { uploadsDir } from "@/lib/uploads/photos";
import { ctxAs, fileDb } from "../helpers/db";
import { makeCommunity, makePerson, makeTopic } from "../helpers/factory";
import { refusal } from "../helpers/refusal";
import { jpegBytes } from "../helpers/images";
import { first } from "@/db/query";
import { inOrder } from "../helpers/in-order";

let db: DB;
fileDb((d) => (db = d));

const DAY = 86_400_000;
// 10:00 in Beijing on 25 November 2026.
const NOW = new Date("2026-11-25T10:00:00+08:00");
const at = (days: number) => new Date(NOW.getTime() + days * DAY);
const jpeg = (size = 2000) => new File([jpegBytes(size)], "photo.jpg", { type: "image/jpeg" });
const rows = async (table: typeof tasks | typeof taskUpdates | typeof taskPhotos | typeof events | typeof notifications | typeof topicEvents) =>
  (await first(db.select({ n: sql<number>`count(*)` }).from(table)))!.n;
const snapshot = async () => await inOrder([tasks, taskUpdates, taskPhotos, events, notifications, topicEvents], (t) => rows(t));
const inbox = async (personId: number, kind: string) =>
  await db.select().from(notifications).where(and(eq(notifications.personId, personId), eq(notifications.kind, kind)));
const timeline = async (topicId: number) => (await db.select().from(topicEvents).where(eq(topicEvents.topicId, topicId))).map((e) => e.kind);
const topicState = async (id: number) => (await first(db.select({ state: topics.state }).from(topics).where(eq(topics.id, id))))!.state;
const taskRow = async (id: number) => (await first(db.select().from(tasks).where(eq(tasks.id, id))))!;

/** A community with a topic that passed its vote: plan, ballot, resolution, state "resolved". */
async function setup() {
  const place = await makeCommunity(db);
  const cat = await first(db.insert(agendaCategories).values({ communityId: place.community.id, name: "公共事务" }).returning());
  // Two signatures admit a topic: the proposer's and the neighbour's below.
  const item = await first(db.insert(agendaItems).values({ categoryId: cat.id, name: "公共设施维修", cosignThreshold: 2 }).returning());
  const chief = await makePerson(db, place, "gridChief", { grid: "A" });
  const proposer = await makePerson(db, place, "resident", { grid: "A" });
  const firmA = await makePerson(db, place, "propertyFirmStaff");
  const firmB = await makePerson(db, place, "propertyFirmStaff");
  const volunteer = await makePerson(db, place, "resident", { grid: "B" });
  const other = await makeCommunity(db);
  const outsider = await makePerson(db, other, "resident", { grid: "A" });
  const outsiderChief = await makePerson(db, other, "communityAdmin");
  // Proposed, co-signed by a neighbour, admitted, drafted and put to the grid's residents ten days
  // ago; both residents agree and the chief counts the ballot once it has closed: resolved.
  const neighbour = await makePerson(db, place, "resident", { grid: "A" });
  const topic = await makeTopic(db, place, {
    state: "voting",
    item,
    proposer,
    cosigners: [neighbour],
    staff: chief,
    title: "3号楼车棚修缮",
    description: "车棚顶棚漏雨，需要尽快维修。",
    at: at(-10),
  });
  const topicId = topic.id;
  for (const voter of [proposer, neighbour]) await castVote(await ctxAs(voter), { ballotId: topic.ballotId!, choice: "agree" }, at(-9));
  await closeBallot(await ctxAs(chief), { ballotId: topic.ballotId! }, at(-2));
  const resolution = (await first(db.select().from(resolutions).where(eq(resolutions.topicId, topicId))))!;
  return { place, chief, proposer, firmA, firmB, volunteer, outsider, outsiderChief, topicId, resolution };
}

async function implementing() {
  const s = await setup();
  await startImplementation(await ctxAs(s.chief), { topicId: s.topicId }, NOW);
  return s;
}

const toFirm = async (s: Awaited<ReturnType<typeof setup>>, title = "更换车棚顶棚", dueOn = "2026-12-10") =>
  createTask(await ctxAs(s.chief), { topicId: s.topicId, title, description: "更换破损的彩钢瓦", assignee: `organisation:${s.place.propertyFirm.id}`, dueOn }, NOW);

describe("starting implementation", () => {
  test("staff move a resolved topic to implementing; followers are told; timeline and event recorded", async () => {
    const s = await setup();
    expect(await startImplementation(await ctxAs(s.chief), { topicId: s.topicId }, NOW)).toEqual({ topicId: s.topicId, state: "implementing" });
    expect(await topicState(s.topicId)).toBe("implementing");
    expect((await inbox(s.proposer.id, "implementationStarted"))[0]!.data).toEqual({ title: "3号楼车棚修缮" });
    expect(await timeline(s.topicId)).toContain("startImplementation");
    expect(await db.select().from(events).where(eq(events.kind, "topic.implementationStarted"))).toHaveLength(1);
  });

  test("a resident may not; a topic not resolved cannot; nothing is written", async () => {
    const s = await setup();
    const before = await snapshot();
    expect((await refusal(async () => startImplementation(await ctxAs(s.proposer), { topicId: s.topicId }, NOW))).status).toBe(403);
    expect((await refusal(async () => startImplementation(await ctxAs(s.outsiderChief), { topicId: s.topicId }, NOW))).status).toBe(404);
    await db.update(topics).set({ state: "voting" }).where(eq(topics.id, s.topicId));
    expect((await refusal(async () => startImplementation(await ctxAs(s.chief), { topicId: s.topicId }, NOW))).status).toBe(409);
    expect(await snapshot()).toEqual(before);
  });
});

describe("dispatching tasks", () => {
  test("staff give a task to the property firm: every firm member is told, it belongs to the current round and the resolution", async () => {
    const s = await implementing();
    const made = await toFirm(s);
    expect(made).toMatchObject({ topicId: s.topicId, status: "assigned", round: 0 });
    const row = await taskRow(made.taskId);
    expect(row).toMatchObject({ assigneeOrganisationId: s.place.propertyFirm.id, assigneePersonId: null, resolutionId: s.resolution.id, communityId: s.place.community.id, dueOn: "2026-12-10" });
    for (const p of [s.firmA, s.firmB]) expect((await inbox(p.id, "taskAssigned"))[0]!.data).toEqual({ title: "3号楼车棚修缮", task: "更换车棚顶棚" });
    expect(await timeline(s.topicId)).toContain("taskCreated");
    const message = (await listNotifications(await ctxAs(s.firmA), {})).messages.find((m) => m.kind === "taskAssigned")!;
    expect(message.details.task).toBe("更换车棚顶棚");
  });

  test("the task follows the rectification round", async () => {
    const s = await implementing();
    await db.update(topics).set({ state: "rectifying", rectificationRound: 2 }).where(eq(topics.id, s.topicId));
    expect((await toFirm(s)).round).toBe(2);
  });

  test("refused: not implementing, a resident, an assignee of another community, a past due date, bad input — nothing written", async () => {
    const s = await setup();
    const before = await snapshot();
    expect((await refusal(() => toFirm(s))).messageKey).toBe("taskTopicNotImplementing");
    await startImplementation(await ctxAs(s.chief), { topicId: s.topicId }, NOW);
    const started = await snapshot();
    expect((await refusal(async () => createTask(await ctxAs(s.proposer), { topicId: s.topicId, title: "维修", assignee: "open", dueOn: "2026-12-10" }, NOW))).status).toBe(403);
    const foreign = await refusal(async () => createTask(await ctxAs(s.chief), { topicId: s.topicId, title: "维修", assignee: `person:${s.outsider.id}`, dueOn: "2026-12-10" }, NOW));
    expect(foreign.messageKey).toBe("taskAssigneeOutside");
    const foreignOrg = (await makeCommunity(db)).propertyFirm;
    expect((await refusal(async () => createTask(await ctxAs(s.chief), { topicId: s.topicId, title: "维修", assignee: `organisation:${foreignOrg.id}`, dueOn: "2026-12-10" }, NOW))).messageKey).toBe("taskAssigneeOutside");
    expect((await refusal(() => toFirm(s, "维修", "2026-11-24"))).messageKey).toBe("taskDueInPast");
    await expect(toFirm(s, "维修", "2026-02-30")).rejects.toThrow(ZodError);
    await expect(createTask(await ctxAs(s.chief), { topicId: s.topicId, title: "维修", assignee: "everyone", dueOn: "2026-12-10" }, NOW)).rejects.toThrow(ZodError);
    expect(await snapshot()).toEqual(started);
  });
});

describe("taking and declining", () => {
  test("any member of the firm takes the order; staff are told; a second take is a conflict", async () => {
    const s = await implementing();
    const { taskId } = await toFirm(s);
    expect(await takeTask(await ctxAs(s.firmB), { taskId }, NOW)).toEqual({ taskId, status: "taken" });
    expect(await taskRow(taskId)).toMatchObject({ status: "taken", takenBy: s.firmB.id });
    expect((await inbox(s.chief.id, "taskTaken"))[0]!.data).toEqual({ title: "3号楼车棚修缮", task: "更换车棚顶棚" });
    expect((await refusal(async () => takeTask(await ctxAs(s.firmA), { taskId }, NOW))).status).toBe(409);
    expect(await timeline(s.topicId)).toContain("taskTaken");
  });

  test("someone else may not take it; a resident of another community does not even see it", async () => {
    const s = await implementing();
    const { taskId } = await toFirm(s);
    const before = await snapshot();
    expect((await refusal(async () => takeTask(await ctxAs(s.volunteer), { taskId }, NOW))).status).toBe(403);
    expect((await refusal(async () => takeTask(await ctxAs(s.outsider), { taskId }, NOW))).status).toBe(404);
    expect((await refusal(async () => getTask(await ctxAs(s.outsider), { taskId }, NOW))).status).toBe(404);
    expect((await refusal(async () => claimTask(await ctxAs(s.outsider), { taskId }, NOW))).status).toBe(404);
    expect(await snapshot()).toEqual(before);
  });

  test("decline with a reason, staff are told; staff reassign to a volunteer, who takes it", async () => {
    const s = await implementing();
    const { taskId } = await toFirm(s);
    await expect(declineTask(await ctxAs(s.firmA), { taskId, reason: " " }, NOW)).rejects.toThrow(ZodError);
    expect(await declineTask(await ctxAs(s.firmA), { taskId, reason: "不在物业服务范围" }, NOW)).toEqual({ taskId, status: "declined" });
    expect(await taskRow(taskId)).toMatchObject({ status: "declined", declineReason: "不在物业服务范围" });
    expect((await inbox(s.chief.id, "taskDeclined"))[0]!.data).toEqual({ title: "3号楼车棚修缮", task: "更换车棚顶棚", reason: "不在物业服务范围" });
    const message = (await listNotifications(await ctxAs(s.chief), {})).messages.find((m) => m.kind === "taskDeclined")!;
    expect(message.details).toMatchObject({ task: "更换车棚顶棚", reason: "不在物业服务范围" });
    expect((await refusal(async () => takeTask(await ctxAs(s.firmA), { taskId }, NOW))).status).toBe(409);

    expect((await refusal(async () => reassignTask(await ctxAs(s.firmA), { taskId, assignee: `person:${s.volunteer.id}` }, NOW))).status).toBe(403);
    expect(await reassignTask(await ctxAs(s.chief), { taskId, assignee: `person:${s.volunteer.id}`, dueOn: "2026-12-20" }, NOW)).toEqual({ taskId, status: "assigned" });
    expect(await taskRow(taskId)).toMatchObject({ status: "assigned", assigneePersonId: s.volunteer.id, assigneeOrganisationId: null, declineReason: null, dueOn: "2026-12-20" });
    expect(await inbox(s.volunteer.id, "taskAssigned")).toHaveLength(1);
    expect((await refusal(async () => takeTask(await ctxAs(s.firmA), { taskId }, NOW))).status).toBe(403);
    await takeTask(await ctxAs(s.volunteer), { taskId }, NOW);
    expect((await listMyTasks(await ctxAs(s.volunteer), NOW)).active.map((t) => t.id)).toContain(taskId);
    expect(await timeline(s.topicId)).toEqual(expect.arrayContaining(["taskDeclined", "taskReassigned", "taskTaken"]));
  });
});

describe("the task board (揭榜挂帅)", () => {
  test("an open task is on the board of the community; a volunteer claims it; then it is gone from the board", async () => {
    const s = await implementing();
    const { taskId, status } = await createTask(await ctxAs(s.chief), { topicId: s.topicId, title: "清理车棚杂物", assignee: "open", dueOn: "2026-12-05" }, NOW);
    expect(status).toBe("open");
    expect((await listTaskBoard(await ctxAs(s.volunteer), NOW)).map((t) => t.id)).toContain(taskId);
    expect((await listTaskBoard(await ctxAs(s.outsider), NOW)).map((t) => t.id)).not.toContain(taskId);
    expect((await refusal(async () => takeTask(await ctxAs(s.volunteer), { taskId }, NOW))).status).toBe(403);

    expect(await claimTask(await ctxAs(s.volunteer), { taskId }, NOW)).toEqual({ taskId, status: "taken" });
    expect(await taskRow(taskId)).toMatchObject({ status: "taken", assigneePersonId: s.volunteer.id, takenBy: s.volunteer.id });
    expect(await inbox(s.chief.id, "taskTaken")).toHaveLength(1);
    expect((await listTaskBoard(await ctxAs(s.volunteer), NOW)).map((t) => t.id)).not.toContain(taskId);
    expect((await refusal(async () => claimTask(await ctxAs(s.proposer), { taskId }, NOW))).messageKey).toBe("taskNotOpen");
  });

  test("a task given to someone cannot be claimed", async () => {
    const s = await implementing();
    const { taskId } = await toFirm(s);
    expect((await refusal(async () => claimTask(await ctxAs(s.volunteer), { taskId }, NOW))).messageKey).toBe("taskNotOpen");
  });
});

describe("progress and completion", () => {
  test("progress with text and photos; the percentage never goes down; only the taker's side reports", async () => {
    const s = await implementing();
    const { taskId } = await toFirm(s);
    expect((await refusal(async () => reportProgress(await ctxAs(s.firmA), { taskId, body: "开工", percent: 10 }, [], NOW))).messageKey).toBe("taskWrongStatus");
    await takeTask(await ctxAs(s.firmA), { taskId }, NOW);
    const firstUpdate = await reportProgress(await ctxAs(s.firmB), { taskId, body: "已拆除旧顶棚", percent: "40" }, [jpeg()], NOW);
    expect(firstUpdate).toMatchObject({ status: "inProgress", percent: 40, topicState: null });
    const photo = (await first(db.select().from(taskPhotos).where(eq(taskPhotos.taskUpdateId, firstUpdate.updateId))))!;
    expect(fs.existsSync(path.join(uploadsDir(), photo.storedName))).toBe(true);
    expect(await timeline(s.topicId)).toContain("taskProgress");

    const files = fs.readdirSync(uploadsDir()).length;
    const before = await snapshot();
    const backwards = await refusal(async () => reportProgress(await ctxAs(s.firmA), { taskId, body: "返工", percent: 30 }, [jpeg()], NOW));
    expect(backwards.messageKey).toBe("taskPercentBackwards");
    expect((await refusal(async () => reportProgress(await ctxAs(s.volunteer), { taskId, body: "帮忙", percent: 50 }, [], NOW))).status).toBe(403);
    expect((await refusal(async () => reportProgress(await ctxAs(s.firmA), { taskId, body: "", percent: 40 }, [], NOW))).messageKey).toBe("taskUpdateEmpty");
    await expect(reportProgress(await ctxAs(s.firmA), { taskId, body: "x", percent: 101 }, [], NOW)).rejects.toThrow(ZodError);
    expect(await snapshot()).toEqual(before);
    expect(fs.readdirSync(uploadsDir()).length).toBe(files);

    const detail = await getTask(await ctxAs(s.chief), { taskId }, NOW);
    expect(detail.updates).toHaveLength(1);
    expect(detail.updates[0]!.photoIds).toEqual([photo.id]);
    expect(detail.may).toMatchObject({ report: false, reassign: false });
    expect((await getTask(await ctxAs(s.firmA), { taskId }, NOW)).may.report).toBe(true);
  });

  test("completion needs evidence: a photo or ten characters", async () => {
    const s = await implementing();
    const { taskId } = await toFirm(s);
    await toFirm(s, "加装照明"); // a second task keeps the topic implementing
    await takeTask(await ctxAs(s.firmA), { taskId }, NOW);
    const before = await snapshot();
    expect((await refusal(async () => reportProgress(await ctxAs(s.firmA), { taskId, body: "好了", completes: true }, [], NOW))).messageKey).toBe("taskEvidenceRequired");
    expect(await snapshot()).toEqual(before);
    const done = await reportProgress(await ctxAs(s.firmA), { taskId, body: "", completes: "on" }, [jpeg()], NOW);
    expect(done).toMatchObject({ status: "completed", percent: 100, topicState: null });
    expect(await taskRow(taskId)).toMatchObject({ status: "completed", percent: 100, completedAt: NOW });
    expect((await inbox(s.chief.id, "taskCompleted"))[0]!.data).toEqual({ title: "3号楼车棚修缮", task: "更换车棚顶棚" });
    expect(await topicState(s.topicId)).toBe("implementing");
    expect((await refusal(async () => reportProgress(await ctxAs(s.firmA), { taskId, body: "再补充一句说明文字", percent: 100 }, [], NOW))).messageKey).toBe("taskWrongStatus");
  });

  test("the last completion of the round sends the topic under review; followers and staff are told", async () => {
    const s = await implementing();
    const a = (await toFirm(s)).taskId;
    const b = (await createTask(await ctxAs(s.chief), { topicId: s.topicId, title: "清理车棚杂物", assignee: "open", dueOn: "2026-12-05" }, NOW)).taskId;
    await takeTask(await ctxAs(s.firmA), { taskId: a }, NOW);
    await claimTask(await ctxAs(s.volunteer), { taskId: b }, NOW);
    expect((await reportProgress(await ctxAs(s.firmA), { taskId: a, body: "顶棚已全部更换完毕并验收", completes: true }, [], NOW)).topicState).toBeNull();
    expect(await topicState(s.topicId)).toBe("implementing");
    const last = await reportProgress(await ctxAs(s.volunteer), { taskId: b, body: "杂物已清理干净，车棚恢复使用", completes: true }, [], NOW);
    expect(last.topicState).toBe("underReview");
    expect(await topicState(s.topicId)).toBe("underReview");
    expect(await timeline(s.topicId)).toEqual(expect.arrayContaining(["taskCompleted", "completeImplementation"]));
    expect(await inbox(s.proposer.id, "underReview")).toHaveLength(1);
    expect(await inbox(s.chief.id, "underReview")).toHaveLength(1);
    const view = await listTopicTasks(await ctxAs(s.proposer), { topicId: s.topicId }, NOW);
    expect(view.rounds[0]!.tasks.map((t) => t.status)).toEqual(["completed", "completed"]);
    expect(view.canManage).toBe(false);
  });

  test("in rectification, only the current round's tasks count, and completion moves rectifying → underReview", async () => {
    const s = await implementing();
    const old = (await toFirm(s)).taskId; // round 0, never finished
    await db.update(topics).set({ state: "rectifying", rectificationRound: 1 }).where(eq(topics.id, s.topicId));
    const { taskId } = await toFirm(s, "整改：补齐防水");
    await takeTask(await ctxAs(s.firmA), { taskId }, NOW);
    await reportProgress(await ctxAs(s.firmA), { taskId, body: "防水层已补齐，雨后无渗漏", completes: true }, [], NOW);
    expect(await topicState(s.topicId)).toBe("underReview");
    expect((await taskRow(old)).status).toBe("assigned");
    expect(await timeline(s.topicId)).toContain("completeRectification");
  });
});

describe("overdue tasks", () => {
  test("flagged once to staff and assignee when the due day has passed in Beijing; lists show it", async () => {
    const s = await implementing();
    const late = (await toFirm(s, "更换车棚顶棚", "2026-11-26")).taskId;
    const onTime = (await toFirm(s, "加装照明", "2026-11-27")).taskId;
    const done = (await createTask(await ctxAs(s.chief), { topicId: s.topicId, title: "清理车棚杂物", assignee: `person:${s.volunteer.id}`, dueOn: "2026-11-26" }, NOW)).taskId;
    await takeTask(await ctxAs(s.volunteer), { taskId: done }, NOW);
    await reportProgress(await ctxAs(s.volunteer), { taskId: done, body: "", completes: true }, [jpeg()], NOW);

    // 23:30 on the 26th in Beijing is still the due day.
    expect(await flagOverdueTasks(db, new Date("2026-11-26T23:30:00+08:00"))).toBe(0);
    const morning = new Date("2026-11-27T00:30:00+08:00");
    expect(await flagOverdueTasks(db, morning)).toBe(1);
    expect(await flagOverdueTasks(db, at(5))).toBe(1); // now the second one, the first not again
    expect((await inbox(s.chief.id, "taskOverdue")).map((n) => n.data?.task)).toEqual(["更换车棚顶棚", "加装照明"]);
    expect((await inbox(s.firmA.id, "taskOverdue"))[0]!.data).toMatchObject({ title: "3号楼车棚修缮", task: "更换车棚顶棚" });
    expect(await inbox(s.volunteer.id, "taskOverdue")).toHaveLength(0);
    expect((await taskRow(late)).overdueNotifiedAt).toEqual(morning);
    expect((await taskRow(onTime)).overdueNotifiedAt).not.toBeNull();
    expect(await flagOverdueTasks(db, at(6))).toBe(0);

    const view = await listTopicTasks(await ctxAs(s.chief), { topicId: s.topicId }, morning);
    const overdue = Object.fromEntries(view.rounds[0]!.tasks.map((t) => [t.id, t.overdue]));
    expect(overdue).toEqual({ [late]: true, [onTime]: false, [done]: false });
    expect((await listMyTasks(await ctxAs(s.firmA), morning)).active.find((t) => t.id === late)!.overdue).toBe(true);
  });
});
