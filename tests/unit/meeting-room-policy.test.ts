import { describe, expect, it } from "vitest";
import { roleKinds, type RoleKind } from "@/db/schema";
import type { Actor } from "@/lib/auth/actor";
import { can, mayTakeTransition } from "@/lib/auth/policy";

// Community 1 with grids 10 and 11; community 2 with grid 20. The meeting is grid 10's.
const meeting = { communityId: 1, gridId: 10 };
const actor = (role: RoleKind, communityId = 1, gridId: number | null = 10, status: Actor["status"] = "verified"): Actor => ({
  personId: 7,
  name: "x",
  phone: "",
  displayNumber: "",
  status,
  roles: [{ id: 1, role, communityId, gridId, unitId: null, organisationId: null }],
});

describe("meeting.chair", () => {
  it("the grid's own staff and the community admin chair; staff of another grid and residents do not", () => {
    for (const role of roleKinds) {
      const allowed = role === "gridChief" || role === "gridWorker" || role === "communityAdmin";
      expect(can(actor(role), "meeting.chair", meeting), role).toBe(allowed);
    }
    expect(can(actor("gridChief", 1, 11), "meeting.chair", meeting)).toBe(false);
  });
  it("a designated chair of the community chairs that meeting; nobody from another community does", () => {
    expect(can(actor("resident"), "meeting.chair", { ...meeting, designatedChair: true })).toBe(true);
    expect(can(actor("resident", 2, 20), "meeting.chair", { ...meeting, designatedChair: true })).toBe(false);
    expect(can(actor("gridChief", 2, 20), "meeting.chair", meeting)).toBe(false);
  });
  it("an unverified account chairs nothing", () => {
    expect(can(actor("gridChief", 1, 10, "pending"), "meeting.chair", meeting)).toBe(false);
  });
});

describe("meeting.speak", () => {
  it("only people checked in may ask for the floor, whatever their role", () => {
    for (const role of roleKinds) {
      expect(can(actor(role), "meeting.speak", { ...meeting, checkedIn: true }), role).toBe(true);
      expect(can(actor(role), "meeting.speak", meeting), role).toBe(false);
    }
  });
  it("nobody from another community, and nobody unverified", () => {
    expect(can(actor("resident", 2, 20), "meeting.speak", { ...meeting, checkedIn: true })).toBe(false);
    expect(can(actor("resident", 1, 10, "pending"), "meeting.speak", { ...meeting, checkedIn: true })).toBe(false);
  });
});

describe("ballot.manage from a meeting's room", () => {
  const topic = { communityId: 1, gridId: 10, level: "grid" as const };
  it("the topic's staff always; a meeting's chair only for that meeting's attendee ballot taken from its room (chairsMeetingVote)", () => {
    expect(can(actor("gridChief"), "ballot.manage", topic)).toBe(true);
    expect(can(actor("resident"), "ballot.manage", topic)).toBe(false);
    expect(can(actor("resident"), "ballot.manage", { ...topic, chairsMeetingVote: true })).toBe(true);
    // Naming someone chair of one meeting does not make them the topic's staff.
    expect(can(actor("resident"), "topic.manage", { ...topic, chairsMeetingVote: true })).toBe(false);
  });
  it("opening the vote (the topic's step) asks what opening the ballot asks; every other step stays the staff's", () => {
    expect(mayTakeTransition(actor("resident"), "openVoting", { ...topic, chairsMeetingVote: true })).toBe(true);
    expect(mayTakeTransition(actor("resident"), "openVoting", topic)).toBe(false);
    for (const step of ["admit", "redraft", "close", "startImplementation"] as const) expect(mayTakeTransition(actor("resident"), step, { ...topic, chairsMeetingVote: true }), step).toBe(false);
  });
  it("nobody from another community, and nobody unverified", () => {
    expect(can(actor("resident", 2, 20), "ballot.manage", { ...topic, chairsMeetingVote: true })).toBe(false);
    expect(can(actor("resident", 1, 10, "pending"), "ballot.manage", { ...topic, chairsMeetingVote: true })).toBe(false);
  });
});
