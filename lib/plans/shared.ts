import { and, eq, inArray, sql } from "drizzle-orm";
import type { DB, Tx } from "@/db/client";
import { organisations, people, planRevisions, plans, roles, type OrganisationKind, type Plan, type Topic } from "@/db/schema";
import type { Actor } from "@/lib/auth/actor";
import { can } from "@/lib/auth/policy";
import { AppError, invalid, notFound } from "@/lib/errors";
import { loadVisibleTopic, topicResource } from "@/lib/topics/access";
import type { RevisionFields } from "@/lib/validation/plans";
import { first } from "@/db/query";

/** Plans are drafted, revised and discussed while the topic is deliberated or its plan drafted. */
export const planStates = ["consulting", "drafting"] as const satisfies readonly Topic["state"][];

export function plansOpen(state: Topic["state"]): boolean {
  return (planStates as readonly string[]).includes(state);
}

/**
 * Loads a plan and its topic for the actor. A plan on a topic the actor cannot see is "not found",
 * like the topic itself; so is a plan asked for under another topic's URL.
 */
export async function loadVisiblePlan(db: DB | Tx, actor: Actor, planId: number, topicId?: number): Promise<{ plan: Plan; topic: Topic }> {
  const plan = await first(db.select().from(plans).where(eq(plans.id, planId)));
  if (!plan || (topicId != null && plan.topicId !== topicId)) throw notFound("planNotFound");
  const topic = await loadVisibleTopic(db, actor, plan.topicId);
  return { plan, topic };
}

/** Only the plan's author, or staff who own the topic, may write a new revision. */
export function mayRevisePlan(actor: Actor, plan: Pick<Plan, "authorId">, topic: Topic): boolean {
  if (actor.status !== "verified") return false;
  return plan.authorId === actor.personId || can(actor, "topic.manage", topicResource(topic));
}

/**
 * What a plan drafted by this actor is: staff who own the topic and the two other parties of
 * 三方联动 (property firm, owners' committee) draft official plans; anyone else may draft only
 * because the topic is open to alternatives (备选方案).
 */
export function planKindFor(actor: Actor, topic: Topic): Plan["kind"] {
  const isParty = actor.roles.some((r) => r.communityId === topic.communityId && (r.role === "propertyFirmStaff" || r.role === "ownersCommitteeMember"));
  return isParty || can(actor, "topic.manage", topicResource(topic)) ? "official" : "alternative";
}

/** Who carries the plan out, as a reader sees it. */
export type ResponsibleView =
  | { kind: "organisation"; id: number; name: string; organisationKind: OrganisationKind }
  | { kind: "person"; id: number; name: string; displayNumber: string }
  | { kind: "text"; name: string }
  | { kind: "none" };

type ResponsibleRefs = { responsibleOrganisationId: number | null; responsiblePersonId: number | null; responsibleText: string };

/** Names the responsible party of several revisions in two queries. */
export async function responsibleViews(db: DB | Tx, revisions: ResponsibleRefs[]): Promise<ResponsibleView[]> {
  const orgIds = [...new Set(revisions.map((r) => r.responsibleOrganisationId).filter((x): x is number => x != null))];
  const personIds = [...new Set(revisions.map((r) => r.responsiblePersonId).filter((x): x is number => x != null))];
  const orgs = new Map(
    (orgIds.length
      ? await db.select({ id: organisations.id, name: organisations.name, kind: organisations.kind }).from(organisations).where(inArray(organisations.id, orgIds))
      : []
    ).map((o) => [o.id, o]),
  );
  const persons = new Map(
    (personIds.length
      ? await db.select({ id: people.id, name: people.name, displayNumber: people.displayNumber }).from(people).where(inArray(people.id, personIds))
      : []
    ).map((p) => [p.id, p]),
  );
  return revisions.map((r): ResponsibleView => {
    const org = r.responsibleOrganisationId != null ? orgs.get(r.responsibleOrganisationId) : undefined;
    if (org) return { kind: "organisation", id: org.id, name: org.name, organisationKind: org.kind };
    const person = r.responsiblePersonId != null ? persons.get(r.responsiblePersonId) : undefined;
    if (person) return { kind: "person", id: person.id, name: person.name, displayNumber: person.displayNumber };
    if (r.responsibleText) return { kind: "text", name: r.responsibleText };
    return { kind: "none" };
  });
}

/**
 * The responsible organisation or person must belong to the topic's community: a plan cannot make
 * someone elsewhere answerable, and an id from the API cannot reveal who exists outside it.
 */
export async function checkResponsible(db: DB | Tx, communityId: number, input: { responsibleOrganisationId?: number; responsiblePersonId?: number }): Promise<void> {
  if (input.responsibleOrganisationId != null) {
    const org = await first(db
      .select({ id: organisations.id })
      .from(organisations)
      .where(and(eq(organisations.id, input.responsibleOrganisationId), eq(organisations.communityId, communityId))));
    if (!org) throw invalid("responsibleNotFound", { responsibleOrganisationId: "responsibleNotFound" });
  }
  if (input.responsiblePersonId != null) {
    const person = await first(db
      .select({ id: people.id })
      .from(people)
      .where(
        and(
          eq(people.id, input.responsiblePersonId),
          eq(people.status, "verified"),
          // people.id spelled out with its table, so the subquery does not read the role's own id.
          sql`exists (select 1 from ${roles} r where r.person_id = ${people}.${sql.identifier("id")} and r.community_id = ${communityId})`,
        ),
      ));
    if (!person) throw invalid("responsibleNotFound", { responsiblePersonId: "responsibleNotFound" });
  }
}

/** The conflict every write on a frozen plan answers with. */
export const planFrozen = () => new AppError("conflict", "planFrozen");
export const plansClosed = () => new AppError("conflict", "plansClosed");

/** Stores revision `number` of a plan: its document (and rendered HTML) and the structured fields. */
export async function insertRevision(tx: DB | Tx, revision: { planId: number; number: number; authorId: number; bodyHtml: string; at: Date }, input: RevisionFields): Promise<void> {
  await tx.insert(planRevisions)
    .values({
      planId: revision.planId,
      number: revision.number,
      authorId: revision.authorId,
      bodyJson: input.body,
      bodyHtml: revision.bodyHtml,
      responsibleOrganisationId: input.responsibleOrganisationId ?? null,
      responsiblePersonId: input.responsiblePersonId ?? null,
      responsibleText: input.responsibleText,
      budgetFen: input.budget,
      budgetSource: input.budgetSource,
      deadline: input.deadline ?? null,
      milestones: input.milestones,
      note: input.note,
      createdAt: revision.at,
    });
}
