import { and, asc, eq, inArray } from "drizzle-orm";
import { diffWordsWithSpace } from "diff";
import { people, planRevisions, type BudgetSource, type Milestone, type PlanRevision } from "@/db/schema";
import type { ActorCtx } from "@/lib/context";
import { notFound } from "@/lib/errors";
import { plainText } from "@/lib/richtext/document";
import { compareRevisionsQuery } from "@/lib/validation/plans";
import { loadVisiblePlan, responsibleViews, type ResponsibleView } from "./shared";

/** One run of the text: unchanged, inserted in the newer revision, or deleted from the older one. */
export type DiffPart = { kind: "same" | "added" | "removed"; text: string };

export type FieldChange =
  | { field: "responsible"; from: ResponsibleView; to: ResponsibleView }
  | { field: "budget"; from: number; to: number }
  | { field: "budgetSource"; from: BudgetSource; to: BudgetSource }
  | { field: "deadline"; from: string | null; to: string | null }
  | { field: "milestones"; from: Milestone[]; to: Milestone[] };

export type RevisionDiff = { parts: DiffPart[]; fields: FieldChange[]; textChanged: boolean };

type Comparable = Pick<
  PlanRevision,
  "bodyJson" | "responsibleOrganisationId" | "responsiblePersonId" | "responsibleText" | "budgetFen" | "budgetSource" | "deadline" | "milestones"
>;

/** A diff that would take longer than this gives way to "everything replaced": a page must answer. */
const DIFF_TIMEOUT_MS = 1500;

/**
 * The readable difference between two texts. Word by word for Latin script and character by
 * character for Chinese (which has no spaces between words): diffWordsWithSpace tokenizes runs of
 * Latin letters as words and every Han character as its own token. Whitespace and line breaks are
 * kept, so the parts put together give back each text exactly.
 */
export function diffText(from: string, to: string): DiffPart[] {
  if (from === to) return from ? [{ kind: "same", text: from }] : [];
  const changes = diffWordsWithSpace(from, to, { timeout: DIFF_TIMEOUT_MS });
  if (!changes) {
    return [
      ...(from ? [{ kind: "removed" as const, text: from }] : []),
      ...(to ? [{ kind: "added" as const, text: to }] : []),
    ];
  }
  return changes.filter((c) => c.value !== "").map((c) => ({ kind: c.added ? "added" : c.removed ? "removed" : "same", text: c.value }));
}

/**
 * What changed from one revision to another: the plain text of the document as a diff, and the
 * structured fields that differ (old → new). Pure apart from the names passed in.
 */
export function diffRevisions(from: Comparable, to: Comparable, responsible: { from: ResponsibleView; to: ResponsibleView }): RevisionDiff {
  const a = plainText(from.bodyJson as { content?: unknown[] });
  const b = plainText(to.bodyJson as { content?: unknown[] });
  const fields: FieldChange[] = [];
  if (
    from.responsibleOrganisationId !== to.responsibleOrganisationId ||
    from.responsiblePersonId !== to.responsiblePersonId ||
    from.responsibleText !== to.responsibleText
  ) {
    fields.push({ field: "responsible", from: responsible.from, to: responsible.to });
  }
  if (from.budgetFen !== to.budgetFen) fields.push({ field: "budget", from: from.budgetFen, to: to.budgetFen });
  if (from.budgetSource !== to.budgetSource) fields.push({ field: "budgetSource", from: from.budgetSource, to: to.budgetSource });
  if ((from.deadline ?? null) !== (to.deadline ?? null)) fields.push({ field: "deadline", from: from.deadline ?? null, to: to.deadline ?? null });
  if (JSON.stringify(from.milestones) !== JSON.stringify(to.milestones)) fields.push({ field: "milestones", from: from.milestones, to: to.milestones });
  return { parts: diffText(a, b), fields, textChanged: a !== b };
}

type RevisionMeta = { number: number; author: { id: number; name: string }; createdAt: Date; note: string };

export type RevisionComparison = RevisionDiff & {
  topic: { id: number; title: string };
  plan: { id: number; title: string; currentRevision: number };
  from: RevisionMeta;
  to: RevisionMeta;
  /** Every revision, oldest first, for the pickers. */
  revisions: { number: number; authorName: string; createdAt: Date }[];
};

/**
 * Compares any two revisions of a plan the reader may see (?from=1&to=2; the older one need not
 * come first). Left out, the current revision is compared with the one before it.
 */
export async function compareRevisions(ctx: ActorCtx, raw: unknown): Promise<RevisionComparison> {
  const input = compareRevisionsQuery.parse(raw);
  const { db, actor } = ctx;
  const { plan, topic } = await loadVisiblePlan(db, actor, input.planId, input.topicId);

  const toNumber = input.to ?? plan.currentRevision;
  const fromNumber = input.from ?? Math.max(1, toNumber - 1);
  const pair = await db
    .select()
    .from(planRevisions)
    .where(and(eq(planRevisions.planId, plan.id), inArray(planRevisions.number, [fromNumber, toNumber])));
  const from = pair.find((r) => r.number === fromNumber);
  const to = pair.find((r) => r.number === toNumber);
  if (!from || !to) throw notFound("revisionNotFound");

  const history = await db
    .select({ number: planRevisions.number, authorId: planRevisions.authorId, authorName: people.name, createdAt: planRevisions.createdAt, note: planRevisions.note })
    .from(planRevisions)
    .innerJoin(people, eq(planRevisions.authorId, people.id))
    .where(eq(planRevisions.planId, plan.id))
    .orderBy(asc(planRevisions.number));
  const meta = (n: number): RevisionMeta => {
    const h = history.find((x) => x.number === n)!;
    return { number: n, author: { id: h.authorId, name: h.authorName }, createdAt: h.createdAt, note: h.note };
  };
  const [responsibleFrom, responsibleTo] = await responsibleViews(db, [from, to]);

  return {
    topic: { id: topic.id, title: topic.title },
    plan: { id: plan.id, title: plan.title, currentRevision: plan.currentRevision },
    from: meta(from.number),
    to: meta(to.number),
    revisions: history.map((h) => ({ number: h.number, authorName: h.authorName, createdAt: h.createdAt })),
    ...diffRevisions(from, to, { from: responsibleFrom!, to: responsibleTo! }),
  };
}
