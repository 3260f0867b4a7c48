import { eq } from "drizzle-orm";
import { people, roles, type RoleKind } from "@/db/schema";
import { hashPassword } from "@/lib/auth/password";
import { authorize } from "@/lib/auth/policy";
import type { ActorCtx } from "@/lib/context";
import { AppError } from "@/lib/errors";
import { recordEvent } from "@/lib/events/record";
import { allocateDisplayNumber } from "@/lib/people/allocate-display-number";
import { createPersonInput } from "@/lib/validation/admin";
import { resolveRoleScope } from "./role-scope";
import { mapUniqueClash } from "./unique";
import { unitOfWork } from "@/db/unit-of-work";
import { first } from "@/db/query";

export type CreatedPerson = { personId: number; displayNumber: string; roleId: number; role: RoleKind };

const phoneInUse = () => new AppError("conflict", "phoneInUse", {}, { phone: "phoneInUse" });

/**
 * A community admin creates an account for someone (staff, an organisation's people, a resident
 * without a smartphone of their own) with a first role. The admin vouches for them: the account is
 * verified at once. The display number follows from that first role.
 */
export async function createPerson(ctx: ActorCtx, raw: unknown): Promise<CreatedPerson> {
  const input = createPersonInput.parse(raw);
  const { db, actor } = ctx;
  const scope = await resolveRoleScope(db, actor, input);
  authorize(actor, "person.manage", { communityId: scope.communityId, gridId: scope.gridId });
  if (await first(db.select({ id: people.id }).from(people).where(eq(people.phone, input.phone)))) throw phoneInUse();

  // Hash before the transaction: better-sqlite3 transactions must stay synchronous.
  const passwordHash = await hashPassword(input.password);
  const now = new Date();

  return mapUniqueClash(
    async () =>
      await unitOfWork(db, async (tx) => {
        if (await first(tx.select({ id: people.id }).from(people).where(eq(people.phone, input.phone)))) throw phoneInUse();
        const displayNumber = await allocateDisplayNumber(tx, scope.displayNumber);
        const person = await first(tx
          .insert(people)
          .values({
            phone: input.phone,
            passwordHash,
            name: input.name,
            displayNumber,
            status: "verified",
            reviewedBy: actor.personId,
            reviewedAt: now,
          })
          .returning({ id: people.id }));
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
          kind: "person.created",
          subjectType: "person",
          subjectId: person.id,
          data: {
            displayNumber,
            role: scope.role,
            communityId: scope.communityId,
            gridId: scope.gridId,
            unitId: scope.unitId,
            organisationId: scope.organisationId,
          },
        });
        return { personId: person.id, displayNumber, roleId: role.id, role: scope.role };
      }),
    phoneInUse,
  );
}
