import { and, eq, inArray, isNull } from "drizzle-orm";
import { notifications } from "@/db/schema";
import type { ActorCtx } from "@/lib/context";
import { notFound } from "@/lib/errors";
import { recordEvent } from "@/lib/events/record";
import { markNotificationsReadInput, notificationRef } from "@/lib/validation/opinions";
import { notificationHref } from "./list";
import { unreadCount } from "./unread-count";
import { unitOfWork } from "@/db/unit-of-work";
import { changedRows, first } from "@/db/query";

export type MarkedRead = { marked: number; unreadCount: number };

/**
 * Marks the signed-in person's messages as read: the ones named, or all unread ones. Ids of other
 * people's messages are simply not touched, as the WHERE clause is scoped to the person.
 */
export async function markNotificationsRead(ctx: ActorCtx, raw: unknown, now = new Date()): Promise<MarkedRead> {
  const input = markNotificationsReadInput.parse(raw);
  const { db, actor } = ctx;

  const marked = await unitOfWork(db, async (tx) => {
    const changed = changedRows(await tx
      .update(notifications)
      .set({ readAt: now })
      .where(
        and(
          eq(notifications.personId, actor.personId),
          isNull(notifications.readAt),
          input.ids ? inArray(notifications.id, input.ids) : undefined,
        ),
      ));
    if (changed > 0) {
      await recordEvent(tx, {
        actorId: actor.personId,
        kind: "notifications.read",
        subjectType: "person",
        subjectId: actor.personId,
        data: { count: changed, all: !input.ids },
      });
    }
    return changed;
  });
  return { marked, unreadCount: await unreadCount(db, actor.personId) };
}

export type OpenedNotification = { id: number; href: string };

/** Opens one of the signed-in person's messages: marks it read and says where it leads. */
export async function openNotification(ctx: ActorCtx, raw: unknown, now = new Date()): Promise<OpenedNotification> {
  const { id } = notificationRef.parse(raw);
  const { db, actor } = ctx;
  const message = await first(db
    .select({ id: notifications.id, kind: notifications.kind, topicId: notifications.topicId, meetingId: notifications.meetingId, readAt: notifications.readAt })
    .from(notifications)
    .where(and(eq(notifications.id, id), eq(notifications.personId, actor.personId))));
  // Someone else's message is "not found": its existence is nobody else's business.
  if (!message) throw notFound("notificationNotFound");
  if (!message.readAt) {
    await unitOfWork(db, async (tx) => {
      await tx.update(notifications)
        .set({ readAt: now })
        .where(and(eq(notifications.id, message.id), eq(notifications.personId, actor.personId), isNull(notifications.readAt)));
      await recordEvent(tx, { actorId: actor.personId, kind: "notifications.read", subjectType: "person", subjectId: actor.personId, data: { count: 1, ids: [message.id] } });
    });
  }
  return { id: message.id, href: notificationHref(message) };
}
