import { and, eq, inArray } from "drizzle-orm";
import type { Tx } from "@/db/client";
import { people, roles, type Topic } from "@/db/schema";
import { authorize } from "@/lib/auth/policy";
import type { ActorCtx } from "@/lib/context";
import { recordEvent } from "@/lib/events/record";
import { notify } from "@/lib/notifications/notify";
import { startDraftingInput } from "@/lib/validation/drafting";
import { loadVisibleTopic, topicResource } from "./access";
import { applyTransition } from "./apply-transition";
import { unitOfWork } from "@/db/unit-of-work";

/**
 * The drafting parties of the topic's community — the property firm's staff and the owners'
 * committee (the policy's plan.draft: "isCommunityParty") — who are asked for a plan.
 */
export async function draftingPartyIds(tx: Tx, topic: Pick<Topic, "communityId">): Promise<number[]> {
  const rows = await tx
    .selectDistinct({ personId: roles.personId })
    .from(roles)
    .innerJoin(people, eq(people.id, roles.personId))
    .where(and(eq(roles.communityId, topic.communityId), inArray(roles.role, ["propertyFirmStaff", "ownersCommitteeMember"]), eq(people.status, "verified")));
  return rows.map((r) => r.personId);
}

/**
 * Staff who own the topic close the consultation and open plan drafting (议事协商 → 方案制定); the
 * property firm and the owners' committee are told in the same transaction, so they hear of it
 * exactly when it happened (before, nobody told them and drafting waited on a chance visit).
 */
export async function startDrafting(ctx: ActorCtx, raw: unknown, now = new Date()) {
  const input = startDraftingInput.parse(raw);
  const { db, actor } = ctx;
  const topic = await loadVisibleTopic(db, actor, input.topicId);
  authorize(actor, "topic.manage", topicResource(topic));
  return await unitOfWork(db, async (tx) => {
    const moved = await applyTransition(tx, topic, "startDrafting", actor, { now });
    const notified = await notify(tx, await draftingPartyIds(tx, topic), "draftingStarted", { topicId: topic.id, data: { topic: topic.title }, actorId: actor.personId, at: now });
    await recordEvent(tx, { actorId: actor.personId, kind: "topic.draftingStarted", subjectType: "topic", subjectId: topic.id, data: { notified } });
    return { topicId: topic.id, state: moved.to };
  });
}
