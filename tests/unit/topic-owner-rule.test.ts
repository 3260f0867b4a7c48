import { describe, expect, it } from "vitest";
import { roleKinds, type RoleKind, type Topic } from "@/db/schema";
import type { Actor, ActorRole } from "@/lib/auth/actor";
import { can, mayTakeTransition, skipsCosigning, topicOwnerRoles, topicsOwnedBy, transitionsFor, transitionTakers } from "@/lib/auth/policy";
import { topicTransitions, transitionRules, type TopicLevel } from "@/lib/domain/topic-state-machine";
import { topicResource } from "@/lib/topics/access";

/**
 * 小事不出网格、大事不出社区: who owns a topic, written out once by hand and checked against every
 * place in the code that answers the question. This file was first written against the three old
 * copies of the rule (the policy's ownsTopic, the state machine's actorMayTake on topicRelations,
 * and the co-signing skip on the same relations) and passed there; the same table now checks the
 * one rule (the policy's ownsTopic) through everything that asks it, so the two answer the same.
 *
 * Two communities: C with grids A and B, C2 with grid X (and a grid claiming A's id in C2).
 */
const C = 1;
const C2 = 2;
const A = 10;
const B = 11;
const X = 20;

const places = {
  ownGrid: { communityId: C, gridId: A },
  otherGrid: { communityId: C, gridId: B },
  otherCommunity: { communityId: C2, gridId: X },
  sameGridIdOtherCommunity: { communityId: C2, gridId: A },
} as const;
type Place = keyof typeof places;
const allPlaces = Object.keys(places) as Place[];
const levels: TopicLevel[] = ["grid", "community"];

let seq = 0;
/** A role stored the way that role is stored: grid-bound roles in grid A of C, the others in C. */
function roleIn(role: RoleKind, communityId = C, gridId = A): ActorRole {
  const gridBound = role === "resident" || role === "owner" || role === "gridChief" || role === "gridWorker";
  const org = role === "propertyFirmStaff" || role === "ownersCommitteeMember" || role === "thinkTankMember";
  return {
    id: ++seq,
    role,
    communityId,
    gridId: gridBound ? gridId : null,
    unitId: role === "resident" || role === "owner" ? 100 + gridId : null,
    organisationId: org ? 50 + communityId : null,
  };
}

function actorWith(roles: ActorRole[]): Actor {
  return { personId: 1000 + ++seq, name: "测试", phone: "13900000000", displayNumber: "HX01-JM-01#101-1", status: "verified", roles };
}

/** The rule, by hand: community admins own every topic of their community; grid chiefs and grid workers own the grid-level topics of their own grid. */
function expectedOwner(roles: ActorRole[], place: Place, level: TopicLevel): boolean {
  const { communityId, gridId } = places[place];
  return roles.some(
    (r) =>
      r.communityId === communityId &&
      (r.role === "communityAdmin" || ((r.role === "gridChief" || r.role === "gridWorker") && r.gridId === gridId && level === "grid")),
  );
}

function topicAt(place: Place, level: TopicLevel, proposerId = 1): Topic {
  return { id: 7, proposerId, level, state: "consulting", alternativesAllowed: false, ...places[place] } as Topic;
}

const staffTransitions = topicTransitions.filter((name) => transitionTakers[name].includes("staff"));

/** Every answer the code gives to "does this actor own this topic?". */
function answers(actor: Actor, place: Place, level: TopicLevel): Record<string, boolean> {
  const topic = topicAt(place, level);
  const res = topicResource(topic);
  const owned = topicsOwnedBy(actor);
  const out: Record<string, boolean> = {
    "policy topic.manage": can(actor, "topic.manage", res),
    // The two views the queries read (who is told; what waits for me) — tests/integration/topic-owner-queries.test.ts runs the queries.
    "owner roles": topicOwnerRoles(res).some((o) => actor.roles.some((r) => r.role === o.role && r.communityId === o.communityId && (o.gridId === undefined || r.gridId === o.gridId))),
  };
  // The list query matches grid-level topics by grid id alone: grid ids are unique in the database,
  // so a topic or a role "of grid A in another community" cannot exist there.
  const gridOf = (communityId: number, gridId: number | null) => gridId == null || (communityId === C ? gridId !== X : gridId === X);
  if (gridOf(topic.communityId, topic.gridId) && actor.roles.every((r) => gridOf(r.communityId, r.gridId))) {
    out["owned by"] = owned.communities.includes(topic.communityId) || (level === "grid" && owned.gridLevelGrids.includes(topic.gridId));
  }
  for (const name of staffTransitions) {
    out[`step ${name}`] = mayTakeTransition(actor, name, res);
    out[`offered ${name}`] = transitionsFor(actor, transitionRules[name].from[0]!, res).includes(name);
  }
  // Staff skip co-signing in the grids whose grid-level topics they own.
  if (level === "grid") out["skips co-signing"] = skipsCosigning(actor, places[place]);
  return out;
}

function check(roles: ActorRole[]) {
  const mismatches: unknown[] = [];
  let cases = 0;
  for (const place of allPlaces) {
    for (const level of levels) {
      const owner = expectedOwner(roles, place, level);
      // The owners' committee also skips co-signing (it was passed in beside the relations before).
      const committee = roles.some((r) => r.role === "ownersCommitteeMember" && r.communityId === places[place].communityId);
      for (const [where, got] of Object.entries(answers(actorWith(roles), place, level))) {
        const want = where === "skips co-signing" ? owner || committee : owner;
        cases++;
        if (got !== want) mismatches.push({ roles: roles.map((r) => `${r.role}@${r.communityId}/${r.gridId}`), place, level, where, got, want });
      }
    }
  }
  return { cases, mismatches };
}

describe("one owner rule: every role × topic level × grid/community", () => {
  it.each([...roleKinds])("%s", (role) => {
    const { cases, mismatches } = check([roleIn(role)]);
    expect(cases).toBe(allPlaces.length * (levels.length * (3 + 2 * staffTransitions.length) + 1) - levels.length);
    expect(mismatches).toEqual([]);
  });

  it("several roles give the union and no more", () => {
    for (const roles of [
      [roleIn("gridChief", C, B), roleIn("resident", C, A)],
      [roleIn("gridWorker", C, A), roleIn("gridChief", C, B)],
      [roleIn("communityAdmin", C2), roleIn("owner", C, A)],
      [roleIn("gridChief", C2, A), roleIn("supervisor", C)],
      [roleIn("communityAdmin", C), roleIn("gridChief", C, A)],
      [roleIn("ownersCommitteeMember", C), roleIn("propertyFirmStaff", C), roleIn("thinkTankMember", C)],
      [],
    ]) {
      expect(check(roles).mismatches).toEqual([]);
    }
  });

  it("the expected table is not trivial: someone owns and someone does not, at each level", () => {
    expect(expectedOwner([roleIn("gridChief")], "ownGrid", "grid")).toBe(true);
    expect(expectedOwner([roleIn("gridChief")], "ownGrid", "community")).toBe(false);
    expect(expectedOwner([roleIn("communityAdmin")], "otherGrid", "community")).toBe(true);
    expect(expectedOwner([roleIn("communityAdmin")], "otherCommunity", "grid")).toBe(false);
  });
});
