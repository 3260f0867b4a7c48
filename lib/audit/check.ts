import type { Ballot, Vote, auditLog, ballotOptions, ballotProxies } from "@/db/schema";
import { computeBallotResult } from "@/lib/ballots/tally-ballot";
import type { BallotChoice, VoteRuleId } from "@/lib/domain/vote-rules";
import { auditHash, canonicalJson, GENESIS_HASH } from "./append";
import { votePayload, type AuditedElector, type BallotOpenedPayload, type BallotTalliedPayload, type ProxyAuditPayload, type VoteAuditPayload } from "./payloads";

/**
 * The audit check itself, over rows already read: no database here, so SQLite (lib/audit/verify.ts)
 * and PostgreSQL (lib/audit/verify-pg.ts) run the very same check and compute the very same hashes.
 * The rows' types are the SQLite schema's; the PostgreSQL schema's are proven equal
 * (tests/unit/schema-parity.test.ts). Times reach the hash as milliseconds since the epoch and the
 * payload as the text stored, so a chain copied from one engine to the other still verifies.
 */

export type AuditProblem = {
  /** The table of the row at fault. */
  table: "audit_log" | "ballots" | "ballot_options" | "ballot_electors" | "ballot_proxies" | "votes";
  /** Its id; null where the fault is a row that should exist and does not have one to name. */
  rowId: number | null;
  ballotId: number | null;
  message: string;
};

export type AuditReport = { problems: AuditProblem[]; entries: number; ballots: number };

/** One stored elector of a ballot, with the people who may vote for it (by person id). */
export type AuditElectorRow = AuditedElector & { id: number; ballotId: number };

/** Everything the check reads, each list in id order (electors' memberIds in person-id order). */
export type AuditRows = {
  entries: (typeof auditLog.$inferSelect)[];
  /**
   * The highest audit_log id the engine has ever handed out (0: none), so that entries deleted
   * from the end of the chain, which leave no gap behind them, are still seen.
   */
  highestIssuedId: number;
  /**
   * Whether an id can be lost without an entry having been deleted. SQLite: no — AUTOINCREMENT's
   * counter is written in the transaction, so a rolled-back append gives its id back. PostgreSQL:
   * yes — nextval() is never rolled back, so an aborted transaction that appended leaves a hole.
   * There a hole is only a deletion when the entry after it does not chain onto the one before it.
   */
  idsMayBeSkipped: boolean;
  ballots: Ballot[];
  votes: Vote[];
  options: (typeof ballotOptions.$inferSelect)[];
  proxies: (typeof ballotProxies.$inferSelect)[];
  electors: AuditElectorRow[];
};

type Entry<P> = { entryId: number; p: P };
type BallotAudit = {
  opened?: Entry<BallotOpenedPayload>;
  votes: Map<string, Entry<VoteAuditPayload>>;
  proxies: Map<number, Entry<ProxyAuditPayload>>;
  tallied?: Entry<BallotTalliedPayload>;
};
type Report = (table: AuditProblem["table"], rowId: number | null, ballotId: number | null, message: string) => void;

const show = (v: unknown) => (v === null || v === undefined ? "null" : JSON.stringify(v));

/** The fields of a against b that differ, as "field: actual ≠ audited" pieces. */
function differences(actual: Record<string, unknown>, audited: Record<string, unknown>, fields: readonly string[]): string[] {
  return fields.filter((f) => canonicalJson(actual[f] ?? null) !== canonicalJson(audited[f] ?? null)).map((f) => `${f} ${show(actual[f])} ≠ audited ${show(audited[f])}`);
}

function groupBy<T>(rows: readonly T[], key: (row: T) => number): Map<number, T[]> {
  const out = new Map<number, T[]>();
  for (const row of rows) {
    const k = key(row);
    const list = out.get(k);
    if (list) list.push(row);
    else out.set(k, [row]);
  }
  return out;
}

/**
 * Checks the audit chain and the ballots against it, and returns every problem found (none: all
 * is well). The chain: every entry's hash recomputed from its content and its predecessor's hash,
 * ids without gaps (AUTOINCREMENT never reuses one, so a gap is a deleted entry), no entry missing
 * after the last. The ballots: each ballot's settings, options and electorate as audited at the
 * opening; each elector's vote equal to its latest audited state, no vote without audit and no
 * audited vote gone; proxies likewise; a closed ballot's stored result equal to the audited tally,
 * and that tally equal to a recount of the audited votes.
 */
export function checkAudit(rows: AuditRows): AuditReport {
  const problems: AuditProblem[] = [];
  const report: Report = (table, rowId, ballotId, message) => problems.push({ table, rowId, ballotId, message });

  // ── The chain
  const { entries } = rows;
  const byBallot = new Map<number, BallotAudit>();
  const audit = (ballotId: number) => {
    let a = byBallot.get(ballotId);
    if (!a) byBallot.set(ballotId, (a = { votes: new Map(), proxies: new Map() }));
    return a;
  };
  let prev: (typeof entries)[number] | null = null;
  for (const e of entries) {
    const expectedId = prev ? prev.id + 1 : 1;
    const chained = e.prevHash === (prev?.hash ?? GENESIS_HASH);
    if (e.id !== expectedId && !(rows.idsMayBeSkipped && chained)) {
      report("audit_log", e.id, e.ballotId, e.id - 1 === expectedId ? `entry ${expectedId} is missing before entry ${e.id} (deleted)` : `entries ${expectedId}–${e.id - 1} are missing before entry ${e.id} (deleted)`);
    } else if (!chained) {
      report("audit_log", e.id, e.ballotId, prev ? `prev_hash of entry ${e.id} does not match the hash of entry ${prev.id}: the chain is broken` : `entry ${e.id} is first but does not start from the genesis hash`);
    }
    if (auditHash(e.prevHash, e.id, e.at.getTime(), e.kind, e.payload) !== e.hash) {
      report("audit_log", e.id, e.ballotId, `entry ${e.id} (${e.kind}) does not match its hash: it was edited`);
    }
    prev = e;

    let payload: Record<string, unknown>;
    try {
      payload = JSON.parse(e.payload) as Record<string, unknown>;
    } catch {
      report("audit_log", e.id, e.ballotId, `entry ${e.id} holds no valid JSON`);
      continue;
    }
    const ballotId = typeof payload.ballotId === "number" ? payload.ballotId : null;
    if (ballotId == null) continue;
    if (e.ballotId !== ballotId) report("audit_log", e.id, e.ballotId, `entry ${e.id} is filed under ballot ${show(e.ballotId)} but records ballot ${ballotId}`);
    const a = audit(ballotId);
    if (e.kind === "ballot.opened") a.opened = { entryId: e.id, p: payload as unknown as BallotOpenedPayload };
    else if (e.kind === "vote.cast" || e.kind === "vote.changed" || e.kind === "vote.paper") {
      const p = payload as unknown as VoteAuditPayload;
      a.votes.set(p.electorKey, { entryId: e.id, p });
    } else if (e.kind === "proxy.recorded") {
      const p = payload as unknown as ProxyAuditPayload;
      a.proxies.set(p.proxyId, { entryId: e.id, p });
    } else if (e.kind === "ballot.tallied") a.tallied = { entryId: e.id, p: payload as unknown as BallotTalliedPayload };
  }
  const lastId = entries.at(-1)?.id ?? 0;
  const seq = rows.highestIssuedId;
  if (seq > lastId) {
    const missing = seq === lastId + 1 ? `entry ${seq}, the last one, is missing` : `entries ${lastId + 1}–${seq} at the end are missing`;
    report("audit_log", lastId + 1, null, rows.idsMayBeSkipped ? `${missing} (deleted, or appended by a transaction that rolled back or has not committed yet)` : `${missing} (deleted)`);
  }

  // ── The ballots against the chain
  const { ballots: ballotRows, votes: voteRows, options: optionRows, proxies: proxyRows } = rows;
  const votesOf = groupBy(voteRows, (v) => v.ballotId);
  const optionsOf = groupBy(optionRows, (o) => o.ballotId);
  const electorsOf = groupBy(rows.electors, (e) => e.ballotId);
  const ballotIds = new Set(ballotRows.map((b) => b.id));

  for (const b of ballotRows) checkBallot(b, byBallot.get(b.id), votesOf.get(b.id) ?? [], optionsOf.get(b.id) ?? [], electorsOf.get(b.id) ?? [], report);
  for (const [ballotId, a] of byBallot) {
    if (a.opened && !ballotIds.has(ballotId)) report("ballots", ballotId, ballotId, `ballot ${ballotId} was opened (entry ${a.opened.entryId}) but its row is gone`);
  }

  const matched = new Set<string>();
  for (const v of voteRows) {
    const audited = byBallot.get(v.ballotId)?.votes.get(v.electorKey);
    if (!audited) {
      report("votes", v.id, v.ballotId, `vote ${v.id} (ballot ${v.ballotId}, ${v.electorKey}) has no audit entry`);
      continue;
    }
    matched.add(`${v.ballotId}\u0000${v.electorKey}`);
    const diff = differences(votePayload(v), audited.p, ["voteId", "electorKey", "choice", "optionId", "channel", "castBy", "witness", "viaProxyId", "recordedBy"]);
    if (diff.length) report("votes", v.id, v.ballotId, `vote ${v.id} (ballot ${v.ballotId}, ${v.electorKey}) differs from audit entry ${audited.entryId}: ${diff.join("; ")}`);
  }
  for (const [ballotId, a] of byBallot) {
    for (const [key, audited] of a.votes) {
      if (!matched.has(`${ballotId}\u0000${key}`)) report("votes", audited.p.voteId, ballotId, `vote ${audited.p.voteId} (ballot ${ballotId}, ${key}) audited in entry ${audited.entryId} is gone`);
    }
  }

  const proxyIds = new Set(proxyRows.map((p) => p.id));
  for (const p of proxyRows) {
    const audited = byBallot.get(p.ballotId)?.proxies.get(p.id);
    if (!audited) {
      report("ballot_proxies", p.id, p.ballotId, `proxy ${p.id} (ballot ${p.ballotId}, ${p.electorKey}) has no audit entry`);
      continue;
    }
    const diff = differences({ electorKey: p.electorKey, proxyPersonId: p.proxyPersonId, scanStoredName: p.scanStoredName, recordedBy: p.recordedBy }, audited.p, ["electorKey", "proxyPersonId", "scanStoredName", "recordedBy"]);
    if (diff.length) report("ballot_proxies", p.id, p.ballotId, `proxy ${p.id} differs from audit entry ${audited.entryId}: ${diff.join("; ")}`);
  }
  for (const [ballotId, a] of byBallot) {
    for (const [proxyId, audited] of a.proxies) {
      if (!proxyIds.has(proxyId)) report("ballot_proxies", proxyId, ballotId, `proxy ${proxyId} audited in entry ${audited.entryId} is gone`);
    }
  }

  return { problems, entries: entries.length, ballots: ballotRows.length };
}

function checkBallot(b: Ballot, a: BallotAudit | undefined, voteRows: Vote[], optionRows: AuditRows["options"], electorRows: AuditElectorRow[], report: Report): void {
  const opened = a?.opened;
  if (!opened) {
    report("ballots", b.id, b.id, `ballot ${b.id} has no audited opening`);
    return;
  }
  const o = opened.p;
  const actual = {
    topicId: b.topicId,
    title: b.title,
    kind: b.kind,
    rule: b.rule,
    electorateKind: b.electorateKind,
    meetingId: b.meetingId,
    buildingId: b.buildingId,
    quorumRequired: b.quorumRequired,
    turnoutFloor: b.turnoutFloor,
    secret: b.secret,
    opensAt: b.opensAt.getTime(),
    closesAt: b.closesAt.getTime(),
  };
  const diff = differences(actual, o as unknown as Record<string, unknown>, Object.keys(actual));
  if (diff.length) report("ballots", b.id, b.id, `ballot ${b.id} differs from its opening (entry ${opened.entryId}): ${diff.join("; ")}`);

  for (const row of optionRows) {
    const audited = o.options.find((x) => x.optionId === row.id);
    if (!audited) report("ballot_options", row.id, b.id, `option ${row.id} of ballot ${b.id} was not on the ballot when it opened`);
    else {
      const d = differences({ planId: row.planId, revisionNumber: row.revisionNumber, position: row.position }, audited, ["planId", "revisionNumber", "position"]);
      if (d.length) report("ballot_options", row.id, b.id, `option ${row.id} of ballot ${b.id} differs from its opening: ${d.join("; ")}`);
    }
  }
  for (const audited of o.options) {
    if (!optionRows.some((r) => r.id === audited.optionId)) report("ballot_options", audited.optionId, b.id, `option ${audited.optionId} of ballot ${b.id} is gone`);
  }

  // A meeting's electorate grows as people check in; every other one is fixed at the opening.
  const electorByKey = new Map(electorRows.map((e) => [e.electorKey, e]));
  if (b.electorateKind !== "meetingAttendees") {
    const audited = new Map(o.electors.map((e) => [e.electorKey, e]));
    for (const row of electorRows) {
      const e = audited.get(row.electorKey);
      if (!e) report("ballot_electors", row.id, b.id, `elector ${row.electorKey} of ballot ${b.id} was not in the electorate at the opening`);
      else {
        const d = differences({ areaHundredths: row.areaHundredths, memberIds: [...row.memberIds].sort((x, y) => x - y) }, e, ["areaHundredths", "memberIds"]);
        if (d.length) report("ballot_electors", row.id, b.id, `elector ${row.electorKey} of ballot ${b.id} differs from the opening: ${d.join("; ")}`);
      }
    }
    for (const e of o.electors) {
      if (!electorByKey.has(e.electorKey)) report("ballot_electors", null, b.id, `elector ${e.electorKey} of ballot ${b.id} is gone from the electorate`);
    }
  }

  const votedArea = voteRows.reduce((s, v) => s + (electorByKey.get(v.electorKey)?.areaHundredths ?? 0), 0);
  if (b.votedCount !== voteRows.length || b.votedAreaHundredths !== votedArea) {
    report("ballots", b.id, b.id, `ballot ${b.id} shows a turnout of ${b.votedCount} (area ${b.votedAreaHundredths}) but holds ${voteRows.length} votes (area ${votedArea})`);
  }

  const tallied = a.tallied;
  if (b.status !== "closed") {
    if (tallied) report("ballots", b.id, b.id, `ballot ${b.id} is open again although it was tallied (entry ${tallied.entryId})`);
    return;
  }
  if (!tallied) {
    report("ballots", b.id, b.id, `ballot ${b.id} is closed without an audited tally`);
    return;
  }
  const t = tallied.p;
  const stored = differences(
    { result: b.result, passed: b.passed, winningPlanId: b.winningPlanId, earlyClose: b.earlyCloseGround ? { ground: b.earlyCloseGround, at: b.earlyClosedAt?.getTime() ?? null } : null },
    t as unknown as Record<string, unknown>,
    ["result", "passed", "winningPlanId", "earlyClose"],
  );
  if (stored.length) report("ballots", b.id, b.id, `the stored result of ballot ${b.id} differs from the tally audited in entry ${tallied.entryId}: ${stored.map((s) => s.split(" ")[0]).join(", ")}`);

  // Recount: the audited votes, under the audited rule and electorate, must give the audited tally.
  const planOf = new Map(o.options.map((x) => [x.optionId, x.planId]));
  const electors: AuditedElector[] = b.electorateKind === "meetingAttendees" ? electorRows : o.electors;
  const recount = computeBallotResult(
    {
      kind: o.kind,
      rule: o.rule as VoteRuleId,
      electorateKind: o.electorateKind as Ballot["electorateKind"],
      quorumRequired: o.quorumRequired,
      turnoutFloor: o.turnoutFloor ?? null,
      planIds: [...o.options].sort((x, y) => x.position - y.position).map((x) => x.planId),
    },
    electors,
    [...a.votes.values()].map(({ p }) => ({ electorKey: p.electorKey, choice: p.choice as BallotChoice | null, planId: p.optionId != null ? (planOf.get(p.optionId) ?? null) : null })),
    t.present,
  );
  if (canonicalJson(recount) !== canonicalJson(t.result)) {
    report("audit_log", tallied.entryId, b.id, `the tally of ballot ${b.id} (entry ${tallied.entryId}) does not follow from its audited votes`);
  }
}
