import { and, asc, eq, like, or, sql, type AnyColumn } from "drizzle-orm";
import { people, roles } from "@/db/schema";
import type { ActorCtx } from "@/lib/context";
import { proxyCandidatesQuery } from "@/lib/validation/ballots";
import { loadManagedBallot } from "./access";

export type ProxyCandidate = { personId: number; name: string; displayNumber: string };

const LIMIT = 20;
const escapeLike = (s: string) => s.replace(/[\\%_]/g, (c) => `\\${c}`);

/**
 * Staff look up who an owner authorized (受托人) among the verified people of the ballot's
 * community, by name, display number or the start of a mobile number. Only what identifies them
 * is returned.
 */
export async function proxyCandidates(ctx: ActorCtx, raw: unknown): Promise<ProxyCandidate[]> {
  const input = proxyCandidatesQuery.parse(raw);
  const { ballot } = await loadManagedBallot(ctx.db, ctx.actor, input.ballotId);
  if (!input.q) return [];
  const pattern = `%${escapeLike(input.q)}%`;
  // lower() on both sides: SQLite's LIKE ignores ASCII case, PostgreSQL's does not (display numbers are capitals).
  const matches = (col: AnyColumn) => sql`lower(${col}) like lower(${pattern}) escape '\\'`;
  return await ctx.db
    .selectDistinct({ personId: people.id, name: people.name, displayNumber: people.displayNumber })
    .from(people)
    .innerJoin(roles, eq(roles.personId, people.id))
    .where(
      and(
        eq(roles.communityId, ballot.communityId),
        eq(people.status, "verified"),
        or(matches(people.name), matches(people.displayNumber), /^\d{4,11}$/.test(input.q) ? like(people.phone, `${input.q}%`) : undefined),
      ),
    )
    .orderBy(asc(people.name), asc(people.id))
    .limit(LIMIT);
}
