import { and, desc, eq } from "drizzle-orm";
import { ballotOptions, organisations, people, planRevisions, plans, resolutions, roles } from "@/db/schema";
import { authorize } from "@/lib/auth/policy";
import type { ActorCtx } from "@/lib/context";
import { shanghaiDate } from "@/lib/time";
import { loadVisibleTopic, topicResource } from "@/lib/topics/access";
import { TASK_TITLE_MAX, topicIdInput } from "@/lib/validation/tasks";
import { first } from "@/db/query";

export type DispatchDefaults = {
  /** The plan that carried the vote, as it was voted. */
  planTitle: string;
  title: string;
  /** "organisation:ID" / "person:ID" as the dispatch form's select spells it; null when the plan names nobody the form lists. */
  assignee: string | null;
  /** The plan's deadline, when it is still ahead (a task cannot be due in the past). */
  dueOn: string | null;
  /** The plan's responsible party written out, and its milestones, for the task's description. */
  description: string;
};

/**
 * What the dispatch form (派单) starts from: the winning plan of the topic's latest resolution, at
 * the revision that was voted — its responsible organisation or person, its deadline, its title.
 * Staff may change every field; the use case (createTask) checks what is sent as always. Null
 * when the topic has no resolution yet.
 */
export async function dispatchDefaults(ctx: ActorCtx, raw: unknown, now = new Date()): Promise<DispatchDefaults | null> {
  const input = topicIdInput.parse(raw);
  const { db, actor } = ctx;
  const topic = await loadVisibleTopic(db, actor, input.topicId);
  authorize(actor, "topic.manage", topicResource(topic));
  const resolution = await first(db
    .select({ planId: resolutions.planId, ballotId: resolutions.ballotId })
    .from(resolutions)
    .where(eq(resolutions.topicId, topic.id))
    .orderBy(desc(resolutions.id)));
  if (!resolution) return null;
  const voted = await first(db
    .select({ revisionNumber: ballotOptions.revisionNumber })
    .from(ballotOptions)
    .where(and(eq(ballotOptions.ballotId, resolution.ballotId), eq(ballotOptions.planId, resolution.planId))));
  const row = await first(db
    .select({
      title: plans.title,
      currentRevision: plans.currentRevision,
      responsibleOrganisationId: planRevisions.responsibleOrganisationId,
      responsiblePersonId: planRevisions.responsiblePersonId,
      responsibleText: planRevisions.responsibleText,
      deadline: planRevisions.deadline,
      milestones: planRevisions.milestones,
    })
    .from(plans)
    .innerJoin(planRevisions, eq(planRevisions.planId, plans.id))
    .where(and(eq(plans.id, resolution.planId), eq(plans.topicId, topic.id), eq(planRevisions.number, voted?.revisionNumber ?? plans.currentRevision))));
  if (!row) return null;

  // Only a party the form can offer: an organisation of the topic's community, a verified member of it.
  let assignee: string | null = null;
  if (row.responsibleOrganisationId != null) {
    const org = await first(db
      .select({ id: organisations.id })
      .from(organisations)
      .where(and(eq(organisations.id, row.responsibleOrganisationId), eq(organisations.communityId, topic.communityId))));
    if (org) assignee = `organisation:${org.id}`;
  } else if (row.responsiblePersonId != null) {
    const person = await first(db
      .select({ id: people.id })
      .from(people)
      .innerJoin(roles, eq(roles.personId, people.id))
      .where(and(eq(people.id, row.responsiblePersonId), eq(people.status, "verified"), eq(roles.communityId, topic.communityId))));
    if (person) assignee = `person:${person.id}`;
  }

  const today = shanghaiDate(now);
  const description = [row.responsibleText.trim(), ...row.milestones.map((m) => `${m.dueOn} ${m.title}`)].filter(Boolean).join("\n");
  return {
    planTitle: row.title,
    title: [...row.title].slice(0, TASK_TITLE_MAX).join(""),
    assignee,
    dueOn: row.deadline && row.deadline >= today ? row.deadline : null,
    description,
  };
}
