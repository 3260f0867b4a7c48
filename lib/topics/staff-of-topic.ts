import { and, eq, or } from "drizzle-orm";
import type { DB, Tx } from "@/db/client";
import { cosigns, roles, type Topic } from "@/db/schema";
import { topicOwnerRoles } from "@/lib/auth/policy";

/** The staff who own a topic now (the policy's topicOwnerRoles): grid staff of its grid (grid level) and the community admins. */
export async function topicStaffIds(tx: DB | Tx, topic: Pick<Topic, "communityId" | "gridId" | "level">): Promise<number[]> {
  const owners = topicOwnerRoles(topic).map((o) => and(eq(roles.role, o.role), eq(roles.communityId, o.communityId), o.gridId === undefined ? undefined : eq(roles.gridId, o.gridId)));
  const rows = await tx
    .select({ personId: roles.personId })
    .from(roles)
    .where(or(...owners));
  return [...new Set(rows.map((r) => r.personId))];
}

/** The proposer and everyone who co-signed: the people a topic's outcome concerns first. */
export async function topicFollowerIds(tx: DB | Tx, topic: Pick<Topic, "id" | "proposerId">): Promise<number[]> {
  const signers = await tx.select({ personId: cosigns.personId }).from(cosigns).where(eq(cosigns.topicId, topic.id));
  return [topic.proposerId, ...signers.map((s) => s.personId)];
}
