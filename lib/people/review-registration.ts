import { and, eq } from "drizzle-orm";
import { buildings, grids, people, roles, units } from "@/db/schema";
import { can, gridsWhere } from "@/lib/auth/policy";
import type { ActorCtx } from "@/lib/context";
import { AppError, notFound } from "@/lib/errors";
import { recordEvent } from "@/lib/events/record";
import { reviewRegistrationInput } from "@/lib/validation/people";
import { unitOfWork } from "@/db/unit-of-work";
import { first } from "@/db/query";

export type ReviewOutcome = { personId: number; status: "verified" | "rejected" };

/** A grid's chief or worker verifies a pending registration (granting its roles) or rejects it with a reason. */
export async function reviewRegistration(ctx: ActorCtx, raw: unknown): Promise<ReviewOutcome> {
  const input = reviewRegistrationInput.parse(raw);
  const { db, actor } = ctx;

  const pending = await first(db
    .select({
      id: people.id,
      status: people.status,
      claimedUnitId: people.claimedUnitId,
      claimedOwner: people.claimedOwner,
      gridId: grids.id,
      communityId: grids.communityId,
    })
    .from(people)
    .innerJoin(units, eq(people.claimedUnitId, units.id))
    .innerJoin(buildings, eq(units.buildingId, buildings.id))
    .innerJoin(grids, eq(buildings.gridId, grids.id))
    .where(eq(people.id, input.personId)));
  // People who may review nowhere are refused alike (401/403) whether the id exists or not, so
  // residents cannot probe which registrations exist; staff elsewhere get 404 or 403.
  if (actor.status !== "verified") throw new AppError("forbidden", "notVerified");
  const mayReviewSomewhere = (await gridsWhere(actor, "registration.review", async (c) =>
    (await db.select({ id: grids.id }).from(grids).where(eq(grids.communityId, c))).map((g) => g.id),
  )).length > 0;
  if (!mayReviewSomewhere) throw new AppError("forbidden", "forbidden");
  if (!pending) throw notFound("registrationNotFound");
  if (!can(actor, "registration.review", { communityId: pending.communityId, gridId: pending.gridId })) throw new AppError("forbidden", "forbidden");
  if (pending.status !== "pending") throw new AppError("conflict", "registrationAlreadyReviewed");

  const now = new Date();
  return await unitOfWork(db, async (tx) => {
    if (input.decision === "verify") {
      await tx.update(people)
        .set({ status: "verified", reviewedBy: actor.personId, reviewedAt: now, rejectReason: null })
        .where(and(eq(people.id, pending.id), eq(people.status, "pending")));
      const scope = { personId: pending.id, communityId: pending.communityId, gridId: pending.gridId, unitId: pending.claimedUnitId };
      await tx.insert(roles).values({ ...scope, role: "resident" });
      if (pending.claimedOwner) await tx.insert(roles).values({ ...scope, role: "owner" });
    } else {
      await tx.update(people)
        .set({ status: "rejected", reviewedBy: actor.personId, reviewedAt: now, rejectReason: input.reason })
        .where(and(eq(people.id, pending.id), eq(people.status, "pending")));
    }
    await recordEvent(tx, {
      actorId: actor.personId,
      kind: input.decision === "verify" ? "person.verified" : "person.rejected",
      subjectType: "person",
      subjectId: pending.id,
      data: input.decision === "reject" ? { reason: input.reason } : { owner: pending.claimedOwner },
    });
    return { personId: pending.id, status: input.decision === "verify" ? ("verified" as const) : ("rejected" as const) };
  });
}
