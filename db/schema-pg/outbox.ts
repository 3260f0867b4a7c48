// PostgreSQL mirror of db/schema/outbox.ts (issue 15): the same tables, columns, indexes and keys;
// tests/unit/schema-parity.test.ts and tests/pg/schema-parity.test.ts fail when the two drift.
import { index, integer, jsonb, pgTable, text, uniqueIndex } from "drizzle-orm/pg-core";
import { createdAt, timestampMs } from "./columns";
import { people } from "./people";
import { communities } from "./places";
import { outboxChannels, outboxStatuses } from "../schema/outbox";
// The vocabularies (value lists and their types) are the SQLite file's own, so they cannot drift apart.
export { outboxChannels, outboxStatuses } from "../schema/outbox";
export type { OutboxChannel, OutboxStatus } from "../schema/outbox";

// ── Messages that leave the app (reminders, activation codes), through the durable outbox

/**
 * One message to one person on one channel. Written by a use case inside its own transaction (so a
 * change that rolls back sends nothing) and sent afterwards, outside any transaction, by the
 * sender job (lib/notify/send-due.ts), which claims rows with one UPDATE so two processes never
 * send one row twice. The unique dedupe key makes every enqueue idempotent: a reminder job run
 * twice, or a retried request, finds the row already there.
 */
export const outboxMessages = pgTable(
  "outbox_messages",
  {
    id: integer("id").primaryKey().generatedByDefaultAsIdentity(),
    channel: text("channel", { enum: outboxChannels }).notNull(),
    personId: integer("person_id").notNull().references(() => people.id),
    /** Whose admins see it on /admin/messages. */
    communityId: integer("community_id").notNull().references(() => communities.id),
    /** A message kind of lib/notify/kinds.ts (a reminder kind, or activationCode). */
    kind: text("kind").notNull(),
    /** The template's parameters, in the template's order, and the links of the inbox message. */
    params: jsonb("params").$type<Record<string, string | number>>().notNull(),
    /** Parameters nobody may read back (an activation code): erased once the message is sent or given up. */
    secretParams: jsonb("secret_params").$type<Record<string, string>>(),
    dedupeKey: text("dedupe_key").notNull(),
    status: text("status", { enum: outboxStatuses }).notNull().default("queued"),
    attempts: integer("attempts").notNull().default(0),
    nextAttemptAt: timestampMs("next_attempt_at").notNull(),
    /** Which sender holds the row while it is "sending", and since when (a crashed sender's rows are given up, never resent). */
    claimToken: text("claim_token"),
    claimedAt: timestampMs("claimed_at"),
    /** The provider's error code (or our own reason), never a secret. */
    lastError: text("last_error"),
    /** The provider's id of the sent message (SerialNo). */
    providerRef: text("provider_ref"),
    sentAt: timestampMs("sent_at"),
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
export const reminderMutes = pgTable(
  "reminder_mutes",
  {
    id: integer("id").primaryKey().generatedByDefaultAsIdentity(),
    personId: integer("person_id").notNull().references(() => people.id),
    kind: text("kind").notNull(),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex("reminder_mutes_person_kind").on(t.personId, t.kind)],
);
