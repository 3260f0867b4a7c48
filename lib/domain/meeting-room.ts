/**
 * The live meeting room (议事会现场) as pure rules: the room's phases, what may happen in each, the
 * speakers' queue (one speaker at a time), who plays which part, and the speaking countdown.
 *
 * No database here: the use cases in lib/meetings/room/ load the facts, ask these rules, and write
 * the result in one transaction. Who may chair is the policy's question (lib/auth/policy.ts,
 * "meeting.chair"); this module says what a chair, an attendee or a viewer *is* from those facts.
 */

export const roomPhases = ["waiting", "running", "ended"] as const;
export type RoomPhase = (typeof roomPhases)[number];

export const roomCommands = [
  "start",
  "moveAgenda",
  "recordConclusion",
  "requestToSpeak",
  "withdrawRequest",
  "grantFloor",
  "skipSpeaker",
  "endTurn",
  "setSpeakingTime",
  "setQuorum",
  "openVote",
  "closeVote",
  "end",
] as const;
export type RoomCommand = (typeof roomCommands)[number];

/**
 * In which phases each command may run. Before the start people may already queue and the chair may
 * set the speaking time; once ended only a conclusion may still be written down (the chair types it
 * after the last word) and a vote still open may be closed. Nothing reopens an ended room.
 */
const phasesOf: Readonly<Record<RoomCommand, readonly RoomPhase[]>> = {
  start: ["waiting"],
  moveAgenda: ["running"],
  recordConclusion: ["running", "ended"],
  requestToSpeak: ["waiting", "running"],
  withdrawRequest: ["waiting", "running"],
  grantFloor: ["running"],
  skipSpeaker: ["running"],
  endTurn: ["running", "ended"],
  setSpeakingTime: ["waiting", "running"],
  // The quorum is agreed before the meeting opens; moving it once people are counted would look like fixing the count.
  setQuorum: ["waiting"],
  openVote: ["running"],
  closeVote: ["running", "ended"],
  end: ["running"],
};

/** Every i18n key (under `errors.`) this module can return. */
export const roomErrorKeys = [
  "roomNotRunning",
  "roomNotWaiting",
  "roomEnded",
  "speakerAlreadyQueued",
  "speakerNotWaiting",
  "speakerBusy",
  "speakerNone",
  "speakerNotYours",
] as const;
export type RoomErrorKey = (typeof roomErrorKeys)[number];

/** Null when the command may run in this phase, else why not. */
export function phaseRefusal(phase: RoomPhase, command: RoomCommand): RoomErrorKey | null {
  if (phasesOf[command].includes(phase)) return null;
  if (phase === "ended") return "roomEnded";
  if (phase === "running") return "roomNotWaiting";
  return "roomNotRunning";
}

export function allowedCommands(phase: RoomPhase): RoomCommand[] {
  return roomCommands.filter((c) => phasesOf[c].includes(phase));
}

/** The phase a command leaves the room in. */
export function nextPhase(phase: RoomPhase, command: RoomCommand): RoomPhase {
  if (command === "start") return "running";
  if (command === "end") return "ended";
  return phase;
}

// ── The speakers' queue

export const speakerStatuses = ["waiting", "speaking", "done", "skipped", "withdrawn"] as const;
export type SpeakerStatus = (typeof speakerStatuses)[number];
export const openSpeakerStatuses: readonly SpeakerStatus[] = ["waiting", "speaking"];

export type QueueEntry = { id: number; personId: number; status: SpeakerStatus; requestedAt: Date };

/** The open queue in order: the speaker first, then requests by time asked (ties by id). */
export function orderQueue<T extends QueueEntry>(entries: readonly T[]): (T & { position: number })[] {
  const open = entries.filter((e) => e.status === "waiting" || e.status === "speaking");
  const speaking = open.filter((e) => e.status === "speaking");
  const waiting = open
    .filter((e) => e.status === "waiting")
    .sort((a, b) => a.requestedAt.getTime() - b.requestedAt.getTime() || a.id - b.id);
  // position 0 is the floor; the first waiting person is number 1 in line.
  return [...speaking.map((e) => ({ ...e, position: 0 })), ...waiting.map((e, i) => ({ ...e, position: i + 1 }))];
}

export function currentSpeaker<T extends QueueEntry>(entries: readonly T[]): T | null {
  return entries.find((e) => e.status === "speaking") ?? null;
}

/** A person asks for the floor: refused while they already wait or speak. */
export function requestRefusal(entries: readonly QueueEntry[], personId: number): RoomErrorKey | null {
  return entries.some((e) => e.personId === personId && (e.status === "waiting" || e.status === "speaking")) ? "speakerAlreadyQueued" : null;
}

/** A person takes back their own request; once given the floor they finish (the chair ends the turn). */
export function withdrawRefusal(entries: readonly QueueEntry[], personId: number): RoomErrorKey | null {
  return entries.some((e) => e.personId === personId && e.status === "waiting") ? null : "speakerNotWaiting";
}

/** The chair gives the floor to a waiting request; never while someone else speaks. */
export function grantRefusal(entries: readonly QueueEntry[], speakerId: number): RoomErrorKey | null {
  const target = entries.find((e) => e.id === speakerId);
  if (!target || target.status !== "waiting") return "speakerNotWaiting";
  if (currentSpeaker(entries)) return "speakerBusy";
  return null;
}

/** The chair passes over a waiting request (the person is not there, or the point was made). */
export function skipRefusal(entries: readonly QueueEntry[], speakerId: number): RoomErrorKey | null {
  const target = entries.find((e) => e.id === speakerId);
  return target && target.status === "waiting" ? null : "speakerNotWaiting";
}

export function endTurnRefusal(entries: readonly QueueEntry[]): RoomErrorKey | null {
  return currentSpeaker(entries) ? null : "speakerNone";
}

/** The transition of one entry's status, for a command on the queue. */
export function speakerStatusAfter(command: "grantFloor" | "skipSpeaker" | "endTurn" | "withdrawRequest"): SpeakerStatus {
  switch (command) {
    case "grantFloor":
      return "speaking";
    case "skipSpeaker":
      return "skipped";
    case "endTurn":
      return "done";
    case "withdrawRequest":
      return "withdrawn";
  }
}

/**
 * Someone taken off the attendance list is no longer in the room: their open request closes with
 * them — a turn under way ends (and is listed with its length), a waiting request is passed over.
 */
export function requestAfterLeaving(status: SpeakerStatus): SpeakerStatus {
  if (status === "speaking") return speakerStatusAfter("endTurn");
  if (status === "waiting") return speakerStatusAfter("skipSpeaker");
  return status;
}

// ── Quorum (法定人数)

export type QuorumSource = "meeting" | "vote";

/**
 * What the screens show against attendance: the open vote's own presence quorum while it differs
 * from the meeting's (the chair set another for that vote), else the meeting's; null when neither
 * is set. `met` is present ≥ needed, the test the ballot's close applies to a meeting's quorum.
 */
export function roomQuorum(present: number, meetingQuorum: number | null, openVoteQuorum: number | null): { needed: number | null; source: QuorumSource | null; met: boolean | null } {
  if (openVoteQuorum != null && openVoteQuorum !== meetingQuorum) return { needed: openVoteQuorum, source: "vote", met: present >= openVoteQuorum };
  if (meetingQuorum != null) return { needed: meetingQuorum, source: "meeting", met: present >= meetingQuorum };
  return { needed: null, source: null, met: null };
}

// ── Time

export const speakingSecondsMin = 30;
export const speakingSecondsMax = 1800;
export const defaultSpeakingSeconds = 180;

/** Seconds left of a turn; 0 once over (never negative: the chair decides when a turn ends). */
export function remainingSeconds(grantedAt: Date, speakingSeconds: number, now: Date): number {
  const elapsed = Math.floor((now.getTime() - grantedAt.getTime()) / 1000);
  return Math.max(0, Math.min(speakingSeconds, speakingSeconds - elapsed));
}

/** How long a finished turn lasted, in whole seconds, for the minutes. */
export function turnSeconds(grantedAt: Date, endedAt: Date): number {
  return Math.max(0, Math.round((endedAt.getTime() - grantedAt.getTime()) / 1000));
}

// ── Parts people play

export type RoomRole = "chair" | "staff" | "attendee" | "invitee";

/**
 * What a viewer is in the room, from facts the caller established: `mayChair` (the policy's
 * "meeting.chair"), `isStaff` (staff elsewhere in the community, who watch but do not chair),
 * `checkedIn` (on the attendance list). Everyone else who may see the meeting follows it as an
 * "invitee" and cannot ask for the floor until checked in.
 */
export function roomRole(facts: { mayChair: boolean; isStaff: boolean; checkedIn: boolean }): RoomRole {
  if (facts.mayChair) return "chair";
  if (facts.checkedIn) return "attendee";
  if (facts.isStaff) return "staff";
  return "invitee";
}

/**
 * The check-in QR (its code) is a credential while it lasts: shown to whoever runs this meeting and
 * on its projector, never to attendees' phones nor to staff of another grid (as the room page).
 */
export function seesCheckInCode(role: RoomRole | "projector"): boolean {
  return role === "chair" || role === "projector";
}
