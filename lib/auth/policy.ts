import type { RoleKind } from "@/db/schema";
import { availableTransitions, type TopicState, type TopicTransition } from "@/lib/domain/topic-state-machine";
import { AppError } from "@/lib/errors";
import type { Actor, ActorRole } from "./actor";

/**
 * The one place that says who may do what. Deny by default: an action not listed here, an actor
 * that is not verified, or a resource outside the actor's scope is refused.
 *
 * Scopes: community admins act in their community; grid chiefs and grid workers (community staff)
 * act in their own grid only — a chief of grid A has no staff rights in grid B.
 */
export const actions = [
  // Accounts: verifying or rejecting a resident's registration in a grid.
  "registration.review",
  // Reading the people of a grid (names, units, phones).
  "person.list",
  // Community administration.
  "grid.manage",
  "building.manage",
  "unit.manage",
  "person.manage",
  "organisation.manage",
  "catalog.manage",
  // Activation letters for people imported from a register: the grid's staff, or a community admin.
  "activation.issue",
  // The outbox of messages that leave the app (reminders, activation codes): its status, failures and retries. Community admins.
  "message.manage",
  // Topics (议题) and consultation.
  "topic.view",
  "topic.propose",
  "topic.cosign",
  // Admission, rejection, merging, escalation, invitations, moderation: the topic's owners among staff.
  "topic.manage",
  "opinion.post",
  // Plans (方案): drafting and revising; commenting.
  "plan.draft",
  "plan.comment",
  // Ballots (表决): opening, closing, paper entries, proxies.
  "ballot.manage",
  // Meetings (议事会).
  "meeting.manage",
  "meeting.checkin",
  // The live room: chairing it (staff who manage the meeting, or its designated chair) and asking
  // for the floor (people checked in).
  "meeting.chair",
  "meeting.speak",
] as const;
export type Action = (typeof actions)[number];

/**
 * What an action is about: the community it belongs to and, when it is grid-bound, the grid. For a
 * topic also its level (a community-level topic is owned by community staff: 大事不出社区) and
 * whether the actor was invited into it.
 */
export type Resource = {
  communityId: number;
  gridId?: number | null;
  level?: "grid" | "community";
  invited?: boolean;
  /** A topic on which staff let residents submit alternative plans. */
  alternativesAllowed?: boolean;
  /** A meeting whose designated chair the actor is. */
  designatedChair?: boolean;
  /** A meeting the actor is checked in at. */
  checkedIn?: boolean;
  /**
   * A ballot among one meeting's attendees, opened or closed from that meeting's room by someone
   * the policy already let chair it ("meeting.chair"). Set only by lib/meetings/room/, so the
   * designated chair runs the vote in their room and nowhere else.
   */
  chairsMeetingVote?: boolean;
};

const gridStaff: readonly RoleKind[] = ["gridChief", "gridWorker"];

function isCommunityAdmin(r: ActorRole, res: Resource) {
  return r.role === "communityAdmin" && r.communityId === res.communityId;
}

function isGridStaffOf(r: ActorRole, res: Resource) {
  return (
    gridStaff.includes(r.role) &&
    r.communityId === res.communityId &&
    res.gridId != null &&
    r.gridId === res.gridId
  );
}

function livesInGrid(r: ActorRole, res: Resource) {
  return (r.role === "resident" || r.role === "owner") && r.communityId === res.communityId && res.gridId != null && r.gridId === res.gridId;
}

function isCommunityParty(r: ActorRole, res: Resource) {
  return (r.role === "propertyFirmStaff" || r.role === "ownersCommitteeMember") && r.communityId === res.communityId;
}

/**
 * Who owns a topic — the one place this is written (小事不出网格、大事不出社区): the grid's chief and
 * workers own its grid-level topics; community admins own every topic of their community, and a
 * topic escalated to the community is theirs alone. Written as data, so that the checks (ownsTopic:
 * managing a topic, its ballots and plans, every step of its state machine a person takes,
 * skipping co-signing) and the queries (lib/topics/staff-of-topic.ts: who is told) read one rule.
 */
export function topicOwnerRoles(topic: Resource): { role: RoleKind; communityId: number; gridId?: number }[] {
  const admins = [{ role: "communityAdmin" as RoleKind, communityId: topic.communityId }];
  if (topic.level === "community" || topic.gridId == null) return admins;
  const gridId = topic.gridId;
  return [...admins, ...gridStaff.map((role) => ({ role, communityId: topic.communityId, gridId }))];
}

function ownsTopic(r: ActorRole, res: Resource) {
  return topicOwnerRoles(res).some((o) => o.role === r.role && o.communityId === r.communityId && (o.gridId === undefined || o.gridId === r.gridId));
}

/**
 * The owner rule turned around for list queries: where this actor owns topics — the grid-level
 * topics of `gridLevelGrids`, and every topic of `communities`. Found by asking ownsTopic about a
 * topic of the role's own grid, and about topics of no grid at both levels (which only
 * community-wide owners own), the way gridsWhere asks can() grid by grid.
 */
export function topicsOwnedBy(actor: Actor): { gridLevelGrids: number[]; communities: number[] } {
  const gridLevelGrids = new Set<number>();
  const communities = new Set<number>();
  if (actor.status === "verified") {
    for (const r of actor.roles) {
      const c = r.communityId;
      if (ownsTopic(r, { communityId: c, gridId: null, level: "grid" }) && ownsTopic(r, { communityId: c, gridId: null, level: "community" })) communities.add(c);
      else if (r.gridId != null && ownsTopic(r, { communityId: c, gridId: r.gridId, level: "grid" })) gridLevelGrids.add(r.gridId);
    }
  }
  return { gridLevelGrids: [...gridLevelGrids], communities: [...communities] };
}

const rules: Record<Action, (r: ActorRole, res: Resource) => boolean> = {
  "registration.review": (r, res) => isCommunityAdmin(r, res) || isGridStaffOf(r, res),
  "person.list": (r, res) => isCommunityAdmin(r, res) || isGridStaffOf(r, res),
  "grid.manage": isCommunityAdmin,
  "building.manage": isCommunityAdmin,
  "unit.manage": isCommunityAdmin,
  "person.manage": isCommunityAdmin,
  "organisation.manage": isCommunityAdmin,
  "catalog.manage": isCommunityAdmin,
  "activation.issue": (r, res) => isCommunityAdmin(r, res) || isGridStaffOf(r, res),
  "message.manage": isCommunityAdmin,
  "topic.view": (r, res) => r.communityId === res.communityId,
  "topic.propose": (r, res) => livesInGrid(r, res) || isGridStaffOf(r, res) || isCommunityParty(r, res) || isCommunityAdmin(r, res),
  "topic.cosign": livesInGrid,
  "topic.manage": ownsTopic,
  "opinion.post": (r, res) =>
    livesInGrid(r, res) ||
    isGridStaffOf(r, res) ||
    isCommunityParty(r, res) ||
    isCommunityAdmin(r, res) ||
    (r.role === "supervisor" && r.communityId === res.communityId) ||
    (res.invited === true && r.communityId === res.communityId),
  "plan.draft": (r, res) => ownsTopic(r, res) || isCommunityParty(r, res) || (res.alternativesAllowed === true && livesInGrid(r, res)),
  "plan.comment": (r, res) =>
    livesInGrid(r, res) ||
    isGridStaffOf(r, res) ||
    isCommunityParty(r, res) ||
    isCommunityAdmin(r, res) ||
    (r.role === "supervisor" && r.communityId === res.communityId) ||
    (res.invited === true && r.communityId === res.communityId),
  // The topic's staff; and, for a meeting's attendee ballot taken from its room, whoever chairs that meeting.
  "ballot.manage": (r, res) => ownsTopic(r, res) || (res.chairsMeetingVote === true && r.communityId === res.communityId),
  "meeting.manage": (r, res) => isCommunityAdmin(r, res) || isGridStaffOf(r, res),
  "meeting.checkin": (r, res) => r.communityId === res.communityId,
  "meeting.chair": (r, res) => isCommunityAdmin(r, res) || isGridStaffOf(r, res) || (res.designatedChair === true && r.communityId === res.communityId),
  "meeting.speak": (r, res) => res.checkedIn === true && r.communityId === res.communityId,
};

export function can(actor: Actor | null, action: Action, resource: Resource): boolean {
  if (!actor || actor.status !== "verified") return false;
  const rule = rules[action];
  if (!rule) return false;
  return actor.roles.some((r) => rule(r, resource));
}

/**
 * 403 for an account still waiting for verification. Being signed in is the type's business: the
 * adapters refuse a signed-out caller with 401 before any use case runs.
 */
export function requireVerified(actor: Actor): void {
  if (actor.status !== "verified") throw new AppError("forbidden", "notVerified");
}

/** Throws 403 when the actor may not (the adapters already refused a signed-out caller with 401). */
export function authorize(actor: Actor, action: Action, resource: Resource): void {
  requireVerified(actor);
  if (!can(actor, action, resource)) throw new AppError("forbidden", "forbidden");
}

/**
 * Who takes each step of a topic's life (lib/domain/topic-state-machine.ts has the order of the
 * steps). "staff": the topic's owners decide (ownsTopic). "system": a fact the app records — the
 * co-signing outcome, a ballot's count, the last task done — never a person's choice.
 */
export const transitionTakers: Readonly<Record<TopicTransition, readonly ("staff" | "system")[]>> = {
  reachThreshold: ["system"],
  expire: ["system"],
  admit: ["staff"],
  reject: ["staff"],
  merge: ["staff"],
  escalate: ["staff"],
  startDrafting: ["staff"],
  openVoting: ["staff"],
  passVote: ["system"],
  failVote: ["system"],
  redraft: ["staff"],
  closeFailed: ["staff"],
  startImplementation: ["staff"],
  completeImplementation: ["system"],
  // A poor rating triggers it automatically; staff may also demand it.
  requireRectification: ["staff", "system"],
  completeRectification: ["system"],
  close: ["staff"],
  reopen: ["staff"],
};

/** Who moves a topic: a person, or the app itself recording a fact. */
export type StepTaker = Actor | "system";

/**
 * Whether this person (or the system) may take the step on a topic; a person must own the topic —
 * except that opening the vote is opening a ballot, so it asks what opening a ballot asks (the same
 * owners, plus a meeting's chair for that meeting's attendee ballot).
 */
export function mayTakeTransition(who: StepTaker, name: TopicTransition, topic: Resource): boolean {
  const takers = transitionTakers[name];
  if (who === "system") return takers.includes("system");
  return takers.includes("staff") && can(who, name === "openVoting" ? "ballot.manage" : "topic.manage", topic);
}

/** The steps this person (or the system) may take from the topic's state, for the buttons a page shows. */
export function transitionsFor(who: StepTaker, state: TopicState, topic: Resource): TopicTransition[] {
  return availableTransitions({ state }).filter((name) => mayTakeTransition(who, name, topic));
}

/**
 * Staff who would own the topic, and the owners' committee, speak for many residents already, so
 * the topics they propose in this grid skip co-signing and go straight to admission.
 */
export function skipsCosigning(actor: Actor, grid: { communityId: number; gridId: number }): boolean {
  if (actor.status !== "verified") return false;
  const topic: Resource = { ...grid, level: "grid" };
  return actor.roles.some((r) => ownsTopic(r, topic) || (r.role === "ownersCommitteeMember" && r.communityId === grid.communityId));
}

/**
 * Grids in which the actor has staff rights for an action (for scoping list queries). The grids of
 * a community come from the caller (a query), asked only for communities the actor administers.
 */
export async function gridsWhere(actor: Actor | null, action: Action, allGridsOf: (communityId: number) => Promise<number[]> | number[]): Promise<number[]> {
  if (!actor || actor.status !== "verified") return [];
  const ids = new Set<number>();
  for (const r of actor.roles) {
    if (r.role === "communityAdmin") {
      for (const g of await allGridsOf(r.communityId)) if (can(actor, action, { communityId: r.communityId, gridId: g })) ids.add(g);
    } else if (r.gridId != null && can(actor, action, { communityId: r.communityId, gridId: r.gridId })) {
      ids.add(r.gridId);
    }
  }
  return [...ids];
}

/** Communities in which the actor may take an action that is community-wide. */
export function communitiesWhere(actor: Actor | null, action: Action): number[] {
  if (!actor) return [];
  return [...new Set(actor.roles.map((r) => r.communityId))].filter((c) => can(actor, action, { communityId: c }));
}
