import type { RoomPhase } from "@/lib/domain/meeting-room";

/**
 * What every screen of a running meeting shows, read in one go from the database: the chair's
 * console, each attendee's phone and the projector. The SSE route sends it whole on every change
 * (id = version), so a screen that reconnects shows the truth without replaying anything.
 */
export type LiveViewerRole = "chair" | "staff" | "attendee" | "invitee" | "projector";

export type LiveVoteResult = {
  outcome: "passed" | "failed";
  rule: string;
  /** Every figure of the rule, as the ballot's close computed them. */
  figures: { label: string; value: string }[];
  options: { planId: number; title: string; agree: number; disagree: number; abstain: number; votes: number }[];
  resolutionNumber: string | null;
};

export type LiveState = {
  version: number;
  meetingId: number;
  title: string;
  phase: RoomPhase;
  viewer: { role: LiveViewerRole; personId: number; checkedIn: boolean };
  quorum: { present: number; needed: number | null; invited: number };
  agenda: { id: number; topicId: number; title: string; position: number; conclusion: string; current: boolean }[];
  current: null | {
    agendaItemId: number;
    topicId: number;
    title: string;
    summary: string;
    plan: { title: string; bodyHtml: string } | null;
    budgetYuan: number | null;
  };
  speakers: { id: number; name: string; status: "waiting" | "speaking"; position: number; mine: boolean }[];
  speaking: null | { id: number; name: string; grantedAt: string; speakingSeconds: number };
  myRequest: null | { id: number; position: number; status: "waiting" | "speaking" };
  speakingSeconds: number;
  vote: null | {
    ballotId: number;
    phase: "open" | "closed";
    question: string;
    turnout: { voted: number; electors: number; areaVoted?: number; areaTotal?: number };
    /** Null while the vote is open: never a choice before the close. */
    result: null | LiveVoteResult;
    myVote: "none" | "cast";
  };
  /** Only for the chair, staff and the projector; never on an attendee's phone. */
  checkIn: null | { open: boolean; url: string };
  serverTime: string;
};
