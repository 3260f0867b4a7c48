import { asc, sql } from "drizzle-orm";
import { auditLog, ballotElectorMembers, ballotElectors, ballotOptions, ballotProxies, ballots, votes } from "@/db/schema-pg";
import type { PgHandle, PgSnapshot } from "@/db/pg/engine";
import { pgReadSnapshot } from "@/db/pg/unit-of-work";
import type { PgDB } from "@/lib/search/pg-text-search";
import { checkAudit, type AuditReport, type AuditRows } from "./check";
import { electorsWithMembers } from "./verify";

/**
 * The highest id audit_log's identity sequence has handed out, 0 when none. pg_sequences'
 * last_value is the sequence's last nextval() (or setval(…, true)); it is null before the first
 * and after setval(…, false), as db:copy-to-pg leaves an empty table. Unlike SQLite's
 * sqlite_sequence it is not transactional: an append whose transaction rolled back used up its id.
 */
async function highestIssuedAuditId(db: PgSnapshot): Promise<number> {
  const result = await db.execute<{ last: string | null }>(sql`
    SELECT s.last_value::text AS last
    FROM pg_sequences s
    WHERE format('%I.%I', s.schemaname, s.sequencename)::regclass = pg_get_serial_sequence('audit_log', 'id')::regclass`);
  const last = result.rows[0]?.last;
  return last == null ? 0 : Number(last);
}

/** What the check reads, from a PostgreSQL database (drizzle over node-postgres, db/schema-pg). */
export async function readAuditRowsPg(db: PgHandle | PgDB): Promise<AuditRows> {
  // One snapshot for every read, so a vote committed between two of them cannot look unaudited. A
  // transaction already is one (db:copy-to-pg checks its copy before it commits): read through it.
  const inSnapshot = <T>(read: (tx: PgSnapshot) => Promise<T>): Promise<T> =>
    "$client" in db ? pgReadSnapshot(db as PgHandle, read) : read(db as unknown as PgSnapshot);
  return inSnapshot(
    async (tx) => {
      const highestIssuedId = await highestIssuedAuditId(tx);
      const entries = await tx.select().from(auditLog).orderBy(asc(auditLog.id));
      const electors = await tx
        .select({ id: ballotElectors.id, ballotId: ballotElectors.ballotId, electorKey: ballotElectors.electorKey, areaHundredths: ballotElectors.areaHundredths })
        .from(ballotElectors)
        .orderBy(asc(ballotElectors.id));
      const members = await tx
        .select({ ballotId: ballotElectorMembers.ballotId, electorKey: ballotElectorMembers.electorKey, personId: ballotElectorMembers.personId })
        .from(ballotElectorMembers);
      return {
        entries,
        highestIssuedId,
        idsMayBeSkipped: true,
        ballots: await tx.select().from(ballots).orderBy(asc(ballots.id)),
        votes: await tx.select().from(votes).orderBy(asc(votes.id)),
        options: await tx.select().from(ballotOptions).orderBy(asc(ballotOptions.id)),
        proxies: await tx.select().from(ballotProxies).orderBy(asc(ballotProxies.id)),
        electors: electorsWithMembers(electors, members),
      };
    },
  );
}

/** auditReport's twin on PostgreSQL: the same check (lib/audit/check.ts) over the same rows. */
export async function pgAuditReport(db: PgHandle | PgDB): Promise<AuditReport> {
  return checkAudit(await readAuditRowsPg(db));
}
