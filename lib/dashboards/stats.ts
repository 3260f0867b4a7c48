/**
 * Pure statistics of the dashboards: plain rows in, numbers out. No database, no clock of its own
 * (callers pass `now`), so every figure on the dashboard can be checked by a unit test.
 */
import { topicStage, type TopicStage, type TopicState } from "@/lib/domain/topic-state-machine";
import { fromShanghai, shanghaiMonth, shanghaiParts } from "@/lib/time";

export const DAY_MS = 24 * 60 * 60 * 1000;

/** Stages shown on the dashboard, in the order of the closed loop. */
export const dashboardStages = ["intake", "consultation", "planning", "voting", "implementation", "review", "closed", "ended"] as const satisfies readonly TopicStage[];

/** Stages a topic passes through (time spent there is meaningful); closed and ended are where it stops. */
export const timedStages = ["intake", "consultation", "planning", "voting", "implementation", "review"] as const satisfies readonly TopicStage[];
export type TimedStage = (typeof timedStages)[number];

/** Median of a list of numbers; null for an empty list; the mean of the two middle values for an even count. */
export function median(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/** Mean; null for an empty list. */
export function mean(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  return values.reduce((s, v) => s + v, 0) / values.length;
}

/** A share as a number between 0 and 1; null when there is nothing to divide by. */
export function rate(part: number, whole: number): number | null {
  return whole > 0 ? part / whole : null;
}

/** Rounds to a fixed number of decimals (for display and stable test values). */
export function round(value: number | null, decimals = 1): number | null {
  if (value === null) return null;
  const f = 10 ** decimals;
  return Math.round(value * f) / f;
}

/** Topics counted per stage; every stage is present (0 when empty). */
export function countByStage(rows: readonly { state: TopicState; count: number }[]): Record<TopicStage, number> {
  const out = Object.fromEntries(dashboardStages.map((s) => [s, 0])) as Record<TopicStage, number>;
  for (const r of rows) out[topicStage(r.state)] += r.count;
  return out;
}

export type StateEvent = { topicId: number; toState: TopicState; at: Date | number };

const ms = (d: Date | number) => (typeof d === "number" ? d : d.getTime());

/**
 * Milliseconds each topic spent in each stage. A state is entered by an event whose toState names
 * it and left by the topic's next state event; the topic's last state still runs until `now`.
 * Several visits to a stage (e.g. two rectification rounds) add up. Events may come in any order.
 */
export function timeInStageByTopic(events: readonly StateEvent[], now: Date | number): Map<number, Partial<Record<TopicStage, number>>> {
  const byTopic = new Map<number, StateEvent[]>();
  for (const e of events) {
    const list = byTopic.get(e.topicId);
    if (list) list.push(e);
    else byTopic.set(e.topicId, [e]);
  }
  const nowMs = ms(now);
  const out = new Map<number, Partial<Record<TopicStage, number>>>();
  for (const [topicId, list] of byTopic) {
    // A stable sort keeps the insertion order of events with the same timestamp.
    const sorted = [...list].sort((a, b) => ms(a.at) - ms(b.at));
    const spent: Partial<Record<TopicStage, number>> = {};
    sorted.forEach((e, i) => {
      const next = sorted[i + 1];
      const end = next ? ms(next.at) : nowMs;
      const stage = topicStage(e.toState);
      spent[stage] = (spent[stage] ?? 0) + Math.max(0, end - ms(e.at));
    });
    out.set(topicId, spent);
  }
  return out;
}

/** Median days per stage over the topics that spent time in it; null for a stage no topic went through. */
export function medianDaysByStage(events: readonly StateEvent[], now: Date | number): Record<TimedStage, number | null> {
  const perTopic = timeInStageByTopic(events, now);
  const out = {} as Record<TimedStage, number | null>;
  for (const stage of timedStages) {
    const days: number[] = [];
    for (const spent of perTopic.values()) {
      const v = spent[stage];
      if (v !== undefined) days.push(v / DAY_MS);
    }
    out[stage] = median(days);
  }
  return out;
}

/** States a topic reaches only once admitted (准入); proposals still waiting, rejected, merged or expired are not. */
const admittedStages: ReadonlySet<TopicStage> = new Set(["consultation", "planning", "voting", "implementation", "review", "closed"]);

export function isAdmitted(state: TopicState): boolean {
  return admittedStages.has(topicStage(state));
}

/** Closure rate: closed topics / admitted topics. */
export function closureRate(topics: readonly { state: TopicState; count: number }[]): { closed: number; admitted: number; rate: number | null } {
  let closed = 0;
  let admitted = 0;
  for (const t of topics) {
    if (isAdmitted(t.state)) admitted += t.count;
    if (t.state === "closed") closed += t.count;
  }
  return { closed, admitted, rate: rate(closed, admitted) };
}

/** Rectification rate: closed topics that needed at least one rectification round / closed topics. */
export function rectificationRate(closedTopics: readonly { rectificationRound: number }[]): { rectified: number; closed: number; rate: number | null } {
  const rectified = closedTopics.filter((t) => t.rectificationRound > 0).length;
  return { rectified, closed: closedTopics.length, rate: rate(rectified, closedTopics.length) };
}

/** The last `count` months up to and including the month of `now`, oldest first. */
export function lastMonths(now: Date | number, count = 12): string[] {
  const { year, month } = shanghaiParts(now);
  const out: string[] = [];
  // fromShanghai rolls month 0 and below back into the previous years, like Date.UTC.
  for (let i = count - 1; i >= 0; i--) out.push(shanghaiMonth(fromShanghai(year, month - i, 1)));
  return out;
}

/** The first instant of the oldest of the last `count` Beijing months: the lower bound of the query. */
export function monthsWindowStart(now: Date | number, count = 12): Date {
  const first = lastMonths(now, count)[0]!;
  const [y, m] = first.split("-").map(Number) as [number, number];
  return fromShanghai(y, m, 1);
}

export type SatisfactionAnswer = "satisfied" | "basicallySatisfied" | "notSatisfied";
export type MonthlySatisfaction = { month: string; total: number; satisfied: number; share: number | null };

/** Per month of the last `count`: answers, answers satisfied or basically satisfied, and their share. */
export function satisfactionByMonth(votes: readonly { answer: SatisfactionAnswer; at: Date | number }[], now: Date | number, count = 12): MonthlySatisfaction[] {
  const months = lastMonths(now, count);
  const acc = new Map(months.map((m) => [m, { total: 0, satisfied: 0 }]));
  for (const v of votes) {
    const slot = acc.get(shanghaiMonth(v.at));
    if (!slot) continue;
    slot.total++;
    if (v.answer === "satisfied" || v.answer === "basicallySatisfied") slot.satisfied++;
  }
  return months.map((month) => {
    const s = acc.get(month)!;
    return { month, total: s.total, satisfied: s.satisfied, share: rate(s.satisfied, s.total) };
  });
}

export type TaskRow = { id: number; topicId: number; status: string; dueOn: string };

/** Overdue now: not completed and the due day (Beijing calendar) has passed. Same rule as lib/tasks. */
export function isTaskOverdue(task: Pick<TaskRow, "status" | "dueOn">, today: string): boolean {
  return task.status !== "completed" && task.dueOn < today;
}

export type TaskTally = { tasks: number; completed: number; overdue: number };

export function tallyTasks(rows: readonly Pick<TaskRow, "status" | "dueOn">[], today: string): TaskTally {
  let completed = 0;
  let overdue = 0;
  for (const r of rows) {
    if (r.status === "completed") completed++;
    if (isTaskOverdue(r, today)) overdue++;
  }
  return { tasks: rows.length, completed, overdue };
}

export type RatingRow = { id: number; topicId: number; process: number; timeliness: number; quality: number; transparency: number; satisfaction: number };

/** The mean of a supervision rating's five dimensions. */
export function ratingScore(r: RatingRow): number {
  return (r.process + r.timeliness + r.quality + r.transparency + r.satisfaction) / 5;
}

/**
 * Mean supervision score over the ratings of the topics on which the assignee carried at least one
 * task; each rating counts once however many tasks the assignee had on its topic. Null without ratings.
 */
export function meanRatingOfTopics(topicIds: Iterable<number>, ratings: readonly RatingRow[]): { ratings: number; mean: number | null } {
  const set = new Set(topicIds);
  const scores = ratings.filter((r) => set.has(r.topicId)).map(ratingScore);
  return { ratings: scores.length, mean: mean(scores) };
}
