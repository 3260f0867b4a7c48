import { and, eq, inArray } from "drizzle-orm";
import { organisations, type OrganisationKind } from "@/db/schema";
import { authorize } from "@/lib/auth/policy";
import type { ActorCtx } from "@/lib/context";
import { invalid, notFound } from "@/lib/errors";
import { recordEvent } from "@/lib/events/record";
import { updateOrganisationInput } from "@/lib/validation/admin";
import { organisationCodeTaken, organisationCodeUsed } from "./create-organisation";
import { adminCommunityIds } from "./scope";
import { unitOfWork } from "@/db/unit-of-work";
import { first } from "@/db/query";

export type UpdatedOrganisation = { organisationId: number; kind: OrganisationKind; name: string; code: string; description: string };

/**
 * A community admin renames an organisation or changes its code or description. Display numbers
 * already given out keep the old code: they are identifiers, not live labels.
 */
export async function updateOrganisation(ctx: ActorCtx, raw: unknown): Promise<UpdatedOrganisation> {
  const input = updateOrganisationInput.parse(raw);
  const { organisationId, ...changes } = input;
  if (Object.values(changes).every((v) => v === undefined)) throw invalid("nothingToUpdate");
  const { db, actor } = ctx;
  const allowed = adminCommunityIds(actor, "organisation.manage");
  const org = await first(db
    .select()
    .from(organisations)
    .where(and(eq(organisations.id, organisationId), inArray(organisations.communityId, allowed))));
  if (!org) throw notFound("organisationNotFound");
  authorize(actor, "organisation.manage", { communityId: org.communityId });

  return await unitOfWork(db, async (tx) => {
    if (changes.code !== undefined && await organisationCodeUsed(tx, org.communityId, changes.code, org.id)) throw organisationCodeTaken();
    const updated = (await first(tx
      .update(organisations)
      .set(changes)
      .where(and(eq(organisations.id, org.id), eq(organisations.communityId, org.communityId)))
      .returning()))!;
    await recordEvent(tx, {
      actorId: actor.personId,
      kind: "organisation.updated",
      subjectType: "organisation",
      subjectId: org.id,
      data: { before: { name: org.name, code: org.code, description: org.description }, changes },
    });
    return {
      organisationId: updated.id,
      kind: updated.kind,
      name: updated.name,
      code: updated.code,
      description: updated.description,
    };
  });
}
