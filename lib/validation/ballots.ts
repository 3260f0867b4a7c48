import { z } from "zod";
import { ballotKinds, electorateKinds, voteChoices, voteRules } from "@/db/schema";
import { parseShanghaiLocal } from "@/lib/time";
import { blankToUndefined, checkbox, id, optionalId, optionalText } from "./common";

/**
 * Schemas of the ballot (表决) use cases, shared by the forms, the JSON API and the OpenAPI
 * document. Messages are keys under `errors.`.
 */

/** FormData sends "" for an untouched input or select: that means "not given". */


/** A list of ids: a JSON array, the repeated values of a form field, or "1,2,3". */
const idList = (max: number) =>
  z.preprocess(
    (v) => (v == null || v === "" ? [] : Array.isArray(v) ? v.filter((x) => x !== "") : String(v).split(",").map((s) => s.trim()).filter(Boolean)),
    z.array(id).max(max, { error: "tooManyItems" }),
  );


const isoWithZone = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:?\d{2})$/i;

/** A point in time: ISO 8601 with its zone (API), epoch milliseconds, or a datetime-local value read as Beijing time (forms). */
const instant = (error: string) =>
  z
    .preprocess((v) => {
      if (v instanceof Date) return v;
      if (typeof v === "number" && Number.isFinite(v)) return new Date(v);
      if (typeof v !== "string") return v;
      const local = parseShanghaiLocal(v);
      if (local) return local;
      return isoWithZone.test(v.trim()) ? new Date(v.trim()) : v;
    }, z.date({ error }))
    .refine((d) => !Number.isNaN(d.getTime()) && d.getUTCFullYear() >= 2000 && d.getUTCFullYear() <= 2100, { error })
    .meta({ description: "ISO 8601 with zone, or YYYY-MM-DDTHH:mm read as Asia/Shanghai time", example: "2026-03-15T19:00+08:00" });

/** An elector of a ballot: "person:12", "owner:7", "unit:31" or "developer". */
export const electorKey = z
  .string({ error: "electorRequired" })
  .trim()
  .min(1, { error: "electorRequired" })
  .max(64, { error: "electorRequired" })
  .regex(/^(person:\d+|owner:\d+|unit:\d+|developer)$/, { error: "electorRequired" })
  .meta({ description: 'The elector voted for: "person:<id>", "owner:<id>", "unit:<id>" or "developer"', example: "owner:12" });

export const openBallotFields = z.object({
  topicId: id,
  title: z.preprocess(blankToUndefined, z.string().trim().min(2, { error: "ballotTitleTooShort" }).max(60, { error: "textTooLong" }).optional()).meta({ description: "Defaults to the topic's title" }),
  kind: z.enum(ballotKinds, { error: "ballotKindRequired" }).meta({ description: "single: agree / disagree / abstain on one plan; choice: choose one of several plans" }),
  planIds: idList(10).meta({ description: "The plans voted on: one for a single ballot, two or more for a choice" }),
  rule: z.preprocess(blankToUndefined, z.enum(voteRules, { error: "ruleRequired" }).optional()).meta({ description: "Defaults to the catalog item's rule; only an equal or stricter one is accepted" }),
  electorateKind: z.enum(electorateKinds, { error: "electorateRequired" }),
  meetingId: optionalId.meta({ description: "meetingAttendees: the meeting whose checked-in attendees vote" }),
  buildingId: optionalId.meta({ description: "buildingOwners: the building whose owners vote" }),
  quorumRequired: z
    .preprocess(blankToUndefined, z.coerce.number({ error: "quorumInvalid" }).int({ error: "quorumInvalid" }).min(1, { error: "quorumInvalid" }).max(100_000, { error: "quorumInvalid" }).optional())
    .meta({ description: "meetingAttendees: people who must be present (出席法定人数)" }),
  secret: checkbox.default(true).meta({ description: "Secret (不记名, default) or named (记名) ballot" }),
  opensAt: z.preprocess(blankToUndefined, instant("ballotOpensAtInvalid").optional()).meta({ description: "Defaults to now" }),
  closesAt: instant("ballotClosesAtInvalid"),
});

export const openBallotInput = openBallotFields.superRefine((v, ctx) => {
  if (v.planIds.length === 0) ctx.addIssue({ code: "custom", message: "ballotPlansRequired", path: ["planIds"] });
  else if (new Set(v.planIds).size !== v.planIds.length) ctx.addIssue({ code: "custom", message: "ballotPlansDuplicate", path: ["planIds"] });
  else if (v.kind === "single" && v.planIds.length !== 1) ctx.addIssue({ code: "custom", message: "singleNeedsOnePlan", path: ["planIds"] });
  else if (v.kind === "choice" && v.planIds.length < 2) ctx.addIssue({ code: "custom", message: "choiceNeedsPlans", path: ["planIds"] });
  if (v.electorateKind === "meetingAttendees" && v.meetingId == null) ctx.addIssue({ code: "custom", message: "ballotMeetingRequired", path: ["meetingId"] });
  if (v.electorateKind === "buildingOwners" && v.buildingId == null) ctx.addIssue({ code: "custom", message: "ballotBuildingRequired", path: ["buildingId"] });
  if (v.opensAt && v.closesAt.getTime() <= v.opensAt.getTime()) ctx.addIssue({ code: "custom", message: "ballotClosesBeforeOpens", path: ["closesAt"] });
});
export type OpenBallotInput = z.infer<typeof openBallotInput>;

export const ballotRef = z.object({ ballotId: id });

const voteFields = {
  choice: z.preprocess(blankToUndefined, z.enum(voteChoices, { error: "voteChoiceRequired" }).optional()).meta({ description: "single ballots: agree, disagree or abstain" }),
  planId: optionalId.meta({ description: "choice ballots: the plan chosen" }),
};

export const castVoteInput = z.object({
  ballotId: id,
  electorKey: z.preprocess(blankToUndefined, electorKey.optional()).meta({ description: "Whom you vote for (yourself or a principal); may be left out when you may vote for one elector only" }),
  ...voteFields,
});
export type CastVoteInput = z.infer<typeof castVoteInput>;

export const paperBallotInput = z.object({
  ballotId: id,
  electorKey,
  ...voteFields,
  witness: z.string({ error: "witnessRequired" }).trim().min(2, { error: "witnessRequired" }).max(30, { error: "textTooLong" }).meta({ description: "监票人: who witnessed the paper ballot" }),
});
export type PaperBallotInput = z.infer<typeof paperBallotInput>;

export const recordProxyInput = z.object({
  ballotId: id,
  electorKey,
  proxyPersonId: z.preprocess(blankToUndefined, z.coerce.number({ error: "proxyPersonRequired" }).int({ error: "proxyPersonRequired" }).positive({ error: "proxyPersonRequired" })),
  note: optionalText(200),
});
export type RecordProxyInput = z.infer<typeof recordProxyInput>;

export const topicBallotsQuery = z.object({ topicId: id });

export const proxyCandidatesQuery = z.object({
  ballotId: id,
  q: z.string().trim().max(40, { error: "textTooLong" }).default(""),
});
