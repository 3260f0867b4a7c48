import { and, asc, eq, inArray, isNotNull, isNull, type SQL } from "drizzle-orm";
import type { DB, Tx } from "@/db/client";
import { buildings, communities, grids, people, roles, units } from "@/db/schema";
import { resolveCommunity } from "@/lib/admin/scope";
import { authorize } from "@/lib/auth/policy";
import type { ActorCtx } from "@/lib/context";
import { activationExpiry, formatActivationCode } from "@/lib/domain/activation-code";
import { invalid, notFound } from "@/lib/errors";
import { recordEvent } from "@/lib/events/record";
import { shanghaiDate } from "@/lib/time";
import { issueLettersInput, type IssueLettersInput } from "@/lib/validation/activation";
import { issueActivationCodes } from "./codes";
import { staffWaiting, type StaffLetter } from "./staff-letters";
import { unitOfWork } from "@/db/unit-of-work";
import { first } from "@/db/query";

/** The community's letterhead as notices print it: district, street, community. */
export type Letterhead = { district: string; street: string; community: string };

/** One household's letter: its unit, and everyone of it still to activate, each with their own code. */
export type HouseholdLetter = {
  unitId: number;
  grid: string;
  building: string;
  unit: string;
  people: { name: string; role: "owner" | "resident"; code: string }[];
  /** Whom the household asks: a grid worker (else the chief) of the grid, when the grid has one. */
  contact: { name: string; phone: string } | null;
};

export type ActivationLetters = {
  letterhead: Letterhead;
  /** When the codes stop working, and the same as a Beijing date for the letter. */
  expiresAt: Date;
  expiresOn: string;
  households: HouseholdLetter[];
  /** Staff letters (audience "staff"), a page per person; empty for household letters, as households is for staff. */
  staff: StaffLetter[];
  people: number;
};

/** Where letters go: the community, and the grid or building when narrower; refused unless the actor may issue there. */
export async function resolveActivationScope(ctx: ActorCtx, input: { communityId?: number; gridId?: number; buildingId?: number }): Promise<{ communityId: number; gridId: number | null; buildingId: number | null }> {
  const { db, actor } = ctx;
  if (input.buildingId != null) {
    const b = await first(db.select({ gridId: buildings.gridId, communityId: grids.communityId }).from(buildings).innerJoin(grids, eq(buildings.gridId, grids.id)).where(eq(buildings.id, input.buildingId)));
    if (!b) throw notFound();
    if ((input.gridId != null && input.gridId !== b.gridId) || (input.communityId != null && input.communityId !== b.communityId)) throw invalid("buildingOutsideGrid", { buildingId: "buildingOutsideGrid" });
    authorize(actor, "activation.issue", { communityId: b.communityId, gridId: b.gridId });
    return { communityId: b.communityId, gridId: b.gridId, buildingId: input.buildingId };
  }
  if (input.gridId != null) {
    const g = await first(db.select({ communityId: grids.communityId }).from(grids).where(eq(grids.id, input.gridId)));
    if (!g) throw notFound();
    if (input.communityId != null && input.communityId !== g.communityId) throw invalid("gridOutsideCommunity", { gridId: "gridOutsideCommunity" });
    authorize(actor, "activation.issue", { communityId: g.communityId, gridId: input.gridId });
    return { communityId: g.communityId, gridId: input.gridId, buildingId: null };
  }
  // The whole community: community admins only (grid staff name their grid).
  return { communityId: resolveCommunity(actor, "activation.issue", input.communityId), gridId: null, buildingId: null };
}

/** The WHERE of the units in a scope. */
export function unitsInScope(scope: { communityId: number; gridId: number | null; buildingId: number | null }): SQL {
  return and(
    eq(grids.communityId, scope.communityId),
    scope.gridId != null ? eq(grids.id, scope.gridId) : undefined,
    scope.buildingId != null ? eq(buildings.id, scope.buildingId) : undefined,
  )!;
}

/** Everyone of a scope's households who was imported from a register and has not activated: the letters' people, and the SMS's (send-codes-by-sms.ts). */
export async function householdMembersWaiting(tx: DB | Tx, scope: { communityId: number; gridId: number | null; buildingId: number | null }) {
  return await tx
    .select({
      unitId: units.id,
      unit: units.number,
      building: buildings.name,
      gridId: grids.id,
      grid: grids.name,
      personId: people.id,
      name: people.name,
      role: roles.role,
    })
    .from(roles)
    .innerJoin(people, eq(roles.personId, people.id))
    .innerJoin(units, eq(roles.unitId, units.id))
    .innerJoin(buildings, eq(units.buildingId, buildings.id))
    .innerJoin(grids, eq(buildings.gridId, grids.id))
    .where(and(unitsInScope(scope), inArray(roles.role, ["owner", "resident"]), isNull(people.passwordHash), eq(people.status, "verified")))
    .orderBy(asc(grids.code), asc(buildings.code), asc(units.number), asc(units.id), asc(people.id));
}

/** Grid worker (else chief) of each grid who has activated, as the letter's contact. */
async function contactsOf(db: DB | Tx, gridIds: number[]): Promise<Map<number, { name: string; phone: string }>> {
  const rows = gridIds.length
    ? await db
        .select({ gridId: roles.gridId, role: roles.role, name: people.name, phone: people.phone })
        .from(roles)
        .innerJoin(people, eq(roles.personId, people.id))
        .where(and(inArray(roles.gridId, gridIds), inArray(roles.role, ["gridWorker", "gridChief"]), eq(people.status, "verified"), isNotNull(people.passwordHash)))
        .orderBy(asc(roles.id))
    : [];
  const out = new Map<number, { name: string; phone: string }>();
  for (const role of ["gridWorker", "gridChief"] as const) {
    for (const r of rows) if (r.role === role && r.gridId != null && !out.has(r.gridId)) out.set(r.gridId, { name: r.name, phone: r.phone });
  }
  return out;
}

/**
 * Activation letters for every household in a building, a grid or (community admins) the whole
 * community that has somebody imported from a register who has not activated yet. A household is a
 * unit: its co-owners and residents share one letter, each with their own code. Everyone on a letter
 * gets a fresh code (their earlier unused codes stop working), in one transaction, with one event.
 * The codes are returned once, for the letters; only their hashes are kept.
 */
export async function issueActivationLetters(ctx: ActorCtx, raw: unknown, { now = new Date(), maxHouseholds = Infinity }: { now?: Date; maxHouseholds?: number } = {}): Promise<ActivationLetters> {
  const input = issueLettersInput.parse(raw);
  if (input.audience === "staff") return issueStaffLetters(ctx, input, { now, maxLetters: maxHouseholds });
  const { db, actor } = ctx;
  const scope = await resolveActivationScope(ctx, input);
  const community = await letterheadOf(db, scope.communityId);

  return await unitOfWork(db, async (tx) => {
    const rows = await householdMembersWaiting(tx, scope);
    if (!rows.length) throw invalid("activationNobody");
    // Checked before any code is issued: a refused request must leave the earlier letters valid.
    const households = new Set(rows.map((r) => r.unitId)).size;
    if (households > maxHouseholds) throw invalid("activationTooMany", {}, { households, max: maxHouseholds });

    const codes = await issueActivationCodes(tx, rows.map((r) => r.personId), { issuedBy: actor.personId, now, days: input.expiresInDays });
    const contacts = await contactsOf(tx, [...new Set(rows.map((r) => r.gridId))]);
    const byUnit = new Map<number, HouseholdLetter>();
    for (const r of rows) {
      let letter = byUnit.get(r.unitId);
      if (!letter) byUnit.set(r.unitId, (letter = { unitId: r.unitId, grid: r.grid, building: r.building, unit: r.unit, people: [], contact: contacts.get(r.gridId) ?? null }));
      // An owner who also lives there holds two roles: one line, as owner.
      const existing = letter.people.find((p) => p.code === formatActivationCode(codes.get(r.personId)!));
      if (existing) {
        if (r.role === "owner") existing.role = "owner";
        continue;
      }
      letter.people.push({ name: r.name, role: r.role === "owner" ? "owner" : "resident", code: formatActivationCode(codes.get(r.personId)!) });
    }
    const letters = [...byUnit.values()];
    for (const h of letters) h.people.sort((a, b) => Number(a.role !== "owner") - Number(b.role !== "owner"));
    const expiresAt = activationExpiry(now, input.expiresInDays);
    await recordEvent(tx, {
      actorId: actor.personId,
      kind: "activation.lettersIssued",
      subjectType: "community",
      subjectId: scope.communityId,
      data: { gridId: scope.gridId, buildingId: scope.buildingId, households: letters.length, people: codes.size, expiresInDays: input.expiresInDays },
    });
    return { letterhead: community, expiresAt, expiresOn: shanghaiDate(expiresAt), households: letters, staff: [], people: codes.size };
  });
}

async function letterheadOf(db: DB | Tx, communityId: number): Promise<Letterhead> {
  const community = await first(db.select({ name: communities.name, district: communities.district, street: communities.street }).from(communities).where(eq(communities.id, communityId)));
  if (!community) throw notFound();
  return { district: community.district, street: community.street, community: community.name };
}

/**
 * The staff letters of a community: every staff member brought in by a staff sheet (grid chiefs and
 * workers, supervisors, property-firm, owners' committee and think-tank members) who has not
 * activated and holds no unit role, a letter each naming their roles and scopes. Community admins
 * only — the roles span grids and organisations no grid's staff answer for — so the community is
 * resolved as the whole community's household letters are; a grid or building is refused (422).
 * Same codes as the households': one per person, earlier unused ones revoked, one event.
 */
async function issueStaffLetters(ctx: ActorCtx, input: IssueLettersInput, { now, maxLetters }: { now: Date; maxLetters: number }): Promise<ActivationLetters> {
  const { db, actor } = ctx;
  const communityId = resolveCommunity(actor, "activation.issue", input.communityId);
  if (input.gridId != null || input.buildingId != null) throw invalid("activationStaffWholeCommunity", { audience: "activationStaffWholeCommunity" });
  const letterhead = await letterheadOf(db, communityId);
  const issuer = await first(db.select({ name: people.name, phone: people.phone }).from(people).where(eq(people.id, actor.personId))) ?? null;

  return await unitOfWork(db, async (tx) => {
    const waiting = await staffWaiting(tx, communityId);
    if (!waiting.length) throw invalid("activationNobody");
    // Checked before any code is issued, as for households: a refusal leaves the letters out valid.
    if (waiting.length > maxLetters) throw invalid("activationStaffTooMany", {}, { people: waiting.length, max: maxLetters });
    const codes = await issueActivationCodes(tx, waiting.map((p) => p.personId), { issuedBy: actor.personId, now, days: input.expiresInDays });
    const staff = waiting.map((p) => ({ ...p, code: formatActivationCode(codes.get(p.personId)!), contact: issuer }));
    const expiresAt = activationExpiry(now, input.expiresInDays);
    await recordEvent(tx, {
      actorId: actor.personId,
      kind: "activation.lettersIssued",
      subjectType: "community",
      subjectId: communityId,
      data: { audience: "staff", households: 0, people: codes.size, expiresInDays: input.expiresInDays },
    });
    return { letterhead, expiresAt, expiresOn: shanghaiDate(expiresAt), households: [], staff, people: codes.size };
  });
}
