import { asc, eq, inArray } from "drizzle-orm";
import { ballots, resolutions, notices, type ElectorateKind } from "@/db/schema";
import type { ActorCtx } from "@/lib/context";
import type { VoteRuleId } from "@/lib/domain/vote-rules";
import { loadVisibleTopic } from "@/lib/topics/access";
import { topicBallotsQuery } from "@/lib/validation/ballots";
import { ballotPhase, mayManageBallot, type BallotPhase } from "./access";
import { presentCount } from "./electorate";
import { turnoutOf, type Turnout } from "./get-ballot";
import type { BallotResult } from "./tally-ballot";

export type BallotSummary = {
  id: number;
  title: string;
  kind: "single" | "choice";
  rule: VoteRuleId;
  electorateKind: ElectorateKind;
  secret: boolean;
  phase: BallotPhase;
  opensAt: Date;
  closesAt: Date;
  turnout: Turnout;
  /** Once closed: whether it passed and why (the first figure not met, or "passed"). */
  passed: boolean | null;
  reasonKey: BallotResult["reasonKey"] | null;
  resolution: { number: string; noticeId: number | null } | null;
};

export type TopicBallots = { topicId: number; topicState: string; mayOpen: boolean; ballots: BallotSummary[] };

/**
 * The ballots of a topic, newest first, with turnout while open and the outcome once closed —
 * never a count by choice before the close. A ballot past its closing time that the scheduled job
 * has not counted yet is listed as awaitingCount; this read never closes one.
 */
export async function listBallots(ctx: ActorCtx, raw: unknown, now = new Date()): Promise<TopicBallots> {
  const { topicId } = topicBallotsQuery.parse(raw);
  const { db, actor } = ctx;
  const topic = await loadVisibleTopic(db, actor, topicId);
  const list = await db.select().from(ballots).where(eq(ballots.topicId, topic.id)).orderBy(asc(ballots.id));
  const closedIds = list.filter((b) => b.status === "closed").map((b) => b.id);
  const resolved = closedIds.length
    ? await db
        .select({ ballotId: resolutions.ballotId, number: resolutions.number, noticeId: notices.id })
        .from(resolutions)
        .leftJoin(notices, eq(notices.resolutionId, resolutions.id))
        .where(inArray(resolutions.ballotId, closedIds))
    : [];
  return {
    topicId: topic.id,
    topicState: topic.state,
    mayOpen: mayManageBallot(actor, topic) && topic.state === "drafting",
    ballots: (await Promise.all(list.reverse().map(async (b) => {
      const closed = b.status === "closed";
      const present = !closed && b.electorateKind === "meetingAttendees" && b.meetingId != null ? await presentCount(db, b.meetingId) : null;
      const r = resolved.find((x) => x.ballotId === b.id);
      return {
        id: b.id,
        title: b.title,
        kind: b.kind,
        rule: b.rule,
        electorateKind: b.electorateKind,
        secret: b.secret,
        phase: ballotPhase(b, now),
        opensAt: b.opensAt,
        closesAt: b.closesAt,
        turnout: turnoutOf(b, present ?? b.electorCount),
        passed: closed ? b.passed : null,
        reasonKey: closed ? ((b.result as unknown as BallotResult | null)?.reasonKey ?? null) : null,
        resolution: r ? { number: r.number, noticeId: r.noticeId ?? null } : null,
      };
    }))),
  };
}
