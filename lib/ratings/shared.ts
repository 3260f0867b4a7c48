import { and, eq, inArray, isNull, or } from "drizzle-orm";
import type { DB, Tx } from "@/db/client";
import { people, roles, topicSupervisors, type Topic } from "@/db/schema";
import type { Actor } from "@/lib/auth/actor";
import { first } from "@/db/query";

/** Verified civilian supervisors (民间督导员) of the topic's community: community-wide or of its grid. */
export async function eligibleSupervisors(tx: DB | Tx, topic: Pick<Topic, "communityId" | "gridId">, personIds?: number[]) {
  const rows = await tx
    .selectDistinct({ personId: people.id, name: people.name, displayNumber: people.displayNumber })
    .from(roles)
    .innerJoin(people, eq(people.id, roles.personId))
    .where(
      and(
        eq(roles.role, "supervisor"),
        eq(roles.communityId, topic.communityId),
        or(isNull(roles.gridId), eq(roles.gridId, topic.gridId)),
        eq(people.status, "verified"),
        personIds ? inArray(people.id, personIds) : undefined,
      ),
    )
    .orderBy(people.name, people.id);
  return rows;
}

export async function isAssignedSupervisor(tx: DB | Tx, topicId: number, personId: number): Promise<boolean> {
  return !!await first(tx
    .select({ id: topicSupervisors.id })
    .from(topicSupervisors)
    .where(and(eq(topicSupervisors.topicId, topicId), eq(topicSupervisors.personId, personId))));
}

/** Topics that can no longer take supervisors: they never reached the loop or left it for good. */
export const endedStates: readonly Topic["state"][] = ["rejected", "merged", "expired"];
