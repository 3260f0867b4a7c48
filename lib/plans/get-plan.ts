import { asc, eq } from "drizzle-orm";
import { organisations, people, planComments, planRevisions, type BudgetSource, type Milestone, type Plan, type Topic } from "@/db/schema";
import { can } from "@/lib/auth/policy";
import type { ActorCtx } from "@/lib/context";
import { notFound } from "@/lib/errors";
import type { RichTextDocument } from "@/lib/richtext/document";
import { isInvited, topicResource } from "@/lib/topics/access";
import { getPlanQuery } from "@/lib/validation/plans";
import { loadVisiblePlan, mayRevisePlan, plansOpen, responsibleViews, type ResponsibleView } from "./shared";
import { first } from "@/db/query";

type PersonRef = { id: number; name: string; displayNumber: string };

export type PlanRevisionView = {
  number: number;
  author: PersonRef;
  createdAt: Date;
  note: string;
  /** Sanitized on the server when the revision was saved: the only HTML shown to readers. */
  bodyHtml: string;
  /** The document itself, for the revise form. */
  bodyJson: RichTextDocument;
  responsible: ResponsibleView;
  responsibleOrganisationId: number | null;
  responsiblePersonId: number | null;
  responsibleText: string;
  budgetFen: number;
  budgetSource: BudgetSource;
  deadline: string | null;
  milestones: Milestone[];
};

export type PlanDetail = {
  topic: { id: number; title: string; state: Topic["state"] };
  plan: {
    id: number;
    title: string;
    kind: Plan["kind"];
    author: PersonRef;
    organisation: { id: number; name: string } | null;
    currentRevision: number;
    frozenAt: Date | null;
    createdAt: Date;
  };
  /** The revision shown: the current one unless another was asked for. */
  revision: PlanRevisionView;
  /** Every revision, oldest first, without its text. */
  revisions: { number: number; author: PersonRef; createdAt: Date; note: string }[];
  /** Oldest first, each with the revision it was written against. */
  comments: { id: number; author: PersonRef; body: string; revisionNumber: number; createdAt: Date }[];
  /** The topic still takes plans (consulting or drafting). */
  open: boolean;
  me: { mayRevise: boolean; mayComment: boolean; isAuthor: boolean };
};

/** A plan with its revision history and comments, shaped for the reader; what they may do is decided here. */
export async function getPlan(ctx: ActorCtx, raw: unknown): Promise<PlanDetail> {
  const input = getPlanQuery.parse(raw);
  const { db, actor } = ctx;
  const { plan, topic } = await loadVisiblePlan(db, actor, input.planId, input.topicId);

  const revisions = await db
    .select({ revision: planRevisions, authorName: people.name, authorNumber: people.displayNumber })
    .from(planRevisions)
    .innerJoin(people, eq(planRevisions.authorId, people.id))
    .where(eq(planRevisions.planId, plan.id))
    .orderBy(asc(planRevisions.number));
  const wanted = input.revision ?? plan.currentRevision;
  const shown = revisions.find((r) => r.revision.number === wanted);
  if (!shown) throw notFound("revisionNotFound");

  const author = (await first(db.select({ id: people.id, name: people.name, displayNumber: people.displayNumber }).from(people).where(eq(people.id, plan.authorId))))!;
  const organisation = plan.organisationId
    ? (await first(db.select({ id: organisations.id, name: organisations.name }).from(organisations).where(eq(organisations.id, plan.organisationId))) ?? null)
    : null;
  const comments = await db
    .select({
      id: planComments.id,
      body: planComments.body,
      revisionNumber: planComments.revisionNumber,
      createdAt: planComments.createdAt,
      authorId: people.id,
      authorName: people.name,
      authorNumber: people.displayNumber,
    })
    .from(planComments)
    .innerJoin(people, eq(planComments.authorId, people.id))
    .where(eq(planComments.planId, plan.id))
    .orderBy(asc(planComments.createdAt), asc(planComments.id));

  const r = shown.revision;
  const [responsible] = await responsibleViews(db, [r]);
  const open = plansOpen(topic.state);
  const writable = open && !plan.frozenAt;

  return {
    topic: { id: topic.id, title: topic.title, state: topic.state },
    plan: { id: plan.id, title: plan.title, kind: plan.kind, author, organisation, currentRevision: plan.currentRevision, frozenAt: plan.frozenAt, createdAt: plan.createdAt },
    revision: {
      number: r.number,
      author: { id: r.authorId, name: shown.authorName, displayNumber: shown.authorNumber },
      createdAt: r.createdAt,
      note: r.note,
      bodyHtml: r.bodyHtml,
      bodyJson: r.bodyJson as RichTextDocument,
      responsible: responsible!,
      responsibleOrganisationId: r.responsibleOrganisationId,
      responsiblePersonId: r.responsiblePersonId,
      responsibleText: r.responsibleText,
      budgetFen: r.budgetFen,
      budgetSource: r.budgetSource,
      deadline: r.deadline,
      milestones: r.milestones,
    },
    revisions: revisions.map((x) => ({
      number: x.revision.number,
      author: { id: x.revision.authorId, name: x.authorName, displayNumber: x.authorNumber },
      createdAt: x.revision.createdAt,
      note: x.revision.note,
    })),
    comments: comments.map((c) => ({
      id: c.id,
      author: { id: c.authorId, name: c.authorName, displayNumber: c.authorNumber },
      body: c.body,
      revisionNumber: c.revisionNumber,
      createdAt: c.createdAt,
    })),
    open,
    me: {
      isAuthor: plan.authorId === actor.personId,
      mayRevise: writable && mayRevisePlan(actor, plan, topic),
      mayComment: writable && can(actor, "plan.comment", topicResource(topic, await isInvited(db, topic.id, actor.personId))),
    },
  };
}
