import "server-only";
import { and, desc, eq, inArray } from "drizzle-orm";
import { importConflicts, imports, people, roles } from "@/db/schema";
import type { ActorCtx } from "@/lib/context";
import type { Claim, PlannedConflict } from "@/lib/domain/register-rules";
import { adminCommunityIds, resolveCommunity } from "@/lib/admin/scope";
import { conflictListQuery } from "@/lib/validation/people-import";

type Who = { id: number; name: string; displayNumber: string; via: { source: string; fileName: string; at: Date } | null };

export type ConflictView = {
  id: number;
  kind: "unitClaimed" | "phoneNameMismatch";
  status: "open" | "resolved";
  resolution: string | null;
  import: { id: number; kind: string; source: string; fileName: string; at: Date };
  /** unitClaimed: the unit; phoneNameMismatch: null. */
  unit: string | null;
  /** What the file said: the people it lists (name, masked number, file line). */
  register: { name: string; phone: string; line: number }[];
  /** What stands now: the unit's owners the register leaves out, or the person holding the number. */
  current: Who[];
  /** phoneNameMismatch: the roles the file gives, as counts by role. */
  roles: string[];
};

/** The middle of a mobile number hidden, as on the page of a person: 138****8000. */
const maskPhone = (p: string) => (p.length === 11 ? `${p.slice(0, 3)}****${p.slice(7)}` : p);

/** The conflicts people imports listed in a community (open ones first by default), for staff to decide. */
export async function listImportConflicts(ctx: ActorCtx, raw: unknown): Promise<ConflictView[]> {
  const input = conflictListQuery.parse(raw);
  const { db, actor } = ctx;
  adminCommunityIds(actor, "person.manage");
  const communityId = resolveCommunity(actor, "person.manage", input.communityId);
  const rows = await db
    .select({ c: importConflicts, imp: { id: imports.id, kind: imports.kind, source: imports.source, fileName: imports.fileName, at: imports.createdAt } })
    .from(importConflicts)
    .innerJoin(imports, eq(imports.id, importConflicts.importId))
    .where(and(eq(importConflicts.communityId, communityId), eq(importConflicts.status, input.status)))
    .orderBy(desc(importConflicts.id))
    .limit(500);
  const ids = [...new Set(rows.flatMap(({ c }) => (c.kind === "unitClaimed" ? (c.data as { remove: number[] }).remove : c.personId != null ? [c.personId] : [])))];
  const who = new Map<number, Who>();
  if (ids.length > 0) {
    for (const p of await db
      .select({ id: people.id, name: people.name, displayNumber: people.displayNumber, source: imports.source, fileName: imports.fileName, at: imports.createdAt })
      .from(people)
      .leftJoin(imports, eq(imports.id, people.verifiedByImportId))
      .where(inArray(people.id, ids))) {
      who.set(p.id, { id: p.id, name: p.name, displayNumber: p.displayNumber, via: p.fileName != null ? { source: p.source ?? "", fileName: p.fileName, at: p.at! } : null });
    }
  }
  // Someone outside this community shows as holding the number, never by name.
  const inCommunity = new Set(
    ids.length > 0 ? (await db.selectDistinct({ id: roles.personId }).from(roles).where(and(inArray(roles.personId, ids), eq(roles.communityId, communityId)))).map((r) => r.id) : [],
  );
  return rows.map(({ c, imp }) => {
    const base = { id: c.id, kind: c.kind, status: c.status, resolution: c.resolution, import: imp };
    if (c.kind === "unitClaimed") {
      const data = c.data as Extract<PlannedConflict, { kind: "unitClaimed" }>["data"] & { unit?: string };
      return { ...base, unit: data.unit ?? null, register: data.listed.map((l) => ({ name: l.name, phone: maskPhone(l.phone), line: l.line })), current: data.remove.map((id) => who.get(id)).filter((w): w is Who => !!w), roles: [] };
    }
    const data = c.data as Extract<PlannedConflict, { kind: "phoneNameMismatch" }>["data"];
    const held = c.personId != null ? who.get(c.personId) : undefined;
    const current = held ? [inCommunity.has(held.id) ? held : { ...held, name: "", displayNumber: "" }] : [];
    return { ...base, unit: null, register: [{ name: data.name, phone: maskPhone(data.phone), line: data.lines[0] ?? 0 }], current, roles: [...data.claims.map((x: Claim) => x.role), ...(data.developerRep ? ["developerRep"] : [])] };
  });
}
