import { and, eq, isNull, type Column } from "drizzle-orm";
import { people, roles, type RoleKind } from "@/db/schema";
import { authorize } from "@/lib/auth/policy";
import type { ActorCtx } from "@/lib/context";
import { AppError, notFound } from "@/lib/errors";
import { recordEvent } from "@/lib/events/record";
import { assignRoleInput } from "@/lib/validation/admin";
import { resolveRoleScope } from "./role-scope";
import { adminCommunityIds, personInCommunities } from "./scope";
import { unitOfWork } from "@/db/unit-of-work";
import { first } from "@/db/query";

export type AssignedRole = { roleId: number; personId: number; role: RoleKind };

const sameValue = (column: Column, value: number | null) =>
  value == null ? isNull(column) : eq(column, value);

/** A community admin gives a person of the community another role in a scope of it. */
export async function assignRole(ctx: ActorCtx, raw: unknown): Promise<AssignedRole> {
  const input = assignRoleInput.parse(raw);
  const { db, actor } = ctx;
  const scope = await resolveRoleScope(db, actor, input);
  authorize(actor, "person.manage", { communityId: scope.communityId, gridId: scope.gridId });
  const allowed = adminCommunityIds(actor, "person.manage");
  const person = await first(db
    .select({ id: people.id })
    .from(people)
    .where(and(eq(people.id, input.personId), personInCommunities(allowed))));
  if (!person) throw notFound("personNotFound");

  return await unitOfWork(db, async (tx) => {
    const held = await first(tx
      .select({ id: roles.id })
      .from(roles)
      .where(
        and(
          eq(roles.personId, person.id),
          eq(roles.role, scope.role),
          eq(roles.communityId, scope.communityId),
          sameValue(roles.gridId, scope.gridId),
          sameValue(roles.unitId, scope.unitId),
          sameValue(roles.organisationId, scope.organisationId),
        ),
      ));
    if (held) throw new AppError("conflict", "roleDuplicate", {}, { role: "roleDuplicate" });
    const role = await first(tx
      .insert(roles)
      .values({
        personId: person.id,
        role: scope.role,
        communityId: scope.communityId,
        gridId: scope.gridId,
        unitId: scope.unitId,
        organisationId: scope.organisationId,
      })
      .returning({ id: roles.id }));
    await recordEvent(tx, {
      actorId: actor.personId,
      kind: "role.assigned",
      subjectType: "person",
      subjectId: person.id,
      data: {
        roleId: role.id,
        role: scope.role,
        communityId: scope.communityId,
        gridId: scope.gridId,
        unitId: scope.unitId,
        organisationId: scope.organisationId,
      },
    });
    return { roleId: role.id, personId: person.id, role: scope.role };
  });
}
