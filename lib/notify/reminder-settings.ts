import { eq } from "drizzle-orm";
import { reminderMutes } from "@/db/schema";
import { requireVerified } from "@/lib/auth/policy";
import type { ActorCtx } from "@/lib/context";
import { mayMute, reminderKinds, unmutableReminderKinds, type ReminderKind } from "@/lib/domain/reminders";
import { invalid } from "@/lib/errors";
import { recordEvent } from "@/lib/events/record";
import { reminderMutesInput } from "@/lib/validation/reminders";
import { unitOfWork } from "@/db/unit-of-work";

export type ReminderSetting = { kind: ReminderKind; muted: boolean; mayMute: boolean; required: "ownersNotice" | null };

/** The signed-in person's reminder kinds: which are muted, and which the law does not let them mute. */
export async function getReminderSettings(ctx: ActorCtx): Promise<ReminderSetting[]> {
  const muted = new Set((await ctx.db.select({ kind: reminderMutes.kind }).from(reminderMutes).where(eq(reminderMutes.personId, ctx.actor.personId))).map((r) => r.kind));
  return reminderKinds.map((kind) => ({ kind, muted: mayMute(kind) && muted.has(kind), mayMute: mayMute(kind), required: unmutableReminderKinds[kind] ?? null }));
}

/**
 * Sets which reminder kinds the signed-in person mutes (only their own: the person comes from the
 * session). A kind the law requires them to be told is refused, not silently dropped. Messages of a
 * newly muted kind already waiting in the outbox are withdrawn by the sender before they go out.
 */
export async function setReminderMutes(ctx: ActorCtx, raw: unknown): Promise<{ muted: ReminderKind[] }> {
  const input = reminderMutesInput.parse(raw);
  requireVerified(ctx.actor);
  const muted = [...new Set(input.muted)];
  if (muted.some((k) => !mayMute(k))) throw invalid("reminderRequired", { muted: "reminderRequired" });
  const personId = ctx.actor.personId;
  return await unitOfWork(ctx.db, async (tx) => {
    await tx.delete(reminderMutes).where(eq(reminderMutes.personId, personId));
    if (muted.length) await tx.insert(reminderMutes).values(muted.map((kind) => ({ personId, kind })));
    await recordEvent(tx, { actorId: personId, kind: "account.remindersMuted", subjectType: "person", subjectId: personId, data: { muted } });
    return { muted };
  });
}
