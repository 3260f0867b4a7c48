/**
 * What a people import (owners' register, residents' list, staff sheet) does to the people and
 * roles already in the database. Pure: no database, no clock — the use case reads the state, this
 * decides, the use case writes what was decided.
 *
 * Blocks vs lists — the line drawn here:
 * - A file at odds with ITSELF is a bad file and is refused row by row, nothing written: one mobile
 *   number under two names, two different developer's representatives. Only whoever made the file
 *   can say which line is right.
 * - A file at odds with the DATABASE is a conflict between two sources, each official in its way
 *   (an earlier register, a staff review, a person's own registration). The import applies
 *   everything else and holds back the claims concerned, written as conflicts that staff decide:
 *   · phoneNameMismatch — the number belongs to a person of another name: all of that row's claims
 *     wait (the number may have changed hands, or the register mistyped it);
 *   · unitClaimed (owners' registers only) — a unit the register names already has owners whom
 *     the register does not list (given by an earlier register or a staff review): the register's
 *     owner claims on that unit wait; adopting them later removes the unlisted owners.
 *   A register that does not name a unit at all says nothing about it (registers often cover one
 *   building), so its owners are left alone. Listing an existing owner together with new people
 *   makes the new people co-owners, which is no conflict.
 * - A conflict already listed (open, or decided) under the same key is not listed again, so
 *   importing the same file twice changes nothing.
 */
/** One role the file gives a person (a role kind of db/schema), scoped as lib/admin/role-needs says the role needs. */
export type Claim = { role: string; unitId: number | null; gridId: number | null; organisationId: number | null };

/** A row that passed its own cell checks: a person, the roles it gives them, whether they represent the developer. */
export type FileRow = { line: number; name: string; phone: string; claims: Claim[]; developerRep: boolean };

export type KnownPerson = { id: number; name: string; status: "pending" | "verified" | "rejected" };

export type PeopleState = {
  byPhone: ReadonlyMap<string, KnownPerson>;
  /** roleKey() of every role held in the community. */
  heldRoles: ReadonlySet<string>;
  /** Current owners (verified people holding role owner) of each unit, by unit id. */
  ownersOfUnit: ReadonlyMap<number, readonly number[]>;
  /** Keys of conflicts listed before, open or decided. */
  knownConflictKeys: ReadonlySet<string>;
  /** The person recorded as the developer's representative, if any. */
  developerRepId: number | null;
};

export type RowOutcome = "created" | "roleAdded" | "unchanged" | "conflict" | "refused";

export type RowReport = {
  line: number;
  name: string;
  outcome: RowOutcome;
  /** The existing person matched by mobile number. */
  matchedPersonId: number | null;
  rolesAdded: number;
  /** Conflicts this row's claims wait in (including ones listed before). */
  conflicts: ("phoneNameMismatch" | "unitClaimed")[];
  /** Message key of the refusal (outcome "refused"). */
  reason?: string;
};

export type NewPerson = { phone: string; name: string; first: Claim | null };
export type RoleGrant = { phone: string; claim: Claim };

export type PlannedConflict =
  | {
      kind: "phoneNameMismatch";
      key: string;
      personId: number;
      unitId: null;
      data: { phone: string; name: string; lines: number[]; claims: Claim[]; developerRep: boolean };
    }
  | {
      kind: "unitClaimed";
      key: string;
      personId: null;
      unitId: number;
      /** listed: the register's owners of the unit; remove: current owners it does not list. */
      data: { listed: { line: number; name: string; phone: string; personId: number | null }[]; remove: number[] };
    };

export type PeoplePlan = {
  rows: RowReport[];
  create: NewPerson[];
  /** Existing people the file verifies (pending or rejected before). */
  verify: number[];
  grant: RoleGrant[];
  conflicts: PlannedConflict[];
  /** Phone of the developer's representative to record (null: no change). */
  developerRep: string | null;
  /** True when committing would change nothing. */
  unchanged: boolean;
};

export const roleKey = (personId: number, c: Claim) => `${personId}|${c.role}|${c.unitId ?? ""}|${c.gridId ?? ""}|${c.organisationId ?? ""}`;
const claimKey = (c: Claim) => `${c.role}|${c.unitId ?? ""}|${c.gridId ?? ""}|${c.organisationId ?? ""}`;

/** Names compared as a person would: width, spaces and the middle dot of minority names ignored. */
export const sameName = (a: string, b: string) => normName(a) === normName(b);
const normName = (s: string) => s.normalize("NFKC").replace(/[\s·•・.]/g, "").toLowerCase();

/**
 * Refusals of rows the file contradicts itself in. Returns line → message key; the use case adds
 * them to its own cell refusals and commits nothing if there is any.
 */
export function fileContradictions(rows: readonly FileRow[]): Map<number, string> {
  const out = new Map<number, string>();
  const byPhone = new Map<string, FileRow[]>();
  for (const r of rows) byPhone.set(r.phone, [...(byPhone.get(r.phone) ?? []), r]);
  for (const group of byPhone.values()) {
    if (group.some((r) => !sameName(r.name, group[0]!.name))) for (const r of group) out.set(r.line, "importPhoneTwoNames");
  }
  const reps = new Set(rows.filter((r) => r.developerRep).map((r) => r.phone));
  if (reps.size > 1) for (const r of rows) if (r.developerRep && !out.has(r.line)) out.set(r.line, "importTwoDeveloperReps");
  return out;
}

/**
 * Decides what importing these rows (free of contradictions: see fileContradictions) does.
 * `ownerConflicts` is true for owners' registers only: residents' lists and staff sheets add roles
 * beside those held and never take a unit from anyone.
 */
export function planPeopleImport(rows: readonly FileRow[], state: PeopleState, opts: { ownerConflicts: boolean }): PeoplePlan {
  // One person per mobile number; their rows' claims together, each once.
  const groups = new Map<string, FileRow[]>();
  for (const r of rows) groups.set(r.phone, [...(groups.get(r.phone) ?? []), r]);

  const conflicts: PlannedConflict[] = [];
  const rowConflicts = new Map<number, Set<RowReport["conflicts"][number]>>();
  const mark = (line: number, kind: RowReport["conflicts"][number]) => rowConflicts.set(line, (rowConflicts.get(line) ?? new Set()).add(kind));
  const held = new Set<string>(); // `${phone}|${claimKey}` claims waiting in a conflict
  const mismatched = new Set<string>(); // phones whose person has another name

  for (const [phone, group] of groups) {
    const known = state.byPhone.get(phone);
    if (!known || sameName(known.name, group[0]!.name)) continue;
    mismatched.add(phone);
    const claims = uniqueClaims(group.flatMap((r) => r.claims));
    const developerRep = group.some((r) => r.developerRep);
    const key = `phoneNameMismatch|${phone}|${normName(group[0]!.name)}|${claims.map(claimKey).sort().join(",")}|${developerRep ? "rep" : ""}`;
    for (const r of group) mark(r.line, "phoneNameMismatch");
    for (const c of claims) held.add(`${phone}|${claimKey(c)}`);
    if (!state.knownConflictKeys.has(key)) {
      conflicts.push({ kind: "phoneNameMismatch", key, personId: known.id, unitId: null, data: { phone, name: group[0]!.name, lines: group.map((r) => r.line), claims, developerRep } });
    }
  }

  if (opts.ownerConflicts) {
    const listedOf = new Map<number, { line: number; name: string; phone: string }[]>();
    for (const r of rows) {
      for (const c of r.claims) {
        if (c.role !== "owner" || c.unitId == null) continue;
        const list = listedOf.get(c.unitId) ?? [];
        if (!list.some((l) => l.phone === r.phone)) list.push({ line: r.line, name: r.name, phone: r.phone });
        listedOf.set(c.unitId, list);
      }
    }
    for (const [unitId, listed] of [...listedOf].sort((a, b) => a[0] - b[0])) {
      const listedIds = new Set(listed.map((l) => state.byPhone.get(l.phone)?.id).filter((id): id is number => id != null));
      const remove = (state.ownersOfUnit.get(unitId) ?? []).filter((id) => !listedIds.has(id)).sort((a, b) => a - b);
      if (remove.length === 0) continue;
      // Claims of people whose number is in a name conflict wait there, not here.
      const waiting = listed.filter((l) => !mismatched.has(l.phone));
      for (const l of waiting) {
        for (const r of groups.get(l.phone)!) {
          for (const c of r.claims) {
            if (c.role !== "owner" || c.unitId !== unitId) continue;
            held.add(`${l.phone}|${claimKey(c)}`);
            mark(r.line, "unitClaimed");
          }
        }
      }
      if (waiting.length === 0) continue;
      const key = `unitClaimed|${unitId}|${waiting.map((l) => l.phone).sort().join(",")}|${remove.join(",")}`;
      if (!state.knownConflictKeys.has(key)) {
        conflicts.push({
          kind: "unitClaimed",
          key,
          personId: null,
          unitId,
          data: { listed: waiting.map((l) => ({ ...l, personId: state.byPhone.get(l.phone)?.id ?? null })), remove },
        });
      }
    }
  }

  const create: NewPerson[] = [];
  const verify: number[] = [];
  const grant: RoleGrant[] = [];
  const reports: RowReport[] = [];
  let developerRep: string | null = null;
  for (const [phone, group] of groups) {
    const known = state.byPhone.get(phone) ?? null;
    const isMismatch = mismatched.has(phone);
    const granted = new Set<string>();
    let firstGrant: Claim | null = null;
    const addedByLine = new Map<number, number>();
    if (!isMismatch) {
      for (const r of group) {
        let added = 0;
        for (const c of r.claims) {
          const ck = claimKey(c);
          if (held.has(`${phone}|${ck}`) || granted.has(ck)) continue;
          if (known && state.heldRoles.has(roleKey(known.id, c))) continue;
          granted.add(ck);
          grant.push({ phone, claim: c });
          firstGrant ??= c;
          added++;
        }
        addedByLine.set(r.line, added);
      }
    }
    const repLine = isMismatch ? undefined : group.find((r) => r.developerRep)?.line;
    const repChanges = repLine != null && (known == null || state.developerRepId !== known.id);
    if (repChanges) developerRep = phone;
    // A new person is created when anything of theirs applies (a role, or representing the
    // developer); one whose every claim waits in a conflict is created if staff adopt the claim.
    const creates = !known && (granted.size > 0 || repLine != null);
    if (creates) create.push({ phone, name: group[0]!.name, first: firstGrant });
    const verifies = known != null && !isMismatch && known.status !== "verified";
    if (verifies) verify.push(known.id);
    group.forEach((r, i) => {
      const added = addedByLine.get(r.line) ?? 0;
      const kinds = [...(rowConflicts.get(r.line) ?? [])].sort();
      const outcome: RowOutcome =
        creates && i === 0
          ? "created"
          : added > 0 || (verifies && i === 0) || (repChanges && r.line === repLine)
            ? "roleAdded"
            : kinds.length > 0
              ? "conflict"
              : "unchanged";
      reports.push({ line: r.line, name: r.name, outcome, matchedPersonId: known?.id ?? null, rolesAdded: added, conflicts: kinds });
    });
  }
  reports.sort((a, b) => a.line - b.line);
  return {
    rows: reports,
    create,
    verify,
    grant,
    conflicts,
    developerRep,
    unchanged: create.length === 0 && verify.length === 0 && grant.length === 0 && conflicts.length === 0 && developerRep == null,
  };
}

function uniqueClaims(claims: Claim[]): Claim[] {
  const seen = new Set<string>();
  return claims.filter((c) => {
    const k = claimKey(c);
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}

/** Splits a cell listing several units: "3-2-1502、3-2-1503", "1502；1503", "1502,1503". */
export function splitUnits(cell: string): string[] {
  return cell
    .split(/[、;；,，/\n]+/)
    .map((s) => s.trim())
    .filter((s) => s !== "");
}

/** 身份/类型 cell of an owners' register. Empty reads as owner; null: not a standing we know. */
export function readStanding(cell: string): "owner" | "developerRep" | null {
  const s = cell.normalize("NFKC").replace(/\s/g, "");
  if (s === "" || ["业主", "产权人", "共有人", "共同共有人", "按份共有人", "所有权人", "owner", "co-owner"].includes(s.toLowerCase())) return "owner";
  if (["开发商代表", "建设单位代表", "开发商", "developer"].includes(s.toLowerCase())) return "developerRep";
  return null;
}
