import { and, eq, inArray, isNull, or, type SQL } from "drizzle-orm";
import type { DB, Tx } from "@/db/client";
import { organisations, people, roles, type RoleKind } from "@/db/schema";
import { invalid } from "@/lib/errors";
import type { InviteRoleGroup } from "@/lib/validation/meetings";
import { verifiedMembers } from "./access";

export type InviteeSpec = { personIds: number[]; roleGroups: InviteRoleGroup[]; thinkTankIds: number[] };

/** Why a person is on the list: "person", a role group, or "thinkTank:<organisationId>". The first reason found wins. */
export type InvitedAs = "person" | InviteRoleGroup | `thinkTank:${number}`;

const groupRoles: Record<InviteRoleGroup, RoleKind[]> = {
  owners: ["owner"],
  residents: ["resident"],
  gridStaff: ["gridChief", "gridWorker"],
  propertyFirm: ["propertyFirmStaff"],
  ownersCommittee: ["ownersCommitteeMember"],
  supervisors: ["supervisor"],
};

/**
 * The people a role group means for a meeting. In a grid meeting, owners, residents and grid staff
 * are those of that grid, and supervisors those of the whole community or of that grid; the
 * property firm and the owners' committee serve the whole community. A community-level meeting
 * takes each group in the whole community.
 */
function groupScope(group: InviteRoleGroup, gridId: number | null): SQL | undefined {
  if (gridId == null) return undefined;
  if (group === "owners" || group === "residents" || group === "gridStaff") return eq(roles.gridId, gridId);
  if (group === "supervisors") return or(isNull(roles.gridId), eq(roles.gridId, gridId));
  return undefined;
}

/**
 * Resolves an invitation spec to people, in the caller's transaction. Only verified people of the
 * meeting's community can be invited; a named person or think tank outside it is refused (422), so a
 * typo never silently drops someone.
 */
export async function resolveInvitees(tx: DB | Tx, place: { communityId: number; gridId: number | null }, spec: InviteeSpec): Promise<Map<number, InvitedAs>> {
  const out = new Map<number, InvitedAs>();
  const add = (personId: number, as: InvitedAs) => {
    if (!out.has(personId)) out.set(personId, as);
  };

  const named = [...new Set(spec.personIds)];
  const members = await verifiedMembers(tx, place.communityId, named);
  const outsiders = named.filter((p) => !members.has(p));
  if (outsiders.length) throw invalid("meetingInviteeNotMember", { personIds: "meetingInviteeNotMember" });
  named.forEach((p) => add(p, "person"));

  for (const group of [...new Set(spec.roleGroups)]) {
    const rows = await tx
      .selectDistinct({ personId: roles.personId })
      .from(roles)
      .innerJoin(people, eq(people.id, roles.personId))
      .where(and(eq(roles.communityId, place.communityId), inArray(roles.role, groupRoles[group]), eq(people.status, "verified"), groupScope(group, place.gridId)))
      .orderBy(roles.personId);
    rows.forEach((r) => add(r.personId, group));
  }

  const tankIds = [...new Set(spec.thinkTankIds)];
  if (tankIds.length) {
    const tanks = await tx
      .select({ id: organisations.id })
      .from(organisations)
      .where(and(inArray(organisations.id, tankIds), eq(organisations.communityId, place.communityId), eq(organisations.kind, "thinkTank")));
    if (tanks.length !== tankIds.length) throw invalid("meetingThinkTankNotFound", { thinkTankIds: "meetingThinkTankNotFound" });
    for (const tankId of tankIds) {
      const rows = await tx
        .selectDistinct({ personId: roles.personId })
        .from(roles)
        .innerJoin(people, eq(people.id, roles.personId))
        .where(and(eq(roles.organisationId, tankId), eq(roles.role, "thinkTankMember"), eq(people.status, "verified")))
        .orderBy(roles.personId);
      rows.forEach((r) => add(r.personId, `thinkTank:${tankId}`));
    }
  }
  return out;
}
