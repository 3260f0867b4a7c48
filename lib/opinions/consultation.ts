import { and, eq, inArray } from "drizzle-orm";
import type { DB, Tx } from "@/db/client";
import { organisations, type Topic } from "@/db/schema";
import type { Actor } from "@/lib/auth/actor";

/** Opinions are taken while the topic is deliberated or its plan drafted; before and after, the record is closed. */
export const opinionStates = ["consulting", "drafting"] as const satisfies readonly Topic["state"][];

export function opinionsOpen(state: Topic["state"]): boolean {
  return (opinionStates as readonly string[]).includes(state);
}

export type SpeakingOrganisation = { id: number; name: string; kind: "propertyFirm" | "ownersCommittee" };

/**
 * The organisations the actor may answer for in this community: the property firm they work for
 * (物业人员) or the owners' committee they sit on (业委会成员). Think tanks give expertise, not an
 * official position, so they are not among them.
 */
export async function organisationsActorSpeaksFor(db: DB | Tx, actor: Actor, communityId: number): Promise<SpeakingOrganisation[]> {
  const ids = actor.roles
    .filter(
      (r) =>
        r.communityId === communityId &&
        r.organisationId != null &&
        (r.role === "propertyFirmStaff" || r.role === "ownersCommitteeMember"),
    )
    .map((r) => r.organisationId as number);
  if (ids.length === 0) return [];
  const rows = await db
    .select({ id: organisations.id, name: organisations.name, kind: organisations.kind })
    .from(organisations)
    .where(and(inArray(organisations.id, ids), eq(organisations.communityId, communityId)));
  // A property firm's staff speak for a property firm, a committee member for a committee: a role
  // pointing at an organisation of the other kind grants nothing.
  return rows
    .filter((o) =>
      actor.roles.some(
        (r) =>
          r.organisationId === o.id &&
          ((r.role === "propertyFirmStaff" && o.kind === "propertyFirm") || (r.role === "ownersCommitteeMember" && o.kind === "ownersCommittee")),
      ),
    )
    .map((o) => ({ id: o.id, name: o.name, kind: o.kind as SpeakingOrganisation["kind"] }));
}
