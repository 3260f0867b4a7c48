import { describe, expect, it } from "vitest";
import { roleKinds, type PersonStatus, type RoleKind } from "@/db/schema";
import type { Actor, ActorRole } from "@/lib/auth/actor";
import {
  actions,
  authorize,
  can,
  communitiesWhere,
  gridsWhere,
  mayTakeTransition,
  skipsCosigning,
  transitionsFor,
  transitionTakers,
  type Action,
  type Resource,
  type StepTaker,
} from "@/lib/auth/policy";
import { isTerminal, topicStates, topicTransitions, type TopicLevel, type TopicState, type TopicTransition } from "@/lib/domain/topic-state-machine";
import { AppError } from "@/lib/errors";

// Two communities: C with grids A and B, C2 with grids X and Y. Ids are plain numbers: the policy is
// pure and never touches the database.
const C = 1;
const C2 = 2;
const A = 10;
const B = 11;
const X = 20;
const Y = 21;
const gridsOf = (communityId: number) => (communityId === C ? [A, B] : communityId === C2 ? [X, Y] : []);

/** The places an action can be about, seen from someone whose home is grid A of community C. */
const scopes = {
  ownGrid: { communityId: C, gridId: A },
  otherGrid: { communityId: C, gridId: B },
  ownCommunity: { communityId: C },
  otherCommunity: { communityId: C2 },
  otherCommunityGrid: { communityId: C2, gridId: X },
  // A grid id that equals the actor's own grid, but claimed in another community: must not match.
  sameGridIdOtherCommunity: { communityId: C2, gridId: A },
} satisfies Record<string, Resource>;
type Scope = keyof typeof scopes;
const allScopes = Object.keys(scopes) as Scope[];

/**
 * The account and administration actions, whose table this file states. Other areas (topics,
 * meetings) add actions of their own with their own tests; the rules that hold for every action
 * (signed out, unverified, other community) are checked below for all of `actions`.
 */
const accountActions = [
  "registration.review",
  "person.list",
  "grid.manage",
  "building.manage",
  "unit.manage",
  "person.manage",
  "organisation.manage",
  "catalog.manage",
] as const satisfies readonly Action[];
type AccountAction = (typeof accountActions)[number];

const adminActions: AccountAction[] = ["grid.manage", "building.manage", "unit.manage", "person.manage", "organisation.manage", "catalog.manage"];
const communityAdminScopes: Scope[] = ["ownGrid", "otherGrid", "ownCommunity"];

/**
 * The expected table: for each role kind and action, the scopes where it is allowed. Anything not
 * listed is refused.
 *  - community admins: every action anywhere in their own community, nothing in another;
 *  - grid chiefs and grid workers: registration.review and person.list in their own grid only;
 *  - every other role: nothing.
 */
const expected: Record<RoleKind, Record<AccountAction, Scope[]>> = {
  communityAdmin: {
    "registration.review": communityAdminScopes,
    "person.list": communityAdminScopes,
    "grid.manage": communityAdminScopes,
    "building.manage": communityAdminScopes,
    "unit.manage": communityAdminScopes,
    "person.manage": communityAdminScopes,
    "organisation.manage": communityAdminScopes,
    "catalog.manage": communityAdminScopes,
  },
  gridChief: staffRow(),
  gridWorker: staffRow(),
  resident: nothing(),
  owner: nothing(),
  ownersCommitteeMember: nothing(),
  propertyFirmStaff: nothing(),
  supervisor: nothing(),
  thinkTankMember: nothing(),
};

function staffRow(): Record<AccountAction, Scope[]> {
  return {
    "registration.review": ["ownGrid"],
    "person.list": ["ownGrid"],
    "grid.manage": [],
    "building.manage": [],
    "unit.manage": [],
    "person.manage": [],
    "organisation.manage": [],
    "catalog.manage": [],
  };
}

function nothing(): Record<AccountAction, Scope[]> {
  return Object.fromEntries(accountActions.map((a) => [a, []])) as unknown as Record<AccountAction, Scope[]>;
}

let roleSeq = 0;
/** A role row scoped the way that role is stored: unit roles by unit, staff by grid, org roles by organisation. */
function roleIn(role: RoleKind, communityId = C, gridId = communityId === C ? A : X): ActorRole {
  const scoped: Record<RoleKind, Pick<ActorRole, "gridId" | "unitId" | "organisationId">> = {
    resident: { gridId, unitId: 100 + gridId, organisationId: null },
    owner: { gridId, unitId: 100 + gridId, organisationId: null },
    gridChief: { gridId, unitId: null, organisationId: null },
    gridWorker: { gridId, unitId: null, organisationId: null },
    propertyFirmStaff: { gridId: null, unitId: null, organisationId: 50 + communityId },
    ownersCommitteeMember: { gridId: null, unitId: null, organisationId: 60 + communityId },
    thinkTankMember: { gridId: null, unitId: null, organisationId: 70 + communityId },
    supervisor: { gridId: null, unitId: null, organisationId: null },
    communityAdmin: { gridId: null, unitId: null, organisationId: null },
  };
  return { id: ++roleSeq, role, communityId, ...scoped[role] };
}

function actorWith(roles: ActorRole[], status: PersonStatus = "verified"): Actor {
  return { personId: 1000 + roleSeq, name: "测试", phone: "13900000000", displayNumber: "HX01-JM-01#101-1", status, roles };
}

describe("the expected table covers the whole policy", () => {
  it("the account and administration actions all exist in the policy", () => {
    expect(actions).toEqual(expect.arrayContaining([...accountActions]));
    for (const role of roleKinds) expect(Object.keys(expected[role]).sort()).toEqual([...accountActions].sort());
  });

  it("lists exactly the schema's role kinds", () => {
    expect(Object.keys(expected).sort()).toEqual([...roleKinds].sort());
  });
});

describe("can(): one verified role at a time, every account action, every scope", () => {
  const cases = roleKinds.flatMap((role) =>
    accountActions.flatMap((action) => allScopes.map((scope) => ({ role, action, scope, allowed: expected[role][action].includes(scope) }))),
  );

  it.each(cases)("$role may $action in $scope: $allowed", ({ role, action, scope, allowed }) => {
    expect(can(actorWith([roleIn(role)]), action, scopes[scope])).toBe(allowed);
  });
});

describe("can(): unverified and signed-out actors may do nothing", () => {
  const cases = (["pending", "rejected"] as const).flatMap((status) =>
    roleKinds.flatMap((role) => actions.flatMap((action) => allScopes.map((scope) => ({ status, role, action, scope })))),
  );

  it.each(cases)("$status $role may not $action in $scope", ({ status, role, action, scope }) => {
    expect(can(actorWith([roleIn(role)], status), action, scopes[scope])).toBe(false);
  });

  it.each(actions.flatMap((action) => allScopes.map((scope) => ({ action, scope }))))("nobody signed in may not $action in $scope", ({ action, scope }) => {
    expect(can(null, action, scopes[scope])).toBe(false);
  });

  it("whatever the role, nothing is allowed in a community where the actor holds no role", () => {
    for (const role of roleKinds) {
      const actor = actorWith([roleIn(role, C, A)]);
      for (const action of actions) {
        for (const res of [scopes.otherCommunity, scopes.otherCommunityGrid, scopes.sameGridIdOtherCommunity]) {
          for (const extra of [{}, { level: "grid" as const }, { level: "community" as const }, { invited: true }]) {
            expect(can(actor, action, { ...res, ...extra }), `${role} ${action}`).toBe(false);
          }
        }
      }
    }
  });

  it("a verified person without any role may do nothing", () => {
    for (const action of actions) for (const scope of allScopes) expect(can(actorWith([]), action, scopes[scope])).toBe(false);
  });

  it("an action the policy does not know is refused even to an admin", () => {
    expect(can(actorWith([roleIn("communityAdmin")]), "nonexistent.action" as Action, scopes.ownCommunity)).toBe(false);
  });
});

describe("can(): several roles in several scopes give the union and no more", () => {
  it("grid chief of A and resident of B reviews in A only", () => {
    const actor = actorWith([roleIn("gridChief", C, A), roleIn("resident", C, B)]);
    expect(can(actor, "registration.review", scopes.ownGrid)).toBe(true);
    expect(can(actor, "person.list", scopes.ownGrid)).toBe(true);
    expect(can(actor, "registration.review", scopes.otherGrid)).toBe(false);
    expect(can(actor, "person.list", scopes.otherGrid)).toBe(false);
    for (const action of adminActions) for (const scope of allScopes) expect(can(actor, action, scopes[scope])).toBe(false);
  });

  it("grid chief of A and grid worker of B reviews in both grids, and nowhere else", () => {
    const actor = actorWith([roleIn("gridChief", C, A), roleIn("gridWorker", C, B)]);
    expect(can(actor, "registration.review", scopes.ownGrid)).toBe(true);
    expect(can(actor, "registration.review", scopes.otherGrid)).toBe(true);
    expect(can(actor, "registration.review", scopes.ownCommunity)).toBe(false);
    expect(can(actor, "registration.review", scopes.otherCommunityGrid)).toBe(false);
    for (const action of adminActions) expect(can(actor, action, scopes.ownGrid)).toBe(false);
  });

  it("community admin of C who lives in a grid of C2 administers C only", () => {
    const actor = actorWith([roleIn("communityAdmin", C), roleIn("owner", C2, X), roleIn("supervisor", C2)]);
    for (const action of accountActions) {
      expect(can(actor, action, scopes.ownCommunity)).toBe(true);
      expect(can(actor, action, scopes.otherGrid)).toBe(true);
      expect(can(actor, action, scopes.otherCommunity)).toBe(false);
      expect(can(actor, action, scopes.otherCommunityGrid)).toBe(false);
    }
  });

  it("grid worker in C2 and owner in C has no staff rights in C", () => {
    const actor = actorWith([roleIn("gridWorker", C2, X), roleIn("owner", C, A)]);
    expect(can(actor, "registration.review", scopes.otherCommunityGrid)).toBe(true);
    expect(can(actor, "registration.review", scopes.ownGrid)).toBe(false);
    expect(can(actor, "person.list", scopes.ownGrid)).toBe(false);
  });
});

describe("authorize()", () => {
  const thrown = (fn: () => void): AppError => {
    try {
      fn();
    } catch (e) {
      expect(e).toBeInstanceOf(AppError);
      return e as AppError;
    }
    throw new Error("expected authorize to throw");
  };

  it.each(["pending", "rejected"] as const)("refuses a %s actor, even an admin, with notVerified (403)", (status) => {
    const e = thrown(() => authorize(actorWith([roleIn("communityAdmin")], status), "grid.manage", scopes.ownCommunity));
    expect(e.status).toBe(403);
    expect(e.messageKey).toBe("notVerified");
  });

  it("refuses a verified actor outside their scope with forbidden (403)", () => {
    const chief = actorWith([roleIn("gridChief", C, A)]);
    const e = thrown(() => authorize(chief, "registration.review", scopes.otherGrid));
    expect(e.status).toBe(403);
    expect(e.code).toBe("forbidden");
    expect(e.messageKey).toBe("forbidden");
    expect(thrown(() => authorize(chief, "grid.manage", scopes.ownGrid)).messageKey).toBe("forbidden");
    expect(thrown(() => authorize(actorWith([roleIn("resident")]), "person.list", scopes.ownGrid)).status).toBe(403);
  });

  it("lets a permitted actor through", () => {
    expect(() => authorize(actorWith([roleIn("gridWorker", C, A)]), "registration.review", scopes.ownGrid)).not.toThrow();
    expect(() => authorize(actorWith([roleIn("communityAdmin", C)]), "catalog.manage", scopes.ownCommunity)).not.toThrow();
  });
});

describe("gridsWhere(): the grids to scope list queries to", () => {
  const sorted = (ids: number[]) => [...ids].sort((a, b) => a - b);

  it("community admin: every grid of their community, for every action", async () => {
    const admin = actorWith([roleIn("communityAdmin", C)]);
    for (const action of accountActions) expect(sorted(await gridsWhere(admin, action, gridsOf))).toEqual([A, B]);
  });

  it("grid chief and grid worker: their own grid for review and listing, none for admin actions", async () => {
    for (const role of ["gridChief", "gridWorker"] as const) {
      const staff = actorWith([roleIn(role, C, B)]);
      expect(await gridsWhere(staff, "registration.review", gridsOf)).toEqual([B]);
      expect(await gridsWhere(staff, "person.list", gridsOf)).toEqual([B]);
      for (const action of adminActions) expect(await gridsWhere(staff, action, gridsOf)).toEqual([]);
    }
  });

  it("other roles, even grid-bound ones, get no grid", async () => {
    for (const role of roleKinds.filter((r) => !["communityAdmin", "gridChief", "gridWorker"].includes(r))) {
      const actor = actorWith([roleIn(role, C, A)]);
      for (const action of accountActions) expect(await gridsWhere(actor, action, gridsOf)).toEqual([]);
    }
  });

  it("the union of several roles, without duplicates", async () => {
    const actor = actorWith([roleIn("gridChief", C, A), roleIn("resident", C, B), roleIn("gridWorker", C2, Y)]);
    expect(sorted(await gridsWhere(actor, "registration.review", gridsOf))).toEqual([A, Y]);
    const adminAndChief = actorWith([roleIn("communityAdmin", C), roleIn("gridChief", C, A)]);
    expect(sorted(await gridsWhere(adminAndChief, "registration.review", gridsOf))).toEqual([A, B]);
  });

  it("nobody, pending and rejected actors get no grid", async () => {
    expect(await gridsWhere(null, "registration.review", gridsOf)).toEqual([]);
    expect(await gridsWhere(actorWith([roleIn("communityAdmin")], "pending"), "registration.review", gridsOf)).toEqual([]);
    expect(await gridsWhere(actorWith([roleIn("gridChief")], "rejected"), "registration.review", gridsOf)).toEqual([]);
  });
});

describe("communitiesWhere(): communities for community-wide actions", () => {
  it("community admin: their community only, for every action", () => {
    const actor = actorWith([roleIn("communityAdmin", C), roleIn("resident", C2, X)]);
    for (const action of accountActions) expect(communitiesWhere(actor, action)).toEqual([C]);
  });

  it("admin of two communities gets both", () => {
    const actor = actorWith([roleIn("communityAdmin", C), roleIn("communityAdmin", C2)]);
    expect([...communitiesWhere(actor, "unit.manage")].sort()).toEqual([C, C2]);
  });

  it("grid staff and every other role get no community-wide right", () => {
    for (const role of roleKinds.filter((r) => r !== "communityAdmin")) {
      for (const action of accountActions) expect(communitiesWhere(actorWith([roleIn(role)]), action)).toEqual([]);
    }
  });

  it("nobody, pending and rejected actors get no community", () => {
    expect(communitiesWhere(null, "grid.manage")).toEqual([]);
    expect(communitiesWhere(actorWith([roleIn("communityAdmin")], "pending"), "grid.manage")).toEqual([]);
    expect(communitiesWhere(actorWith([roleIn("communityAdmin")], "rejected"), "grid.manage")).toEqual([]);
  });
});

// ── Topic steps: who takes each step of a topic's life. These assertions were the state machine's
// (tests/unit/topic-state-machine.test.ts, with "relations" standing in for people) until the
// owner rule (小事不出网格、大事不出社区) became the policy's alone; they now ask the policy about
// real people. Every role × level × place against the one rule: tests/unit/topic-owner-rule.test.ts.

// Columns: transition | who. "staff" = the topic's owners: grid staff of its grid on a grid-level
// topic, community admins always; "system" = the app recording a fact; "staff+system" = either.
const takersTable = `
reachThreshold         | system
expire                 | system
admit                  | staff
reject                 | staff
merge                  | staff
escalate               | staff
startDrafting          | staff
openVoting             | staff
passVote               | system
failVote               | system
redraft                | staff
closeFailed            | staff
startImplementation    | staff
completeImplementation | system
requireRectification   | staff+system
completeRectification  | system
close                  | staff
reopen                 | staff
`;
type Who = "staff" | "system" | "staff+system";
const whoTakes = Object.fromEntries(
  takersTable
    .trim()
    .split("\n")
    .map((line) => line.split("|").map((cell) => cell.trim()) as [TopicTransition, Who]),
) as Record<TopicTransition, Who>;

/** A topic of grid A in community C at this level. */
const topicAt = (level: TopicLevel): Resource => ({ communityId: C, gridId: A, level });

type Relation = "system" | "gridStaff" | "communityStaff";
/** The takers to try: the old relation sets of the machine's tests, as the people (or the system) they stood for. */
const takers: { label: string; who: () => StepTaker[]; relations: Relation[] }[] = [
  { label: "system", who: () => ["system"], relations: ["system"] },
  { label: "proposer (a resident of the grid)", who: () => [actorWith([roleIn("resident", C, A)])], relations: [] },
  { label: "gridStaff (the grid chief)", who: () => [actorWith([roleIn("gridChief", C, A)])], relations: ["gridStaff"] },
  { label: "gridStaff (a grid worker)", who: () => [actorWith([roleIn("gridWorker", C, A)])], relations: ["gridStaff"] },
  { label: "communityStaff", who: () => [actorWith([roleIn("communityAdmin", C)])], relations: ["communityStaff"] },
  { label: "member (an owner in the grid)", who: () => [actorWith([roleIn("owner", C, A)])], relations: [] },
  { label: "nobody (verified, no role)", who: () => [actorWith([])], relations: [] },
  { label: "proposer+gridStaff", who: () => [actorWith([roleIn("gridChief", C, A), roleIn("resident", C, A)])], relations: ["gridStaff"] },
  { label: "member+communityStaff", who: () => [actorWith([roleIn("resident", C, A), roleIn("communityAdmin", C)])], relations: ["communityStaff"] },
  { label: "proposer+member", who: () => [actorWith([roleIn("resident", C, A), roleIn("owner", C, A)])], relations: [] },
  { label: "system+gridStaff", who: () => ["system", actorWith([roleIn("gridChief", C, A)])], relations: ["system", "gridStaff"] },
  { label: "grid staff of another grid", who: () => [actorWith([roleIn("gridChief", C, B)])], relations: [] },
  { label: "community staff of another community", who: () => [actorWith([roleIn("communityAdmin", C2)])], relations: [] },
];

function mayAct(who: Who, level: TopicLevel, relations: Relation[]): boolean {
  const system = relations.includes("system");
  const staff = relations.includes("communityStaff") || (level === "grid" && relations.includes("gridStaff"));
  if (who === "system") return system;
  if (who === "staff") return staff;
  return system || staff;
}

const anyMay = (who: StepTaker[], name: TopicTransition, res: Resource) => who.some((w) => mayTakeTransition(w, name, res));

describe("transitionTakers (who takes each step)", () => {
  it("matches the hand-written table for every transition", () => {
    expect(Object.keys(transitionTakers).sort()).toEqual([...topicTransitions].sort());
    expect(Object.keys(whoTakes).sort()).toEqual([...topicTransitions].sort());
    for (const name of topicTransitions) expect([...transitionTakers[name]].sort().join("+"), name).toBe(whoTakes[name]);
  });
});

describe("topic steps: every transition × level × taker", () => {
  it.each([...topicTransitions])("%s", (name) => {
    const mismatches: unknown[] = [];
    let cases = 0;
    for (const level of ["grid", "community"] as const) {
      for (const taker of takers) {
        cases++;
        const got = anyMay(taker.who(), name, topicAt(level));
        const want = mayAct(whoTakes[name], level, taker.relations);
        if (got !== want) mismatches.push({ level, taker: taker.label, got, want });
      }
    }
    expect(cases).toBe(2 * takers.length);
    expect(mismatches).toEqual([]);
  });

  it("refuses the wrong taker whatever the state, input or facts (the machine is asked only after)", () => {
    const resident = actorWith([roleIn("resident", C, A)]);
    const chief = actorWith([roleIn("gridChief", C, A)]);
    expect(mayTakeTransition(resident, "reject", topicAt("grid"))).toBe(false);
    expect(mayTakeTransition(actorWith([roleIn("owner", C, A)]), "admit", topicAt("grid"))).toBe(false);
    expect(mayTakeTransition("system", "merge", topicAt("grid"))).toBe(false);
    expect(mayTakeTransition(resident, "openVoting", topicAt("grid"))).toBe(false);
    expect(mayTakeTransition(chief, "reachThreshold", topicAt("grid"))).toBe(false);
    // Grid staff are not allowed on a community-level topic, not even to escalate it again.
    expect(mayTakeTransition(chief, "escalate", topicAt("community"))).toBe(false);
  });

  it("refuses unverified staff every step", () => {
    for (const status of ["pending", "rejected"] as const) {
      for (const role of ["gridChief", "gridWorker", "communityAdmin"] as const) {
        for (const name of topicTransitions) expect(mayTakeTransition(actorWith([roleIn(role, C, A)], status), name, topicAt("grid")), `${status} ${role} ${name}`).toBe(false);
      }
    }
  });
});

describe("the whole loop's takers", () => {
  it("the grid chief until the escalation, community staff after it, the system for the facts", () => {
    const chief = actorWith([roleIn("gridChief", C, A)]);
    const community = actorWith([roleIn("communityAdmin", C)]);
    const steps: [TopicTransition, StepTaker, TopicLevel][] = [
      ["reachThreshold", "system", "grid"],
      ["admit", chief, "grid"],
      ["startDrafting", chief, "grid"],
      ["openVoting", chief, "grid"],
      ["failVote", "system", "grid"],
      ["redraft", chief, "grid"],
      ["closeFailed", chief, "grid"],
      ["escalate", chief, "grid"],
      ["openVoting", community, "community"],
      ["passVote", "system", "community"],
      ["startImplementation", community, "community"],
      ["completeImplementation", "system", "community"],
      ["requireRectification", "system", "community"],
      ["completeRectification", "system", "community"],
      ["close", community, "community"],
      ["reopen", community, "community"],
    ];
    for (const [name, who, level] of steps) expect(mayTakeTransition(who, name, topicAt(level)), `${name} ${level}`).toBe(true);
    // Once escalated, the grid chief no longer moves it.
    expect(mayTakeTransition(chief, "openVoting", topicAt("community"))).toBe(false);
  });
});

describe("skipsCosigning: whose topics go straight to admission", () => {
  const grid = { communityId: C, gridId: A };
  it.each([
    { who: "resident", roles: () => [roleIn("resident", C, A)], want: false },
    { who: "resident (also an owner)", roles: () => [roleIn("resident", C, A), roleIn("owner", C, A)], want: false },
    { who: "owners' committee", roles: () => [roleIn("ownersCommitteeMember", C)], want: true },
    { who: "grid chief", roles: () => [roleIn("gridChief", C, A)], want: true },
    { who: "grid worker (also a resident)", roles: () => [roleIn("gridWorker", C, A), roleIn("resident", C, A)], want: true },
    { who: "community staff", roles: () => [roleIn("communityAdmin", C)], want: true },
    { who: "no role", roles: () => [], want: false },
    { who: "grid chief of another grid", roles: () => [roleIn("gridChief", C, B), roleIn("resident", C, A)], want: false },
    { who: "owners' committee of another community", roles: () => [roleIn("ownersCommitteeMember", C2), roleIn("resident", C, A)], want: false },
  ])("$who: $want", ({ roles, want }) => {
    expect(skipsCosigning(actorWith(roles()), grid)).toBe(want);
  });

  it("not for an unverified account", () => {
    expect(skipsCosigning(actorWith([roleIn("gridChief", C, A)], "pending"), grid)).toBe(false);
  });
});

describe("transitionsFor: the steps a page offers", () => {
  const chief = () => actorWith([roleIn("gridChief", C, A)]);
  const admin = () => actorWith([roleIn("communityAdmin", C)]);
  const resident = () => actorWith([roleIn("resident", C, A)]);
  it.each([
    { state: "proposed", level: "grid", who: "gridStaff", taker: chief, want: ["reject", "merge"] },
    { state: "proposed", level: "grid", who: "system", taker: () => "system" as const, want: ["reachThreshold", "expire"] },
    { state: "proposed", level: "grid", who: "proposer", taker: resident, want: [] },
    { state: "awaitingAdmission", level: "grid", who: "proposer+gridStaff", taker: () => actorWith([roleIn("gridChief", C, A), roleIn("resident", C, A)]), want: ["admit", "reject", "merge"] },
    { state: "consulting", level: "grid", who: "gridStaff", taker: chief, want: ["merge", "escalate", "startDrafting"] },
    { state: "consulting", level: "community", who: "gridStaff", taker: chief, want: [] },
    // Preconditions are not evaluated: escalate is listed and the machine explains the refusal.
    { state: "consulting", level: "community", who: "communityStaff", taker: admin, want: ["merge", "escalate", "startDrafting"] },
    { state: "voting", level: "grid", who: "gridStaff+communityStaff", taker: () => actorWith([roleIn("gridChief", C, A), roleIn("communityAdmin", C)]), want: [] },
    { state: "voting", level: "grid", who: "system", taker: () => "system" as const, want: ["passVote", "failVote"] },
    { state: "underReview", level: "grid", who: "system", taker: () => "system" as const, want: ["requireRectification"] },
    { state: "underReview", level: "community", who: "communityStaff", taker: admin, want: ["requireRectification", "close"] },
    { state: "closed", level: "grid", who: "gridStaff", taker: chief, want: ["reopen"] },
    { state: "closed", level: "grid", who: "member", taker: resident, want: [] },
  ] as const)("$state ($level) for $who → $want", ({ state, level, taker, want }) => {
    expect(transitionsFor(taker(), state, topicAt(level))).toEqual(want);
  });

  it("offers something in every non-terminal state to staff and the system together, and nothing to a plain member", () => {
    for (const state of topicStates as readonly TopicState[]) {
      for (const level of ["grid", "community"] as const) {
        const everyone = [...transitionsFor("system", state, topicAt(level)), ...transitionsFor(actorWith([roleIn("gridChief", C, A), roleIn("communityAdmin", C)]), state, topicAt(level))];
        expect(everyone.length > 0, `${state}/${level}`).toBe(!isTerminal(state));
        expect(transitionsFor(actorWith([roleIn("resident", C, A), roleIn("owner", C, A)]), state, topicAt(level)), state).toEqual([]);
      }
    }
  });
});
