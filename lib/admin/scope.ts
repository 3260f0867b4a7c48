import { sql } from "drizzle-orm";
import { buildings, developerRepresentatives, grids, people, roles, units } from "@/db/schema";
import type { Actor } from "@/lib/auth/actor";
import { authorize, communitiesWhere, requireVerified, type Action } from "@/lib/auth/policy";
import { forbidden, invalid } from "@/lib/errors";

/**
 * The communities in which the actor may take an admin action. Refuses with 403 when there is
 * none, so that every admin read and write starts from a non-empty scope for its WHERE clause.
 */
export function adminCommunityIds(actor: Actor, action: Action): number[] {
  requireVerified(actor);
  const ids = communitiesWhere(actor, action);
  if (ids.length === 0) throw forbidden();
  return ids;
}

/**
 * The community a community-wide action applies to: the one asked for (403 unless the actor
 * administers it), or the actor's only community when none is named.
 */
export function resolveCommunity(actor: Actor, action: Action, communityId?: number): number {
  if (communityId != null) {
    authorize(actor, action, { communityId });
    return communityId;
  }
  const ids = adminCommunityIds(actor, action);
  if (ids.length > 1) throw invalid("communityRequired", { communityId: "communityRequired" });
  return ids[0]!;
}

/**
 * People who belong to one of these communities: they hold a role there, registered for a unit
 * there, or represent the developer there (named by an owners' register, with no role of their own).
 * An admin sees and manages nobody else.
 */
export function personInCommunities(communityIds: number[]) {
  // Columns spelled out with their table: see ./sql.ts.
  const person = (column: string) => sql`${people}.${sql.identifier(column)}`;
  const ids = sql.join(
    communityIds.map((id) => sql`${id}`),
    sql`, `,
  );
  return sql`(exists (select 1 from ${roles} r where r.person_id = ${person("id")} and r.community_id in (${ids}))
    or exists (select 1 from ${units} u join ${buildings} b on u.building_id = b.id join ${grids} g on b.grid_id = g.id
      where u.id = ${person("claimed_unit_id")} and g.community_id in (${ids}))
    or exists (select 1 from ${developerRepresentatives} d where d.person_id = ${person("id")} and d.community_id in (${ids})))`;
}
