import { index, integer, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";
import { createdAt } from "./columns";
import { people } from "./people";
import { communities } from "./places";

// ── Messages that leave the app (reminders, activation codes), through the durable outbox

export const outboxChannels = ["inbox", "sms"] as const;
export type OutboxChannel = (typeof outboxChannels)[number];
export const outboxStatuses = ["queued", "sending", "sent", "failed"] as const;
export type OutboxStatus = (typeof outboxStatuses)[number];

/**
 * One message to one person on one channel. Written by a use case inside its own transaction (so a
 * change that rolls back sends nothing) and sent afterwards, outside any transaction, by the
 * sender job (lib/notify/send-due.ts), which claims rows with one UPDATE so two processes never
 * send one row twice. The unique dedupe key makes every enqueue idempotent: a reminder job run
 * twice, or a retried request, finds the row already there.
 */
export const outboxMessages = sqliteTable(
  "outbox_messages",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    channel: text("channel", { enum: outboxChannels }).notNull(),
    personId: integer("person_id").notNull().references(() => people.id),
    /** Whose admins see it on /admin/messages. */
    communityId: integer("community_id").notNull().references(() => communities.id),
    /** A message kind of lib/notify/kinds.ts (a reminder kind, or activationCode). */
    kind: text("kind").notNull(),
    /** The template's parameters, in the template's order, and the links of the inbox message. */
    params: text("params", { mode: "json" }).$type<Record<string, string | number>>().notNull(),
    /** Parameters nobody may read back (an activation code): erased once the message is sent or given up. */
    secretParams: text("secret_params", { mode: "json" }).$type<Record<string, string>>(),
    dedupeKey: text("dedupe_key").notNull(),
    status: text("status", { enum: outboxStatuses }).notNull().default("queued"),
    attempts: integer("attempts").notNull().default(0),
    nextAttemptAt: integer("next_attempt_at", { mode: "timestamp_ms" }).notNull(),
    /** Which sender holds the row while it is "sending", and since when (a crashed sender's rows are given up, never resent). */
    claimToken: text("claim_token"),
    claimedAt: integer("claimed_at", { mode: "timestamp_ms" }),
    /** The provider's error code (or our own reason), never a secret. */
    lastError: text("last_error"),
    /** The provider's id of the sent message (SerialNo). */
    providerRef: text("provider_ref"),
    sentAt: integer("sent_at", { mode: "timestamp_ms" }),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex("outbox_messages_dedupe").on(t.dedupeKey),
    index("outbox_messages_due").on(t.status, t.nextAttemptAt),
    index("outbox_messages_community").on(t.communityId, t.status, t.id),
  ],
);
export type OutboxMessage = typeof outboxMessages.$inferSelect;

/** A reminder kind a person asked not to be sent (their account page); kinds the law requires cannot be muted. */
export const reminderMutes = sqliteTable(
  "reminder_mutes",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    personId: integer("person_id").notNull().references(() => people.id),
    kind: text("kind").notNull(),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex("reminder_mutes_person_kind").on(t.personId, t.kind)],
);
