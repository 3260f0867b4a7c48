import { and, asc, eq, like, or, sql, type AnyColumn } from "drizzle-orm";
import { people, roles, type RoleKind } from "@/db/schema";
import { authorize, requireVerified } from "@/lib/auth/policy";
import type { ActorCtx } from "@/lib/context";
import { forbidden, invalid } from "@/lib/errors";
import { searchPeopleQuery } from "@/lib/validation/meetings";
import { managesMeetingsIn } from "./access";
import { rolesOf } from "./attendees";

export type PersonHit = { personId: number; name: string; displayNumber: string; roles: RoleKind[] };

const LIMIT = 20;

/** `%` and `_` typed by the user are literal, not wildcards. */
const escapeLike = (s: string) => s.replace(/[\\%_]/g, (c) => `\\${c}`);

/**
 * Staff look up verified people of a community by name, display number or mobile number, to invite
 * them or tick them off as present. Only people who hold a role in that community are found, and
 * only what identifies them (name, display number, roles) is returned.
 */
export async function searchPeople(ctx: ActorCtx, raw: unknown): Promise<PersonHit[]> {
  const input = searchPeopleQuery.parse(raw);
  const { db, actor } = ctx;
  requireVerified(actor);
  const managed = [...new Set(actor.roles.map((r) => r.communityId))].filter((c) => managesMeetingsIn(actor, c));
  let communityId = input.communityId;
  if (communityId == null) {
    if (managed.length === 0) throw forbidden();
    if (managed.length > 1) throw invalid("communityRequired", { communityId: "communityRequired" });
    communityId = managed[0]!;
  }
  if (!managed.includes(communityId)) authorize(actor, "meeting.manage", { communityId });
  if (!input.q) return [];

  const pattern = `%${escapeLike(input.q)}%`;
  // lower() on both sides: SQLite's LIKE ignores ASCII case, PostgreSQL's does not (display numbers are capitals).
  const escaped = (col: AnyColumn) => sql`lower(${col}) like lower(${pattern}) escape '\\'`;
  const found = await db
    .selectDistinct({ personId: people.id, name: people.name, displayNumber: people.displayNumber })
    .from(people)
    .innerJoin(roles, eq(roles.personId, people.id))
    .where(
      and(
        eq(roles.communityId, communityId),
        eq(people.status, "verified"),
        or(escaped(people.name), escaped(people.displayNumber), /^\d{4,11}$/.test(input.q) ? like(people.phone, `${input.q}%`) : undefined),
      ),
    )
    .orderBy(asc(people.name), asc(people.id))
    .limit(LIMIT);
  const held = await rolesOf(db, communityId, found.map((p) => p.personId));
  return found.map((p) => ({ ...p, roles: held.get(p.personId)?.roles ?? [] }));
}
