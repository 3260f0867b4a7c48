/**
 * The to-do centre's rules (待我处理): which actions a person's facts put in their list, how urgent
 * each is, and in which order they come. Pure: lib/todo gathers the facts (scoped to what the person
 * may see and act on), this module decides. Every rule here mirrors the check of the use case that
 * takes the action, so an item is listed exactly while that action would be accepted.
 */
import { fromShanghaiDate } from "@/lib/time";

export const todoKinds = [
  // Overdue by nature first: a ballot past its closing time waits for its count.
  "closeBallot",
  "vote",
  "voteProxy",
  "takeTask",
  "reportTask",
  "reassignTask",
  "rate",
  "satisfaction",
  "cosign",
  "reviewRegistrations",
  "admitTopic",
  "publishMinutes",
  "startDrafting",
  "openVoting",
  "decideFailed",
  "dispatch",
  "concludeReview",
] as const;
export type TodoKind = (typeof todoKinds)[number];

/** What an item's deadline is: an instant (a ballot's close) or a calendar day in Shanghai (a task's due day). */
export type TodoDue = { at: Date } | { on: string } | null;
export type TodoUrgency = "overdue" | "soon" | "normal";

export type TodoItem = {
  kind: TodoKind;
  /** Unique in one person's list: kind and subject. */
  key: string;
  /** What the action is about: the ballot's, task's, topic's or meeting's title ("" for the registrations queue). */
  title: string;
  /** The topic it belongs to, when the title is not the topic's own. */
  topicTitle: string | null;
  due: TodoDue;
  /** Since when it waits, for the items without a deadline (oldest first). */
  since: Date | null;
  /** The page where the action is done. */
  href: string;
  /** How many: registrations waiting, principals a proxy votes for, tasks a declined dispatch left. */
  count: number;
  urgency: TodoUrgency;
};

/** Within this much of its deadline an item counts as due soon. */
export const SOON_MS = 48 * 3_600_000;

// ── Facts, as lib/todo reads them

/** An open ballot the person may vote on, with how many of their electors have not voted yet. */
export type BallotFact = { ballotId: number; title: string; topicTitle: string; opensAt: Date; closesAt: Date; status: "open" | "closed"; ownUnvoted: number; proxyUnvoted: number };
/** A topic of the person's building collecting co-signatures. */
export type CosignFact = { topicId: number; title: string; state: string; proposerId: number; cosigned: boolean; cosignDeadline: Date };
/** A task the person answers for (given to them, taken by them, or to their organisation). */
export type TaskFact = { taskId: number; title: string; topicTitle: string; status: string; dueOn: string };
/** A topic the person is assigned to as supervisor. */
export type RatingFact = { topicId: number; title: string; state: string; communityId: number; gridId: number; rated: boolean; excused: boolean; assignedAt: Date };
/** A topic under review in a grid the person lives in. */
export type SatisfactionFact = { topicId: number; title: string; state: string; answered: boolean; updatedAt: Date };
/** A topic the person owns as staff, with the counts its next step depends on (current round). */
export type OwnedTopicFact = {
  topicId: number;
  title: string;
  state: string;
  updatedAt: Date;
  planCount: number;
  roundTasks: number;
  supervisors: number;
  ratedSupervisors: number;
  /** Assigned supervisors who have neither rated this round nor been excused. */
  pendingSupervisors: number;
};
export type DeclinedTaskFact = { taskId: number; title: string; topicTitle: string; dueOn: string; updatedAt: Date };
export type DueBallotFact = { ballotId: number; title: string; topicTitle: string; status: "open" | "closed"; closesAt: Date };
export type MeetingFact = { meetingId: number; title: string; status: string; startsAt: Date; minutesPublished: boolean };

export type TodoFacts = {
  personId: number;
  /** The person's supervisor roles (community, and grid or null for the whole community). */
  supervisorScopes: { communityId: number; gridId: number | null }[];
  ballots: BallotFact[];
  cosign: CosignFact[];
  tasks: TaskFact[];
  ratings: RatingFact[];
  satisfaction: SatisfactionFact[];
  /** Registrations waiting in the grids the person reviews; null when they review none. */
  registrations: { count: number; oldest: Date | null } | null;
  ownedTopics: OwnedTopicFact[];
  declinedTasks: DeclinedTaskFact[];
  ballotsToClose: DueBallotFact[];
  meetings: MeetingFact[];
};

export const emptyTodoFacts = (personId: number): TodoFacts => ({
  personId,
  supervisorScopes: [],
  ballots: [],
  cosign: [],
  tasks: [],
  ratings: [],
  satisfaction: [],
  registrations: null,
  ownedTopics: [],
  declinedTasks: [],
  ballotsToClose: [],
  meetings: [],
});

// ── Rules

/** The instant a deadline passes: a ballot's close, or the end of a due day in Shanghai. */
export function dueInstant(due: TodoDue): Date | null {
  if (!due) return null;
  if ("at" in due) return due.at;
  const start = fromShanghaiDate(due.on);
  return Number.isNaN(start.getTime()) ? null : new Date(start.getTime() + 86_400_000);
}

export function urgencyOf(due: TodoDue, now: Date): TodoUrgency {
  const at = dueInstant(due);
  if (!at) return "normal";
  const left = at.getTime() - now.getTime();
  if (left <= 0) return "overdue";
  return left <= SOON_MS ? "soon" : "normal";
}

/** What a task's status asks of whoever answers for it (lib/tasks: take-task, report-progress). */
export function taskAction(status: string): "takeTask" | "reportTask" | null {
  if (status === "assigned") return "takeTask";
  if (status === "taken" || status === "inProgress") return "reportTask";
  return null;
}

/**
 * What the staff who own a topic must do next, by its state (lib/domain/topic-state-machine and
 * the use cases' preconditions): admit or reject it, close the consultation, put a plan to the
 * vote, decide after a failed vote, carry out a resolution and dispatch its work, conclude a review
 * every assigned supervisor has rated or been excused from.
 */
export function ownedTopicAction(t: Omit<OwnedTopicFact, "topicId" | "title" | "updatedAt">): TodoKind | null {
  switch (t.state) {
    case "awaitingAdmission":
      return "admitTopic";
    case "consulting":
      return "startDrafting";
    case "drafting":
      return t.planCount > 0 ? "openVoting" : null;
    case "failed":
      return "decideFailed";
    case "resolved":
      return "dispatch";
    case "implementing":
    case "rectifying":
      return t.roundTasks === 0 ? "dispatch" : null;
    case "underReview":
      return t.supervisors > 0 && t.pendingSupervisors === 0 && t.ratedSupervisors > 0 ? "concludeReview" : null;
    default:
      return null;
  }
}

/** A supervisor may rate while they still hold a supervisor role over the topic's grid (lib/ratings/rate-topic). */
export function supervisesTopic(scopes: TodoFacts["supervisorScopes"], topic: { communityId: number; gridId: number }): boolean {
  return scopes.some((s) => s.communityId === topic.communityId && (s.gridId == null || s.gridId === topic.gridId));
}

/** Whether a ballot takes votes at this instant (lib/ballots/access: open, opened, not past its close). */
export function takingVotes(b: Pick<BallotFact, "status" | "opensAt" | "closesAt">, now: Date): boolean {
  return b.status === "open" && now.getTime() >= b.opensAt.getTime() && now.getTime() < b.closesAt.getTime();
}

type Draft = Omit<TodoItem, "urgency" | "topicTitle" | "count" | "since"> & Partial<Pick<TodoItem, "topicTitle" | "count" | "since">>;

/** Every action the facts say waits on this person, in order (see sortTodos). */
export function todosFromFacts(f: TodoFacts, now: Date): TodoItem[] {
  const out: Draft[] = [];

  for (const b of f.ballots) {
    if (!takingVotes(b, now)) continue;
    if (b.ownUnvoted > 0) out.push({ kind: "vote", key: `vote:${b.ballotId}`, title: b.title, topicTitle: b.topicTitle, due: { at: b.closesAt }, href: `/ballots/${b.ballotId}` });
    if (b.proxyUnvoted > 0)
      out.push({ kind: "voteProxy", key: `voteProxy:${b.ballotId}`, title: b.title, topicTitle: b.topicTitle, due: { at: b.closesAt }, href: `/ballots/${b.ballotId}`, count: b.proxyUnvoted });
  }

  for (const c of f.cosign) {
    if (c.state !== "proposed" || c.cosigned || c.proposerId === f.personId || now.getTime() >= c.cosignDeadline.getTime()) continue;
    out.push({ kind: "cosign", key: `cosign:${c.topicId}`, title: c.title, due: { at: c.cosignDeadline }, href: `/topics/${c.topicId}` });
  }

  for (const t of f.tasks) {
    const kind = taskAction(t.status);
    if (kind) out.push({ kind, key: `${kind}:${t.taskId}`, title: t.title, topicTitle: t.topicTitle, due: { on: t.dueOn }, href: `/tasks/${t.taskId}` });
  }

  for (const r of f.ratings) {
    if (r.state !== "underReview" || r.rated || r.excused || !supervisesTopic(f.supervisorScopes, r)) continue;
    out.push({ kind: "rate", key: `rate:${r.topicId}`, title: r.title, due: null, since: r.assignedAt, href: `/ratings/${r.topicId}` });
  }

  for (const s of f.satisfaction) {
    if (s.state !== "underReview" || s.answered) continue;
    out.push({ kind: "satisfaction", key: `satisfaction:${s.topicId}`, title: s.title, due: null, since: s.updatedAt, href: `/topics/${s.topicId}` });
  }

  if (f.registrations && f.registrations.count > 0) {
    out.push({ kind: "reviewRegistrations", key: "reviewRegistrations", title: "", due: null, since: f.registrations.oldest, href: "/staff/registrations", count: f.registrations.count });
  }

  for (const t of f.ownedTopics) {
    const kind = ownedTopicAction(t);
    if (!kind) continue;
    const href = kind === "openVoting" ? `/ballots/new?topicId=${t.topicId}` : kind === "dispatch" ? `/topics/${t.topicId}#topic-tasks-${t.topicId}` : `/topics/${t.topicId}`;
    out.push({ kind, key: `${kind}:${t.topicId}`, title: t.title, due: null, since: t.updatedAt, href });
  }

  for (const d of f.declinedTasks) {
    out.push({ kind: "reassignTask", key: `reassignTask:${d.taskId}`, title: d.title, topicTitle: d.topicTitle, due: { on: d.dueOn }, since: d.updatedAt, href: `/tasks/${d.taskId}` });
  }

  for (const b of f.ballotsToClose) {
    // Past its closing time and not yet counted (lib/ballots/access: awaitingCount).
    if (b.status !== "open" || now.getTime() < b.closesAt.getTime()) continue;
    out.push({ kind: "closeBallot", key: `closeBallot:${b.ballotId}`, title: b.title, topicTitle: b.topicTitle, due: { at: b.closesAt }, href: `/ballots/${b.ballotId}` });
  }

  for (const m of f.meetings) {
    // Minutes are published once the meeting has begun (lib/meetings/publish-minutes).
    if (m.status !== "scheduled" || m.minutesPublished || m.startsAt.getTime() > now.getTime()) continue;
    out.push({ kind: "publishMinutes", key: `publishMinutes:${m.meetingId}`, title: m.title, due: null, since: m.startsAt, href: `/meetings/${m.meetingId}#minutes` });
  }

  return sortTodos(
    out.map((d) => ({ topicTitle: null, count: 1, since: null, ...d, urgency: urgencyOf(d.due, now) })),
  );
}

const urgencyRank: Record<TodoUrgency, number> = { overdue: 0, soon: 1, normal: 2 };
const kindRank = new Map<TodoKind, number>(todoKinds.map((k, i) => [k, i]));

/**
 * Most urgent first: overdue, then due soon, then the rest; within each, the nearest deadline first
 * and the items without one after the dated ones, the longest waiting first; ties by kind and key,
 * so the order never changes between two loads.
 */
export function sortTodos(items: TodoItem[]): TodoItem[] {
  const time = (d: Date | null) => (d ? d.getTime() : Number.POSITIVE_INFINITY);
  return [...items].sort(
    (a, b) =>
      urgencyRank[a.urgency] - urgencyRank[b.urgency] ||
      time(dueInstant(a.due)) - time(dueInstant(b.due)) ||
      time(a.since) - time(b.since) ||
      (kindRank.get(a.kind) ?? 0) - (kindRank.get(b.kind) ?? 0) ||
      (a.key < b.key ? -1 : a.key > b.key ? 1 : 0),
  );
}

/** The header's badge: one per action waiting (a queue of registrations is one action). */
export function todoCount(items: readonly TodoItem[]): number {
  return items.length;
}
