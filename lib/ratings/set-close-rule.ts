import "server-only";
import { changedRows } from "@/db/query";
import { eq, inArray } from "drizzle-orm";
import { communities } from "@/db/schema";
import { authorize, communitiesWhere } from "@/lib/auth/policy";
import type { ActorCtx } from "@/lib/context";
import { defaultCloseRule, validateCloseRuleConfig, type CloseRule } from "@/lib/domain/close-rule";
import { AppError, notFound } from "@/lib/errors";
import { recordEvent } from "@/lib/events/record";
import { setCloseRuleInput } from "@/lib/validation/ratings";
import { unitOfWork } from "@/db/unit-of-work";

/**
 * A community admin sets the community's close rule (办结条件), or resets it to the default
 * (stored as null so a later change of the default applies).
 */
export async function setCloseRule(ctx: ActorCtx, raw: unknown) {
  const input = setCloseRuleInput.parse(raw);
  const { db, actor } = ctx;
  authorize(actor, "catalog.manage", { communityId: input.communityId });
  const rule: CloseRule | null = input.useDefault
    ? null
    : { minDimensionMean: input.minDimensionMean, minSatisfiedShare: input.minSatisfiedShare, minResidentAnswers: input.minResidentAnswers, requireAllSupervisors: input.requireAllSupervisors };
  if (rule) {
    const issues = validateCloseRuleConfig(rule);
    if (issues.length > 0) throw new AppError("invalid_input", issues[0]!.key, {}, Object.fromEntries(issues.map((i) => [i.field, i.key])));
  }
  return await unitOfWork(db, async (tx) => {
    const updated = await tx.update(communities).set({ closeRule: rule }).where(eq(communities.id, input.communityId));
    if (changedRows(updated) === 0) throw notFound();
    await recordEvent(tx, { actorId: actor.personId, kind: "community.closeRuleSet", subjectType: "community", subjectId: input.communityId, data: { rule } });
    return { communityId: input.communityId, rule: rule ?? { ...defaultCloseRule }, isDefault: rule === null };
  });
}

/** The close rules of the communities the actor administers, for the settings page. */
export async function listCloseRules(ctx: ActorCtx) {
  const ids = communitiesWhere(ctx.actor, "catalog.manage");
  if (ids.length === 0) return [];
  return (await ctx.db
    .select({ id: communities.id, name: communities.name, rule: communities.closeRule })
    .from(communities)
    .where(inArray(communities.id, ids))
    .orderBy(communities.name, communities.id))
    .map((c) => ({ communityId: c.id, name: c.name, rule: c.rule ? { ...c.rule } : { ...defaultCloseRule }, isDefault: c.rule == null }));
}
