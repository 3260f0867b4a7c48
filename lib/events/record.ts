import type { DB, Tx } from "@/db/client";
import { events } from "@/db/schema";

export type EventInput = {
  actorId: number | null;
  kind: string;
  subjectType: string;
  subjectId: number | null;
  data?: Record<string, unknown>;
};

/**
 * Records what a use case did, inside the use case's own transaction: the operator's record of who
 * did what, carried by backups. It is not the topic's timeline — that is topic_events, written beside
 * it with the stage moved and the note shown. For several acts it is the only trace: who granted or
 * revoked a role (a revoked role row is deleted, and no role row names its grantor), who created an
 * account, when a password was changed or an API token issued, when a sign-in lock or slow-down began.
 * The app reads those back in one place only: the admin's person page (账户记录), through
 * lib/admin/person-history.ts, which keeps to an allowlist of account kinds — the rest of the log
 * (who voted when, elector keys, proxy principals) is never shown. Anything else is read with sqlite3.
 */
export async function recordEvent(tx: DB | Tx, e: EventInput): Promise<void> {
  await tx.insert(events)
    .values({ actorId: e.actorId, kind: e.kind, subjectType: e.subjectType, subjectId: e.subjectId, data: e.data ?? null });
}
