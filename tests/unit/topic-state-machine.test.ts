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
  type TopicFacts,
  type TopicLevel,
  type TopicState,
  type TopicTransition,
  type TopicTransitionInput,
  type TransitionResult,
} from "@/lib/domain/topic-state-machine";

// ── The expected rules, written out by hand from the specification (not read from the module).
// Columns: transition | from states | to state ("=" stays) | input needed.
// Who takes each step is the policy's, and so is its column of this table: tests/unit/policy.test.ts.
const table = `
reachThreshold         | proposed                              | awaitingAdmission | -
expire                 | proposed                              | expired           | -
admit                  | awaitingAdmission                     | consulting        | level
reject                 | proposed awaitingAdmission            | rejected          | reason
merge                  | proposed awaitingAdmission consulting | merged            | mergeIntoTopicId
escalate               | consulting drafting                   | =                 | -
startDrafting          | consulting                            | drafting          | -
openVoting             | drafting                              | voting            | -
passVote               | voting                                | resolved          | -
failVote               | voting                                | failed            | -
redraft                | failed                                | drafting          | reason
closeFailed            | failed                                | closed            | reason
startImplementation    | resolved                              | implementing      | -
completeImplementation | implementing                          | underReview       | -
requireRectification   | underReview                           | rectifying        | reason
completeRectification  | rectifying                            | underReview       | -
close                  | underReview                           | closed            | -
reopen                 | closed                                | rectifying        | reason
`;

interface ExpectedRule {
  from: string[];
  to: string;
  input: string[];
}

const expected: Record<string, ExpectedRule> = {};
for (const line of table.trim().split("\n")) {
  const [name, from, to, input] = line.split("|").map((cell) => cell.trim());
  if (!name || !from || !to || !input) throw new Error(`bad table line: ${line}`);
  expected[name] = {
    from: from.split(/\s+/),
    to,
    input: input === "-" ? [] : input.split(/\s+/),
  };
}

function expectedRule(name: string): ExpectedRule {
  const rule = expected[name];
  if (!rule) throw new Error(`no expectation for ${name}`);
  return rule;
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
function run(topic: TopicFacts, name: TopicTransition, input?: TopicTransitionInput): TransitionResult {
  const result = transition(topic, name, input);
  if (!result.ok) seenKeys.add(result.messageKey);
  return result;
}

// Who may take each step (the old actor dimension of this matrix) is the policy's now:
// tests/unit/policy.test.ts, "topic steps: every transition × level × taker".
describe("transition: every state × transition × level", () => {
  for (const name of topicTransitions) {
    describe(name, () => {
      for (const state of topicStates) {
        it(`from ${state}`, () => {
          const rule = expectedRule(name);
          const mismatches: unknown[] = [];
          let cases = 0;
          for (const level of ["grid", "community"] as const) {
            const got = run(factsFor(name, state, level), name, goodInput);
            let want: TransitionResult;
            if (!rule.from.includes(state)) {
              want = { ok: false, error: "illegalTransition", messageKey: "topicIllegalTransition" };
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
            if (JSON.stringify(got) !== JSON.stringify(want)) mismatches.push({ level, got, want });
          }
          expect(cases).toBe(2);
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
  it("reachThreshold needs cosignCount ≥ threshold", () => {
    expect(run(facts("proposed", "grid", { cosignCount: 4, cosignThreshold: 5 }), "reachThreshold")).toEqual({
      ok: false,
      error: "preconditionFailed",
      messageKey: "topicThresholdNotReached",
    });
    expect(run(facts("proposed", "grid", { cosignCount: 5, cosignThreshold: 5 }), "reachThreshold")).toMatchObject({
      ok: true,
      to: "awaitingAdmission",
    });
    expect(run(facts("proposed", "grid", { cosignCount: 6, cosignThreshold: 5 }), "reachThreshold").ok).toBe(true);
  });

  it("expire needs the deadline reached (inclusive) and the threshold missed", () => {
    const below = facts("proposed", "grid", { cosignCount: 4, cosignThreshold: 5 });
    expect(run(below, "expire", { now: beforeDeadline })).toEqual({
      ok: false,
      error: "preconditionFailed",
      messageKey: "topicCosignWindowOpen",
    });
    expect(run(below, "expire", { now: atDeadline })).toMatchObject({ ok: true, to: "expired" });
    expect(run(below, "expire", { now: new Date(deadline.getTime() + 86_400_000) }).ok).toBe(true);

    const reached = facts("proposed", "grid", { cosignCount: 5, cosignThreshold: 5 });
    expect(run(reached, "expire", { now: atDeadline })).toEqual({
      ok: false,
      error: "preconditionFailed",
      messageKey: "topicThresholdReached",
    });
  });

  it("openVoting needs at least one plan", () => {
    expect(run(facts("drafting", "grid", { planCount: 0 }), "openVoting")).toEqual({
      ok: false,
      error: "preconditionFailed",
      messageKey: "topicNeedsPlan",
    });
    expect(run(facts("drafting", "grid", { planCount: 1 }), "openVoting")).toMatchObject({ ok: true, to: "voting" });
  });

  it("completeImplementation and completeRectification need no open task", () => {
    for (const [name, state, to] of [
      ["completeImplementation", "implementing", "underReview"],
      ["completeRectification", "rectifying", "underReview"],
    ] as const) {
      expect(run(facts(state, "grid", { openTaskCount: 1 }), name)).toEqual({
        ok: false,
        error: "preconditionFailed",
        messageKey: "topicTasksOpen",
      });
      expect(run(facts(state, "grid", { openTaskCount: 0 }), name)).toMatchObject({ ok: true, to });
    }
  });

  it("close needs the close rule met", () => {
    expect(run(facts("underReview", "grid", { closeRuleMet: false }), "close")).toEqual({
      ok: false,
      error: "preconditionFailed",
      messageKey: "topicCloseRuleNotMet",
    });
    expect(run(facts("underReview", "grid", { closeRuleMet: true }), "close")).toMatchObject({ ok: true, to: "closed" });
  });
});

// The machine asks only that a step's data is there. Whether it is good — a reason of at least two
// characters, a real level, a merge target other than the topic itself — is the zod schemas' to
// judge now (tests/unit/topic-transition-input.test.ts), checked where the step is taken
// (lib/topics/apply-transition.ts; tests/integration/topic-steps.test.ts).
describe("input", () => {
  const reasonTransitions: [TopicTransition, TopicState][] = [
    ["reject", "proposed"],
    ["reject", "awaitingAdmission"],
    ["redraft", "failed"],
    ["closeFailed", "failed"],
    ["requireRectification", "underReview"],
    ["reopen", "closed"],
  ];

  it.each(reasonTransitions)("%s from %s refuses a missing reason", (name, state) => {
    const refused = { ok: false, error: "reasonRequired", messageKey: "topicReasonRequired" };
    expect(run(facts(state, "grid"), name, { reason: undefined })).toEqual(refused);
    expect(run(facts(state, "grid"), name)).toEqual(refused);
    for (const reason of ["ab", "不行", "  ab  "]) {
      expect(run(facts(state, "grid"), name, { reason }).ok, reason).toBe(true);
    }
  });

  it("requireRectification also needs a reason when the system takes it", () => {
    expect(run(facts("underReview", "grid"), "requireRectification")).toMatchObject({ error: "reasonRequired" });
    expect(run(facts("underReview", "grid"), "requireRectification", { reason: "评价不满意" })).toMatchObject({
      ok: true,
      to: "rectifying",
    });
  });

  it("merge needs a target", () => {
    const topic = facts("consulting", "grid");
    expect(run(topic, "merge")).toEqual({
      ok: false,
      error: "mergeTargetRequired",
      messageKey: "topicMergeTargetRequired",
    });
    expect(run(topic, "merge", { mergeIntoTopicId: topicId + 1 })).toMatchObject({ ok: true, to: "merged" });
  });

  it("admit needs a level and sets the level given", () => {
    const gridTopic = facts("awaitingAdmission", "grid");
    expect(run(gridTopic, "admit")).toEqual({
      ok: false,
      error: "levelRequired",
      messageKey: "topicLevelRequired",
    });
    expect(run(gridTopic, "admit", { level: "grid" })).toEqual({
      ok: true,
      from: "awaitingAdmission",
      to: "consulting",
      level: "grid",
      transition: "admit",
    });
    expect(run(gridTopic, "admit", { level: "community" })).toMatchObject({ ok: true, level: "community" });
    // A topic filed as community-level may still be admitted down to the grid (by community staff: the policy's).
    expect(run(facts("awaitingAdmission", "community"), "admit", { level: "grid" })).toMatchObject({
      ok: true,
      level: "grid",
    });
  });
});

describe("escalate", () => {
  it.each(["consulting", "drafting"] as const)("from %s raises the level and keeps the state", (state) => {
    expect(run(facts(state, "grid"), "escalate")).toEqual({
      ok: true,
      from: state,
      to: state,
      level: "community",
      transition: "escalate",
    });
  });

  it("refuses a community-level topic with topicAlreadyCommunityLevel", () => {
    expect(run(facts("consulting", "community"), "escalate")).toEqual({
      ok: false,
      error: "preconditionFailed",
      messageKey: "topicAlreadyCommunityLevel",
    });
  });
});

// Where the policy's answer comes in between (state, then who, then input): tests/integration/topic-steps.test.ts.
describe("check order: state, then input, then preconditions", () => {
  it("an illegal move is reported as such even with no input", () => {
    expect(run(facts("closed", "grid"), "reject")).toMatchObject({ error: "illegalTransition" });
    expect(run(facts("consulting", "grid", { planCount: 0 }), "openVoting")).toMatchObject({ error: "illegalTransition" });
  });

  it("a failing precondition is reported only for a legal move", () => {
    expect(run(facts("consulting", "community"), "startDrafting")).toMatchObject({ ok: true });
    expect(run(facts("voting", "community"), "escalate")).toMatchObject({ error: "illegalTransition" });
  });
});

describe("whole loop", () => {
  /** Applies a transition that must succeed and returns the topic with the new state and level. */
  function step(topic: TopicFacts, name: TopicTransition, input?: TopicTransitionInput): TopicFacts {
    const result = run(topic, name, input);
    if (!result.ok) throw new Error(`${name} from ${topic.state} failed: ${result.messageKey}`);
    expect(result.from).toBe(topic.state);
    expect(result.transition).toBe(name);
    return { ...topic, state: result.to, level: result.level };
  }

  // Who takes each of these steps (the grid chief, then community staff after the escalation, or
  // the system) is checked step by step in tests/unit/policy.test.ts, "the whole loop's takers".
  it("runs proposed → … → closed, with a failed vote, a rectification round and a reopening", () => {
    const start = initialTopicState(false);
    expect(start).toBe("proposed");

    let t = facts(start, "grid", { cosignCount: 2, cosignThreshold: 5, planCount: 0, openTaskCount: 0, closeRuleMet: false });
    expect(run(t, "reachThreshold")).toMatchObject({ messageKey: "topicThresholdNotReached" });
    t = step({ ...t, cosignCount: 5 }, "reachThreshold");
    expect(t.state).toBe("awaitingAdmission");
    t = step(t, "admit", { level: "grid" });
    expect(t).toMatchObject({ state: "consulting", level: "grid" });
    t = step(t, "startDrafting");
    expect(t.state).toBe("drafting");
    expect(run(t, "openVoting")).toMatchObject({ messageKey: "topicNeedsPlan" });
    t = step({ ...t, planCount: 1 }, "openVoting");
    expect(t.state).toBe("voting");
    t = step(t, "failVote");
    expect(t.state).toBe("failed");
    t = step(t, "redraft", { reason: "预算过高，重新测算" });
    expect(t.state).toBe("drafting");
    // The matter turns out to be bigger than the grid: hand it to the community.
    t = step(t, "escalate");
    expect(t).toMatchObject({ state: "drafting", level: "community" });
    t = step(t, "openVoting");
    t = step(t, "passVote");
    expect(t.state).toBe("resolved");
    t = step(t, "startImplementation");
    expect(t.state).toBe("implementing");
    expect(run({ ...t, openTaskCount: 2 }, "completeImplementation")).toMatchObject({ messageKey: "topicTasksOpen" });
    t = step(t, "completeImplementation");
    expect(t.state).toBe("underReview");
    expect(run(t, "close")).toMatchObject({ messageKey: "topicCloseRuleNotMet" });

    // Rectification round: a poor rating sends it back.
    t = step(t, "requireRectification", { reason: "督导评价：清理不彻底" });
    expect(t.state).toBe("rectifying");
    expect(run({ ...t, openTaskCount: 1 }, "completeRectification")).toMatchObject({ messageKey: "topicTasksOpen" });
    t = step(t, "completeRectification");
    expect(t.state).toBe("underReview");
    t = step({ ...t, closeRuleMet: true }, "close");
    expect(t.state).toBe("closed");
    expect(isTerminal(t.state)).toBe(false);

    // A follow-up check fails after closure.
    t = step(t, "reopen", { reason: "回访发现问题复发" });
    expect(t.state).toBe("rectifying");
    t = step(t, "completeRectification");
    t = step(t, "close");
    expect(t).toMatchObject({ state: "closed", level: "community" });
  });

  it("a failed vote can be closed with a reason", () => {
    let t = facts("voting", "grid");
    t = step(t, "failVote");
    t = step(t, "closeFailed", { reason: "居民意见不一，暂缓" });
    expect(t.state).toBe("closed");
  });

  it("ends in a terminal state with no way out", () => {
    for (const [name, input] of [
      ["reject", { reason: "不属于议事清单" }],
      ["merge", { mergeIntoTopicId: 3 }],
      ["expire", { now: atDeadline }],
    ] as const) {
      const t = step(facts("proposed", "grid", { cosignCount: 0 }), name, input);
      expect(isTerminal(t.state)).toBe(true);
      expect(availableTransitions(t)).toEqual([]);
    }
  });
});

// Who skips co-signing (staff who would own the topic, the owners' committee) is the policy's
// skipsCosigning: tests/unit/policy.test.ts.
describe("initialTopicState", () => {
  it.each([
    { skips: false, want: "proposed" },
    { skips: true, want: "awaitingAdmission" },
  ] as const)("skipping co-signing: $skips → $want", ({ skips, want }) => {
    expect(initialTopicState(skips)).toBe(want);
  });
});

// Which of these a given person or the system may take is the policy's transitionsFor:
// tests/unit/policy.test.ts.
describe("availableTransitions", () => {
  it.each([
    { state: "proposed", want: ["reachThreshold", "expire", "reject", "merge"] },
    { state: "awaitingAdmission", want: ["admit", "reject", "merge"] },
    { state: "consulting", want: ["merge", "escalate", "startDrafting"] },
    { state: "drafting", want: ["escalate", "openVoting"] },
    { state: "voting", want: ["passVote", "failVote"] },
    { state: "failed", want: ["redraft", "closeFailed"] },
    { state: "resolved", want: ["startImplementation"] },
    { state: "implementing", want: ["completeImplementation"] },
    { state: "underReview", want: ["requireRectification", "close"] },
    { state: "rectifying", want: ["completeRectification"] },
    { state: "closed", want: ["reopen"] },
  ] as const)("$state → $want", ({ state, want }) => {
    // Preconditions are not evaluated: escalate is listed from a community-level topic too, and `transition` explains the refusal.
    expect(availableTransitions({ state })).toEqual(want);
  });

  it("offers something in every non-terminal state", () => {
    for (const state of topicStates) {
      expect(availableTransitions({ state }).length > 0, state).toBe(!isTerminal(state));
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
