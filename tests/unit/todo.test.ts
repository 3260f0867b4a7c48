import { describe, expect, test } from "vitest";
import { topicStates } from "@/lib/domain/topic-state-machine";
import {
  SOON_MS,
  dueInstant,
  emptyTodoFacts,
  ownedTopicAction,
  sortTodos,
  supervisesTopic,
  taskAction,
  takingVotes,
  todoCount,
  todoKinds,
  todosFromFacts,
  urgencyOf,
  type OwnedTopicFact,
  type TodoFacts,
  type TodoItem,
} from "@/lib/domain/todo";

// 10:00 in Beijing on 25 November 2026.
const NOW = new Date("2026-11-25T10:00:00+08:00");
const H = 3_600_000;
const DAY = 24 * H;
const at = (ms: number) => new Date(NOW.getTime() + ms);
const ME = 7;

const ballot = (over: Partial<TodoFacts["ballots"][number]> = {}) => ({
  ballotId: 1,
  title: "4号楼感应灯方案表决",
  topicTitle: "4号楼楼道感应灯不亮",
  opensAt: at(-DAY),
  closesAt: at(3 * DAY),
  status: "open" as const,
  ownUnvoted: 1,
  proxyUnvoted: 0,
  ...over,
});
const owned = (over: Partial<OwnedTopicFact> = {}): OwnedTopicFact => ({
  topicId: 10,
  title: "东门停车位",
  state: "awaitingAdmission",
  updatedAt: at(-2 * DAY),
  planCount: 0,
  roundTasks: 0,
  supervisors: 0,
  ratedSupervisors: 0,
  pendingSupervisors: 0,
  ...over,
});
const facts = (over: Partial<TodoFacts>): TodoFacts => ({ ...emptyTodoFacts(ME), ...over });
const kinds = (items: TodoItem[]) => items.map((i) => i.kind);

describe("deadlines and urgency", () => {
  test("a due day ends at midnight in Beijing; an instant is itself; no deadline is none", () => {
    expect(dueInstant({ on: "2026-11-25" })).toEqual(new Date("2026-11-26T00:00:00+08:00"));
    expect(dueInstant({ at: at(H) })).toEqual(at(H));
    expect(dueInstant(null)).toBeNull();
    expect(dueInstant({ on: "not a day" })).toBeNull();
  });

  test("overdue once the deadline has passed, soon within 48 hours, otherwise normal", () => {
    expect(urgencyOf({ at: NOW }, NOW)).toBe("overdue");
    expect(urgencyOf({ at: at(-1) }, NOW)).toBe("overdue");
    expect(urgencyOf({ at: at(1) }, NOW)).toBe("soon");
    expect(urgencyOf({ at: at(SOON_MS) }, NOW)).toBe("soon");
    expect(urgencyOf({ at: at(SOON_MS + 1) }, NOW)).toBe("normal");
    // A task due today is not overdue until the day is over in Beijing.
    expect(urgencyOf({ on: "2026-11-25" }, NOW)).toBe("soon");
    expect(urgencyOf({ on: "2026-11-24" }, NOW)).toBe("overdue");
    expect(urgencyOf({ on: "2026-12-31" }, NOW)).toBe("normal");
    expect(urgencyOf(null, NOW)).toBe("normal");
  });
});

describe("which step a fact asks for", () => {
  test("a task: take it once assigned, report while it is taken or under way, nothing otherwise", () => {
    expect(taskAction("assigned")).toBe("takeTask");
    expect(taskAction("taken")).toBe("reportTask");
    expect(taskAction("inProgress")).toBe("reportTask");
    for (const s of ["open", "declined", "completed"]) expect(taskAction(s)).toBeNull();
  });

  test("a topic its staff own: the next step for every state of the machine", () => {
    const expected: Record<string, string | null> = {
      proposed: null,
      awaitingAdmission: "admitTopic",
      consulting: "startDrafting",
      drafting: null, // without a plan: nothing to put to the vote yet
      voting: null,
      resolved: "dispatch",
      failed: "decideFailed",
      implementing: "dispatch", // started, nothing dispatched yet
      underReview: null, // no supervisor has rated yet
      rectifying: "dispatch",
      closed: null,
      rejected: null,
      merged: null,
      expired: null,
    };
    for (const state of topicStates) expect([state, ownedTopicAction(owned({ state }))]).toEqual([state, expected[state]]);
  });

  test("drafting with a plan: open the vote", () => {
    expect(ownedTopicAction(owned({ state: "drafting", planCount: 1 }))).toBe("openVoting");
  });

  test("carrying out with tasks in the round: nothing to dispatch", () => {
    expect(ownedTopicAction(owned({ state: "implementing", roundTasks: 2 }))).toBeNull();
    expect(ownedTopicAction(owned({ state: "rectifying", roundTasks: 1 }))).toBeNull();
  });

  test("under review: conclude only when every assigned supervisor rated or was excused and one rating is in", () => {
    expect(ownedTopicAction(owned({ state: "underReview", supervisors: 2, ratedSupervisors: 1, pendingSupervisors: 1 }))).toBeNull();
    expect(ownedTopicAction(owned({ state: "underReview", supervisors: 2, ratedSupervisors: 1, pendingSupervisors: 0 }))).toBe("concludeReview");
    // Everyone excused, nobody rated: nothing to conclude on.
    expect(ownedTopicAction(owned({ state: "underReview", supervisors: 1, ratedSupervisors: 0, pendingSupervisors: 0 }))).toBeNull();
    expect(ownedTopicAction(owned({ state: "underReview", supervisors: 0 }))).toBeNull();
  });

  test("a supervisor rates topics of their grid or, community-wide, of every grid of their community", () => {
    expect(supervisesTopic([{ communityId: 1, gridId: null }], { communityId: 1, gridId: 5 })).toBe(true);
    expect(supervisesTopic([{ communityId: 1, gridId: 5 }], { communityId: 1, gridId: 5 })).toBe(true);
    expect(supervisesTopic([{ communityId: 1, gridId: 6 }], { communityId: 1, gridId: 5 })).toBe(false);
    expect(supervisesTopic([{ communityId: 2, gridId: null }], { communityId: 1, gridId: 5 })).toBe(false);
    expect(supervisesTopic([], { communityId: 1, gridId: 5 })).toBe(false);
  });

  test("a ballot takes votes from its opening until (not at) its closing time, and only while open", () => {
    expect(takingVotes(ballot(), NOW)).toBe(true);
    expect(takingVotes(ballot({ opensAt: at(1) }), NOW)).toBe(false);
    expect(takingVotes(ballot({ opensAt: NOW }), NOW)).toBe(true);
    expect(takingVotes(ballot({ closesAt: NOW }), NOW)).toBe(false);
    expect(takingVotes(ballot({ status: "closed" }), NOW)).toBe(false);
  });
});

describe("the items a person's facts produce", () => {
  test("nothing for nobody", () => {
    expect(todosFromFacts(emptyTodoFacts(ME), NOW)).toEqual([]);
  });

  test("vote: a ballot taking votes with an elector of theirs not voted; a proxy's principals count apart", () => {
    const items = todosFromFacts(facts({ ballots: [ballot({ ownUnvoted: 1, proxyUnvoted: 2 })] }), NOW);
    expect(items.map((i) => [i.kind, i.href, i.count])).toEqual([
      ["vote", "/ballots/1", 1],
      ["voteProxy", "/ballots/1", 2],
    ]);
    expect(items[0]!.due).toEqual({ at: at(3 * DAY) });
    expect(items[0]!.topicTitle).toBe("4号楼楼道感应灯不亮");
    expect(todosFromFacts(facts({ ballots: [ballot({ ownUnvoted: 0, proxyUnvoted: 0 })] }), NOW)).toEqual([]);
    expect(kinds(todosFromFacts(facts({ ballots: [ballot({ ownUnvoted: 0, proxyUnvoted: 1 })] }), NOW))).toEqual(["voteProxy"]);
    // Not yet open, past its closing time, or counted: nobody may vote.
    for (const b of [ballot({ opensAt: at(H) }), ballot({ closesAt: at(-1) }), ballot({ status: "closed" })]) expect(todosFromFacts(facts({ ballots: [b] }), NOW)).toEqual([]);
  });

  test("co-sign: a topic of their building still collecting, not theirs, not signed, its window open", () => {
    const c = { topicId: 3, title: "1号楼楼道电动车", state: "proposed", proposerId: 99, cosigned: false, cosignDeadline: at(2 * DAY) };
    expect(todosFromFacts(facts({ cosign: [c] }), NOW).map((i) => [i.kind, i.href])).toEqual([["cosign", "/topics/3"]]);
    for (const gone of [{ cosigned: true }, { proposerId: ME }, { state: "awaitingAdmission" }, { cosignDeadline: NOW }]) {
      expect(todosFromFacts(facts({ cosign: [{ ...c, ...gone }] }), NOW)).toEqual([]);
    }
  });

  test("tasks: take or report on the task's page, due on its day", () => {
    const t = (taskId: number, status: string) => ({ taskId, title: `任务${taskId}`, topicTitle: "门禁", status, dueOn: "2026-12-01" });
    const items = todosFromFacts(facts({ tasks: [t(1, "assigned"), t(2, "inProgress"), t(3, "completed"), t(4, "declined")] }), NOW);
    expect(items.map((i) => [i.kind, i.href, i.due])).toEqual([
      ["takeTask", "/tasks/1", { on: "2026-12-01" }],
      ["reportTask", "/tasks/2", { on: "2026-12-01" }],
    ]);
  });

  test("rate: an assigned supervisor of the grid, the topic under review, not rated, not excused", () => {
    const r = { topicId: 4, title: "垃圾分类投放点", state: "underReview", communityId: 1, gridId: 5, rated: false, excused: false, assignedAt: at(-5 * DAY) };
    const scopes = [{ communityId: 1, gridId: null }];
    expect(todosFromFacts(facts({ supervisorScopes: scopes, ratings: [r] }), NOW).map((i) => [i.kind, i.href])).toEqual([["rate", "/ratings/4"]]);
    for (const gone of [{ rated: true }, { excused: true }, { state: "closed" }, { state: "rectifying" }]) {
      expect(todosFromFacts(facts({ supervisorScopes: scopes, ratings: [{ ...r, ...gone }] }), NOW)).toEqual([]);
    }
    // No longer a supervisor there (the role was taken away): not asked any more.
    expect(todosFromFacts(facts({ supervisorScopes: [{ communityId: 1, gridId: 6 }], ratings: [r] }), NOW)).toEqual([]);
  });

  test("satisfaction: a topic of their grid under review they have not answered this round", () => {
    const s = { topicId: 4, title: "垃圾分类投放点", state: "underReview", answered: false, updatedAt: at(-DAY) };
    expect(todosFromFacts(facts({ satisfaction: [s] }), NOW).map((i) => [i.kind, i.href])).toEqual([["satisfaction", "/topics/4"]]);
    expect(todosFromFacts(facts({ satisfaction: [{ ...s, answered: true }] }), NOW)).toEqual([]);
    expect(todosFromFacts(facts({ satisfaction: [{ ...s, state: "closed" }] }), NOW)).toEqual([]);
  });

  test("registrations: one item for the whole queue, with its size, while it is not empty", () => {
    const items = todosFromFacts(facts({ registrations: { count: 2, oldest: at(-3 * DAY) } }), NOW);
    expect(items.map((i) => [i.kind, i.href, i.count, i.since])).toEqual([["reviewRegistrations", "/staff/registrations", 2, at(-3 * DAY)]]);
    expect(todosFromFacts(facts({ registrations: { count: 0, oldest: null } }), NOW)).toEqual([]);
    expect(todosFromFacts(facts({ registrations: null }), NOW)).toEqual([]);
  });

  test("staff: each owned topic's next step links to where it is taken", () => {
    const items = todosFromFacts(
      facts({
        ownedTopics: [
          owned({ topicId: 1, state: "awaitingAdmission" }),
          owned({ topicId: 2, state: "consulting" }),
          owned({ topicId: 3, state: "drafting", planCount: 2 }),
          owned({ topicId: 4, state: "failed" }),
          owned({ topicId: 5, state: "resolved" }),
          owned({ topicId: 6, state: "underReview", supervisors: 1, ratedSupervisors: 1 }),
          owned({ topicId: 7, state: "voting" }),
        ],
      }),
      NOW,
    );
    expect(Object.fromEntries(items.map((i) => [i.kind, i.href]))).toEqual({
      admitTopic: "/topics/1",
      startDrafting: "/topics/2",
      openVoting: "/ballots/new?topicId=3",
      decideFailed: "/topics/4",
      dispatch: "/topics/5#topic-tasks-5",
      concludeReview: "/topics/6",
    });
  });

  test("staff: a declined task to dispatch again, a ballot past its close to count, minutes of a meeting that began", () => {
    const items = todosFromFacts(
      facts({
        declinedTasks: [{ taskId: 8, title: "修车棚", topicTitle: "车棚", dueOn: "2026-12-05", updatedAt: at(-DAY) }],
        ballotsToClose: [
          { ballotId: 9, title: "表决", topicTitle: "车棚", status: "open", closesAt: at(-H) },
          { ballotId: 10, title: "还在投", topicTitle: "车棚", status: "open", closesAt: at(H) },
          { ballotId: 11, title: "已计票", topicTitle: "车棚", status: "closed", closesAt: at(-H) },
        ],
        meetings: [
          { meetingId: 12, title: "十一月议事会", status: "scheduled", startsAt: at(-2 * H), minutesPublished: false },
          { meetingId: 13, title: "还没开", status: "scheduled", startsAt: at(2 * H), minutesPublished: false },
          { meetingId: 14, title: "已发布", status: "held", startsAt: at(-DAY), minutesPublished: true },
          { meetingId: 15, title: "取消了", status: "cancelled", startsAt: at(-DAY), minutesPublished: false },
        ],
      }),
      NOW,
    );
    expect(items.map((i) => [i.kind, i.href])).toEqual([
      ["closeBallot", "/ballots/9"],
      ["reassignTask", "/tasks/8"],
      ["publishMinutes", "/meetings/12#minutes"],
    ]);
    expect(items[0]!.urgency).toBe("overdue");
  });

  test("every kind of item can be produced, and keys are unique", () => {
    const all = todosFromFacts(
      facts({
        supervisorScopes: [{ communityId: 1, gridId: null }],
        ballots: [ballot({ proxyUnvoted: 1 })],
        cosign: [{ topicId: 3, title: "t", state: "proposed", proposerId: 1, cosigned: false, cosignDeadline: at(DAY) }],
        tasks: [
          { taskId: 1, title: "a", topicTitle: "t", status: "assigned", dueOn: "2026-12-01" },
          { taskId: 2, title: "b", topicTitle: "t", status: "taken", dueOn: "2026-12-01" },
        ],
        ratings: [{ topicId: 4, title: "t", state: "underReview", communityId: 1, gridId: 1, rated: false, excused: false, assignedAt: NOW }],
        satisfaction: [{ topicId: 4, title: "t", state: "underReview", answered: false, updatedAt: NOW }],
        registrations: { count: 1, oldest: NOW },
        ownedTopics: ["awaitingAdmission", "consulting", "failed", "resolved"].map((state, i) => owned({ topicId: 20 + i, state })).concat([
          owned({ topicId: 30, state: "drafting", planCount: 1 }),
          owned({ topicId: 31, state: "underReview", supervisors: 1, ratedSupervisors: 1 }),
        ]),
        declinedTasks: [{ taskId: 3, title: "c", topicTitle: "t", dueOn: "2026-12-01", updatedAt: NOW }],
        ballotsToClose: [{ ballotId: 2, title: "x", topicTitle: "t", status: "open", closesAt: at(-1) }],
        meetings: [{ meetingId: 1, title: "m", status: "scheduled", startsAt: at(-1), minutesPublished: false }],
      }),
      NOW,
    );
    expect(new Set(kinds(all))).toEqual(new Set(todoKinds));
    expect(new Set(all.map((i) => i.key)).size).toBe(all.length);
    expect(todoCount(all)).toBe(all.length);
  });
});

describe("order", () => {
  const item = (key: string, over: Partial<TodoItem>): TodoItem => ({ kind: "vote", key, title: key, topicTitle: null, due: null, since: null, href: "/", count: 1, urgency: "normal", ...over });

  test("overdue first, then due soon, then by nearest deadline, then undated by longest waiting", () => {
    const sorted = sortTodos([
      item("undated-new", { kind: "admitTopic", since: at(-DAY) }),
      item("far", { due: { at: at(10 * DAY) } }),
      item("undated-old", { kind: "admitTopic", since: at(-9 * DAY) }),
      item("soon", { due: { at: at(5 * H) }, urgency: "soon" }),
      item("overdue", { kind: "closeBallot", due: { at: at(-H) }, urgency: "overdue" }),
      item("sooner", { due: { on: "2026-11-25" }, urgency: "soon" }),
      item("undated-never", { kind: "admitTopic" }),
    ]);
    expect(sorted.map((i) => i.key)).toEqual(["overdue", "soon", "sooner", "far", "undated-old", "undated-new", "undated-never"]);
  });

  test("ties break by kind, then by key, so two loads give the same order", () => {
    const a = [item("b", { kind: "vote" }), item("a", { kind: "vote" }), item("c", { kind: "closeBallot" })];
    expect(sortTodos(a).map((i) => i.key)).toEqual(["c", "a", "b"]);
    expect(sortTodos([...a].reverse()).map((i) => i.key)).toEqual(["c", "a", "b"]);
  });

  test("todosFromFacts returns its items sorted", () => {
    const items = todosFromFacts(
      facts({
        ballots: [ballot({ ballotId: 1, closesAt: at(5 * DAY) }), ballot({ ballotId: 2, closesAt: at(H) })],
        registrations: { count: 1, oldest: at(-DAY) },
        tasks: [{ taskId: 1, title: "a", topicTitle: "t", status: "taken", dueOn: "2026-11-20" }],
      }),
      NOW,
    );
    expect(items.map((i) => [i.key, i.urgency])).toEqual([
      ["reportTask:1", "overdue"],
      ["vote:2", "soon"],
      ["vote:1", "normal"],
      ["reviewRegistrations", "normal"],
    ]);
  });
});
