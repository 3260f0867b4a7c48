import { eq } from "drizzle-orm";
import type { DB } from "@/db/client";
import { buildings, communities, grids, people, signInFailures, units } from "@/db/schema";
import { hashPassword } from "@/lib/auth/password";
import { putThrottleRecord } from "@/lib/auth/throttle";
import { countAttempt, MAX_REGISTRATIONS_PER_ADDRESS, MAX_REGISTRATIONS_PER_PHONE, REGISTRATION_WINDOW_MINUTES } from "@/lib/domain/sign-in-throttle";
import type { Ctx } from "@/lib/context";
import { AppError, invalid } from "@/lib/errors";
import { recordEvent } from "@/lib/events/record";
import { registerInput } from "@/lib/validation/people";
import { allocateDisplayNumber } from "./allocate-display-number";
import { unitPart } from "./display-number";
import { unitOfWork } from "@/db/unit-of-work";
import { first } from "@/db/query";

export type Registration = { personId: number; displayNumber: string; status: "pending" };

/**
 * Counts this attempt against the client address and the mobile number (rows of sign_in_failures,
 * so a restart does not reset them), or refuses it (429) when either has had its share this hour.
 * Counted before anything else is looked up: every attempt costs a password hash, and a flood of
 * pending accounts would bury the staff who review them.
 */
async function countRegistration(db: DB, phone: string, address: string | null, now: Date): Promise<void> {
  const limits = [{ key: `register-phone:${phone}`, max: MAX_REGISTRATIONS_PER_PHONE }, ...(address ? [{ key: `register-ip:${address}`, max: MAX_REGISTRATIONS_PER_ADDRESS }] : [])];
  await unitOfWork(db, async (tx) => {
    const counts = (await Promise.all(limits.map(async ({ key, max }) => ({ key, count: countAttempt(await first(tx.select().from(signInFailures).where(eq(signInFailures.key, key))), now, max, REGISTRATION_WINDOW_MINUTES) }))));
    for (const { count } of counts) if (!count.allowed) throw new AppError("too_many_requests", "registerThrottled", { minutes: count.retryAfterMinutes });
    for (const { key, count } of counts) {
      if (!count.allowed) continue;
      await putThrottleRecord(tx, key, count.next);
    }
  });
}

/**
 * A resident registers with the unit they live in. The account stays pending until a grid worker
 * or chief of that grid verifies it; until then it reads public pages only. `address` is the
 * client's (lib/security/client-address.ts), null when it cannot be told.
 */
export async function register(ctx: Ctx, raw: unknown, { address = null, now = new Date() }: { address?: string | null; now?: Date } = {}): Promise<Registration> {
  const input = registerInput.parse(raw);
  const { db } = ctx;
  await countRegistration(db, input.phone, address, now);

  const place = await first(db
    .select({
      unitNumber: units.number,
      buildingId: buildings.id,
      buildingCode: buildings.code,
      gridId: grids.id,
      gridCode: grids.code,
      communityCode: communities.code,
    })
    .from(units)
    .innerJoin(buildings, eq(units.buildingId, buildings.id))
    .innerJoin(grids, eq(buildings.gridId, grids.id))
    .innerJoin(communities, eq(grids.communityId, communities.id))
    .where(eq(units.id, input.unitId)));
  if (!place) throw invalid("unitNotFound", { unitId: "unitNotFound" });
  if (place.buildingId !== input.buildingId || place.gridId !== input.gridId) {
    throw invalid("unitOutsideGrid", { unitId: "unitOutsideGrid" });
  }
  if (await first(db.select({ id: people.id }).from(people).where(eq(people.phone, input.phone)))) {
    throw new AppError("conflict", "phoneTaken", {}, { phone: "phoneTaken" });
  }

  // Hash before the transaction: better-sqlite3 transactions must stay synchronous.
  const passwordHash = await hashPassword(input.password);

  return await unitOfWork(db, async (tx) => {
    // Checked again inside the transaction: a double-submitted form may have registered the
    // phone while this one was hashing.
    if (await first(tx.select({ id: people.id }).from(people).where(eq(people.phone, input.phone)))) {
      throw new AppError("conflict", "phoneTaken", {}, { phone: "phoneTaken" });
    }
    const displayNumber = await allocateDisplayNumber(tx, {
      communityCode: place.communityCode,
      gridCode: place.gridCode,
      role: input.relation,
      unitPart: unitPart(place.buildingCode, place.unitNumber),
    });
    const person = await first(tx
      .insert(people)
      .values({
        phone: input.phone,
        passwordHash,
        name: input.name,
        displayNumber,
        status: "pending",
        claimedUnitId: input.unitId,
        claimedOwner: input.relation === "owner",
      })
      .returning({ id: people.id }));
    await recordEvent(tx, {
      actorId: person.id,
      kind: "person.registered",
      subjectType: "person",
      subjectId: person.id,
      data: { gridId: place.gridId, unitId: input.unitId, relation: input.relation },
    });
    return { personId: person.id, displayNumber, status: "pending" as const };
  });
}
