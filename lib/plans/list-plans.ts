import { and, asc, count, eq, inArray } from "drizzle-orm";
import { organisations, people, planComments, planRevisions, plans, type BudgetSource, type Plan, type Topic } from "@/db/schema";
import { can } from "@/lib/auth/policy";
import type { ActorCtx } from "@/lib/context";
import { loadVisibleTopic, topicResource } from "@/lib/topics/access";
import { topicPlansQuery } from "@/lib/validation/plans";
import { planKindFor, plansOpen, responsibleViews, type ResponsibleView } from "./shared";

export type PlanSummary = {
  id: number;
  title: string;
  kind: Plan["kind"];
  author: { id: number; name: string; displayNumber: string };
  organisation: { id: number; name: string } | null;
  currentRevision: number;
  responsible: ResponsibleView;
  budgetFen: number;
  budgetSource: BudgetSource;
  deadline: string | null;
  milestoneCount: number;
  commentCount: number;
  frozenAt: Date | null;
  createdAt: Date;
  updatedAt: Date;
};

export type TopicPlans = {
  topicId: number;
  state: Topic["state"];
  /** The topic is in a state that takes plans (consulting or drafting). */
  open: boolean;
  alternativesAllowed: boolean;
  /** The reader may draft a plan now. */
  mayDraft: boolean;
  /** What a plan drafted by the reader would be. */
  draftKind: Plan["kind"];
  plans: PlanSummary[];
};

/** The plans of a topic, official ones first, each with the fields of its current revision. */
export async function listPlans(ctx: ActorCtx, raw: unknown): Promise<TopicPlans> {
  const { topicId } = topicPlansQuery.parse(raw);
  const { db, actor } = ctx;
  const topic = await loadVisibleTopic(db, actor, topicId);
  const open = plansOpen(topic.state);

  const rows = await db
    .select({
      id: plans.id,
      title: plans.title,
      kind: plans.kind,
      currentRevision: plans.currentRevision,
      frozenAt: plans.frozenAt,
      createdAt: plans.createdAt,
      updatedAt: plans.updatedAt,
      authorId: people.id,
      authorName: people.name,
      authorNumber: people.displayNumber,
      orgId: organisations.id,
      orgName: organisations.name,
      responsibleOrganisationId: planRevisions.responsibleOrganisationId,
      responsiblePersonId: planRevisions.responsiblePersonId,
      responsibleText: planRevisions.responsibleText,
      budgetFen: planRevisions.budgetFen,
      budgetSource: planRevisions.budgetSource,
      deadline: planRevisions.deadline,
      milestones: planRevisions.milestones,
    })
    .from(plans)
    .innerJoin(planRevisions, and(eq(planRevisions.planId, plans.id), eq(planRevisions.number, plans.currentRevision)))
    .innerJoin(people, eq(plans.authorId, people.id))
    .leftJoin(organisations, eq(plans.organisationId, organisations.id))
    .where(eq(plans.topicId, topic.id))
    .orderBy(asc(plans.createdAt), asc(plans.id));

  const ids = rows.map((r) => r.id);
  const comments = new Map(
    (ids.length
      ? await db.select({ planId: planComments.planId, n: count() }).from(planComments).where(inArray(planComments.planId, ids)).groupBy(planComments.planId)
      : []
    ).map((c) => [c.planId, c.n]),
  );
  const responsible = await responsibleViews(db, rows);

  const summaries = rows.map(
    (r, i): PlanSummary => ({
      id: r.id,
      title: r.title,
      kind: r.kind,
      author: { id: r.authorId, name: r.authorName, displayNumber: r.authorNumber },
      organisation: r.orgId != null && r.orgName != null ? { id: r.orgId, name: r.orgName } : null,
      currentRevision: r.currentRevision,
      responsible: responsible[i]!,
      budgetFen: r.budgetFen,
      budgetSource: r.budgetSource,
      deadline: r.deadline,
      milestoneCount: r.milestones.length,
      commentCount: comments.get(r.id) ?? 0,
      frozenAt: r.frozenAt,
      createdAt: r.createdAt,
      updatedAt: r.updatedAt,
    }),
  );
  // Official plans first (stable within each kind), so the alternatives read as alternatives.
  summaries.sort((a, b) => (a.kind === b.kind ? 0 : a.kind === "official" ? -1 : 1));

  return {
    topicId: topic.id,
    state: topic.state,
    open,
    alternativesAllowed: topic.alternativesAllowed,
    mayDraft: open && can(actor, "plan.draft", topicResource(topic)),
    draftKind: planKindFor(actor, topic),
    plans: summaries,
  };
}
