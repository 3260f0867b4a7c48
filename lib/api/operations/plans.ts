import { z } from "zod";
import { commentOnPlanBody, draftPlanBody, revisePlanBody } from "@/lib/validation/plans";
import type { Operation } from "../operation";

const tags = ["plans"];

const draftedPlan = z.object({
  planId: z.number(),
  topicId: z.number(),
  kind: z.enum(["official", "alternative"]),
  organisationId: z.number().nullable(),
  revision: z.literal(1),
});

/** Plan drafting (方案制定): plans, their revisions, comparisons and comments. */
export const plansOperations: Operation[] = [
  {
    method: "get",
    path: "/api/v1/topics/{id}/plans",
    summary: "The topic's plans, official ones first, each with the responsible party, budget (fen), source, deadline and revision number of its current revision",
    tags,
    auth: true,
  },
  {
    method: "post",
    path: "/api/v1/topics/{id}/plans",
    summary:
      "Draft a plan (revision 1) while the topic is consulting or drafting (409 otherwise): staff who own the topic, property-firm staff and owners' committee members draft official plans; residents and owners of the grid an alternative when staff allow alternatives. The proposer and co-signers are notified",
    tags,
    auth: true,
    body: draftPlanBody,
    response: draftedPlan,
    status: 201,
  },
  {
    method: "get",
    path: "/api/v1/plans/{id}",
    summary: "A plan with its current revision (or ?revision=n): sanitized HTML, document, fields and milestones; the revision history; the comments",
    tags,
    auth: true,
    query: z.object({ revision: z.number().int().positive().optional() }),
  },
  {
    method: "post",
    path: "/api/v1/plans/{id}/revisions",
    summary:
      "Save a new revision (n+1) of the plan: its author, or staff who own the topic. Nothing is overwritten. 409 when the plan is frozen for a vote (planFrozen) or has moved on since baseRevision",
    tags,
    auth: true,
    body: revisePlanBody,
    response: z.object({ planId: z.number(), topicId: z.number(), revision: z.number() }),
    status: 201,
  },
  {
    method: "get",
    path: "/api/v1/plans/{id}/compare",
    summary: "Compare two revisions: the plain text as inserted/deleted/unchanged parts, and the structured fields that changed (old → new)",
    tags,
    auth: true,
    query: z.object({ from: z.number().int().positive(), to: z.number().int().positive() }),
  },
  {
    method: "post",
    path: "/api/v1/plans/{id}/comments",
    summary: "Comment on the plan's current revision: residents of the grid, staff, property firm, owners' committee, supervisors and invited people. 409 when the plan is frozen",
    tags,
    auth: true,
    body: commentOnPlanBody,
    response: z.object({ commentId: z.number(), planId: z.number(), revisionNumber: z.number() }),
    status: 201,
  },
];
