import { and, count, desc, eq } from "drizzle-orm";
import { communities, outboxMessages, outboxStatuses, people, type OutboxChannel, type OutboxStatus } from "@/db/schema";
import { resolveCommunity } from "@/lib/admin/scope";
import { config, smsTemplateVariables, type SmsTemplateKind } from "@/lib/config";
import type { ActorCtx } from "@/lib/context";
import { MAX_ATTEMPTS, messageKinds, type MessageKind } from "@/lib/domain/reminders";
import { messagesOverviewQuery } from "@/lib/validation/reminders";
import { first } from "@/db/query";

export type MessageRow = {
  id: number;
  kind: MessageKind | "other";
  channel: OutboxChannel;
  status: OutboxStatus;
  person: string;
  /** 138****0101: enough to tell two people apart, not to copy a number off the screen. */
  phone: string;
  attempts: number;
  lastError: string | null;
  createdAt: Date;
  nextAttemptAt: Date;
  sentAt: Date | null;
  /** A failed activation code has lost its code: it cannot be sent again, only replaced. */
  retryable: boolean;
};

export type MessagesOverview = {
  communityId: number;
  communityName: string;
  /** What SMS is set to, never a secret: on or off, the signature, the region, whether requests go elsewhere, which kinds have a template. */
  sms: { on: boolean; signName: string | null; region: string | null; endpointOverride: boolean; templates: { kind: SmsTemplateKind; variable: string; set: boolean }[] };
  counts: Record<OutboxStatus, number>;
  maxAttempts: number;
  failed: MessageRow[];
  recent: MessageRow[];
};

const masked = (phone: string) => (phone.length >= 7 ? `${phone.slice(0, 3)}****${phone.slice(-4)}` : "****");
const isKind = (k: string): k is MessageKind => (messageKinds as readonly string[]).includes(k);
const LIST = 50;

/** The community's outbox for its admins: SMS status, counts by status, the failed messages and the latest ones. */
export async function getMessagesOverview(ctx: ActorCtx, raw: unknown = {}): Promise<MessagesOverview> {
  const input = messagesOverviewQuery.parse(raw);
  const { db, actor } = ctx;
  const communityId = resolveCommunity(actor, "message.manage", input.communityId);
  const community = await first(db.select({ name: communities.name }).from(communities).where(eq(communities.id, communityId)));
  const sms = config().sms;
  const counts = Object.fromEntries(outboxStatuses.map((s) => [s, 0])) as Record<OutboxStatus, number>;
  for (const r of await db.select({ status: outboxMessages.status, n: count() }).from(outboxMessages).where(eq(outboxMessages.communityId, communityId)).groupBy(outboxMessages.status)) counts[r.status] = r.n;

  const list = async (status?: OutboxStatus) =>
    (await db
      .select({
        id: outboxMessages.id,
        kind: outboxMessages.kind,
        channel: outboxMessages.channel,
        status: outboxMessages.status,
        person: people.name,
        phone: people.phone,
        attempts: outboxMessages.attempts,
        lastError: outboxMessages.lastError,
        createdAt: outboxMessages.createdAt,
        nextAttemptAt: outboxMessages.nextAttemptAt,
        sentAt: outboxMessages.sentAt,
        hasSecret: outboxMessages.secretParams,
      })
      .from(outboxMessages)
      .innerJoin(people, eq(people.id, outboxMessages.personId))
      .where(and(eq(outboxMessages.communityId, communityId), status ? eq(outboxMessages.status, status) : undefined))
      .orderBy(desc(outboxMessages.id))
      .limit(LIST))
      .map(({ hasSecret, ...r }): MessageRow => ({ ...r, kind: isKind(r.kind) ? r.kind : "other", phone: masked(r.phone), retryable: r.status === "failed" && (r.kind !== "activationCode" || hasSecret != null) }));

  return {
    communityId,
    communityName: community?.name ?? "",
    sms: {
      on: sms !== null,
      signName: sms?.signName ?? null,
      region: sms?.region ?? null,
      endpointOverride: !!sms?.endpoint,
      templates: (Object.entries(smsTemplateVariables) as [SmsTemplateKind, string][]).map(([kind, variable]) => ({ kind, variable, set: !!sms?.templates[kind] })),
    },
    counts,
    maxAttempts: MAX_ATTEMPTS,
    failed: await list("failed"),
    recent: await list(),
  };
}
