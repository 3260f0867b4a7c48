import { and, eq, gt, isNull, lte } from "drizzle-orm";
import type { DB } from "@/db/client";
import { topics } from "@/db/schema";
import { recordEvent } from "@/lib/events/record";
import { notify } from "@/lib/notifications/notify";
import { applyTransition } from "./apply-transition";
import { supporters } from "./supporters";
import { unitOfWork } from "@/db/unit-of-work";

const WARN_BEFORE_MS = 2 * 86_400_000;

/**
 * The system's part of co-signing: topics past their window without enough co-signatures expire
 * (visibly, with a timeline entry), and proposers are told two days before. Runs periodically in
 * the server (instrumentation.ts) and is safe to run at any time, any number of times.
 */
export async function runCosignDeadlines(db: DB, now = new Date()): Promise<{ expired: number; warned: number }> {
  return await unitOfWork(db, async (tx) => {
    const due = await tx.select().from(topics).where(and(eq(topics.state, "proposed"), lte(topics.cosignDeadline, now)));
    for (const topic of due) {
      await applyTransition(tx, topic, "expire", "system", { now });
      await notify(tx, [topic.proposerId], "expired", { at: now, topicId: topic.id, data: { title: topic.title } });
      await recordEvent(tx, { actorId: null, kind: "topic.expired", subjectType: "topic", subjectId: topic.id });
    }
    const soon = await tx
      .select()
      .from(topics)
      .where(and(eq(topics.state, "proposed"), isNull(topics.expiryWarnedAt), gt(topics.cosignDeadline, now), lte(topics.cosignDeadline, new Date(now.getTime() + WARN_BEFORE_MS))));
    for (const topic of soon) {
      await tx.update(topics).set({ expiryWarnedAt: now }).where(eq(topics.id, topic.id));
      await notify(tx, [topic.proposerId], "expiringSoon", {
        topicId: topic.id,
        data: { title: topic.title, missing: Math.max(0, topic.cosignThreshold - supporters(topic)) },
      });
    }
    return { expired: due.length, warned: soon.length };
  });
}
