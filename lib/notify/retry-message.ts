import { and, eq } from "drizzle-orm";
import { outboxMessages } from "@/db/schema";
import { authorize, communitiesWhere, requireVerified } from "@/lib/auth/policy";
import type { ActorCtx } from "@/lib/context";
import { forbidden, invalid, notFound } from "@/lib/errors";
import { recordEvent } from "@/lib/events/record";
import { retryMessageInput } from "@/lib/validation/reminders";
import { secretParamNames, templateParams } from "./kinds";
import type { MessageKind } from "@/lib/domain/reminders";
import { unitOfWork } from "@/db/unit-of-work";
import { changedRows, first } from "@/db/query";

/**
 * A community admin sends a failed message again: it is queued with a fresh count of attempts, and
 * the sender job picks it up. A message whose secret (an activation code) was erased when it failed
 * cannot be resent — the admin issues a new code instead.
 */
export async function retryMessage(ctx: ActorCtx, raw: unknown, { now = new Date() }: { now?: Date } = {}): Promise<{ id: number }> {
  const input = retryMessageInput.parse(raw);
  const { db, actor } = ctx;
  // Refused before the lookup: whoever administers no community learns nothing of message ids.
  requireVerified(actor);
  if (communitiesWhere(actor, "message.manage").length === 0) throw forbidden();
  const row = await first(db.select().from(outboxMessages).where(eq(outboxMessages.id, input.id)));
  if (!row) throw notFound();
  authorize(actor, "message.manage", { communityId: row.communityId });
  return await unitOfWork(db, async (tx) => {
    const needsSecret = (templateParams[row.kind as MessageKind] ?? []).some((p) => secretParamNames.has(p));
    if (needsSecret && !row.secretParams) throw invalid("messageCodeGone");
    const changed = changedRows(await tx
      .update(outboxMessages)
      .set({ status: "queued", attempts: 0, nextAttemptAt: now, lastError: null, claimToken: null, claimedAt: null })
      .where(and(eq(outboxMessages.id, row.id), eq(outboxMessages.status, "failed"))));
    if (!changed) throw invalid("messageNotFailed");
    await recordEvent(tx, { actorId: actor.personId, kind: "message.retried", subjectType: "outboxMessage", subjectId: row.id, data: { kind: row.kind, channel: row.channel, lastError: row.lastError } });
    return { id: row.id };
  });
}
