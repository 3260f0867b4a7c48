import { z } from "zod";
import { topicStates } from "@/lib/domain/topic-state-machine";
import type { Operation } from "../operation";

const figure = z.object({
  key: z.string(),
  numerator: z.number(),
  denominator: z.number(),
  threshold: z.object({ num: z.number(), den: z.number(), strict: z.boolean() }),
  met: z.boolean(),
  percent: z.string(),
  thresholdPercent: z.string(),
  comparator: z.enum([">", "≥"]),
});

const publicRecord = z.object({
  topic: z.object({
    id: z.number(),
    title: z.string(),
    state: z.enum(topicStates),
    level: z.enum(["grid", "community"]),
    community: z.string(),
    grid: z.string(),
    item: z.string(),
    proposedAt: z.iso.datetime(),
    closedAt: z.iso.datetime().nullable(),
  }),
  timeline: z.array(z.object({ at: z.iso.datetime(), state: z.enum(topicStates) })),
  conclusions: z.array(z.object({ meeting: z.string(), at: z.iso.datetime(), conclusion: z.string() })),
  plan: z
    .object({
      id: z.number(),
      title: z.string(),
      revision: z.number(),
      bodyHtml: z.string().meta({ description: "Sanitized HTML of the revision voted on" }),
      draftedBy: z.string().nullable().meta({ description: "The organisation it was drafted for" }),
      responsible: z.object({ organisation: z.string().nullable(), byPerson: z.boolean().meta({ description: "A person is responsible; never named" }) }),
      budgetFen: z.number(),
      budgetSource: z.string(),
      deadline: z.string().nullable(),
      milestones: z.array(z.object({ title: z.string(), dueOn: z.string() })),
    })
    .nullable(),
  ballots: z.array(
    z.object({
      id: z.number(),
      title: z.string(),
      rule: z.string(),
      opensAt: z.iso.datetime(),
      closesAt: z.iso.datetime(),
      closedAt: z.iso.datetime().nullable(),
      earlyCloseGround: z.enum(["allVoted", "settled", "meetingChair"]).nullable(),
      result: z.object({
        kind: z.enum(["single", "choice"]),
        rule: z.string(),
        passed: z.boolean(),
        reasonKey: z.string(),
        figures: z.array(figure),
        votesCast: z.number(),
        electorCount: z.number(),
        electorAreaHundredths: z.number(),
        votedAreaHundredths: z.number(),
        counts: z.object({ agree: z.number(), disagree: z.number(), abstain: z.number() }).nullable(),
        optionCounts: z.array(z.object({ planId: z.number(), votes: z.number() })).nullable(),
        choice: z.unknown().nullable(),
        quorum: z.unknown().nullable(),
        winningPlanId: z.number().nullable(),
      }),
      planTitles: z.record(z.string(), z.string()),
    }),
  ),
  resolutions: z.array(z.object({ number: z.string(), title: z.string() })),
  notices: z.array(z.object({ id: z.number(), title: z.string(), publishedAt: z.iso.datetime() })),
  tasks: z.object({
    total: z.number(),
    completed: z.number(),
    items: z.array(
      z.object({
        title: z.string(),
        status: z.string(),
        percent: z.number(),
        dueOn: z.string(),
        completedAt: z.iso.datetime().nullable(),
        round: z.number(),
        assignee: z.object({ organisation: z.string().nullable(), byPerson: z.boolean(), onBoard: z.boolean() }),
      }),
    ),
  }),
  ratings: z.array(
    z.object({
      round: z.number(),
      raters: z.number(),
      means: z.record(z.string(), z.number().nullable()),
      satisfaction: z.object({ satisfied: z.number(), basicallySatisfied: z.number(), notSatisfied: z.number() }),
    }),
  ),
});

/** The public decision records (公开决议记录) behind the QR codes of printed notices. */
export const recordsOperations: Operation[] = [
  {
    method: "get",
    path: "/api/v1/records/{id}",
    summary:
      "Public, no sign-in: the decision record of topic {id} — stages, meeting conclusions, the plan as voted, every figure of each closed ballot, tasks' completion, the ratings' summary. No person's name, phone or words; organisations only. 404 until a notice of the topic is on the board",
    tags: ["notices"],
    auth: false,
    response: publicRecord,
  },
];
