import { and, asc, eq, gt, ne } from "drizzle-orm";
import { ballots, communities, grids, meetingAgendaItems, meetings } from "@/db/schema";
import { authorize } from "@/lib/auth/policy";
import type { ActorCtx } from "@/lib/context";
import { letterhead } from "@/lib/domain/letterhead";
import { loadVisibleTopic, topicResource } from "@/lib/topics/access";
import { entranceNoticeRef } from "@/lib/validation/records";
import { hasPublicRecord } from "./get-public-record";
import { cosignSharePath } from "./share-key";
import { first } from "@/db/query";

export type EntranceNotice = {
  topicId: number;
  title: string;
  letterhead: string;
  community: string;
  grid: string;
  /** What the date is of: the next meeting on the topic, the open (or coming) ballot, or nothing yet. */
  when:
    | { kind: "meeting"; title: string; at: Date; place: string }
    | { kind: "ballot"; title: string; opensAt: Date; closesAt: Date }
    | null;
  /** Where the QR code leads (a path on the public origin) and what it is. */
  qr: { path: string; kind: "record" | "cosign" | "ballot" | "topic" };
};

/**
 * The A4 notice for a building's entrance (公告栏) of one topic, for residents without smartphones:
 * the topic, the date that matters to them (the coming meeting, or the ballot's period) and a QR
 * code. The QR leads to the public record once one exists, to the co-sign card while the topic
 * collects co-signatures, to the ballot while one is open, else to the topic (the last two behind
 * sign-in). Staff who own the topic print it.
 */
export async function getEntranceNotice(ctx: ActorCtx, raw: unknown, now = new Date()): Promise<EntranceNotice> {
  const { topicId } = entranceNoticeRef.parse(raw);
  const { db, actor } = ctx;
  const topic = await loadVisibleTopic(db, actor, topicId);
  authorize(actor, "topic.manage", topicResource(topic));

  const place = (await first(db
    .select({ community: communities.name, district: communities.district, street: communities.street, grid: grids.name })
    .from(communities)
    .innerJoin(grids, eq(grids.id, topic.gridId))
    .where(eq(communities.id, topic.communityId))))!;

  const meeting = await first(db
    .select({ title: meetings.title, at: meetings.startsAt, place: meetings.place })
    .from(meetingAgendaItems)
    .innerJoin(meetings, eq(meetings.id, meetingAgendaItems.meetingId))
    .where(and(eq(meetingAgendaItems.topicId, topic.id), ne(meetings.status, "cancelled"), gt(meetings.startsAt, now)))
    .orderBy(asc(meetings.startsAt), asc(meetings.id)));
  const ballot = await first(db
    .select({ id: ballots.id, title: ballots.title, opensAt: ballots.opensAt, closesAt: ballots.closesAt })
    .from(ballots)
    .where(and(eq(ballots.topicId, topic.id), eq(ballots.status, "open"), gt(ballots.closesAt, now)))
    .orderBy(asc(ballots.closesAt), asc(ballots.id)));

  const qr: EntranceNotice["qr"] = await hasPublicRecord(db, topic.id, now)
    ? { path: `/records/${topic.id}`, kind: "record" }
    : topic.state === "proposed" && topic.cosignDeadline.getTime() > now.getTime()
      ? { path: cosignSharePath(topic.id), kind: "cosign" }
      : ballot
        ? { path: `/ballots/${ballot.id}`, kind: "ballot" }
        : { path: `/topics/${topic.id}`, kind: "topic" };

  return {
    topicId: topic.id,
    title: topic.title,
    letterhead: letterhead({ district: place.district, street: place.street, name: place.community }),
    community: place.community,
    grid: place.grid,
    // An open ballot is what residents must act on now; otherwise the coming meeting.
    when: ballot ? { kind: "ballot", title: ballot.title, opensAt: ballot.opensAt, closesAt: ballot.closesAt } : meeting ? { kind: "meeting", ...meeting } : null,
    qr,
  };
}
