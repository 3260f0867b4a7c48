import { describe, expect, it } from "vitest";
import {
  allowedCommands,
  currentSpeaker,
  endTurnRefusal,
  grantRefusal,
  nextPhase,
  orderQueue,
  phaseRefusal,
  remainingSeconds,
  requestAfterLeaving,
  requestRefusal,
  roomQuorum,
  roomCommands,
  roomErrorKeys,
  roomPhases,
  roomRole,
  seesCheckInCode,
  skipRefusal,
  speakerStatusAfter,
  turnSeconds,
  withdrawRefusal,
  type QueueEntry,
  type RoomCommand,
  type RoomPhase,
} from "@/lib/domain/meeting-room";
import zh from "@/lib/i18n/messages/zh-CN/errors.json";
import en from "@/lib/i18n/messages/en/errors.json";

// ── The phase table, written out by hand from the issue (not read from the module).
// command | phases in which it may run
const table = `
start            | waiting
moveAgenda       | running
recordConclusion | running ended
requestToSpeak   | waiting running
withdrawRequest  | waiting running
grantFloor       | running
skipSpeaker      | running
endTurn          | running ended
setSpeakingTime  | waiting running
setQuorum        | waiting
openVote         | running
closeVote        | running ended
end              | running
`;
const expected = new Map(
  table
    .trim()
    .split("\n")
    .map((line) => {
      const [cmd, phases] = line.split("|").map((s) => s.trim());
      return [cmd as RoomCommand, (phases ?? "").split(/\s+/) as RoomPhase[]];
    }),
);

describe("meeting room phases", () => {
  it("the table covers every command", () => {
    expect([...expected.keys()].sort()).toEqual([...roomCommands].sort());
  });

  for (const command of roomCommands) {
    for (const phase of roomPhases) {
      const allowed = expected.get(command)!.includes(phase);
      it(`${command} in ${phase}: ${allowed ? "allowed" : "refused"}`, () => {
        const refusal = phaseRefusal(phase, command);
        if (allowed) expect(refusal).toBeNull();
        else expect(refusal).toBe(phase === "ended" ? "roomEnded" : phase === "running" ? "roomNotWaiting" : "roomNotRunning");
        expect(allowedCommands(phase).includes(command)).toBe(allowed);
      });
    }
  }

  it("start runs the room, end ends it, nothing else moves the phase and nothing reopens an ended room", () => {
    expect(nextPhase("waiting", "start")).toBe("running");
    expect(nextPhase("running", "end")).toBe("ended");
    for (const c of roomCommands.filter((c) => c !== "start" && c !== "end")) for (const p of roomPhases) expect(nextPhase(p, c)).toBe(p);
    expect(allowedCommands("ended")).not.toContain("start");
  });

  it("every refusal has a message in Chinese and English", () => {
    for (const key of roomErrorKeys) {
      expect((zh as Record<string, string>)[key], key).toBeTruthy();
      expect((en as Record<string, string>)[key], key).toBeTruthy();
    }
  });
});

const t = (s: number) => new Date(Date.UTC(2026, 11, 7, 12, 0, s));
const entry = (id: number, personId: number, status: QueueEntry["status"], at = id): QueueEntry => ({ id, personId, status, requestedAt: t(at) });

describe("speakers' queue", () => {
  it("orders the speaker first, then requests by time asked, ties by id; closed entries drop out", () => {
    const q = [entry(1, 10, "done"), entry(2, 11, "waiting", 5), entry(3, 12, "speaking", 9), entry(4, 13, "waiting", 2), entry(5, 14, "waiting", 5), entry(6, 15, "withdrawn"), entry(7, 16, "skipped")];
    expect(orderQueue(q).map((e) => [e.id, e.position])).toEqual([
      [3, 0],
      [4, 1],
      [2, 2],
      [5, 3],
    ]);
  });

  it("an empty queue has no speaker and nothing to end", () => {
    expect(orderQueue([])).toEqual([]);
    expect(currentSpeaker([])).toBeNull();
    expect(endTurnRefusal([])).toBe("speakerNone");
  });

  it("a person may ask once at a time: again after their turn ended, was skipped or withdrawn", () => {
    expect(requestRefusal([], 10)).toBeNull();
    expect(requestRefusal([entry(1, 10, "waiting")], 10)).toBe("speakerAlreadyQueued");
    expect(requestRefusal([entry(1, 10, "speaking")], 10)).toBe("speakerAlreadyQueued");
    for (const s of ["done", "skipped", "withdrawn"] as const) expect(requestRefusal([entry(1, 10, s)], 10)).toBeNull();
    expect(requestRefusal([entry(1, 11, "waiting")], 10)).toBeNull();
  });

  it("only a waiting request can be withdrawn, and only one's own", () => {
    expect(withdrawRefusal([entry(1, 10, "waiting")], 10)).toBeNull();
    expect(withdrawRefusal([entry(1, 10, "speaking")], 10)).toBe("speakerNotWaiting");
    expect(withdrawRefusal([entry(1, 11, "waiting")], 10)).toBe("speakerNotWaiting");
    expect(withdrawRefusal([], 10)).toBe("speakerNotWaiting");
  });

  it("one speaker at a time: granting while someone speaks is refused", () => {
    expect(grantRefusal([entry(1, 10, "waiting")], 1)).toBeNull();
    expect(grantRefusal([entry(1, 10, "speaking"), entry(2, 11, "waiting")], 2)).toBe("speakerBusy");
    expect(grantRefusal([entry(1, 10, "speaking")], 1)).toBe("speakerNotWaiting");
    for (const s of ["done", "skipped", "withdrawn"] as const) expect(grantRefusal([entry(1, 10, s)], 1)).toBe("speakerNotWaiting");
    expect(grantRefusal([entry(1, 10, "waiting")], 99)).toBe("speakerNotWaiting");
  });

  it("skip passes over a waiting request only", () => {
    expect(skipRefusal([entry(1, 10, "waiting")], 1)).toBeNull();
    for (const s of ["speaking", "done", "skipped", "withdrawn"] as const) expect(skipRefusal([entry(1, 10, s)], 1)).toBe("speakerNotWaiting");
    expect(skipRefusal([], 1)).toBe("speakerNotWaiting");
  });

  it("end turn needs a speaker", () => {
    expect(endTurnRefusal([entry(1, 10, "speaking")])).toBeNull();
    expect(endTurnRefusal([entry(1, 10, "waiting")])).toBe("speakerNone");
  });

  it("each command leaves the entry in its status", () => {
    expect(speakerStatusAfter("grantFloor")).toBe("speaking");
    expect(speakerStatusAfter("skipSpeaker")).toBe("skipped");
    expect(speakerStatusAfter("endTurn")).toBe("done");
    expect(speakerStatusAfter("withdrawRequest")).toBe("withdrawn");
  });
});

describe("countdown", () => {
  it("counts down whole seconds and stops at zero", () => {
    expect(remainingSeconds(t(0), 180, t(0))).toBe(180);
    expect(remainingSeconds(t(0), 180, new Date(t(0).getTime() + 999))).toBe(180);
    expect(remainingSeconds(t(0), 180, t(1))).toBe(179);
    expect(remainingSeconds(t(0), 180, t(180))).toBe(0);
    expect(remainingSeconds(t(0), 180, t(500))).toBe(0);
  });
  it("a clock slightly behind the grant never shows more than the speaking time", () => {
    expect(remainingSeconds(t(10), 180, t(5))).toBe(180);
  });
  it("a turn's length is rounded to the second and never negative", () => {
    expect(turnSeconds(t(0), t(95))).toBe(95);
    expect(turnSeconds(t(0), new Date(t(0).getTime() + 1600))).toBe(2);
    expect(turnSeconds(t(5), t(0))).toBe(0);
  });
});

describe("parts people play", () => {
  it("the chair first, then attendees (checked in), staff who watch, and everyone else follows", () => {
    for (const isStaff of [true, false]) for (const checkedIn of [true, false]) expect(roomRole({ mayChair: true, isStaff, checkedIn })).toBe("chair");
    expect(roomRole({ mayChair: false, isStaff: true, checkedIn: true })).toBe("attendee");
    expect(roomRole({ mayChair: false, isStaff: false, checkedIn: true })).toBe("attendee");
    expect(roomRole({ mayChair: false, isStaff: true, checkedIn: false })).toBe("staff");
    expect(roomRole({ mayChair: false, isStaff: false, checkedIn: false })).toBe("invitee");
  });
  it("the check-in code is for the chair and the projector, never an attendee's phone nor staff who do not run this meeting", () => {
    expect(seesCheckInCode("chair")).toBe(true);
    expect(seesCheckInCode("staff")).toBe(false);
    expect(seesCheckInCode("projector")).toBe(true);
    expect(seesCheckInCode("attendee")).toBe(false);
    expect(seesCheckInCode("invitee")).toBe(false);
  });
});

describe("the quorum the screens show", () => {
  it("the meeting's quorum, met when present reaches it (≥, as the ballot's close counts it)", () => {
    expect(roomQuorum(15, 16, null)).toEqual({ needed: 16, source: "meeting", met: false });
    expect(roomQuorum(16, 16, null)).toEqual({ needed: 16, source: "meeting", met: true });
    expect(roomQuorum(17, 16, null)).toEqual({ needed: 16, source: "meeting", met: true });
  });
  it("an open vote's own quorum wins while it differs from the meeting's, and says so", () => {
    expect(roomQuorum(16, 16, 20)).toEqual({ needed: 20, source: "vote", met: false });
    expect(roomQuorum(16, null, 10)).toEqual({ needed: 10, source: "vote", met: true });
    // The same number as the meeting's is the meeting's (the vote took the default).
    expect(roomQuorum(16, 16, 16)).toEqual({ needed: 16, source: "meeting", met: true });
    // A vote without a quorum leaves the meeting's in place.
    expect(roomQuorum(3, 16, null)).toEqual({ needed: 16, source: "meeting", met: false });
  });
  it("no quorum set anywhere: nothing to meet", () => {
    expect(roomQuorum(0, null, null)).toEqual({ needed: null, source: null, met: null });
    expect(roomQuorum(30, null, null)).toEqual({ needed: null, source: null, met: null });
  });
});

describe("someone taken off the attendance list", () => {
  it("a turn under way ends, a waiting request is passed over, a closed one stays as it was", () => {
    expect(requestAfterLeaving("speaking")).toBe("done");
    expect(requestAfterLeaving("waiting")).toBe("skipped");
    for (const closed of ["done", "skipped", "withdrawn"] as const) expect(requestAfterLeaving(closed)).toBe(closed);
  });
});
