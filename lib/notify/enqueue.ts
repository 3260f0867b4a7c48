import { and, inArray, eq } from "drizzle-orm";
import type { DB, Tx } from "@/db/client";
import { outboxMessages, reminderMutes, type OutboxChannel } from "@/db/schema";
import { config } from "@/lib/config";
import { deliverAt, isMuted, type MessageKind } from "@/lib/domain/reminders";
import { kindChannels, secretParamNames } from "./kinds";
import { changedRows } from "@/db/query";

export type Enqueue = {
  kind: MessageKind;
  personIds: Iterable<number>;
  /** The community the message is about: its admins see it on /admin/messages. */
  communityId: number;
  /** What the message is about, for its dedupe key (e.g. "ballot:12"): one message per kind, subject, person and channel, ever. */
  subject: string;
  params: Record<string, string | number>;
  /** Per person: secret parameters (an activation code), never shown back and erased once sent. */
  secrets?: ReadonlyMap<number, Record<string, string>>;
  /** A text message is not sent in the night unless this comes first (lib/domain/reminders.ts deliverAt). */
  deadline?: Date;
  now?: Date;
};

/** Whether a kind can go out on a channel now: the inbox always, SMS when configured with this kind's template. */
export function channelReady(channel: OutboxChannel, kind: MessageKind): boolean {
  if (channel === "inbox") return true;
  const sms = config().sms;
  return !!sms?.templates[kind];
}

/** The kinds each of these people muted. */
export async function mutesOf(db: DB | Tx, personIds: number[]): Promise<Map<number, Set<string>>> {
  const out = new Map<number, Set<string>>();
  for (let i = 0; i < personIds.length; i += 500) {
    for (const r of await db.select({ personId: reminderMutes.personId, kind: reminderMutes.kind }).from(reminderMutes).where(inArray(reminderMutes.personId, personIds.slice(i, i + 500)))) {
      let set = out.get(r.personId);
      if (!set) out.set(r.personId, (set = new Set()));
      set.add(r.kind);
    }
  }
  return out;
}

/**
 * Puts a message for each person in the outbox, inside the caller's transaction: if the change
 * rolls back, so does the message, and nothing is sent. Sending happens later (send-due.ts). A
 * person who muted the kind gets nothing; a message already enqueued (same dedupe key) is not
 * enqueued again, so a job may run any number of times. Returns how many rows were written.
 */
export async function enqueueMessages(tx: DB | Tx, m: Enqueue): Promise<number> {
  const now = m.now ?? new Date();
  const people = [...new Set(m.personIds)];
  if (!people.length) return 0;
  const mutes = await mutesOf(tx, people);
  const ready = kindChannels[m.kind].filter((c) => channelReady(c, m.kind));
  const smsAt = deliverAt(now, m.deadline);
  const publicParams = Object.fromEntries(Object.entries(m.params).filter(([k]) => !secretParamNames.has(k)));
  const keyOf = (personId: number, channel: OutboxChannel) => `${m.kind}:${m.subject}:person:${personId}:${channel}`;
  // Looked up first rather than left to the unique index alone: an insert the index ignores still
  // moves the table's AUTOINCREMENT counter, a write every minute for a job that found nothing new.
  const wanted = people.flatMap((p) => ready.map((c) => keyOf(p, c)));
  const existing = new Set<string>();
  for (let i = 0; i < wanted.length; i += 500) {
    for (const r of await tx.select({ key: outboxMessages.dedupeKey }).from(outboxMessages).where(inArray(outboxMessages.dedupeKey, wanted.slice(i, i + 500)))) existing.add(r.key);
  }
  let written = 0;
  for (const personId of people) {
    if (isMuted(m.kind, mutes.get(personId) ?? new Set())) continue;
    for (const channel of ready) {
      if (existing.has(keyOf(personId, channel))) continue;
      written += changedRows(await tx
        .insert(outboxMessages)
        .values({
          channel,
          personId,
          communityId: m.communityId,
          kind: m.kind,
          params: publicParams,
          secretParams: m.secrets?.get(personId) ?? null,
          dedupeKey: keyOf(personId, channel),
          nextAttemptAt: channel === "sms" ? smsAt : now,
          createdAt: now,
        })
        .onConflictDoNothing({ target: outboxMessages.dedupeKey }));
    }
  }
  return written;
}

/** Whether this person muted this kind (checked again just before sending: a mute made after enqueueing still counts). */
export async function personMuted(db: DB | Tx, personId: number, kind: MessageKind): Promise<boolean> {
  const rows = await db.select({ kind: reminderMutes.kind }).from(reminderMutes).where(and(eq(reminderMutes.personId, personId), eq(reminderMutes.kind, kind)));
  return isMuted(kind, new Set(rows.map((r) => r.kind)));
}
