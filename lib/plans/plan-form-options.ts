import { and, asc, eq, inArray, or } from "drizzle-orm";
import { organisations, people, roles, type OrganisationKind, type Plan } from "@/db/schema";
import { can } from "@/lib/auth/policy";
import type { ActorCtx } from "@/lib/context";
import { organisationsActorSpeaksFor } from "@/lib/opinions/consultation";
import { loadVisibleTopic, topicResource } from "@/lib/topics/access";
import { topicStaffIds } from "@/lib/topics/staff-of-topic";
import { topicPlansQuery } from "@/lib/validation/plans";
import { planKindFor, plansOpen } from "./shared";

export type PlanFormOptions = {
  topic: { id: number; title: string; alternativesAllowed: boolean };
  open: boolean;
  mayDraft: boolean;
  /** What a plan drafted by the reader would be. */
  draftKind: Plan["kind"];
  /** Organisations the reader may draft for (物业 / 业委会). */
  speaksFor: { id: number; name: string }[];
  /** Candidates for the responsible party: the community's organisations, and the people who usually carry plans out. */
  organisations: { id: number; name: string; kind: OrganisationKind }[];
  people: { id: number; name: string; displayNumber: string }[];
};

/** What the plan form offers for a topic: who may be made responsible, and whom the reader drafts for. */
export async function planFormOptions(ctx: ActorCtx, raw: unknown): Promise<PlanFormOptions> {
  const { topicId } = topicPlansQuery.parse(raw);
  const { db, actor } = ctx;
  const topic = await loadVisibleTopic(db, actor, topicId);
  const resource = topicResource(topic);

  const orgs = await db
    .select({ id: organisations.id, name: organisations.name, kind: organisations.kind })
    .from(organisations)
    .where(eq(organisations.communityId, topic.communityId))
    .orderBy(asc(organisations.kind), asc(organisations.name), asc(organisations.id));

  // The topic's staff, the property firm's staff and the owners' committee: the people a plan
  // usually names. Anyone else can be written out by name.
  const ids = new Set<number>([actor.personId, ...await topicStaffIds(db, topic)]);
  for (const r of await db
    .select({ personId: roles.personId })
    .from(roles)
    .where(and(eq(roles.communityId, topic.communityId), or(eq(roles.role, "propertyFirmStaff"), eq(roles.role, "ownersCommitteeMember"))))) {
    ids.add(r.personId);
  }
  const candidates = await db
    .select({ id: people.id, name: people.name, displayNumber: people.displayNumber })
    .from(people)
    .where(and(inArray(people.id, [...ids]), eq(people.status, "verified")))
    .orderBy(asc(people.name), asc(people.id))
    .limit(200);

  return {
    topic: { id: topic.id, title: topic.title, alternativesAllowed: topic.alternativesAllowed },
    open: plansOpen(topic.state),
    mayDraft: plansOpen(topic.state) && can(actor, "plan.draft", resource),
    draftKind: planKindFor(actor, topic),
    speaksFor: (await organisationsActorSpeaksFor(db, actor, topic.communityId)).map((o) => ({ id: o.id, name: o.name })),
    organisations: orgs,
    people: candidates,
  };
}
