import { randomUUID } from "node:crypto";
import { and, asc, eq, inArray, lt, lte, sql } from "drizzle-orm";
import type { DB, Tx } from "@/db/client";
import { outboxMessages, people, type OutboxMessage } from "@/db/schema";
import { afterFailure, CLAIM_LEASE_MS, messageKinds, type MessageKind } from "@/lib/domain/reminders";
import { channels as allChannels } from "./channels";
import type { Channel, OutgoingMessage, SendOutcome } from "./channels/types";
import { personMuted } from "./enqueue";
import { unitOfWork } from "@/db/unit-of-work";
import { changedRows, first } from "@/db/query";

export type SendReport = { sent: number; retrying: number; failed: number; skipped: number };

type Options = {
  now?: () => Date;
  /** How many messages one claim takes. */
  limit?: number;
  /** At most this many claims in one run (default 20). */
  batches?: number;
  channels?: Readonly<Record<string, Channel>>;
};

/**
 * Claims due messages in one UPDATE … WHERE id IN (SELECT … LIMIT n) RETURNING: SQLite runs it under
 * the write lock, so a row claimed by one sender (this process or another on the same file) is
 * "sending" with that sender's token before any other sender's statement can see it.
 */
async function claim(db: DB, now: Date, limit: number): Promise<{ token: string; rows: OutboxMessage[] }> {
  const token = randomUUID();
  return unitOfWork(db, async (tx) => ({ token, rows: await claimIn(tx, token, now, limit) }));
}

async function claimIn(db: Tx, token: string, now: Date, limit: number): Promise<OutboxMessage[]> {
  const due = db
    .select({ id: outboxMessages.id })
    .from(outboxMessages)
    .where(and(eq(outboxMessages.status, "queued"), lte(outboxMessages.nextAttemptAt, now)))
    .orderBy(asc(outboxMessages.nextAttemptAt), asc(outboxMessages.id))
    .limit(limit);
  const rows = await db
    .update(outboxMessages)
    .set({ status: "sending", claimToken: token, claimedAt: now, attempts: sqlIncrement() })
    .where(and(inArray(outboxMessages.id, due), eq(outboxMessages.status, "queued")))
    .returning();
  return rows;
}

const sqlIncrement = () => sql`${outboxMessages.attempts} + 1`;

/**
 * A sender that died while holding messages: an inbox message was not delivered (delivery and the
 * "sent" mark are one transaction), so it is queued again; a text message may have gone out, so —
 * at most once — it is given up as OutcomeUnknown, for an admin to look at.
 */
async function releaseStale(db: DB, now: Date): Promise<void> {
  const before = new Date(now.getTime() - CLAIM_LEASE_MS);
  const stale = and(eq(outboxMessages.status, "sending"), lt(outboxMessages.claimedAt, before));
  await unitOfWork(db, async (tx) => {
    await tx.update(outboxMessages).set({ status: "queued", claimToken: null, claimedAt: null }).where(and(stale, eq(outboxMessages.channel, "inbox")));
    await tx.update(outboxMessages)
      .set({ status: "failed", claimToken: null, lastError: "OutcomeUnknown", secretParams: null })
      .where(and(stale, eq(outboxMessages.channel, "sms")));
  });
}

/** Records an attempt's outcome, only while this sender still holds the row. */
async function record(db: DB, row: OutboxMessage, token: string, outcome: SendOutcome, now: Date): Promise<keyof SendReport> {
  return unitOfWork(db, async (tx) => recordIn(tx, row, token, outcome, now));
}

async function recordIn(db: Tx, row: OutboxMessage, token: string, outcome: SendOutcome, now: Date): Promise<keyof SendReport> {
  const mine = and(eq(outboxMessages.id, row.id), eq(outboxMessages.claimToken, token), eq(outboxMessages.status, "sending"));
  if (outcome.ok) {
    await db.update(outboxMessages).set({ status: "sent", sentAt: now, providerRef: outcome.providerRef ?? null, lastError: null, secretParams: null, claimToken: null }).where(mine);
    return "sent";
  }
  const next = afterFailure(row.attempts, outcome.retryable, now);
  if (next.status === "queued") {
    await db.update(outboxMessages).set({ status: "queued", nextAttemptAt: next.nextAttemptAt, lastError: outcome.error, claimToken: null }).where(mine);
    return "retrying";
  }
  // Given up: the secret goes with it (a retry by an admin needs a fresh code).
  await db.update(outboxMessages).set({ status: "failed", lastError: outcome.error, secretParams: null, claimToken: null }).where(mine);
  return "failed";
}

const isKind = (k: string): k is MessageKind => (messageKinds as readonly string[]).includes(k);

/**
 * The outbox's sender, run by the server's background job (instrumentation.ts) outside any use
 * case's transaction: claims due messages, delivers each on its channel, and records the outcome —
 * sent, queued again with exponential backoff, or failed after MAX_ATTEMPTS (shown to admins).
 */
export async function sendDueMessages(db: DB, options: Options = {}): Promise<SendReport> {
  const now = options.now ?? (() => new Date());
  const channels = options.channels ?? allChannels;
  const report: SendReport = { sent: 0, retrying: 0, failed: 0, skipped: 0 };
  await releaseStale(db, now());
  // Batch after batch until nothing is due (a retried message is due only later), so one run
  // empties the outbox instead of leaving the rest to write a minute later.
  for (let batch = 0; batch < (options.batches ?? 20); batch++) {
    const { token, rows } = await claim(db, now(), options.limit ?? 50);
    if (!rows.length) break;
    await sendBatch(db, channels, token, rows, now, report);
  }
  return report;
}

async function sendBatch(db: DB, channels: Readonly<Record<string, Channel>>, token: string, rows: OutboxMessage[], now: () => Date, report: SendReport): Promise<void> {
  for (const row of rows) {
    const channel = channels[row.channel];
    const person = await first(db.select({ phone: people.phone }).from(people).where(eq(people.id, row.personId)));
    if (!isKind(row.kind) || !channel || !person) {
      report[await record(db, row, token, { ok: false, error: "UnknownMessage", retryable: false }, now())]++;
      continue;
    }
    // Muted since it was enqueued: withdrawn, never sent (and a rerun of the reminder job skips the person too).
    if (await personMuted(db, row.personId, row.kind)) {
      await unitOfWork(db, async (tx) => void await tx.delete(outboxMessages).where(and(eq(outboxMessages.id, row.id), eq(outboxMessages.claimToken, token))));
      report.skipped++;
      continue;
    }
    const message: OutgoingMessage = { id: row.id, kind: row.kind, personId: row.personId, phone: person.phone, params: row.params, secretParams: row.secretParams };
    if (!channel.available()) {
      report[await record(db, row, token, { ok: false, error: channel.name === "sms" ? "SmsOff" : "ChannelOff", retryable: false }, now())]++;
      continue;
    }
    if (channel.kind === "local") {
      // Delivered and marked in one transaction: exactly once.
      const delivered = await unitOfWork(db, async (tx) => {
        const marked = changedRows(await tx
          .update(outboxMessages)
          .set({ status: "sent", sentAt: now(), lastError: null, claimToken: null })
          .where(and(eq(outboxMessages.id, row.id), eq(outboxMessages.claimToken, token), eq(outboxMessages.status, "sending"))));
        if (marked) channel.deliver(tx, message);
        return marked > 0;
      });
      if (delivered) report.sent++;
      continue;
    }
    let outcome: SendOutcome;
    try {
      outcome = await channel.send(message);
    } catch {
      // A channel that threw did not tell us whether it sent: at most once.
      outcome = { ok: false, error: "OutcomeUnknown", retryable: false };
    }
    report[await record(db, row, token, outcome, now())]++;
  }
}
