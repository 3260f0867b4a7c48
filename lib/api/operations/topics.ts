import { z } from "zod";
import { admitTopicInput, escalateTopicInput, mergeTopicInput, proposeTopicInput, rejectTopicInput, similarTopicsQuery, topicListQuery } from "@/lib/validation/topics";
import type { Operation } from "../operation";

const withoutTopicId = <T extends z.ZodObject>(s: T) => s.omit({ topicId: true } as never);

export const topicsOperations: Operation[] = [
  { method: "get", path: "/api/v1/topics", summary: "Topics the caller may see: filter by grid, stage, category, full-text q, view (all|awaitingMe|mine); 20 a page", tags: ["topics"], auth: true, query: topicListQuery },
  {
    method: "post",
    path: "/api/v1/topics",
    summary: "Propose a topic (JSON, or multipart/form-data with up to 9 'photos'); description is a tiptap document",
    tags: ["topics"],
    auth: true,
    body: proposeTopicInput,
    status: 201,
    response: z.object({ topicId: z.number(), state: z.enum(["proposed", "awaitingAdmission"]) }),
  },
  { method: "get", path: "/api/v1/topics/similar", summary: "Open topics of a grid resembling a title", tags: ["topics"], auth: true, query: similarTopicsQuery },
  { method: "get", path: "/api/v1/topics/{id}", summary: "A topic with its timeline and what the caller may do", tags: ["topics"], auth: true },
  { method: "post", path: "/api/v1/topics/{id}/cosign", summary: "Co-sign (附议) a topic of your grid, once", tags: ["topics"], auth: true },
  { method: "post", path: "/api/v1/topics/{id}/admit", summary: "Admit (准入) a topic at grid or community level", tags: ["topics"], auth: true, body: withoutTopicId(admitTopicInput) },
  { method: "post", path: "/api/v1/topics/{id}/reject", summary: "Reject a topic with a public reason", tags: ["topics"], auth: true, body: withoutTopicId(rejectTopicInput) },
  { method: "post", path: "/api/v1/topics/{id}/merge", summary: "Merge a duplicate into another topic of the grid", tags: ["topics"], auth: true, body: withoutTopicId(mergeTopicInput) },
  { method: "post", path: "/api/v1/topics/{id}/escalate", summary: "Escalate a grid-level topic to the community", tags: ["topics"], auth: true, body: withoutTopicId(escalateTopicInput) },
];
