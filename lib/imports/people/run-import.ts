import "server-only";
import { and, eq, inArray, sql } from "drizzle-orm";
import type { DB, Tx } from "@/db/client";
import { developerRepresentatives, importConflicts, imports, organisations, people, roles, type ImportKind, type RoleKind } from "@/db/schema";
import { authorize } from "@/lib/auth/policy";
import type { ActorCtx } from "@/lib/context";
import { fileContradictions, planPeopleImport, roleKey, type Claim, type FileRow, type PeoplePlan, type PeopleState, type RowOutcome } from "@/lib/domain/register-rules";
import { AppError, invalid } from "@/lib/errors";
import { recordEvent } from "@/lib/events/record";
import { resolveCommunity } from "@/lib/admin/scope";
import { cleanText, readPhone } from "@/lib/imports/sheet/cells";
import { cellOf, columnNames, matchColumns, type ColumnMapping, type ColumnSpec } from "@/lib/imports/sheet/columns";
import { columnsPreview, type ColumnsPreview } from "@/lib/imports/sheet/preview";
import type { OnProgress } from "@/lib/imports/sheet/progress";
import type { Sheet } from "@/lib/imports/sheet/read";
import { displayNumberPrefix, unitPart, type DisplayNumberParts } from "@/lib/people/display-number";
import { peopleImportInput } from "@/lib/validation/people-import";
import { CommunityPlaces } from "./places";
import { unitOfWork } from "@/db/unit-of-work";
import { first } from "@/db/query";
import { isPgHandle } from "@/db/pg/engine";

export type PeopleImportKind = Exclude<ImportKind, "estate">;

/** A row's cells read into a person and their claims, or the reason it is refused (a message key, with the column). */
export type ReadRow = { ok: true; row: FileRow } | { ok: false; line: number; name: string; reason: string; column: string };

/** How one kind of file reads: its columns and how a row becomes claims. */
export type PeopleSheetKind<K extends string> = {
  kind: PeopleImportKind;
  columns: ColumnSpec<K>;
  /** Owners' registers take units from owners they do not list (as conflicts); other files never do. */
  ownerConflicts: boolean;
  readRow: (cell: (k: K) => string, line: number, places: CommunityPlaces) => { claims: Claim[]; developerRep: boolean } | { reason: string; column: K };
};

export type RowView = {
  line: number;
  name: string;
  outcome: RowOutcome;
  matched: boolean;
  rolesAdded: number;
  conflicts: string[];
  reason?: string;
  column?: string;
};

export type PeopleImportSummary = {
  rows: number;
  created: number;
  matched: number;
  verified: number;
  rolesAdded: number;
  unchanged: number;
  conflicts: number;
  refused: number;
  developerRep: number;
};

export type PeopleImportResult =
  | {
      status: "needsMapping";
      /** The file's header and first rows, and each column with the header cell matched, for the step where staff map the rest. */
      columns: ColumnsPreview;
    }
  | {
      /** checked: a dry run; refused: rows were refused, nothing written; unchanged: nothing to write; committed. */
      status: "checked" | "refused" | "unchanged" | "committed";
      importId: number | null;
      summary: PeopleImportSummary;
      /** Refused and conflicting rows first, then the others, at most ROWS_SHOWN in all. */
      rows: RowView[];
      rowsOmitted: number;
    };

const ROWS_SHOWN = 2000;
const CHUNK = 500;

/**
 * The one flow of every people import: check every row first (cells, units, the file against
 * itself), plan against the database (lib/domain/register-rules), then either report (dry run, or
 * any refused row: nothing is written) or commit everything in ONE transaction with one imports
 * row and one event. Conflicts with the database are written for staff to decide, not applied.
 */
export async function runPeopleImport<K extends string>(ctx: ActorCtx, spec: PeopleSheetKind<K>, raw: unknown, sheet: Sheet, onProgress?: OnProgress): Promise<PeopleImportResult> {
  const input = peopleImportInput.parse(raw);
  const { db, actor } = ctx;
  const communityId = resolveCommunity(actor, "person.manage", input.communityId);
  authorize(actor, "person.manage", { communityId });

  const { mapping, missing } = matchColumns(sheet.header, spec.columns, input.mapping as ColumnMapping<K>);
  if (missing.length > 0) {
    return { status: "needsMapping", columns: columnsPreview(sheet, spec.columns, mapping, missing) };
  }
  if (sheet.rows.length === 0) throw invalid("fileEmpty", { file: "fileEmpty" });

  const places = await CommunityPlaces.load(db, communityId);
  const read: ReadRow[] = [];
  const total = sheet.rows.length;
  sheet.rows.forEach((r, i) => {
    if (i % 1000 === 0) onProgress?.(i, total);
    if (r.cells.every((c) => cleanText(c) === "")) return;
    read.push(readOne(spec, mapping, r.line, r.cells, r.malformed === true, places));
  });
  onProgress?.(total, total);

  const good = read.filter((r): r is Extract<ReadRow, { ok: true }> => r.ok).map((r) => r.row);
  const contradictions = fileContradictions(good);
  const refusedRows = new Map<number, RowView>();
  for (const r of read) if (!r.ok) refusedRows.set(r.line, { line: r.line, name: r.name, outcome: "refused", matched: false, rolesAdded: 0, conflicts: [], reason: r.reason, column: r.column });
  for (const r of good) {
    const reason = contradictions.get(r.line);
    if (reason) refusedRows.set(r.line, { line: r.line, name: r.name, outcome: "refused", matched: false, rolesAdded: 0, conflicts: [], reason, column: "phone" });
  }
  const planRows = good.filter((r) => !refusedRows.has(r.line));
  const plan = planPeopleImport(planRows, await loadState(db, communityId, planRows), { ownerConflicts: spec.ownerConflicts });

  const views: RowView[] = [
    ...refusedRows.values(),
    ...plan.rows.map((r) => ({ line: r.line, name: r.name, outcome: r.outcome, matched: r.matchedPersonId != null, rolesAdded: r.rolesAdded, conflicts: r.conflicts })),
  ];
  const summary = summarise(views, plan);
  const report = (status: "checked" | "refused" | "unchanged" | "committed", importId: number | null) => {
    const order: Record<RowOutcome, number> = { refused: 0, conflict: 1, created: 2, roleAdded: 2, unchanged: 3 };
    const sorted = views.sort((a, b) => order[a.outcome] - order[b.outcome] || a.line - b.line);
    return { status, importId, summary, rows: sorted.slice(0, ROWS_SHOWN), rowsOmitted: Math.max(0, sorted.length - ROWS_SHOWN) };
  };
  if (refusedRows.size > 0) return report("refused", null);
  if (input.dryRun) return report("checked", null);
  // The write below goes through SQLite's prepared statements (a bulk write at 150,000 rows); on
  // PostgreSQL the check above still runs, the write is refused plainly rather than failing.
  if (isPgHandle(db)) throw new AppError("conflict", "importNotOnPostgres");
  if (plan.unchanged) return report("unchanged", null);

  const importId = await unitOfWork(db, async (tx) => {
    const imp = await first(tx
      .insert(imports)
      .values({ communityId, kind: spec.kind, source: input.source, fileName: sheet.fileName, fileSha256: sheet.sha256, format: sheet.format, summary, importedBy: actor.personId })
      .returning({ id: imports.id }));
    await applyPlan(tx, plan, { communityId, importId: imp.id, places, sqlite: tx.$client, onProgress });
    await recordEvent(tx, {
      actorId: actor.personId,
      kind: "people.imported",
      subjectType: "import",
      subjectId: imp.id,
      data: { kind: spec.kind, communityId, fileName: sheet.fileName, sha256: sheet.sha256, ...summary },
    });
    return imp.id;
  });
  return report("committed", importId);
}

function readOne<K extends string>(spec: PeopleSheetKind<K>, mapping: ColumnMapping<K>, line: number, cells: string[], malformed: boolean, places: CommunityPlaces): ReadRow {
  const cell = (k: K) => cellOf(cells, mapping, k);
  const name = cleanText(cell("name" as K));
  if (malformed) return { ok: false, line, name, reason: "csvMalformedRow", column: "_" };
  if (!name) return { ok: false, line, name, reason: "importNameMissing", column: "name" };
  if (name.length > 40) return { ok: false, line, name: name.slice(0, 40), reason: "importNameTooLong", column: "name" };
  const phoneCell = cell("phone" as K);
  if (!cleanText(phoneCell)) return { ok: false, line, name, reason: "importPhoneMissing", column: "phone" };
  const phone = readPhone(phoneCell);
  if (!phone) return { ok: false, line, name, reason: "importPhoneInvalid", column: "phone" };
  const claims = spec.readRow(cell, line, places);
  if ("reason" in claims) return { ok: false, line, name, reason: claims.reason, column: claims.column };
  return { ok: true, row: { line, name, phone, claims: claims.claims, developerRep: claims.developerRep } };
}

/** Everything the plan is decided against, read once: only what concerns the file's numbers and units. */
async function loadState(db: DB | Tx, communityId: number, rows: readonly FileRow[]): Promise<PeopleState> {
  const phones = [...new Set(rows.map((r) => r.phone))];
  const byPhone = new Map<string, { id: number; name: string; status: "pending" | "verified" | "rejected" }>();
  for (let i = 0; i < phones.length; i += CHUNK) {
    for (const p of await db.select({ id: people.id, name: people.name, status: people.status, phone: people.phone }).from(people).where(inArray(people.phone, phones.slice(i, i + CHUNK)))) {
      byPhone.set(p.phone, { id: p.id, name: p.name, status: p.status });
    }
  }
  const heldRoles = new Set<string>();
  const ownersOfUnit = new Map<number, number[]>();
  const known = new Set([...byPhone.values()].map((p) => p.id));
  const named = new Set(rows.flatMap((r) => r.claims.filter((c) => c.role === "owner" && c.unitId != null).map((c) => c.unitId!)));
  // One pass over the community's roles: per-chunk lookups by person or unit let SQLite scan the
  // roles table once per chunk, which at 150,000 people took most of a minute.
  for (const r of await db
    .select({ personId: roles.personId, role: roles.role, unitId: roles.unitId, gridId: roles.gridId, organisationId: roles.organisationId, status: people.status })
    .from(roles)
    .innerJoin(people, eq(people.id, roles.personId))
    .where(eq(roles.communityId, communityId))) {
    if (known.has(r.personId)) heldRoles.add(roleKey(r.personId, r));
    if (r.role === "owner" && r.unitId != null && r.status === "verified" && named.has(r.unitId)) {
      const list = ownersOfUnit.get(r.unitId) ?? [];
      if (!list.includes(r.personId)) list.push(r.personId);
      ownersOfUnit.set(r.unitId, list);
    }
  }
  const knownConflictKeys = new Set(
    (await db.select({ key: importConflicts.key }).from(importConflicts).where(eq(importConflicts.communityId, communityId))).map((c) => c.key),
  );
  const rep = await first(db.select({ personId: developerRepresentatives.personId }).from(developerRepresentatives).where(eq(developerRepresentatives.communityId, communityId)));
  return { byPhone, heldRoles, ownersOfUnit, knownConflictKeys, developerRepId: rep?.personId ?? null };
}

function summarise(views: RowView[], plan: PeoplePlan): PeopleImportSummary {
  const count = (o: RowOutcome) => views.filter((v) => v.outcome === o).length;
  return {
    rows: views.length,
    created: plan.create.length,
    matched: new Set(plan.rows.filter((r) => r.matchedPersonId != null).map((r) => r.matchedPersonId)).size,
    verified: plan.verify.length,
    rolesAdded: plan.grant.length,
    unchanged: count("unchanged"),
    conflicts: plan.conflicts.length,
    refused: count("refused"),
    developerRep: plan.developerRep ? 1 : 0,
  };
}

/** The display number parts of a person whose first role is this claim (as lib/admin/role-scope.ts gives them). */
export function displayParts(places: CommunityPlaces, claim: Claim | null, orgCode: (id: number) => string): DisplayNumberParts {
  const communityCode = places.communityCode;
  // The developer's representative holds no role: numbered as the owner "developer" (开发商, KFS).
  if (!claim) return { communityCode, gridCode: "00", role: "owner", unitPart: "KFS" };
  if (claim.unitId != null) {
    const u = places.unit.get(claim.unitId)!;
    return { communityCode, gridCode: u.gridCode, role: claim.role as RoleKind, unitPart: unitPart(u.buildingCode, u.number) };
  }
  if (claim.organisationId != null) return { communityCode, gridCode: "00", role: claim.role as RoleKind, unitPart: orgCode(claim.organisationId) };
  return { communityCode, gridCode: claim.gridId != null ? places.gridCodeOf(claim.gridId) : "00", role: claim.role as RoleKind, unitPart: "SQ" };
}

/**
 * Next display numbers for many people at once: the highest sequence of every prefix of the
 * community is read in one pass (lib/people/allocate-display-number.ts reads per person, which
 * would scan the people table 150,000 times). Same rule: the remainder after the prefix is digits.
 */
export class DisplayNumbers {
  private max = new Map<string, number>();
  private constructor() {}

  static async load(tx: DB | Tx, communityCode: string): Promise<DisplayNumbers> {
    const numbers = new DisplayNumbers();
    await numbers.read(tx, communityCode);
    return numbers;
  }

  private async read(tx: DB | Tx, communityCode: string): Promise<void> {
    const rows = await tx
      .select({ dn: people.displayNumber })
      .from(people)
      .where(sql`substr(${people.displayNumber}, 1, ${communityCode.length}) = ${communityCode}`);
    for (const { dn } of rows) {
      const cut = dn.lastIndexOf("-");
      const rest = dn.slice(cut + 1);
      if (cut < 0 || !/^\d+$/.test(rest)) continue;
      const prefix = dn.slice(0, cut + 1);
      this.max.set(prefix, Math.max(this.max.get(prefix) ?? 0, Number(rest)));
    }
  }
  next(parts: DisplayNumberParts): string {
    const prefix = displayNumberPrefix(parts);
    const n = (this.max.get(prefix) ?? 0) + 1;
    this.max.set(prefix, n);
    return `${prefix}${n}`;
  }
}

async function applyPlan(tx: Tx, plan: PeoplePlan, o: { communityId: number; importId: number; places: CommunityPlaces; sqlite: DB["$client"]; onProgress?: OnProgress }): Promise<void> {
  const { communityId, importId, places } = o;
  // The community's organisations' codes, read once: a display number names the organisation.
  const orgCodes = new Map((await tx.select({ id: organisations.id, code: organisations.code }).from(organisations).where(eq(organisations.communityId, communityId))).map((o) => [o.id, o.code]));
  const orgCode = (id: number) => orgCodes.get(id)!;
  const numbers = await DisplayNumbers.load(tx, places.communityCode);
  const idByPhone = new Map<string, number>();
  const total = plan.create.length + plan.grant.length;
  // Prepared once and run per row inside the transaction: building each insert with drizzle cost
  // more than the write itself at 150,000 people.
  const insertPerson = o.sqlite.prepare("insert into people (phone, password_hash, name, display_number, status, verified_by_import_id) values (?, null, ?, ?, 'verified', ?)");
  plan.create.forEach((p, i) => {
    if (i % 5000 === 0) o.onProgress?.(i, total);
    const info = insertPerson.run(p.phone, p.name, numbers.next(displayParts(places, p.first, orgCode)), importId);
    idByPhone.set(p.phone, Number(info.lastInsertRowid));
  });
  const missingPhones = [...new Set([...plan.grant.map((g) => g.phone), ...(plan.developerRep ? [plan.developerRep] : [])])].filter((p) => !idByPhone.has(p));
  for (let i = 0; i < missingPhones.length; i += CHUNK) {
    for (const p of await tx.select({ id: people.id, phone: people.phone }).from(people).where(inArray(people.phone, missingPhones.slice(i, i + CHUNK)))) idByPhone.set(p.phone, p.id);
  }
  for (let i = 0; i < plan.verify.length; i += CHUNK) {
    await tx.update(people)
      .set({ status: "verified", verifiedByImportId: importId, rejectReason: null })
      .where(inArray(people.id, plan.verify.slice(i, i + CHUNK)));
  }
  const insertRole = o.sqlite.prepare("insert into roles (person_id, role, community_id, grid_id, unit_id, organisation_id) values (?, ?, ?, ?, ?, ?)");
  plan.grant.forEach((g, i) => {
    if (i % 5000 === 0) o.onProgress?.(plan.create.length + i, total);
    const r = scopeOf(g.claim);
    insertRole.run(idByPhone.get(g.phone)!, r.role, communityId, r.gridId, r.unitId, r.organisationId);
  });
  o.onProgress?.(total, total);
  for (let i = 0; i < plan.conflicts.length; i += CHUNK) {
    await tx.insert(importConflicts)
      .values(
        plan.conflicts.slice(i, i + CHUNK).map((c) => ({
          importId,
          communityId,
          kind: c.kind,
          key: c.key,
          unitId: c.unitId,
          personId: c.personId,
          data: c.kind === "unitClaimed" ? { ...c.data, unit: places.unit.get(c.unitId)!.label } : c.data,
        })),
      );
  }
  if (plan.developerRep) await setDeveloperRep(tx, communityId, idByPhone.get(plan.developerRep)!, importId);
}

/** The role row of a claim (claims on a unit carry the unit's grid, as lib/admin/role-scope.ts gives it). */
export function scopeOf(c: Claim) {
  return { role: c.role as RoleKind, gridId: c.gridId, unitId: c.unitId, organisationId: c.organisationId };
}

export async function setDeveloperRep(tx: Tx, communityId: number, personId: number, importId: number): Promise<void> {
  await tx.delete(developerRepresentatives).where(eq(developerRepresentatives.communityId, communityId));
  await tx.insert(developerRepresentatives).values({ communityId, personId, importId });
}

/** Message for a refused file: the columns a kind expects, for the template and the mapping step. */
export const expectedColumns = <K extends string>(spec: PeopleSheetKind<K>) => columnNames(spec.columns);
