import type { Vote } from "@/db/schema";

/**
 * What each audit entry of a ballot says. The writers (lib/ballots) and the checker
 * (lib/audit/verify) share these shapes, so a field the checker compares is always written.
 */

/** A vote as it stands after the step (cast, change or paper entry): the whole row except its times. */
export type VoteAuditPayload = {
  ballotId: number;
  voteId: number;
  electorKey: string;
  choice: string | null;
  optionId: number | null;
  channel: "online" | "paper";
  castBy: number;
  witness: string | null;
  viaProxyId: number | null;
  recordedBy: number | null;
};

export function votePayload(v: Pick<Vote, "id" | "ballotId" | "electorKey" | "choice" | "optionId" | "channel" | "castBy" | "witness" | "viaProxyId" | "recordedBy">): VoteAuditPayload {
  return {
    ballotId: v.ballotId,
    voteId: v.id,
    electorKey: v.electorKey,
    choice: v.choice ?? null,
    optionId: v.optionId ?? null,
    channel: v.channel,
    castBy: v.castBy,
    witness: v.witness ?? null,
    viaProxyId: v.viaProxyId ?? null,
    recordedBy: v.recordedBy ?? null,
  };
}

export type AuditedElector = { electorKey: string; areaHundredths: number; memberIds: number[] };

/** The ballot as opened: its settings, the options with their frozen revisions, and the electorate snapshot. */
export type BallotOpenedPayload = {
  ballotId: number;
  topicId: number;
  title: string;
  kind: "single" | "choice";
  rule: string;
  electorateKind: string;
  meetingId: number | null;
  buildingId: number | null;
  quorumRequired: number | null;
  /** The participation floor snapshotted at the opening; absent in entries written before floors existed. */
  turnoutFloor?: { num: number; den: number; strict: boolean } | null;
  secret: boolean;
  opensAt: number;
  closesAt: number;
  options: { optionId: number; planId: number; revisionNumber: number; position: number }[];
  electorCount: number;
  electorAreaHundredths: number;
  electors: AuditedElector[];
  electorsDigest: string;
};

export type ProxyAuditPayload = {
  ballotId: number;
  proxyId: number;
  electorKey: string;
  proxyPersonId: number;
  scanStoredName: string;
  scanSha256: string;
  recordedBy: number;
};

/** The close: the result stored on the ballot (with every figure), and how it came about. */
export type BallotTalliedPayload = {
  ballotId: number;
  result: Record<string, unknown>;
  passed: boolean;
  winningPlanId: number | null;
  closedBy: number | null;
  present: number | null;
  /**
   * A close before the announced closesAt (which stays as published): the ground and the time.
   * Absent in entries written before early closes were grounded.
   */
  earlyClose?: { ground: "allVoted" | "settled" | "meetingChair"; at: number } | null;
};
