import type { DB, Tx } from "@/db/client";
import { events } from "@/db/schema";

export type EventInput = {
  actorId: number | null;
  kind: string;
  subjectType: string;
  subjectId: number | null;
  data?: Record<string, unknown>;
};

/** Records what a use case did, inside the use case's own transaction. */
export function recordEvent(tx: DB | Tx, e: EventInput): void {
  tx.insert(events)
    .values({ actorId: e.actorId, kind: e.kind, subjectType: e.subjectType, subjectId: e.subjectId, data: e.data ?? null })
    .run();
}
