import { createHash } from "node:crypto";
import { and, asc, count, eq, inArray } from "drizzle-orm";
import type { DB, Tx } from "@/db/client";
import {
  ballotElectorMembers,
  ballotElectors,
  ballotProxies,
  buildings,
  grids,
  meetingAttendance,
  people,
  roles,
  units,
  type Ballot,
  type ElectorateKind,
} from "@/db/schema";
import { canonicalJson } from "@/lib/audit/append";
import { votingBasis } from "@/lib/domain/electorate-rules";
import { ownersElectorate } from "@/lib/domain/vote-rules";
import { voteReads } from "./prepared";
import { first } from "@/db/query";

/** One counted voter of a ballot as snapshotted: who may vote for it and what it weighs. */
export type ElectorDraft = {
  electorKey: string;
  label: string;
  areaHundredths: number;
  unitIds: number[];
  /** The people who may vote for this elector: the person themself, or the owners of a counted owner. */
  memberIds: number[];
};

export const personElectorKey = (personId: number) => `person:${personId}`;

export type ElectorateScope = { kind: ElectorateKind; communityId: number; gridId: number; buildingId: number | null; meetingId: number | null };

/** How many units a label lists before it says how many more there are. */
const LABEL_UNITS = 6;

function unitList(labels: string[]): string {
  const shown = labels.slice(0, LABEL_UNITS).join("、");
  return labels.length > LABEL_UNITS ? `${shown} … (+${labels.length - LABEL_UNITS})` : shown;
}

const personLabel = (p: { name: string; displayNumber: string }) => `${p.name} ${p.displayNumber}`;

/**
 * The electorate of a ballot as it stands now. Owners' electorates follow the counting of
 * lib/domain/vote-rules (an owner of several units once, the developer's units together, co-owners
 * together) over the units of the building or of the whole estate, with their verified owners —
 * except that a developer-held unit is the developer's alone (lib/domain/electorate-rules): whoever
 * is registered on it neither votes through it nor joins the developer's voter. Person electorates
 * hold one elector per verified person.
 */
export async function snapshotElectorate(tx: DB | Tx, scope: ElectorateScope): Promise<ElectorDraft[]> {
  switch (scope.kind) {
    case "gridResidents":
      return gridResidents(tx, scope.communityId, scope.gridId);
    case "meetingAttendees":
      return scope.meetingId == null ? [] : await meetingAttendees(tx, scope.meetingId);
    case "buildingOwners":
    case "estateOwners":
      return owners(tx, scope);
  }
}

async function gridResidents(tx: DB | Tx, communityId: number, gridId: number): Promise<ElectorDraft[]> {
  const rows = await tx
    .select({ personId: people.id, name: people.name, displayNumber: people.displayNumber, unitId: roles.unitId })
    .from(roles)
    .innerJoin(people, eq(people.id, roles.personId))
    .where(and(eq(roles.communityId, communityId), eq(roles.gridId, gridId), inArray(roles.role, ["resident", "owner"]), eq(people.status, "verified")))
    .orderBy(asc(people.id));
  const byPerson = new Map<number, ElectorDraft>();
  for (const r of rows) {
    let e = byPerson.get(r.personId);
    if (!e) {
      e = { electorKey: personElectorKey(r.personId), label: personLabel(r), areaHundredths: 0, unitIds: [], memberIds: [r.personId] };
      byPerson.set(r.personId, e);
    }
    if (r.unitId != null && !e.unitIds.includes(r.unitId)) e.unitIds.push(r.unitId);
  }
  return [...byPerson.values()].map((e) => ({ ...e, unitIds: e.unitIds.sort((a, b) => a - b) }));
}

async function meetingAttendees(tx: DB | Tx, meetingId: number): Promise<ElectorDraft[]> {
  return (await tx
    .select({ personId: people.id, name: people.name, displayNumber: people.displayNumber })
    .from(meetingAttendance)
    .innerJoin(people, eq(people.id, meetingAttendance.personId))
    .where(eq(meetingAttendance.meetingId, meetingId))
    .orderBy(asc(people.id)))
    .map((p) => ({ electorKey: personElectorKey(p.personId), label: personLabel(p), areaHundredths: 0, unitIds: [], memberIds: [p.personId] }));
}

async function owners(tx: DB | Tx, scope: ElectorateScope): Promise<ElectorDraft[]> {
  const where =
    scope.kind === "buildingOwners"
      ? eq(units.buildingId, scope.buildingId ?? -1)
      : eq(grids.communityId, scope.communityId);
  const unitRows = await tx
    .select({ id: units.id, number: units.number, area: units.areaHundredths, developerHeld: units.developerHeld, buildingName: buildings.name })
    .from(units)
    .innerJoin(buildings, eq(buildings.id, units.buildingId))
    .innerJoin(grids, eq(grids.id, buildings.gridId))
    .where(where)
    .orderBy(asc(units.id));
  const ownerRows = await tx
    .select({ unitId: roles.unitId, personId: people.id, name: people.name })
    .from(roles)
    .innerJoin(people, eq(people.id, roles.personId))
    .innerJoin(units, eq(units.id, roles.unitId))
    .innerJoin(buildings, eq(buildings.id, units.buildingId))
    .innerJoin(grids, eq(grids.id, buildings.gridId))
    .where(and(where, eq(roles.role, "owner"), eq(people.status, "verified")))
    .orderBy(asc(people.id));

  const ownersOf = new Map<number, number[]>();
  const names = new Map<number, string>();
  for (const o of ownerRows) {
    if (o.unitId == null) continue;
    const list = ownersOf.get(o.unitId) ?? [];
    if (!list.includes(o.personId)) list.push(o.personId);
    ownersOf.set(o.unitId, list);
    names.set(o.personId, o.name);
  }
  const unitLabel = new Map(unitRows.map((u) => [u.id, scope.kind === "buildingOwners" ? u.number : `${u.buildingName} ${u.number}`]));
  const basis = votingBasis(unitRows.map((u) => ({ unitId: u.id, areaHundredths: u.area, registeredOwnerIds: ownersOf.get(u.id) ?? [], developerHeld: u.developerHeld })));
  return ownersElectorate(basis.units).owners.map((o) => {
    const who = o.ownerIds.map((id) => names.get(id) ?? "").filter(Boolean).join("、");
    const held = unitList(o.unitIds.map((id) => unitLabel.get(id) ?? String(id)));
    return { electorKey: o.ownerKey, label: who ? `${held} · ${who}` : held, areaHundredths: o.areaHundredths, unitIds: o.unitIds, memberIds: o.ownerIds };
  });
}

const CHUNK = 400;

/** Stores the snapshot: one row per elector and one per person who may vote for it. */
export async function insertElectors(tx: DB | Tx, ballotId: number, drafts: ElectorDraft[]): Promise<void> {
  for (let i = 0; i < drafts.length; i += CHUNK) {
    const part = drafts.slice(i, i + CHUNK);
    await tx.insert(ballotElectors)
      .values(part.map((e) => ({ ballotId, electorKey: e.electorKey, label: e.label, areaHundredths: e.areaHundredths, unitIds: e.unitIds })))
      .onConflictDoNothing();
    const members = part.flatMap((e) => e.memberIds.map((personId) => ({ ballotId, electorKey: e.electorKey, personId })));
    for (let j = 0; j < members.length; j += CHUNK) await tx.insert(ballotElectorMembers).values(members.slice(j, j + CHUNK)).onConflictDoNothing();
  }
}

/** The electorate as the audit log records it at the opening: key, weight and members, in key order. */
export function electorsForAudit(drafts: readonly Pick<ElectorDraft, "electorKey" | "areaHundredths" | "memberIds">[]) {
  return [...drafts]
    .map((e) => ({ electorKey: e.electorKey, areaHundredths: e.areaHundredths, memberIds: [...e.memberIds].sort((a, b) => a - b) }))
    .sort((a, b) => (a.electorKey < b.electorKey ? -1 : a.electorKey > b.electorKey ? 1 : 0));
}

export function electorsDigest(drafts: readonly Pick<ElectorDraft, "electorKey" | "areaHundredths" | "memberIds">[]): string {
  return createHash("sha256").update(canonicalJson(electorsForAudit(drafts))).digest("hex");
}

/** The electorate stored for a ballot, with the members of each elector. */
export async function loadElectors(tx: DB | Tx, ballotId: number): Promise<(ElectorDraft & { id: number })[]> {
  const rows = await tx.select().from(ballotElectors).where(eq(ballotElectors.ballotId, ballotId)).orderBy(asc(ballotElectors.id));
  const members = await tx
    .select({ electorKey: ballotElectorMembers.electorKey, personId: ballotElectorMembers.personId })
    .from(ballotElectorMembers)
    .where(eq(ballotElectorMembers.ballotId, ballotId))
    .orderBy(asc(ballotElectorMembers.personId));
  const byKey = new Map<string, number[]>();
  for (const m of members) byKey.set(m.electorKey, [...(byKey.get(m.electorKey) ?? []), m.personId]);
  return rows.map((r) => ({ id: r.id, electorKey: r.electorKey, label: r.label, areaHundredths: r.areaHundredths, unitIds: r.unitIds, memberIds: byKey.get(r.electorKey) ?? [] }));
}

/**
 * The electors a close now would count, in snapshot order: the stored ones and, at a meeting,
 * everyone checked in now who has no row yet. A meeting voter who has left since keeps their row,
 * and their vote counts at the close (closeInTx), so they are counted here too.
 */
export async function electorsNow(
  tx: DB | Tx,
  ballot: Pick<Ballot, "id" | "electorateKind" | "meetingId">,
): Promise<{ electorKey: string; label: string; areaHundredths: number }[]> {
  const list = await tx
    .select({ electorKey: ballotElectors.electorKey, label: ballotElectors.label, areaHundredths: ballotElectors.areaHundredths })
    .from(ballotElectors)
    .where(eq(ballotElectors.ballotId, ballot.id))
    .orderBy(asc(ballotElectors.id));
  if (ballot.electorateKind === "meetingAttendees" && ballot.meetingId != null) {
    const known = new Set(list.map((e) => e.electorKey));
    for (const e of await meetingAttendees(tx, ballot.meetingId)) if (!known.has(e.electorKey)) list.push({ electorKey: e.electorKey, label: e.label, areaHundredths: 0 });
  }
  return list;
}

/** People checked in at the meeting right now (the live presence of a meeting ballot). */
export async function presentCount(tx: DB | Tx, meetingId: number): Promise<number> {
  return (await first(tx.select({ n: count() }).from(meetingAttendance).where(eq(meetingAttendance.meetingId, meetingId))))?.n ?? 0;
}

export async function isPresent(tx: DB | Tx, meetingId: number, personId: number): Promise<boolean> {
  return !!await first(tx
    .select({ id: meetingAttendance.id })
    .from(meetingAttendance)
    .where(and(eq(meetingAttendance.meetingId, meetingId), eq(meetingAttendance.personId, personId))));
}

/**
 * A meeting ballot's electorate grows as people check in: the person present becomes an elector
 * the moment they vote (or are counted at the close). Idempotent.
 */
export async function ensureMeetingElector(tx: DB | Tx, ballotId: number, personId: number): Promise<string> {
  const p = await first(tx.select({ name: people.name, displayNumber: people.displayNumber }).from(people).where(eq(people.id, personId)));
  const key = personElectorKey(personId);
  await insertElectors(tx, ballotId, [{ electorKey: key, label: p ? personLabel(p) : key, areaHundredths: 0, unitIds: [], memberIds: [personId] }]);
  return key;
}

/** An elector the signed-in person may vote for, and whether they do so as a proxy (委托投票). */
export type EligibleElector = { electorKey: string; label: string; areaHundredths: number; viaProxyId: number | null };

/**
 * Every elector a person may vote for: themself (a member of the elector: the person, or one of the
 * owners counted together) and each principal whose written authorization names them as proxy.
 * At a meeting ballot: themself, while checked in.
 */
export async function eligibleElectors(tx: DB | Tx, ballot: Pick<Ballot, "id" | "electorateKind" | "meetingId">, personId: number): Promise<EligibleElector[]> {
  if (ballot.electorateKind === "meetingAttendees") {
    if (ballot.meetingId == null || !await isPresent(tx, ballot.meetingId, personId)) return [];
    const p = await first(tx.select({ name: people.name, displayNumber: people.displayNumber }).from(people).where(eq(people.id, personId)));
    return [{ electorKey: personElectorKey(personId), label: p ? personLabel(p) : personElectorKey(personId), areaHundredths: 0, viaProxyId: null }];
  }
  const reads = voteReads(tx);
  const own = reads
    ? reads.ownElectors.all({ ballotId: ballot.id, personId })
    : await tx
    .select({ electorKey: ballotElectors.electorKey, label: ballotElectors.label, areaHundredths: ballotElectors.areaHundredths })
    .from(ballotElectorMembers)
    .innerJoin(ballotElectors, and(eq(ballotElectors.ballotId, ballotElectorMembers.ballotId), eq(ballotElectors.electorKey, ballotElectorMembers.electorKey)))
    .where(and(eq(ballotElectorMembers.ballotId, ballot.id), eq(ballotElectorMembers.personId, personId)))
    .orderBy(asc(ballotElectors.id));
  const proxied = reads
    ? reads.proxiedElectors.all({ ballotId: ballot.id, personId })
    : await tx
    .select({ electorKey: ballotElectors.electorKey, label: ballotElectors.label, areaHundredths: ballotElectors.areaHundredths, proxyId: ballotProxies.id })
    .from(ballotProxies)
    .innerJoin(ballotElectors, and(eq(ballotElectors.ballotId, ballotProxies.ballotId), eq(ballotElectors.electorKey, ballotProxies.electorKey)))
    .where(and(eq(ballotProxies.ballotId, ballot.id), eq(ballotProxies.proxyPersonId, personId)))
    .orderBy(asc(ballotElectors.id));
  const out: EligibleElector[] = own.map((e) => ({ ...e, viaProxyId: null }));
  for (const p of proxied) {
    if (!out.some((e) => e.electorKey === p.electorKey)) out.push({ electorKey: p.electorKey, label: p.label, areaHundredths: p.areaHundredths, viaProxyId: p.proxyId });
  }
  return out;
}
