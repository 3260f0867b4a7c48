import { asc, eq } from "drizzle-orm";
import { meetingAgendaItems, meetings } from "@/db/schema";
import { can, requireVerified } from "@/lib/auth/policy";
import type { ActorCtx } from "@/lib/context";
import { loadVisibleTopic } from "@/lib/topics/access";
import { topicRef } from "@/lib/validation/topics";

export type TopicMeeting = {
  meetingId: number;
  title: string;
  startsAt: Date;
  durationMinutes: number;
  place: string;
  online: boolean;
  status: "scheduled" | "held" | "cancelled";
  minutesPublishedAt: Date | null;
  /** This topic's conclusion in the published minutes; empty until they are published. */
  conclusion: string;
};

/**
 * The meetings that had or will have a topic on their agenda, in time order, with the topic's
 * conclusion from each published set of minutes. `maySchedule`: the actor may call a meeting on it.
 */
export async function meetingsForTopic(ctx: ActorCtx, raw: unknown): Promise<{ topicId: number; meetings: TopicMeeting[]; maySchedule: boolean }> {
  const { topicId } = topicRef.parse(raw);
  const { db, actor } = ctx;
  requireVerified(actor);
  const topic = await loadVisibleTopic(db, actor, topicId);
  const rows = await db
    .select({
      meetingId: meetings.id,
      title: meetings.title,
      startsAt: meetings.startsAt,
      durationMinutes: meetings.durationMinutes,
      place: meetings.place,
      onlineUrl: meetings.onlineUrl,
      status: meetings.status,
      minutesPublishedAt: meetings.minutesPublishedAt,
      conclusion: meetingAgendaItems.conclusion,
    })
    .from(meetingAgendaItems)
    .innerJoin(meetings, eq(meetings.id, meetingAgendaItems.meetingId))
    .where(eq(meetingAgendaItems.topicId, topic.id))
    .orderBy(asc(meetings.startsAt), asc(meetings.id));
  // A grid-level topic is deliberated in its grid's meetings or the community's; a community-level one by the community.
  const maySchedule =
    (topic.state === "consulting" || topic.state === "drafting") &&
    (topic.level === "grid" ? can(actor, "meeting.manage", { communityId: topic.communityId, gridId: topic.gridId }) : can(actor, "meeting.manage", { communityId: topic.communityId }));
  return {
    topicId: topic.id,
    meetings: rows.map(({ onlineUrl, conclusion, ...r }) => ({ ...r, online: onlineUrl !== "", conclusion: r.minutesPublishedAt ? conclusion : "" })),
    maySchedule,
  };
}
