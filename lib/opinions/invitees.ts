import { and, eq, sql } from "drizzle-orm";
import { people, roles } from "@/db/schema";

/**
 * People who can be invited into a topic of this community: verified, and holding some role in
 * it (resident, owner, think-tank member, staff …). Nobody from outside the community can be
 * pulled in, and a pending registration gains nothing from an invitation.
 */
export function inviteableIn(communityId: number) {
  // people.id spelled out with its table: drizzle leaves columns unqualified in a single-table
  // select, and an unqualified "id" inside the subquery would be the role's own id.
  return and(
    eq(people.status, "verified"),
    sql`exists (select 1 from ${roles} r where r.person_id = ${people}.${sql.identifier("id")} and r.community_id = ${communityId})`,
  );
}
