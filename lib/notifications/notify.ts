import type { DB, Tx } from "@/db/client";
import { notifications } from "@/db/schema";

export const notificationKinds = [
  "thresholdReached",
  "expiringSoon",
  "expired",
  "admitted",
  "rejected",
  "merged",
  "escalated",
  "invited",
  "meetingScheduled",
  "meetingChanged",
  "minutesPublished",
  "officialResponse",
  "newOpinion",
  "planDrafted",
  "ballotOpened",
  "resolved",
  "voteFailed",
  "redrafted",
  "closedAfterVote",
  "implementationStarted",
  "taskAssigned",
  "taskTaken",
  "taskDeclined",
  "taskOverdue",
  "taskCompleted",
  "underReview",
  "ratingRequested",
  "rectificationRequired",
  "topicClosed",
  "reviewDue",
  "reopened",
  // The drafting parties (property firm, owners' committee) asked for a plan (lib/topics/start-drafting).
  "draftingStarted",
  // Reminders sent through the outbox (lib/notify, lib/domain/reminders.ts).
  "ownersBallotClosing",
  "ballotClosing",
  "meetingTomorrow",
  "cosignClosing",
  "taskDue",
  "ratingDue",
] as const;
export type NotificationKind = (typeof notificationKinds)[number];

/**
 * Puts a message in each person's inbox, inside the caller's transaction. The one who acted is
 * left out: nobody needs to be told what they just did themselves.
 */
export async function notify(
  tx: DB | Tx,
  personIds: Iterable<number>,
  kind: NotificationKind,
  about: { topicId?: number; meetingId?: number; data?: Record<string, string | number>; actorId?: number | null; at?: Date },
): Promise<number> {
  const unique = [...new Set(personIds)].filter((p) => p !== about.actorId);
  if (unique.length === 0) return 0;
  await tx.insert(notifications)
    .values(unique.map((personId) => ({ personId, kind, topicId: about.topicId ?? null, meetingId: about.meetingId ?? null, data: about.data ?? null, ...(about.at ? { createdAt: about.at } : {}) })));
  return unique.length;
}
