import { and, count, desc, eq, isNull } from "drizzle-orm";
import { meetings, notifications, topics } from "@/db/schema";
import type { ActorCtx } from "@/lib/context";
import { INBOX_PAGE_SIZE, listNotificationsQuery } from "@/lib/validation/opinions";
import { notificationKinds, type NotificationKind } from "./notify";
import { unreadCount } from "./unread-count";
import { first } from "@/db/query";

export type InboxMessage = {
  id: number;
  /** Unknown kinds (from a newer version) are shown as "other" rather than breaking the inbox. */
  kind: NotificationKind | "other";
  topicId: number | null;
  topicTitle: string | null;
  meetingId: number | null;
  meetingTitle: string | null;
  /** What the message says besides its kind, read from what the sender stored with it. */
  details: {
    /** The organisation that answered (officialResponse). */
    organisation: string | null;
    /** Why a topic was rejected, or a task declined. */
    reason: string | null;
    /** The task a dispatch message is about (taskAssigned, taskDeclined, taskOverdue …). */
    task: string | null;
    /** The topic a merged one now continues in. */
    mergedInto: string | null;
    /** When the meeting starts (meeting news). */
    startsAt: Date | null;
    /** The meeting was called off (meetingChanged). */
    cancelled: boolean;
  };
  read: boolean;
  createdAt: Date;
  href: string;
};

export type InboxPage = {
  page: number;
  pageSize: number;
  pageCount: number;
  total: number;
  unreadOnly: boolean;
  unreadCount: number;
  messages: InboxMessage[];
};

const meetingKinds: readonly string[] = ["meetingScheduled", "meetingChanged", "minutesPublished"];

/** Where a message leads: the meeting for meeting news, else the topic, else the inbox itself. */
export function notificationHref(n: { kind: string; topicId: number | null; meetingId: number | null }): string {
  if (n.meetingId != null && (meetingKinds.includes(n.kind) || n.topicId == null)) return `/meetings/${n.meetingId}`;
  if (n.topicId != null) return `/topics/${n.topicId}`;
  if (n.meetingId != null) return `/meetings/${n.meetingId}`;
  return "/inbox";
}

const text = (v: unknown) => (typeof v === "string" && v.trim() ? v : null);
const instant = (v: unknown) => (typeof v === "number" && Number.isFinite(v) ? new Date(v) : null);

/** The signed-in person's own messages, newest first, a page at a time. */
export async function listNotifications(ctx: ActorCtx, raw: unknown): Promise<InboxPage> {
  const query = listNotificationsQuery.parse(raw);
  const { db, actor } = ctx;

  const where = and(eq(notifications.personId, actor.personId), query.unread ? isNull(notifications.readAt) : undefined);
  const total = (await first(db.select({ n: count() }).from(notifications).where(where)))?.n ?? 0;
  const pageCount = Math.max(1, Math.ceil(total / INBOX_PAGE_SIZE));
  const page = Math.min(query.page, pageCount);
  const rows = await db
    .select({
      id: notifications.id,
      kind: notifications.kind,
      topicId: notifications.topicId,
      meetingId: notifications.meetingId,
      data: notifications.data,
      readAt: notifications.readAt,
      createdAt: notifications.createdAt,
      topicTitle: topics.title,
      meetingTitle: meetings.title,
    })
    .from(notifications)
    .leftJoin(topics, eq(notifications.topicId, topics.id))
    .leftJoin(meetings, eq(notifications.meetingId, meetings.id))
    .where(where)
    .orderBy(desc(notifications.createdAt), desc(notifications.id))
    .limit(INBOX_PAGE_SIZE)
    .offset((page - 1) * INBOX_PAGE_SIZE);

  return {
    page,
    pageSize: INBOX_PAGE_SIZE,
    pageCount,
    total,
    unreadOnly: query.unread,
    unreadCount: await unreadCount(db, actor.personId),
    messages: rows.map((r) => {
      const data = r.data ?? {};
      // Senders store the title of what the message is about: the meeting's for meeting news,
      // the topic's otherwise. The current title is shown when the row still exists.
      const aboutMeeting = meetingKinds.includes(r.kind);
      return {
        id: r.id,
        kind: (notificationKinds as readonly string[]).includes(r.kind) ? (r.kind as NotificationKind) : "other",
        topicId: r.topicId,
        // A merged topic's message points at the topic it went into; it is about the one merged.
        topicTitle: r.kind === "merged" ? (text(data.title) ?? r.topicTitle) : (r.topicTitle ?? (aboutMeeting ? null : text(data.title))),
        meetingId: r.meetingId,
        meetingTitle: r.meetingTitle ?? (aboutMeeting || r.topicId == null ? text(data.title) : null),
        details: {
          organisation: text(data.organisation),
          reason: text(data.reason),
          task: text(data.task),
          mergedInto: r.kind === "merged" ? (text(data.into) ?? r.topicTitle) : null,
          startsAt: instant(data.startsAt),
          cancelled: data.cancelled === 1 || data.cancelled === "1",
        },
        read: r.readAt != null,
        createdAt: r.createdAt,
        href: notificationHref(r),
      };
    }),
  };
}
