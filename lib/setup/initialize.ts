import { eq } from "drizzle-orm";
import type { DB, Tx } from "@/db/client";
import { defaultCatalog } from "@/db/seed/default-catalog";
import { agendaCategories, agendaItems, communities, people, roles, setupCodes } from "@/db/schema";
import { hashPassword } from "@/lib/auth/password";
import type { Ctx } from "@/lib/context";
import { weakPasswordReason } from "@/lib/domain/password-strength";
import { AppError, invalid } from "@/lib/errors";
import { recordEvent } from "@/lib/events/record";
import { allocateDisplayNumber } from "@/lib/people/allocate-display-number";
import { initializeInput } from "@/lib/validation/setup";
import { unitOfWork } from "@/db/unit-of-work";
import { first } from "@/db/query";

export type Initialized = {
  community: { id: number; code: string; name: string; street: string; district: string };
  admin: { personId: number; name: string; phone: string; displayNumber: string };
};

const setupClosed = () => new AppError("conflict", "setupClosed");

/** Setup is open only on a database with no community and no administrator at all. */
export async function setupIsOpen(db: DB | Tx): Promise<boolean> {
  return !await isClosed(db);
}

async function isClosed(db: DB | Tx): Promise<boolean> {
  return (
    await first(db.select({ id: communities.id }).from(communities).limit(1)) != null ||
    await first(db.select({ id: roles.id }).from(roles).where(eq(roles.role, "communityAdmin")).limit(1)) != null
  );
}

/**
 * The first setup of a deployment: the community, named under its district and street office (the
 * letterhead every notice carries), with the default agenda catalog, and its first administrator,
 * who can then sign in and bring in everyone else. Public — nobody exists yet to sign in — so it
 * closes for good once any community or administrator exists (409), checked again inside the
 * transaction so that two setups at once cannot both pass.
 */
export async function initialize(ctx: Ctx, raw: unknown): Promise<Initialized> {
  const input = initializeInput.parse(raw);
  const { db } = ctx;
  if (await isClosed(db)) throw setupClosed();
  if (weakPasswordReason(input.adminPassword, { phone: input.adminPhone })) throw invalid("passwordTooWeak", { adminPassword: "passwordTooWeak" });

  // Hash before the transaction: better-sqlite3 transactions must stay synchronous.
  const passwordHash = await hashPassword(input.adminPassword);

  return await unitOfWork(db, async (tx) => {
    if (await isClosed(tx)) throw setupClosed();
    const community = await first(tx
      .insert(communities)
      .values({ code: input.communityCode, name: input.communityName, district: input.district, street: input.street })
      .returning());
    for (const [ci, cat] of defaultCatalog.entries()) {
      const category = await first(tx.insert(agendaCategories).values({ communityId: community.id, name: cat.category, sortOrder: ci }).returning({ id: agendaCategories.id }));
      for (const [ii, item] of cat.items.entries()) {
await tx
          .insert(agendaItems)
          .values({ categoryId: category.id, name: item.name, description: item.description, defaultLevel: item.level, defaultVoteRule: item.rule, sortOrder: ii });
}
    }
    const displayNumber = await allocateDisplayNumber(tx, { communityCode: community.code, gridCode: "00", role: "communityAdmin", unitPart: "SQ" });
    const admin = await first(tx
      .insert(people)
      .values({ phone: input.adminPhone, passwordHash, name: input.adminName, displayNumber, status: "verified" })
      .returning({ id: people.id }));
    await tx.insert(roles).values({ personId: admin.id, role: "communityAdmin", communityId: community.id });
    // The web setup's one-time code has done its work: no code is left that could be tried.
    await tx.delete(setupCodes);
    await recordEvent(tx, { actorId: null, kind: "community.setUp", subjectType: "community", subjectId: community.id, data: { code: community.code, adminId: admin.id } });
    await recordEvent(tx, { actorId: null, kind: "person.created", subjectType: "person", subjectId: admin.id, data: { displayNumber, role: "communityAdmin", communityId: community.id, gridId: null, unitId: null, organisationId: null } });
    return {
      community: { id: community.id, code: community.code, name: community.name, street: community.street, district: community.district },
      admin: { personId: admin.id, name: input.adminName, phone: input.adminPhone, displayNumber },
    };
  });
}
