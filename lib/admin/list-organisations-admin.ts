import { and, asc, eq, sql } from "drizzle-orm";
import { organisations, roles, type OrganisationKind } from "@/db/schema";
import { authorize } from "@/lib/auth/policy";
import type { ActorCtx } from "@/lib/context";
import { listOrganisationsInput } from "@/lib/validation/admin";
import { communityInfo, type AdminCommunity } from "./list-admin-communities";
import { resolveCommunity } from "./scope";
import { qualifiedId } from "./sql";

export type AdminOrganisationRow = {
  id: number;
  kind: OrganisationKind;
  name: string;
  code: string;
  description: string;
  memberCount: number;
};

/** The property firms, owners' committees and think tanks of the admin's community. */
export async function listOrganisationsAdmin(ctx: ActorCtx, raw: unknown): Promise<{ community: AdminCommunity; organisations: AdminOrganisationRow[] }> {
  const input = listOrganisationsInput.parse(raw);
  const { db, actor } = ctx;
  const communityId = resolveCommunity(actor, "organisation.manage", input.communityId);
  authorize(actor, "organisation.manage", { communityId });
  const rows = await db
    .select({
      id: organisations.id,
      kind: organisations.kind,
      name: organisations.name,
      code: organisations.code,
      description: organisations.description,
      memberCount: sql<number>`(select count(distinct r.person_id) from ${roles} r where r.organisation_id = ${qualifiedId(organisations)})`,
    })
    .from(organisations)
    .where(and(eq(organisations.communityId, communityId), input.kind ? eq(organisations.kind, input.kind) : undefined))
    .orderBy(asc(organisations.kind), asc(organisations.code));
  return { community: await communityInfo(db, communityId), organisations: rows };
}
