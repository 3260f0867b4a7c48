import { z } from "zod";
import { answerSatisfactionInput, assignSupervisorsInput, concludeReviewInput, excuseSupervisorInput, rateTopicInput, recordReviewCheckInput } from "@/lib/validation/ratings";
import type { Operation } from "../operation";

const withoutTopicId = <T extends z.ZodObject>(s: T) => s.omit({ topicId: true } as never);

export const ratingsOperations: Operation[] = [
  { method: "get", path: "/api/v1/topics/{id}/supervisors", summary: "Supervisors assigned to a topic, and (for its staff) those who could be", tags: ["ratings"], auth: true },
  { method: "post", path: "/api/v1/topics/{id}/supervisors", summary: "Assign civilian supervisors (民间督导员) of the community to a topic", tags: ["ratings"], auth: true, body: withoutTopicId(assignSupervisorsInput) },
  { method: "delete", path: "/api/v1/topics/{id}/supervisors", summary: "Take a supervisor off a topic (?personId=) before its review starts. 409 once ratings are collected: record why they cannot rate instead (review/excusals)", tags: ["ratings"], auth: true },
  { method: "get", path: "/api/v1/topics/{id}/ratings", summary: "Each round's ratings: means and satisfaction counts; individual ratings for staff and supervisors", tags: ["ratings"], auth: true },
  {
    method: "post",
    path: "/api/v1/topics/{id}/ratings",
    summary: "Rate the current round as an assigned supervisor: five dimensions 1–5 and a comment (JSON, or multipart/form-data with up to 9 'photos')",
    tags: ["ratings"],
    auth: true,
    body: withoutTopicId(rateTopicInput),
    status: 201,
    response: z.object({ topicId: z.number(), ratingId: z.number(), round: z.number() }),
  },
  { method: "post", path: "/api/v1/topics/{id}/satisfaction", summary: "A resident of the grid says whether they are satisfied, once per round", tags: ["ratings"], auth: true, body: withoutTopicId(answerSatisfactionInput), status: 201 },
  { method: "get", path: "/api/v1/topics/{id}/review", summary: "The review of a topic: supervisors, rounds, and for staff the close-rule evaluation", tags: ["ratings"], auth: true },
  {
    method: "post",
    path: "/api/v1/topics/{id}/review",
    summary:
      "Conclude the review under the community's close rule: closed (with a closure notice) or back to rectification. 409 while an assigned supervisor has neither rated nor been excused, or without any rating",
    tags: ["ratings"],
    auth: true,
    body: withoutTopicId(concludeReviewInput),
    response: z.object({ topicId: z.number(), outcome: z.enum(["closed", "rectifying"]), state: z.string(), round: z.number(), noticeId: z.number().nullable(), reasonKeys: z.array(z.string()) }),
  },
  {
    method: "post",
    path: "/api/v1/topics/{id}/review/excusals",
    summary: "Record why an assigned supervisor cannot rate the current round (ill, moved away): the round may then be concluded without them",
    tags: ["ratings"],
    auth: true,
    body: withoutTopicId(excuseSupervisorInput),
    status: 201,
    response: z.object({ topicId: z.number(), personId: z.number(), round: z.number(), excusalId: z.number() }),
  },
  { method: "post", path: "/api/v1/topics/{id}/review/check", summary: "Record the follow-up check of a closed topic: held, or failed (reopens it; note required)", tags: ["ratings"], auth: true, body: withoutTopicId(recordReviewCheckInput) },
];
