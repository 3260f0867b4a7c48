import { and, asc, eq, lte } from "drizzle-orm";
import type { DB } from "@/db/client";
import { ballots } from "@/db/schema";
import { reloadBallot } from "./access";
import { closeInTx } from "./close-ballot";
import { unitOfWork } from "@/db/unit-of-work";

/**
 * The system's part of closing: every ballot still open past its announced closing time is counted
 * and closed, as of that closing time, with no person as the closer. Runs every minute in the server
 * (instrumentation.ts), so a ballot waits at most about a minute in 已截止，等待计票; reads only show
 * that state and never close (a read that wrote would write inside whatever use case called it).
 *
 * Each ballot in its own transaction, re-read inside it: a ballot staff closed in the meantime is
 * left alone, and one ballot whose count fails does not hold back the others — its error is thrown
 * after the rest are closed, for the caller to log. Safe to run at any time, any number of times.
 */
export async function closeDueBallots(db: DB, now = new Date()): Promise<{ closed: number[] }> {
  const due = await db
    .select({ id: ballots.id })
    .from(ballots)
    .where(and(eq(ballots.status, "open"), lte(ballots.closesAt, now)))
    .orderBy(asc(ballots.closesAt), asc(ballots.id));
  const closed: number[] = [];
  const failures: unknown[] = [];
  for (const { id } of due) {
    try {
      const done = await unitOfWork(db, async (tx) => {
        const fresh = await reloadBallot(tx, id);
        if (fresh.status !== "open" || now.getTime() < fresh.closesAt.getTime()) return false;
        await closeInTx(tx, fresh, null, now, fresh.closesAt);
        return true;
      });
      if (done) closed.push(id);
    } catch (e) {
      failures.push(e);
    }
  }
  if (failures.length) throw new AggregateError(failures, `closing ${failures.length} due ballot(s) failed`);
  return { closed };
}
