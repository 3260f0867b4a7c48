import { and, eq, inArray } from "drizzle-orm";
import { roles, type RoleKind } from "@/db/schema";
import { authorize } from "@/lib/auth/policy";
import type { ActorCtx } from "@/lib/context";
import { AppError, notFound } from "@/lib/errors";
import { recordEvent } from "@/lib/events/record";
import { revokeRoleInput } from "@/lib/validation/admin";
import { adminCommunityIds } from "./scope";
import { unitOfWork } from "@/db/unit-of-work";
import { first } from "@/db/query";

export type RevokedRole = { roleId: number; personId: number; role: RoleKind };

/** A community admin takes a role away. The person's other roles and account stay. */
export async function revokeRole(ctx: ActorCtx, raw: unknown): Promise<RevokedRole> {
  const input = revokeRoleInput.parse(raw);
  const { db, actor } = ctx;
  const allowed = adminCommunityIds(actor, "person.manage");
  const role = await first(db
    .select()
    .from(roles)
    .where(and(eq(roles.id, input.roleId), inArray(roles.communityId, allowed))));
  if (!role) throw notFound("roleNotFound");
  authorize(actor, "person.manage", { communityId: role.communityId, gridId: role.gridId });
  // An admin revoking their own admin role could leave the community with nobody to run it.
  if (role.personId === actor.personId && role.role === "communityAdmin") {
    throw new AppError("conflict", "cannotRevokeOwnAdmin");
  }

  return await unitOfWork(db, async (tx) => {
    await tx.delete(roles).where(eq(roles.id, role.id));
    await recordEvent(tx, {
      actorId: actor.personId,
      kind: "role.revoked",
      subjectType: "person",
      subjectId: role.personId,
      data: {
        roleId: role.id,
        role: role.role,
        communityId: role.communityId,
        gridId: role.gridId,
        unitId: role.unitId,
        organisationId: role.organisationId,
      },
    });
    return { roleId: role.id, personId: role.personId, role: role.role };
  });
}
