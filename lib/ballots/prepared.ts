import { and, asc, eq, sql } from "drizzle-orm";
import type { DB, Tx } from "@/db/client";
import { compiledOnce } from "@/db/compiled";
import { ballotElectorMembers, ballotElectors, ballotProxies, ballots, votes } from "@/db/schema";

/**
 * The reads every vote makes, compiled once per database handle. Profiling the vote showed that
 * building drizzle queries and having SQLite compile them cost more CPU than running them; these
 * statements are built once and reused. They run on the process-wide handle, which is the same
 * SQLite connection as a transaction on it, so inside db.transaction they read the transaction's state.
 */
function build(db: DB) {
  const ph = sql.placeholder;
  return {
    ballot: db.select().from(ballots).where(eq(ballots.id, ph("ballotId"))).prepare(),
    ownElectors: db
      .select({ electorKey: ballotElectors.electorKey, label: ballotElectors.label, areaHundredths: ballotElectors.areaHundredths })
      .from(ballotElectorMembers)
      .innerJoin(ballotElectors, and(eq(ballotElectors.ballotId, ballotElectorMembers.ballotId), eq(ballotElectors.electorKey, ballotElectorMembers.electorKey)))
      .where(and(eq(ballotElectorMembers.ballotId, ph("ballotId")), eq(ballotElectorMembers.personId, ph("personId"))))
      .orderBy(asc(ballotElectors.id))
      .prepare(),
    proxiedElectors: db
      .select({ electorKey: ballotElectors.electorKey, label: ballotElectors.label, areaHundredths: ballotElectors.areaHundredths, proxyId: ballotProxies.id })
      .from(ballotProxies)
      .innerJoin(ballotElectors, and(eq(ballotElectors.ballotId, ballotProxies.ballotId), eq(ballotElectors.electorKey, ballotProxies.electorKey)))
      .where(and(eq(ballotProxies.ballotId, ph("ballotId")), eq(ballotProxies.proxyPersonId, ph("personId"))))
      .orderBy(asc(ballotElectors.id))
      .prepare(),
    vote: db
      .select()
      .from(votes)
      .where(and(eq(votes.ballotId, ph("ballotId")), eq(votes.electorKey, ph("electorKey"))))
      .prepare(),
  };
}

export type VoteReads = ReturnType<typeof build>;

/** The compiled reads for the process-wide handle; null for a transaction handle (use the query builder then). */
export function voteReads(db: DB | Tx): VoteReads | null {
  return compiledOnce(db, build);
}
