import { asc } from "drizzle-orm";
import type { DB } from "@/db/client";
// The SQLite reader (its twin for PostgreSQL is verify-pg.ts): SQLite's tables, whatever DATABASE_URL says.
import { auditLog, ballotElectorMembers, ballotElectors, ballotOptions, ballotProxies, ballots, votes } from "@/db/schema/sqlite";
import { checkAudit, type AuditElectorRow, type AuditReport, type AuditRows } from "./check";

export type { AuditProblem, AuditReport } from "./check";

/** Joins each stored elector to the people who may vote for it (person ids ascending, as loadElectors gives them). */
export function electorsWithMembers(
  electors: { id: number; ballotId: number; electorKey: string; areaHundredths: number }[],
  members: { ballotId: number; electorKey: string; personId: number }[],
): AuditElectorRow[] {
  const byKey = new Map<string, number[]>();
  for (const m of [...members].sort((x, y) => x.personId - y.personId)) {
    const key = `${m.ballotId}\u0000${m.electorKey}`;
    const list = byKey.get(key);
    if (list) list.push(m.personId);
    else byKey.set(key, [m.personId]);
  }
  return electors.map((e) => ({ id: e.id, ballotId: e.ballotId, electorKey: e.electorKey, areaHundredths: e.areaHundredths, memberIds: byKey.get(`${e.ballotId}\u0000${e.electorKey}`) ?? [] }));
}

/** What the check reads, from a SQLite database. */
export async function readAuditRows(db: DB): Promise<AuditRows> {
  const entries = await db.select().from(auditLog).orderBy(asc(auditLog.id));
  // sqlite_sequence holds the highest id AUTOINCREMENT ever handed out for the table, written in the
  // same transaction as the row (a rolled-back append gives its id back): deleting the last
  // entries leaves it above the last id still there.
  const seq = (db.$client.prepare("select seq from sqlite_sequence where name = 'audit_log'").get() as { seq: number } | undefined)?.seq ?? 0;
  const electors = await db
    .select({ id: ballotElectors.id, ballotId: ballotElectors.ballotId, electorKey: ballotElectors.electorKey, areaHundredths: ballotElectors.areaHundredths })
    .from(ballotElectors)
    .orderBy(asc(ballotElectors.id));
  const members = await db
    .select({ ballotId: ballotElectorMembers.ballotId, electorKey: ballotElectorMembers.electorKey, personId: ballotElectorMembers.personId })
    .from(ballotElectorMembers);
  return {
    entries,
    highestIssuedId: seq,
    idsMayBeSkipped: false,
    ballots: await db.select().from(ballots).orderBy(asc(ballots.id)),
    votes: await db.select().from(votes).orderBy(asc(votes.id)),
    options: await db.select().from(ballotOptions).orderBy(asc(ballotOptions.id)),
    proxies: await db.select().from(ballotProxies).orderBy(asc(ballotProxies.id)),
    electors: electorsWithMembers(electors, members),
  };
}

/**
 * Checks the audit chain of a SQLite database and every ballot against it (lib/audit/check.ts
 * says what is checked); PostgreSQL: pgAuditReport (lib/audit/verify-pg.ts), the same check.
 */
export async function auditReport(db: DB): Promise<AuditReport> {
  return checkAudit(await readAuditRows(db));
}

/** The problems found; an empty list means the chain and every ballot check out. */
export async function verifyAudit(db: DB): Promise<AuditReport["problems"]> {
  return (await auditReport(db)).problems;
}
