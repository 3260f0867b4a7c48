/**
 * A topic's life (议题生命周期) as an explicit state machine, covering the whole closed loop:
 * 议题发起 → 议事协商 → 方案制定 → 表决 → 办理 → 监督评价 → 办结.
 *
 * Pure on purpose: no database, no framework. Use cases load the facts (co-sign count, plan count,
 * open tasks, rating outcome), ask `transition` whether a move is allowed, and persist the result.
 * The machine knows only the order of stages: which transition may follow which state, which data
 * it carries, and what must hold of the topic's facts. Who may take a step is the policy's question
 * (`lib/auth/policy.ts`: the topic's owners decide, the system records facts); whether a reason is
 * long enough or a level is a real one is the zod schemas' (`lib/validation/topics.ts`).
 */

export const topicStates = [
  "proposed", // 附议中: collecting co-signatures
  "awaitingAdmission", // 待准入
  "consulting", // 议事协商 (admitted)
  "drafting", // 方案制定
  "voting", // 表决中
  "resolved", // 决议通过, published (公示)
  "failed", // 表决未通过
  "implementing", // 办理中
  "underReview", // 待评价: supervision rating
  "rectifying", // 整改中
  "closed", // 办结
  "rejected", // 不予准入
  "merged", // 已合并
  "expired", // 附议期满未达标
] as const;
export type TopicState = (typeof topicStates)[number];

/** 小事不出网格、大事不出社区. Declared here (not imported from the schema) to keep this module pure. */
export type TopicLevel = "grid" | "community";

export const topicTransitions = [
  "reachThreshold",
  "expire",
  "admit",
  "reject",
  "merge",
  "escalate",
  "startDrafting",
  "openVoting",
  "passVote",
  "failVote",
  "redraft",
  "closeFailed",
  "startImplementation",
  "completeImplementation",
  "requireRectification",
  "completeRectification",
  "close",
  "reopen",
] as const;
export type TopicTransition = (typeof topicTransitions)[number];

/** The data a transition carries. The machine asks only that it is there; its form is the zod schemas' to judge. */
export type TransitionInput = "reason" | "level" | "mergeIntoTopicId";

/** Every i18n key this module can return. */
export const topicErrorKeys = [
  "topicIllegalTransition",
  "topicReasonRequired",
  "topicLevelRequired",
  "topicMergeTargetRequired",
  "topicThresholdNotReached",
  "topicThresholdReached",
  "topicCosignWindowOpen",
  "topicAlreadyCommunityLevel",
  "topicNeedsPlan",
  "topicTasksOpen",
  "topicCloseRuleNotMet",
] as const;
export type TopicErrorKey = (typeof topicErrorKeys)[number];

export type TopicTransitionError =
  | "illegalTransition"
  | "preconditionFailed"
  | "reasonRequired"
  | "levelRequired"
  | "mergeTargetRequired";

/** The facts about a topic the machine needs; use cases gather them from the database. */
export interface TopicFacts {
  id: number;
  state: TopicState;
  level: TopicLevel;
  cosignCount: number;
  cosignThreshold: number;
  cosignDeadline: Date;
  planCount: number;
  openTaskCount: number;
  /** Whether the closing rule (e.g. a good enough supervision rating) is satisfied; computed elsewhere. */
  closeRuleMet: boolean;
}

export interface TopicTransitionInput {
  reason?: string;
  level?: TopicLevel;
  mergeIntoTopicId?: number;
  /** Clock for time-based preconditions; passed in so the machine stays deterministic. */
  now?: Date;
}

export type TransitionResult =
  | { ok: true; from: TopicState; to: TopicState; level: TopicLevel; transition: TopicTransition }
  | { ok: false; error: TopicTransitionError; messageKey: TopicErrorKey };

/** A precondition on the topic's facts, checked last. `check` returns the failure key, or null. */
export interface TransitionPrecondition {
  id: "thresholdReached" | "cosignExpired" | "gridLevel" | "hasPlan" | "noOpenTasks" | "closeRuleMet";
  description: string;
  failureKeys: readonly TopicErrorKey[];
  check: (topic: TopicFacts, now: Date) => TopicErrorKey | null;
}

export interface TransitionRule {
  from: readonly TopicState[];
  /** "unchanged" for transitions that change something other than the state (escalate). */
  to: TopicState | "unchanged";
  input: readonly TransitionInput[];
  precondition: TransitionPrecondition | null;
}

const thresholdReached: TransitionPrecondition = {
  id: "thresholdReached",
  description: "cosignCount ≥ cosignThreshold",
  failureKeys: ["topicThresholdNotReached"],
  check: (t) => (t.cosignCount >= t.cosignThreshold ? null : "topicThresholdNotReached"),
};

const cosignExpired: TransitionPrecondition = {
  id: "cosignExpired",
  description: "now ≥ cosignDeadline and cosignCount < cosignThreshold",
  failureKeys: ["topicCosignWindowOpen", "topicThresholdReached"],
  check: (t, now) => {
    if (now.getTime() < t.cosignDeadline.getTime()) return "topicCosignWindowOpen";
    // A topic that reached the threshold must move on to admission, not lapse.
    if (t.cosignCount >= t.cosignThreshold) return "topicThresholdReached";
    return null;
  },
};

const gridLevel: TransitionPrecondition = {
  id: "gridLevel",
  description: 'level = "grid"',
  failureKeys: ["topicAlreadyCommunityLevel"],
  check: (t) => (t.level === "grid" ? null : "topicAlreadyCommunityLevel"),
};

const hasPlan: TransitionPrecondition = {
  id: "hasPlan",
  description: "planCount ≥ 1",
  failureKeys: ["topicNeedsPlan"],
  check: (t) => (t.planCount >= 1 ? null : "topicNeedsPlan"),
};

const noOpenTasks: TransitionPrecondition = {
  id: "noOpenTasks",
  description: "openTaskCount = 0",
  failureKeys: ["topicTasksOpen"],
  check: (t) => (t.openTaskCount === 0 ? null : "topicTasksOpen"),
};

const closeRuleMet: TransitionPrecondition = {
  id: "closeRuleMet",
  description: "closeRuleMet = true (nothing is closed without a rating)",
  failureKeys: ["topicCloseRuleNotMet"],
  check: (t) => (t.closeRuleMet ? null : "topicCloseRuleNotMet"),
};

export const transitionRules: Readonly<Record<TopicTransition, TransitionRule>> = {
  // Co-signing's outcome: reached in time, or not.
  reachThreshold: { from: ["proposed"], to: "awaitingAdmission", input: [], precondition: thresholdReached },
  expire: { from: ["proposed"], to: "expired", input: [], precondition: cosignExpired },
  // Admission decides the level, so it must be given explicitly.
  admit: { from: ["awaitingAdmission"], to: "consulting", input: ["level"], precondition: null },
  reject: { from: ["proposed", "awaitingAdmission"], to: "rejected", input: ["reason"], precondition: null },
  merge: { from: ["proposed", "awaitingAdmission", "consulting"], to: "merged", input: ["mergeIntoTopicId"], precondition: null },
  // Escalation hands the topic to the community without interrupting deliberation.
  escalate: { from: ["consulting", "drafting"], to: "unchanged", input: [], precondition: gridLevel },
  startDrafting: { from: ["consulting"], to: "drafting", input: [], precondition: null },
  openVoting: { from: ["drafting"], to: "voting", input: [], precondition: hasPlan },
  // The ballot's outcome.
  passVote: { from: ["voting"], to: "resolved", input: [], precondition: null },
  failVote: { from: ["voting"], to: "failed", input: [], precondition: null },
  redraft: { from: ["failed"], to: "drafting", input: ["reason"], precondition: null },
  closeFailed: { from: ["failed"], to: "closed", input: ["reason"], precondition: null },
  startImplementation: { from: ["resolved"], to: "implementing", input: [], precondition: null },
  completeImplementation: { from: ["implementing"], to: "underReview", input: [], precondition: noOpenTasks },
  // After a poor rating, or on staff's demand.
  requireRectification: { from: ["underReview"], to: "rectifying", input: ["reason"], precondition: null },
  completeRectification: { from: ["rectifying"], to: "underReview", input: [], precondition: noOpenTasks },
  close: { from: ["underReview"], to: "closed", input: [], precondition: closeRuleMet },
  // A failed follow-up check after closure reopens the matter for rectification.
  reopen: { from: ["closed"], to: "rectifying", input: ["reason"], precondition: null },
};

export type TopicStage = "intake" | "consultation" | "planning" | "voting" | "implementation" | "review" | "closed" | "ended";

const stages: Readonly<Record<TopicState, TopicStage>> = {
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

/** Stage grouping for topic lists. */
export function topicStage(state: TopicState): TopicStage {
  return stages[state];
}

/** No way out of these. `closed` is not terminal: `reopen` leads back to rectification. */
export function isTerminal(state: TopicState): boolean {
  return state === "rejected" || state === "merged" || state === "expired";
}

/**
 * Staff and the owners' committee speak for many residents already, so their topics skip
 * co-signing; whether a proposer does is the policy's `skipsCosigning`.
 */
export function initialTopicState(skipsCosigning: boolean): TopicState {
  return skipsCosigning ? "awaitingAdmission" : "proposed";
}

/** Whether the transition may follow the topic's current state. */
export function canFollow(state: TopicState, name: TopicTransition): boolean {
  return transitionRules[name].from.includes(state);
}

function fail(error: TopicTransitionError, messageKey: TopicErrorKey): TransitionResult {
  return { ok: false, error, messageKey };
}

/** Checks that the data the rule declares is there, in the declared order; returns the first gap, or null. */
function checkInput(rule: TransitionRule, input: TopicTransitionInput): TransitionResult | null {
  for (const need of rule.input) {
    if (need === "reason") {
      if (input.reason === undefined) return fail("reasonRequired", "topicReasonRequired");
    } else if (need === "level") {
      if (input.level === undefined) return fail("levelRequired", "topicLevelRequired");
    } else if (input.mergeIntoTopicId === undefined) {
      return fail("mergeTargetRequired", "topicMergeTargetRequired");
    }
  }
  return null;
}

/**
 * Decides one move. Check order is fixed so callers get the most fundamental problem first:
 * state → input → preconditions. (Callers ask the policy who may take it between state and input:
 * lib/topics/apply-transition.ts.)
 */
export function transition(topic: TopicFacts, name: TopicTransition, input: TopicTransitionInput = {}): TransitionResult {
  const rule = transitionRules[name];
  if (!canFollow(topic.state, name)) return fail("illegalTransition", "topicIllegalTransition");
  const inputError = checkInput(rule, input);
  if (inputError) return inputError;
  if (rule.precondition) {
    const key = rule.precondition.check(topic, input.now ?? new Date());
    if (key) return fail("preconditionFailed", key);
  }
  const to = rule.to === "unchanged" ? topic.state : rule.to;
  const level: TopicLevel = name === "admit" && input.level ? input.level : name === "escalate" ? "community" : topic.level;
  return { ok: true, from: topic.state, to, level, transition: name };
}

/**
 * Transitions that may follow the topic's state now (state only; who may take them is the policy's
 * `transitionsFor`, and preconditions are left to `transition`, so a button can still explain why
 * it failed).
 */
export function availableTransitions(topic: Pick<TopicFacts, "state">): TopicTransition[] {
  return topicTransitions.filter((name) => canFollow(topic.state, name));
}
