import { and, eq, sql } from "drizzle-orm";
import type { DB, Tx } from "@/db/client";
import { organisations, type OrganisationKind } from "@/db/schema";
import { authorize } from "@/lib/auth/policy";
import type { ActorCtx } from "@/lib/context";
import { AppError } from "@/lib/errors";
import { recordEvent } from "@/lib/events/record";
import { createOrganisationInput } from "@/lib/validation/admin";
import { resolveCommunity } from "./scope";
import { unitOfWork } from "@/db/unit-of-work";
import { first } from "@/db/query";

export type CreatedOrganisation = { organisationId: number; kind: OrganisationKind; name: string; code: string };

export const organisationCodeTaken = () => new AppError("conflict", "organisationCodeTaken", {}, { code: "organisationCodeTaken" });

/** Whether another organisation of the community already uses this code (display numbers must stay unambiguous). */
export async function organisationCodeUsed(
  db: DB | Tx,
  communityId: number,
  code: string,
  exceptId?: number,
): Promise<boolean> {
  return !!await first(db
    .select({ id: organisations.id })
    .from(organisations)
    .where(
      and(
        eq(organisations.communityId, communityId),
        eq(organisations.code, code),
        exceptId != null ? sql`${organisations.id} <> ${exceptId}` : undefined,
      ),
    ));
}

/** A community admin adds a property firm, owners' committee or think tank (议事智囊团). */
export async function createOrganisation(ctx: ActorCtx, raw: unknown): Promise<CreatedOrganisation> {
  const input = createOrganisationInput.parse(raw);
  const { db, actor } = ctx;
  const communityId = resolveCommunity(actor, "organisation.manage", input.communityId);
  authorize(actor, "organisation.manage", { communityId });

  return await unitOfWork(db, async (tx) => {
    if (await organisationCodeUsed(tx, communityId, input.code)) throw organisationCodeTaken();
    const org = await first(tx
      .insert(organisations)
      .values({ communityId, kind: input.kind, name: input.name, code: input.code, description: input.description })
      .returning({ id: organisations.id }));
    await recordEvent(tx, {
      actorId: actor.personId,
      kind: "organisation.created",
      subjectType: "organisation",
      subjectId: org.id,
      data: { communityId, kind: input.kind, name: input.name, code: input.code },
    });
    return { organisationId: org.id, kind: input.kind, name: input.name, code: input.code };
  });
}
