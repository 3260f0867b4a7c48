import "server-only";
import { and, eq, inArray, isNull, type Column } from "drizzle-orm";
import type { Tx } from "@/db/client";
import { importConflicts, people, roles, type ImportConflictResolution } from "@/db/schema";
import { authorize } from "@/lib/auth/policy";
import type { ActorCtx } from "@/lib/context";
import type { Claim, PlannedConflict } from "@/lib/domain/register-rules";
import { AppError, notFound } from "@/lib/errors";
import { recordEvent } from "@/lib/events/record";
import { adminCommunityIds } from "@/lib/admin/scope";
import { allocateDisplayNumber } from "@/lib/people/allocate-display-number";
import { decideConflictInput } from "@/lib/validation/people-import";
import { CommunityPlaces } from "./places";
import { displayParts, scopeOf, setDeveloperRep } from "./run-import";
import { unitOfWork } from "@/db/unit-of-work";
import { first } from "@/db/query";

export type DecidedConflict = { conflictId: number; resolution: ImportConflictResolution; personIds: number[] };

const sameValue = (column: Column, value: number | null) => (value == null ? isNull(column) : eq(column, value));

/**
 * Staff decide a conflict an import listed: 采用名册 (adoptRegister) applies what the register
 * said — the roles it gave, the person created if new, verified by that import; for a unit claimed
 * away from its owners, those owners lose their owner role on that unit — or 保留现状
 * (keepCurrent) leaves everything as it is. Either way the conflict is closed for good: importing
 * the same file again does not list it again.
 */
export async function decideImportConflict(ctx: ActorCtx, raw: unknown): Promise<DecidedConflict> {
  const input = decideConflictInput.parse(raw);
  const { db, actor } = ctx;
  const allowed = adminCommunityIds(actor, "person.manage");
  const conflict = await first(db
    .select()
    .from(importConflicts)
    .where(and(eq(importConflicts.id, input.conflictId), inArray(importConflicts.communityId, allowed))));
  if (!conflict) throw notFound("importConflictNotFound");
  authorize(actor, "person.manage", { communityId: conflict.communityId });
  if (conflict.status !== "open") throw new AppError("conflict", "importConflictDecided");
  const places = input.resolution === "adoptRegister" ? await CommunityPlaces.load(db, conflict.communityId) : null;

  return await unitOfWork(db, async (tx) => {
    const touched: number[] = [];
    if (places) {
      const ensure = (phone: string, name: string, claim: Claim | null) => personFor(tx, places, phone, name, claim, conflict.importId);
      const grant = async (personId: number, c: Claim) => {
        const s = scopeOf(c);
        const held = await first(tx
          .select({ id: roles.id })
          .from(roles)
          .where(and(eq(roles.personId, personId), eq(roles.role, s.role), eq(roles.communityId, conflict.communityId), sameValue(roles.gridId, s.gridId), sameValue(roles.unitId, s.unitId), sameValue(roles.organisationId, s.organisationId))));
        if (!held) await tx.insert(roles).values({ personId, communityId: conflict.communityId, ...s });
      };
      const kind = conflict.kind;
      if (kind === "phoneNameMismatch") {
        const data = conflict.data as Extract<PlannedConflict, { kind: "phoneNameMismatch" }>["data"];
        // The person keeps their own name (names differ by typos and variant characters); the register's roles are theirs.
        const person = await first(tx.select({ id: people.id, status: people.status }).from(people).where(eq(people.phone, data.phone)));
        if (!person) throw new AppError("conflict", "importConflictStale");
        if (person.status !== "verified") await tx.update(people).set({ status: "verified", verifiedByImportId: conflict.importId, rejectReason: null }).where(eq(people.id, person.id));
        for (const c of data.claims) await grant(person.id, c);
        if (data.developerRep) await setDeveloperRep(tx, conflict.communityId, person.id, conflict.importId);
        touched.push(person.id);
      } else {
        const data = conflict.data as Extract<PlannedConflict, { kind: "unitClaimed" }>["data"];
        const unit = places.unit.get(conflict.unitId!);
        if (!unit) throw new AppError("conflict", "importConflictStale");
        const claim: Claim = { role: "owner", unitId: unit.id, gridId: unit.gridId, organisationId: null };
        for (const l of data.listed) {
          const id = await ensure(l.phone, l.name, claim);
          await grant(id, claim);
          touched.push(id);
        }
        if (data.remove.length > 0) {
          await tx.delete(roles).where(and(eq(roles.role, "owner"), eq(roles.unitId, unit.id), inArray(roles.personId, data.remove)));
          touched.push(...data.remove);
        }
      }
    }
    await tx.update(importConflicts)
      .set({ status: "resolved", resolution: input.resolution, resolvedBy: actor.personId, resolvedAt: new Date() })
      .where(and(eq(importConflicts.id, conflict.id), eq(importConflicts.status, "open")));
    await recordEvent(tx, {
      actorId: actor.personId,
      kind: "import.conflictDecided",
      subjectType: "import",
      subjectId: conflict.importId,
      data: { conflictId: conflict.id, kind: conflict.kind, resolution: input.resolution, unitId: conflict.unitId, personIds: touched },
    });
    return { conflictId: conflict.id, resolution: input.resolution, personIds: touched };
  });
}

/** The person with this number, or a new one verified by the import (no password until they activate). */
async function personFor(tx: Tx, places: CommunityPlaces, phone: string, name: string, claim: Claim | null, importId: number): Promise<number> {
  const found = await first(tx.select({ id: people.id, status: people.status }).from(people).where(eq(people.phone, phone)));
  if (found) {
    if (found.status !== "verified") await tx.update(people).set({ status: "verified", verifiedByImportId: importId, rejectReason: null }).where(eq(people.id, found.id));
    return found.id;
  }
  const displayNumber = await allocateDisplayNumber(tx, displayParts(places, claim, () => "ORG"));
  return (await first(tx.insert(people).values({ phone, passwordHash: null, name, displayNumber, status: "verified", verifiedByImportId: importId }).returning({ id: people.id }))).id;
}
