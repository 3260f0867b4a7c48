/**
 * A topic's life (议题生命周期) as an explicit state machine, covering the whole closed loop:
 * 议题发起 → 议事协商 → 方案制定 → 表决 → 办理 → 监督评价 → 办结.
 *
 * Pure on purpose: no database, no framework. Use cases load the facts (co-sign count, plan count,
 * open tasks, rating outcome), ask `transition` whether a move is allowed, and persist the result.
 * Keeping every rule in one table lets the UI show who may take a step and what it needs, and lets
 * the tests check the whole state × transition × actor space.
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
const levels: readonly TopicLevel[] = ["grid", "community"];

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

/**
 * How the actor stands towards this topic. A person can hold several at once (a grid chief who
 * proposed the topic is both "proposer" and "gridStaff"), so callers pass a set.
 */
export const topicActorRelations = ["system", "proposer", "gridStaff", "communityStaff", "member"] as const;
export type TopicActorRelation = (typeof topicActorRelations)[number];

/**
 * Who may take a transition. "staff" depends on the topic's level: once a topic is community-level
 * the community owns it, so grid staff lose the right to move it (大事不出社区).
 */
export type TransitionActor = "staff" | "system";
export type TransitionInput = "reason" | "level" | "mergeIntoTopicId";

/** Every i18n key this module can return. */
export const topicErrorKeys = [
  "topicIllegalTransition",
  "topicNotAllowed",
  "topicReasonRequired",
  "topicLevelRequired",
  "topicMergeTargetRequired",
  "topicMergeIntoSelf",
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
  | "notAllowed"
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

export type TopicActor = ReadonlySet<TopicActorRelation> | readonly TopicActorRelation[];

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
  by: readonly TransitionActor[];
  input: readonly TransitionInput[];
  precondition: TransitionPrecondition | null;
}

/** Minimum length of a reason after trimming: one character is not an explanation. */
export const minReasonLength = 2;

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
  // System-driven: co-signing outcome is a fact, not a decision.
  reachThreshold: { from: ["proposed"], to: "awaitingAdmission", by: ["system"], input: [], precondition: thresholdReached },
  expire: { from: ["proposed"], to: "expired", by: ["system"], input: [], precondition: cosignExpired },
  // Admission decides the level, so it must be given explicitly.
  admit: { from: ["awaitingAdmission"], to: "consulting", by: ["staff"], input: ["level"], precondition: null },
  reject: { from: ["proposed", "awaitingAdmission"], to: "rejected", by: ["staff"], input: ["reason"], precondition: null },
  merge: {
    from: ["proposed", "awaitingAdmission", "consulting"],
    to: "merged",
    by: ["staff"],
    input: ["mergeIntoTopicId"],
    precondition: null,
  },
  // Escalation hands the topic to the community without interrupting deliberation.
  escalate: { from: ["consulting", "drafting"], to: "unchanged", by: ["staff"], input: [], precondition: gridLevel },
  startDrafting: { from: ["consulting"], to: "drafting", by: ["staff"], input: [], precondition: null },
  openVoting: { from: ["drafting"], to: "voting", by: ["staff"], input: [], precondition: hasPlan },
  // The ballot count decides, not a person.
  passVote: { from: ["voting"], to: "resolved", by: ["system"], input: [], precondition: null },
  failVote: { from: ["voting"], to: "failed", by: ["system"], input: [], precondition: null },
  redraft: { from: ["failed"], to: "drafting", by: ["staff"], input: ["reason"], precondition: null },
  closeFailed: { from: ["failed"], to: "closed", by: ["staff"], input: ["reason"], precondition: null },
  startImplementation: { from: ["resolved"], to: "implementing", by: ["staff"], input: [], precondition: null },
  completeImplementation: { from: ["implementing"], to: "underReview", by: ["system"], input: [], precondition: noOpenTasks },
  // A poor rating triggers it automatically; staff may also demand it.
  requireRectification: { from: ["underReview"], to: "rectifying", by: ["staff", "system"], input: ["reason"], precondition: null },
  completeRectification: { from: ["rectifying"], to: "underReview", by: ["system"], input: [], precondition: noOpenTasks },
  close: { from: ["underReview"], to: "closed", by: ["staff"], input: [], precondition: closeRuleMet },
  // A failed follow-up check after closure reopens the matter for rectification.
  reopen: { from: ["closed"], to: "rectifying", by: ["staff"], input: ["reason"], precondition: null },
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

function relationSet(actor: TopicActor): ReadonlySet<TopicActorRelation> {
  return actor instanceof Set ? actor : new Set(actor as readonly TopicActorRelation[]);
}

function isStaff(relations: ReadonlySet<TopicActorRelation>): boolean {
  return relations.has("gridStaff") || relations.has("communityStaff");
}

/**
 * Staff and the owners' committee speak for many residents already, so their topics skip co-signing.
 */
export function initialTopicState(proposerRelations: TopicActor, proposerIsOwnersCommittee: boolean): TopicState {
  return isStaff(relationSet(proposerRelations)) || proposerIsOwnersCommittee ? "awaitingAdmission" : "proposed";
}

function actorMayTake(rule: TransitionRule, level: TopicLevel, relations: ReadonlySet<TopicActorRelation>): boolean {
  return rule.by.some((who) => {
    if (who === "system") return relations.has("system");
    // A community-level topic belongs to the community: grid staff no longer move it.
    return relations.has("communityStaff") || (level === "grid" && relations.has("gridStaff"));
  });
}

function fail(error: TopicTransitionError, messageKey: TopicErrorKey): TransitionResult {
  return { ok: false, error, messageKey };
}

/** Checks input in the rule's declared order; returns the first failure, or null. */
function checkInput(rule: TransitionRule, topic: TopicFacts, input: TopicTransitionInput): TransitionResult | null {
  for (const need of rule.input) {
    if (need === "reason") {
      if ((input.reason ?? "").trim().length < minReasonLength) return fail("reasonRequired", "topicReasonRequired");
    } else if (need === "level") {
      // Checked against the list too: input may come from an untyped form.
      if (input.level === undefined || !levels.includes(input.level)) return fail("levelRequired", "topicLevelRequired");
    } else {
      const target = input.mergeIntoTopicId;
      if (target === undefined || !Number.isInteger(target) || target <= 0) {
        return fail("mergeTargetRequired", "topicMergeTargetRequired");
      }
      if (target === topic.id) return fail("mergeTargetRequired", "topicMergeIntoSelf");
    }
  }
  return null;
}

/**
 * Decides one move. Check order is fixed so callers get the most fundamental problem first:
 * state → actor → input → preconditions.
 */
export function transition(
  topic: TopicFacts,
  name: TopicTransition,
  actor: TopicActor,
  input: TopicTransitionInput = {},
): TransitionResult {
  const rule = transitionRules[name];
  if (!rule.from.includes(topic.state)) return fail("illegalTransition", "topicIllegalTransition");
  if (!actorMayTake(rule, topic.level, relationSet(actor))) return fail("notAllowed", "topicNotAllowed");
  const inputError = checkInput(rule, topic, input);
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
 * Transitions this actor could attempt now (state and actor only; preconditions are left to
 * `transition`, so a button can still explain why it failed).
 */
export function availableTransitions(topic: Pick<TopicFacts, "state" | "level">, actor: TopicActor): TopicTransition[] {
  const relations = relationSet(actor);
  return topicTransitions.filter((name) => {
    const rule = transitionRules[name];
    return rule.from.includes(topic.state) && actorMayTake(rule, topic.level, relations);
  });
}
