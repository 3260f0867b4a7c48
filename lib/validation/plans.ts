import { z } from "zod";
import { budgetSources } from "@/db/schema";
import { parseYuan } from "@/lib/domain/money";
import { plainText, richTextInput } from "@/lib/richtext/document";
import { blankToUndefined, calendarDate, id, optionalId, optionalText } from "./common";

/**
 * Schemas of plan drafting (方案制定), shared by the forms, the JSON API and the OpenAPI document.
 * Messages are keys under `errors.`.
 */


export const PLAN_TITLE_MIN = 4;
export const PLAN_TITLE_MAX = 60;
export const MAX_MILESTONES = 30;
export const COMMENT_MIN = 2;
export const COMMENT_MAX = 1000;


export const planTitle = z
  .string({ error: "planTitleTooShort" })
  .trim()
  .min(PLAN_TITLE_MIN, { error: "planTitleTooShort" })
  .max(PLAN_TITLE_MAX, { error: "planTitleTooLong" })
  .meta({ description: `${PLAN_TITLE_MIN}–${PLAN_TITLE_MAX} characters; fixed once the plan is drafted`, example: "3号楼东侧加装电动车充电桩方案" });

export const planBody = richTextInput
  .refine((d) => plainText(d).length >= 10, { error: "planBodyTooShort" })
  .meta({ description: "The plan as a tiptap document (JSON object, or its JSON string from a form): what will be done and how" });

/** Yuan as written ("12800.50", "12,800.50", 12800.5), kept as exact fen. Empty means no budget. */
export const budgetYuan = z
  .unknown()
  .optional()
  .transform((v, ctx) => {
    const fen = parseYuan(v);
    if (fen == null) {
      ctx.addIssue({ code: "custom", message: "budgetInvalid" });
      return z.NEVER;
    }
    return fen;
  })
  .meta({ description: "Budget in yuan with at most two decimals, e.g. \"12800.50\"; stored exactly in fen", example: "12800.50" });

export const budgetSource = z
  .preprocess((v) => (v === undefined || v === null || v === "" ? "none" : v), z.enum(budgetSources, { error: "budgetSourceInvalid" }))
  .meta({ description: "none / propertyFirm 物业 / maintenanceFund 维修资金 / publicRevenue 公共收益 / government 政府 / residents 居民自筹" });

export const milestone = z.object({
  title: z.string({ error: "milestoneTitleRequired" }).trim().min(1, { error: "milestoneTitleRequired" }).max(100, { error: "textTooLong" }),
  dueOn: calendarDate("milestoneDueInvalid"),
});

/** The list as an array (API) or its JSON string. */
export const milestones = z
  .preprocess((v) => {
    if (v === undefined || v === null || v === "") return [];
    if (typeof v !== "string") return v;
    try {
      return JSON.parse(v);
    } catch {
      return v;
    }
  }, z.array(milestone, { error: "milestoneTitleRequired" }).max(MAX_MILESTONES, { error: "tooManyItems" }))
  .meta({ description: `Up to ${MAX_MILESTONES} steps, each { title, dueOn: YYYY-MM-DD }` });

/** The fields every revision carries: the document and the structured part of the plan. */
const revisionFields = z.object({
  body: planBody,
  responsibleOrganisationId: optionalId.meta({ description: "Responsible organisation (property firm, owners' committee, think tank) of the topic's community" }),
  responsiblePersonId: optionalId.meta({ description: "Responsible person of the topic's community" }),
  responsibleText: optionalText(60).meta({ description: "Responsible party written out, when it is neither an organisation nor a person of the app" }),
  budget: budgetYuan,
  budgetSource,
  deadline: z.preprocess(blankToUndefined, calendarDate("deadlineInvalid").optional()).meta({ description: "YYYY-MM-DD (Beijing time)" }),
  milestones,
  note: optionalText(200).meta({ description: "What this revision changed, for the history" }),
});

export type RevisionFields = z.infer<typeof revisionFields>;

/** One responsible party at most, and a source for any money. */
function checkRevision(v: RevisionFields, ctx: z.RefinementCtx) {
  const given = [v.responsibleOrganisationId != null, v.responsiblePersonId != null, v.responsibleText !== ""].filter(Boolean).length;
  if (given > 1) ctx.addIssue({ code: "custom", path: ["responsibleOrganisationId"], message: "responsibleAmbiguous" });
  if (v.budget > 0 && v.budgetSource === "none") ctx.addIssue({ code: "custom", path: ["budgetSource"], message: "budgetSourceRequired" });
}

const draftFields = revisionFields.extend({
  topicId: id,
  title: planTitle,
  /** Drafting for one of the organisations the author works for or sits on; the only one by default. */
  organisationId: optionalId.meta({ description: "Draft on behalf of this property firm or owners' committee (you must belong to it)" }),
});
export const draftPlanInput = draftFields.superRefine(checkRevision);
/** The body of POST /api/v1/topics/{id}/plans (the topic comes from the path). */
export const draftPlanBody = draftFields.omit({ topicId: true }).superRefine(checkRevision);
export type DraftPlanInput = z.infer<typeof draftPlanInput>;

const reviseFields = revisionFields.extend({
  planId: id,
  /** The revision the editor started from: a save on top of someone else's newer one is refused. */
  baseRevision: optionalId.meta({ description: "The revision number your changes are based on; refused with 409 if the plan has moved on since" }),
});
export const revisePlanInput = reviseFields.superRefine(checkRevision);
/** The body of POST /api/v1/plans/{id}/revisions. */
export const revisePlanBody = reviseFields.omit({ planId: true }).superRefine(checkRevision);
export type RevisePlanInput = z.infer<typeof revisePlanInput>;

export const planCommentBody = z
  .string({ error: "planCommentTooShort" })
  .transform((s) => s.replace(/\r\n?/g, "\n").trim())
  .pipe(z.string().min(COMMENT_MIN, { error: "planCommentTooShort" }).max(COMMENT_MAX, { error: "planCommentTooLong" }))
  .meta({ description: `Plain text, ${COMMENT_MIN}–${COMMENT_MAX} characters`, example: "建议把完工时间提前到暑假前。" });

export const commentOnPlanInput = z.object({ planId: id, body: planCommentBody });
/** The body of POST /api/v1/plans/{id}/comments. */
export const commentOnPlanBody = commentOnPlanInput.omit({ planId: true });

export const topicPlansQuery = z.object({ topicId: id });

export const getPlanQuery = z.object({
  planId: id,
  /** When given, the plan must belong to this topic (the page's URL names both). */
  topicId: optionalId,
  /** Show this revision instead of the current one. */
  revision: optionalId.catch(undefined),
});

const revisionNumber = z.preprocess(
  blankToUndefined,
  z.coerce.number({ error: "revisionNotFound" }).int({ error: "revisionNotFound" }).positive({ error: "revisionNotFound" }).optional(),
);

/** Left out, `from` is the revision before the current one and `to` the current one. */
export const compareRevisionsQuery = z.object({
  planId: id,
  topicId: optionalId,
  from: revisionNumber,
  to: revisionNumber,
});

/**
 * The plan form to the draft/revise input. The responsible party comes from one select
 * (`responsible` = "org:<id>" | "person:<id>" | "text" | "") plus the written name; milestones come
 * as parallel repeated fields `milestone.title` and `milestone.dueOn`, and an entirely empty row is
 * dropped.
 */
export function planFormObject(form: FormData): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of form.entries()) {
    if (typeof v !== "string" || k.startsWith("$") || k.startsWith("milestone.") || k === "responsible") continue;
    out[k] = v;
  }
  const responsible = String(form.get("responsible") ?? "");
  const [kind, ref] = responsible.split(":");
  out.responsibleOrganisationId = kind === "org" ? ref : "";
  out.responsiblePersonId = kind === "person" ? ref : "";
  if (kind !== "text") out.responsibleText = "";
  const all = (k: string) => form.getAll(k).map((v) => (typeof v === "string" ? v : ""));
  const dues = all("milestone.dueOn");
  out.milestones = all("milestone.title")
    .map((title, i) => ({ title, dueOn: dues[i] ?? "" }))
    .filter((m) => m.title.trim() || m.dueOn.trim());
  return out;
}
