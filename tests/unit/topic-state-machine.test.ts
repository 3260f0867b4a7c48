import { describe, expect, it } from "vitest";
import {
  availableTransitions,
  initialTopicState,
  isTerminal,
  topicErrorKeys,
  topicStage,
  topicStates,
  topicTransitions,
  transition,
  transitionRules,
  type TopicActorRelation,
  type TopicFacts,
  type TopicLevel,
  type TopicState,
  type TopicTransition,
  type TopicTransitionInput,
  type TransitionResult,
} from "@/lib/domain/topic-state-machine";

// ── The expected rules, written out by hand from the specification (not read from the module).
// Columns: transition | from states | to state ("=" stays) | who | input needed.
// who: "staff" = gridStaff or communityStaff on a grid-level topic, communityStaff only on a
// community-level one; "system" = the system relation only; "staff+system" = either.
const table = `
reachThreshold         | proposed                              | awaitingAdmission | system       | -
expire                 | proposed                              | expired           | system       | -
admit                  | awaitingAdmission                     | consulting        | staff        | level
reject                 | proposed awaitingAdmission            | rejected          | staff        | reason
merge                  | proposed awaitingAdmission consulting | merged            | staff        | mergeIntoTopicId
escalate               | consulting drafting                   | =                 | staff        | -
startDrafting          | consulting                            | drafting          | staff        | -
openVoting             | drafting                              | voting            | staff        | -
passVote               | voting                                | resolved          | system       | -
failVote               | voting                                | failed            | system       | -
redraft                | failed                                | drafting          | staff        | reason
closeFailed            | failed                                | closed            | staff        | reason
startImplementation    | resolved                              | implementing      | staff        | -
completeImplementation | implementing                          | underReview       | system       | -
requireRectification   | underReview                           | rectifying        | staff+system | reason
completeRectification  | rectifying                            | underReview       | system       | -
close                  | underReview                           | closed            | staff        | -
reopen                 | closed                                | rectifying        | staff        | reason
`;

interface ExpectedRule {
  from: string[];
  to: string;
  who: "staff" | "system" | "staff+system";
  input: string[];
}

const expected: Record<string, ExpectedRule> = {};
for (const line of table.trim().split("\n")) {
  const [name, from, to, who, input] = line.split("|").map((cell) => cell.trim());
  if (!name || !from || !to || !who || !input) throw new Error(`bad table line: ${line}`);
  expected[name] = {
    from: from.split(/\s+/),
    to,
    who: who as ExpectedRule["who"],
    input: input === "-" ? [] : input.split(/\s+/),
  };
}

function expectedRule(name: string): ExpectedRule {
  const rule = expected[name];
  if (!rule) throw new Error(`no expectation for ${name}`);
  return rule;
}

/** Actor sets to try: every single relation, nobody, and a few realistic combinations. */
const actorSets: { label: string; relations: TopicActorRelation[]; asSet?: boolean }[] = [
  { label: "system", relations: ["system"] },
  { label: "proposer", relations: ["proposer"] },
  { label: "gridStaff", relations: ["gridStaff"] },
  { label: "communityStaff", relations: ["communityStaff"] },
  { label: "member", relations: ["member"] },
  { label: "nobody", relations: [] },
  { label: "proposer+gridStaff (Set)", relations: ["proposer", "gridStaff"], asSet: true },
  { label: "member+communityStaff", relations: ["member", "communityStaff"] },
  { label: "proposer+member", relations: ["proposer", "member"], asSet: true },
  { label: "system+gridStaff", relations: ["system", "gridStaff"] },
];

function mayAct(who: ExpectedRule["who"], level: TopicLevel, relations: TopicActorRelation[]): boolean {
  const system = relations.includes("system");
  const staff = relations.includes("communityStaff") || (level === "grid" && relations.includes("gridStaff"));
  if (who === "system") return system;
  if (who === "staff") return staff;
  return system || staff;
}

const topicId = 7;
const deadline = new Date("2025-06-30T12:00:00.000Z");
const atDeadline = new Date(deadline.getTime());
const beforeDeadline = new Date(deadline.getTime() - 1);

/** A topic where every precondition holds, except `expire`'s which needs the opposite co-sign count. */
function facts(state: TopicState, level: TopicLevel, patch: Partial<TopicFacts> = {}): TopicFacts {
  return {
    id: topicId,
    state,
    level,
    cosignCount: 5,
    cosignThreshold: 5,
    cosignDeadline: deadline,
    planCount: 1,
    openTaskCount: 0,
    closeRuleMet: true,
    ...patch,
  };
}

function factsFor(name: TopicTransition, state: TopicState, level: TopicLevel): TopicFacts {
  return name === "expire" ? facts(state, level, { cosignCount: 4 }) : facts(state, level);
}

/** Valid input for every transition at once; extra fields are ignored by transitions not needing them. */
const goodInput: TopicTransitionInput = {
  reason: "重复议题",
  level: "community",
  mergeIntoTopicId: 99,
  now: atDeadline,
};

// Every messageKey seen anywhere in this file; checked against topicErrorKeys at the end.
const seenKeys = new Set<string>();
function run(
  topic: TopicFacts,
  name: TopicTransition,
  actor: readonly TopicActorRelation[] | ReadonlySet<TopicActorRelation>,
  input?: TopicTransitionInput,
): TransitionResult {
  const result = transition(topic, name, actor, input);
  if (!result.ok) seenKeys.add(result.messageKey);
  return result;
}

describe("transition: every state × transition × actor × level", () => {
  for (const name of topicTransitions) {
    describe(name, () => {
      for (const state of topicStates) {
        it(`from ${state}`, () => {
          const rule = expectedRule(name);
          const mismatches: unknown[] = [];
          let cases = 0;
          for (const level of ["grid", "community"] as const) {
            for (const actor of actorSets) {
              const relations = actor.asSet ? new Set(actor.relations) : actor.relations;
              const got = run(factsFor(name, state, level), name, relations, goodInput);
              let want: TransitionResult;
              if (!rule.from.includes(state)) {
                want = { ok: false, error: "illegalTransition", messageKey: "topicIllegalTransition" };
              } else if (!mayAct(rule.who, level, actor.relations)) {
                want = { ok: false, error: "notAllowed", messageKey: "topicNotAllowed" };
              } else if (name === "escalate" && level === "community") {
                want = { ok: false, error: "preconditionFailed", messageKey: "topicAlreadyCommunityLevel" };
              } else {
                const newLevel: TopicLevel = name === "admit" ? "community" : name === "escalate" ? "community" : level;
                want = {
                  ok: true,
                  from: state,
                  to: rule.to === "=" ? state : (rule.to as TopicState),
                  level: newLevel,
                  transition: name,
                };
              }
              cases++;
              if (JSON.stringify(got) !== JSON.stringify(want)) mismatches.push({ level, actor: actor.label, got, want });
            }
          }
          expect(cases).toBe(2 * actorSets.length);
          expect(mismatches).toEqual([]);
        });
      }
    });
  }
});

describe("transitionRules (the data a UI shows)", () => {
  it("matches the hand-written table for every transition", () => {
    expect(Object.keys(transitionRules).sort()).toEqual([...topicTransitions].sort());
    expect(Object.keys(expected).sort()).toEqual([...topicTransitions].sort());
    for (const name of topicTransitions) {
      const rule = transitionRules[name];
      const want = expectedRule(name);
      expect([...rule.from].sort(), name).toEqual([...want.from].sort());
      expect(rule.to, name).toBe(want.to === "=" ? "unchanged" : want.to);
      expect([...rule.by].sort().join("+"), name).toBe(want.who === "staff+system" ? "staff+system" : want.who);
      expect([...rule.input], name).toEqual(want.input);
    }
  });

  it("declares a precondition exactly where the specification has one, with known failure keys", () => {
    const withPrecondition = topicTransitions.filter((name) => transitionRules[name].precondition !== null).sort();
    expect(withPrecondition).toEqual(
      ["close", "completeImplementation", "completeRectification", "escalate", "expire", "openVoting", "reachThreshold"].sort(),
    );
    for (const name of withPrecondition) {
      const precondition = transitionRules[name].precondition;
      expect(precondition?.description.length ?? 0, name).toBeGreaterThan(0);
      for (const key of precondition?.failureKeys ?? []) expect(topicErrorKeys).toContain(key);
    }
  });

  it("only names known states", () => {
    for (const name of topicTransitions) {
      const rule = transitionRules[name];
      for (const state of rule.from) expect(topicStates).toContain(state);
      if (rule.to !== "unchanged") expect(topicStates).toContain(rule.to);
    }
  });
});

describe("preconditions at their edges", () => {
  const system = ["system"] as const;
  const staff = ["gridStaff"] as const;

  it("reachThreshold needs cosignCount ≥ threshold", () => {
    expect(run(facts("proposed", "grid", { cosignCount: 4, cosignThreshold: 5 }), "reachThreshold", system)).toEqual({
      ok: false,
      error: "preconditionFailed",
      messageKey: "topicThresholdNotReached",
    });
    expect(run(facts("proposed", "grid", { cosignCount: 5, cosignThreshold: 5 }), "reachThreshold", system)).toMatchObject({
      ok: true,
      to: "awaitingAdmission",
    });
    expect(run(facts("proposed", "grid", { cosignCount: 6, cosignThreshold: 5 }), "reachThreshold", system).ok).toBe(true);
  });

  it("expire needs the deadline reached (inclusive) and the threshold missed", () => {
    const below = facts("proposed", "grid", { cosignCount: 4, cosignThreshold: 5 });
    expect(run(below, "expire", system, { now: beforeDeadline })).toEqual({
      ok: false,
      error: "preconditionFailed",
      messageKey: "topicCosignWindowOpen",
    });
    expect(run(below, "expire", system, { now: atDeadline })).toMatchObject({ ok: true, to: "expired" });
    expect(run(below, "expire", system, { now: new Date(deadline.getTime() + 86_400_000) }).ok).toBe(true);

    const reached = facts("proposed", "grid", { cosignCount: 5, cosignThreshold: 5 });
    expect(run(reached, "expire", system, { now: atDeadline })).toEqual({
      ok: false,
      error: "preconditionFailed",
      messageKey: "topicThresholdReached",
    });
  });

  it("openVoting needs at least one plan", () => {
    expect(run(facts("drafting", "grid", { planCount: 0 }), "openVoting", staff)).toEqual({
      ok: false,
      error: "preconditionFailed",
      messageKey: "topicNeedsPlan",
    });
    expect(run(facts("drafting", "grid", { planCount: 1 }), "openVoting", staff)).toMatchObject({ ok: true, to: "voting" });
  });

  it("completeImplementation and completeRectification need no open task", () => {
    for (const [name, state, to] of [
      ["completeImplementation", "implementing", "underReview"],
      ["completeRectification", "rectifying", "underReview"],
    ] as const) {
      expect(run(facts(state, "grid", { openTaskCount: 1 }), name, system)).toEqual({
        ok: false,
        error: "preconditionFailed",
        messageKey: "topicTasksOpen",
      });
      expect(run(facts(state, "grid", { openTaskCount: 0 }), name, system)).toMatchObject({ ok: true, to });
    }
  });

  it("close needs the close rule met", () => {
    expect(run(facts("underReview", "grid", { closeRuleMet: false }), "close", staff)).toEqual({
      ok: false,
      error: "preconditionFailed",
      messageKey: "topicCloseRuleNotMet",
    });
    expect(run(facts("underReview", "grid", { closeRuleMet: true }), "close", staff)).toMatchObject({ ok: true, to: "closed" });
  });
});

describe("input", () => {
  const reasonTransitions: [TopicTransition, TopicState][] = [
    ["reject", "proposed"],
    ["reject", "awaitingAdmission"],
    ["redraft", "failed"],
    ["closeFailed", "failed"],
    ["requireRectification", "underReview"],
    ["reopen", "closed"],
  ];

  it.each(reasonTransitions)("%s from %s refuses a missing, 1-char or blank reason", (name, state) => {
    const refused = { ok: false, error: "reasonRequired", messageKey: "topicReasonRequired" };
    for (const reason of [undefined, "", "x", "否", "   ", " x ", "\n\t"]) {
      expect(run(facts(state, "grid"), name, ["communityStaff"], { reason }), JSON.stringify(reason)).toEqual(refused);
    }
    expect(run(facts(state, "grid"), name, ["communityStaff"])).toEqual(refused);
    for (const reason of ["ab", "不行", "  ab  "]) {
      expect(run(facts(state, "grid"), name, ["communityStaff"], { reason }).ok, reason).toBe(true);
    }
  });

  it("requireRectification by the system also needs a reason", () => {
    expect(run(facts("underReview", "grid"), "requireRectification", ["system"])).toMatchObject({ error: "reasonRequired" });
    expect(run(facts("underReview", "grid"), "requireRectification", ["system"], { reason: "评价不满意" })).toMatchObject({
      ok: true,
      to: "rectifying",
    });
  });

  it("merge needs a target other than the topic itself", () => {
    const topic = facts("consulting", "grid");
    expect(run(topic, "merge", ["gridStaff"])).toEqual({
      ok: false,
      error: "mergeTargetRequired",
      messageKey: "topicMergeTargetRequired",
    });
    expect(run(topic, "merge", ["gridStaff"], { mergeIntoTopicId: topicId })).toEqual({
      ok: false,
      error: "mergeTargetRequired",
      messageKey: "topicMergeIntoSelf",
    });
    for (const bad of [0, -3, 1.5, Number.NaN]) {
      expect(run(topic, "merge", ["gridStaff"], { mergeIntoTopicId: bad }), String(bad)).toMatchObject({
        error: "mergeTargetRequired",
      });
    }
    expect(run(topic, "merge", ["gridStaff"], { mergeIntoTopicId: topicId + 1 })).toMatchObject({ ok: true, to: "merged" });
  });

  it("admit needs a level and sets the level given", () => {
    const gridTopic = facts("awaitingAdmission", "grid");
    expect(run(gridTopic, "admit", ["gridStaff"])).toEqual({
      ok: false,
      error: "levelRequired",
      messageKey: "topicLevelRequired",
    });
    // An untyped form might send anything.
    expect(run(gridTopic, "admit", ["gridStaff"], { level: "city" as TopicLevel })).toMatchObject({ error: "levelRequired" });
    expect(run(gridTopic, "admit", ["gridStaff"], { level: "grid" })).toEqual({
      ok: true,
      from: "awaitingAdmission",
      to: "consulting",
      level: "grid",
      transition: "admit",
    });
    expect(run(gridTopic, "admit", ["gridStaff"], { level: "community" })).toMatchObject({ ok: true, level: "community" });
    // A topic filed as community-level may still be admitted down to the grid by community staff.
    expect(run(facts("awaitingAdmission", "community"), "admit", ["communityStaff"], { level: "grid" })).toMatchObject({
      ok: true,
      level: "grid",
    });
  });
});

describe("escalate", () => {
  it.each(["consulting", "drafting"] as const)("from %s raises the level and keeps the state", (state) => {
    expect(run(facts(state, "grid"), "escalate", ["gridStaff"])).toEqual({
      ok: true,
      from: state,
      to: state,
      level: "community",
      transition: "escalate",
    });
  });

  it("refuses a community-level topic with topicAlreadyCommunityLevel", () => {
    expect(run(facts("consulting", "community"), "escalate", ["communityStaff"])).toEqual({
      ok: false,
      error: "preconditionFailed",
      messageKey: "topicAlreadyCommunityLevel",
    });
  });

  it("tells grid staff they are not allowed on a community-level topic (actor is checked first)", () => {
    expect(run(facts("consulting", "community"), "escalate", ["gridStaff"])).toMatchObject({ error: "notAllowed" });
  });
});

describe("check order: state, then actor, then input", () => {
  it("an illegal move is reported as such even for a stranger with no input", () => {
    expect(run(facts("closed", "grid"), "reject", ["member"])).toMatchObject({ error: "illegalTransition" });
  });

  it("a wrong actor is reported before missing input", () => {
    expect(run(facts("proposed", "grid"), "reject", ["proposer"])).toMatchObject({ error: "notAllowed" });
    expect(run(facts("awaitingAdmission", "grid"), "admit", ["member"])).toMatchObject({ error: "notAllowed" });
    expect(run(facts("consulting", "grid"), "merge", ["system"], { mergeIntoTopicId: topicId })).toMatchObject({
      error: "notAllowed",
    });
  });

  it("a wrong actor is reported before a failing precondition", () => {
    expect(run(facts("drafting", "grid", { planCount: 0 }), "openVoting", ["member"])).toMatchObject({ error: "notAllowed" });
    expect(run(facts("proposed", "grid", { cosignCount: 0 }), "reachThreshold", ["gridStaff"])).toMatchObject({
      error: "notAllowed",
    });
  });
});

describe("whole loop", () => {
  /** Applies a transition that must succeed and returns the topic with the new state and level. */
  function step(
    topic: TopicFacts,
    name: TopicTransition,
    actor: TopicActorRelation[],
    input?: TopicTransitionInput,
  ): TopicFacts {
    const result = run(topic, name, actor, input);
    if (!result.ok) throw new Error(`${name} from ${topic.state} failed: ${result.messageKey}`);
    expect(result.from).toBe(topic.state);
    expect(result.transition).toBe(name);
    return { ...topic, state: result.to, level: result.level };
  }

  it("runs proposed → … → closed, with a failed vote, a rectification round and a reopening", () => {
    const chief: TopicActorRelation[] = ["gridStaff"];
    const community: TopicActorRelation[] = ["communityStaff"];
    const system: TopicActorRelation[] = ["system"];
    const start = initialTopicState(["proposer"], false);
    expect(start).toBe("proposed");

    let t = facts(start, "grid", { cosignCount: 2, cosignThreshold: 5, planCount: 0, openTaskCount: 0, closeRuleMet: false });
    expect(run(t, "reachThreshold", system)).toMatchObject({ messageKey: "topicThresholdNotReached" });
    t = step({ ...t, cosignCount: 5 }, "reachThreshold", system);
    expect(t.state).toBe("awaitingAdmission");
    t = step(t, "admit", chief, { level: "grid" });
    expect(t).toMatchObject({ state: "consulting", level: "grid" });
    t = step(t, "startDrafting", chief);
    expect(t.state).toBe("drafting");
    expect(run(t, "openVoting", chief)).toMatchObject({ messageKey: "topicNeedsPlan" });
    t = step({ ...t, planCount: 1 }, "openVoting", chief);
    expect(t.state).toBe("voting");
    t = step(t, "failVote", system);
    expect(t.state).toBe("failed");
    t = step(t, "redraft", chief, { reason: "预算过高，重新测算" });
    expect(t.state).toBe("drafting");
    // The matter turns out to be bigger than the grid: hand it to the community.
    t = step(t, "escalate", chief);
    expect(t).toMatchObject({ state: "drafting", level: "community" });
    expect(run(t, "openVoting", chief)).toMatchObject({ error: "notAllowed" });
    t = step(t, "openVoting", community);
    t = step(t, "passVote", system);
    expect(t.state).toBe("resolved");
    t = step(t, "startImplementation", community);
    expect(t.state).toBe("implementing");
    expect(run({ ...t, openTaskCount: 2 }, "completeImplementation", system)).toMatchObject({ messageKey: "topicTasksOpen" });
    t = step(t, "completeImplementation", system);
    expect(t.state).toBe("underReview");
    expect(run(t, "close", community)).toMatchObject({ messageKey: "topicCloseRuleNotMet" });

    // Rectification round: a poor rating sends it back.
    t = step(t, "requireRectification", system, { reason: "督导评价：清理不彻底" });
    expect(t.state).toBe("rectifying");
    expect(run({ ...t, openTaskCount: 1 }, "completeRectification", system)).toMatchObject({ messageKey: "topicTasksOpen" });
    t = step(t, "completeRectification", system);
    expect(t.state).toBe("underReview");
    t = step({ ...t, closeRuleMet: true }, "close", community);
    expect(t.state).toBe("closed");
    expect(isTerminal(t.state)).toBe(false);

    // A follow-up check fails after closure.
    t = step(t, "reopen", community, { reason: "回访发现问题复发" });
    expect(t.state).toBe("rectifying");
    t = step(t, "completeRectification", system);
    t = step(t, "close", community);
    expect(t).toMatchObject({ state: "closed", level: "community" });
  });

  it("a failed vote can be closed with a reason", () => {
    let t = facts("voting", "grid");
    t = step(t, "failVote", ["system"]);
    t = step(t, "closeFailed", ["gridStaff"], { reason: "居民意见不一，暂缓" });
    expect(t.state).toBe("closed");
  });

  it("ends in a terminal state with no way out", () => {
    const everyone: TopicActorRelation[] = ["system", "proposer", "gridStaff", "communityStaff", "member"];
    for (const [name, input] of [
      ["reject", { reason: "不属于议事清单" }],
      ["merge", { mergeIntoTopicId: 3 }],
      ["expire", { now: atDeadline }],
    ] as const) {
      const actor: TopicActorRelation[] = name === "expire" ? ["system"] : ["gridStaff"];
      const t = step(facts("proposed", "grid", { cosignCount: 0 }), name, actor, input);
      expect(isTerminal(t.state)).toBe(true);
      expect(availableTransitions(t, everyone)).toEqual([]);
    }
  });
});

describe("initialTopicState", () => {
  it.each([
    { who: "resident", relations: ["proposer"], committee: false, want: "proposed" },
    { who: "resident (also a member)", relations: ["proposer", "member"], committee: false, want: "proposed" },
    { who: "owners' committee", relations: ["proposer"], committee: true, want: "awaitingAdmission" },
    { who: "grid chief", relations: ["proposer", "gridStaff"], committee: false, want: "awaitingAdmission" },
    { who: "grid worker (Set)", relations: new Set<TopicActorRelation>(["proposer", "gridStaff"]), committee: false, want: "awaitingAdmission" },
    { who: "community staff", relations: ["proposer", "communityStaff"], committee: false, want: "awaitingAdmission" },
    { who: "no relation", relations: [], committee: false, want: "proposed" },
  ] as const)("$who starts in $want", ({ relations, committee, want }) => {
    expect(initialTopicState(relations, committee)).toBe(want);
  });
});

describe("availableTransitions", () => {
  it.each([
    { state: "proposed", level: "grid", actor: ["gridStaff"], want: ["reject", "merge"] },
    { state: "proposed", level: "grid", actor: ["system"], want: ["reachThreshold", "expire"] },
    { state: "proposed", level: "grid", actor: ["proposer"], want: [] },
    { state: "awaitingAdmission", level: "grid", actor: ["proposer", "gridStaff"], want: ["admit", "reject", "merge"] },
    { state: "consulting", level: "grid", actor: ["gridStaff"], want: ["merge", "escalate", "startDrafting"] },
    { state: "consulting", level: "community", actor: ["gridStaff"], want: [] },
    // Preconditions are not evaluated: escalate is listed and `transition` explains the refusal.
    { state: "consulting", level: "community", actor: ["communityStaff"], want: ["merge", "escalate", "startDrafting"] },
    { state: "voting", level: "grid", actor: ["gridStaff", "communityStaff"], want: [] },
    { state: "voting", level: "grid", actor: ["system"], want: ["passVote", "failVote"] },
    { state: "underReview", level: "grid", actor: ["system"], want: ["requireRectification"] },
    { state: "underReview", level: "community", actor: ["communityStaff"], want: ["requireRectification", "close"] },
    { state: "closed", level: "grid", actor: ["gridStaff"], want: ["reopen"] },
    { state: "closed", level: "grid", actor: ["member"], want: [] },
  ] as const)("$state ($level) for $actor → $want", ({ state, level, actor, want }) => {
    expect(availableTransitions({ state, level }, actor)).toEqual(want);
  });

  it("offers something in every non-terminal state and nothing to a plain member", () => {
    const everyone: TopicActorRelation[] = ["system", "gridStaff", "communityStaff"];
    for (const state of topicStates) {
      for (const level of ["grid", "community"] as const) {
        expect(availableTransitions({ state, level }, everyone).length > 0, `${state}/${level}`).toBe(!isTerminal(state));
        expect(availableTransitions({ state, level }, ["member", "proposer"]), state).toEqual([]);
      }
    }
  });
});

describe("stages and terminal states", () => {
  const stageOf: Record<TopicState, string> = {
    proposed: "intake",
    awaitingAdmission: "intake",
    consulting: "consultation",
    drafting: "planning",
    voting: "voting",
    failed: "voting",
    resolved: "implementation",
    implementing: "implementation",
    rectifying: "implementation",
    underReview: "review",
    closed: "closed",
    rejected: "ended",
    merged: "ended",
    expired: "ended",
  };

  it.each([...topicStates])("%s", (state) => {
    expect(topicStage(state)).toBe(stageOf[state]);
    expect(isTerminal(state)).toBe(["rejected", "merged", "expired"].includes(state));
  });

  it("lists the fourteen states and eighteen transitions of the specification", () => {
    expect(topicStates).toHaveLength(14);
    expect(topicTransitions).toHaveLength(18);
  });
});

describe("topicErrorKeys", () => {
  it("has no duplicates and uses camelCase topic* keys", () => {
    expect(new Set(topicErrorKeys).size).toBe(topicErrorKeys.length);
    for (const key of topicErrorKeys) expect(key).toMatch(/^topic[A-Z][A-Za-z]*$/);
  });

  // Tests in a file run in order, so by now every other test has filled `seenKeys`.
  it("contains every messageKey returned in this file, and every key is reachable", () => {
    expect(seenKeys.size).toBeGreaterThan(0);
    for (const key of seenKeys) expect(topicErrorKeys as readonly string[]).toContain(key);
    // Every key the module declares is actually reachable.
    expect([...seenKeys].sort()).toEqual([...topicErrorKeys].sort());
  });
});
