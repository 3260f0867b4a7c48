import { and, asc, eq } from "drizzle-orm";
import { plans, topics } from "@/db/schema";
import type { ActorCtx } from "@/lib/context";
import { roomRef } from "@/lib/validation/meeting-room";
import { loadAgendaItem, loadChairedRoom } from "./room-access";
import { first } from "@/db/query";

export type LiveVoteOptions = { topicId: number; canOpen: boolean; plans: { id: number; title: string }[]; meetingQuorum: number | null } | null;

/**
 * What the chair's vote form offers for the topic under discussion: its plans, whether a vote may
 * open now (the topic in drafting, with a plan), and the meeting's quorum as the vote's default.
 * Asked as the meeting's chair (meeting.chair), so a designated chair who is not staff gets the
 * form too; openLiveVote checks everything again. Null when no topic is current.
 */
export async function liveVoteOptions(ctx: ActorCtx, raw: unknown): Promise<LiveVoteOptions> {
  const { meetingId } = roomRef.parse(raw);
  const { meeting, room } = await loadChairedRoom(ctx.db, ctx.actor, meetingId);
  if (room.currentAgendaItemId == null) return null;
  const item = await loadAgendaItem(ctx.db, meeting.id, room.currentAgendaItemId);
  const topic = await first(ctx.db.select({ state: topics.state }).from(topics).where(eq(topics.id, item.topicId)));
  const rows = await ctx.db.select({ id: plans.id, title: plans.title }).from(plans).where(and(eq(plans.topicId, item.topicId))).orderBy(asc(plans.id));
  return { topicId: item.topicId, canOpen: topic?.state === "drafting" && rows.length > 0, plans: rows, meetingQuorum: meeting.quorumRequired };
}
