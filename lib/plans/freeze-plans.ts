import { and, inArray, isNull } from "drizzle-orm";
import type { Tx } from "@/db/client";
import { plans } from "@/db/schema";

/**
 * Freezes the plans a ballot is about to vote on, inside the ballot's own transaction: from now on
 * they take no revisions and no comments, so everyone votes on the text they read. The revision
 * being voted on is each plan's currentRevision. Plans frozen before keep their first frozenAt.
 * The caller records the event (it knows the ballot).
 */
export async function freezePlans(tx: Tx, planIds: number[], now: Date): Promise<void> {
  if (planIds.length === 0) return;
  await tx.update(plans)
    .set({ frozenAt: now, updatedAt: now })
    .where(and(inArray(plans.id, [...new Set(planIds)]), isNull(plans.frozenAt)));
}
