import { z } from "zod";
import { topicStates } from "@/lib/domain/topic-state-machine";
import { afterFailedVoteInput, setAlternativesAllowedInput } from "@/lib/validation/drafting";
import { noticeListQuery } from "@/lib/validation/notices";
import type { Operation } from "../operation";

const noticeCard = z.object({
  id: z.number(),
  kind: z.enum(["resolution", "closure"]),
  title: z.string(),
  excerpt: z.string(),
  resolutionNumber: z.string().nullable(),
  topicId: z.number(),
  communityId: z.number(),
  communityName: z.string(),
  gridId: z.number().nullable(),
  gridName: z.string().nullable(),
  publishedAt: z.iso.datetime(),
  until: z.iso.datetime(),
});

const noticeView = z.object({
  id: z.number(),
  kind: z.enum(["resolution", "closure"]),
  title: z.string(),
  body: z.string().meta({ description: "Plain text with line breaks" }),
  resolution: z.object({ number: z.string(), title: z.string() }).nullable(),
  topic: z.object({ id: z.number(), title: z.string() }),
  /** letterhead: the heading the printed notice carries — district, street office and community (城东区和平街道红心社区). */
  community: z.object({ id: z.number(), name: z.string(), letterhead: z.string() }),
  grid: z.object({ id: z.number(), name: z.string() }).nullable(),
  publishedAt: z.iso.datetime(),
  until: z.iso.datetime(),
  status: z.enum(["current", "ended"]),
});

const topicState = z.object({ topicId: z.number(), state: z.enum(topicStates) });

/** The public notice board (公示栏) and the staff's drafting controls on a topic. */
export const noticesOperations: Operation[] = [
  {
    method: "get",
    path: "/api/v1/notices",
    summary:
      "Public, no sign-in: the notice board. current = notices in their publication period (publishedAt ≤ now < until), newest first; archive = expired ones, 20 a page. gridId gives one grid's board (with the community-wide notices); archive=1 leaves the current ones out",
    tags: ["notices"],
    auth: false,
    query: noticeListQuery,
    response: z.object({
      current: z.array(noticeCard),
      archive: z.object({ items: z.array(noticeCard), total: z.number(), page: z.number(), pages: z.number() }),
    }),
  },
  {
    method: "get",
    path: "/api/v1/notices/{id}",
    summary: "Public, no sign-in: one published notice with its resolution number and text, the topic's title, grid, community and publication period (404 before it is published)",
    tags: ["notices"],
    auth: false,
    response: noticeView,
  },
  {
    method: "post",
    path: "/api/v1/topics/{id}/start-drafting",
    summary: "Staff who own the topic: end consultation and start plan drafting (consulting → drafting)",
    tags: ["topics"],
    auth: true,
    response: topicState,
  },
  {
    method: "post",
    path: "/api/v1/topics/{id}/alternatives",
    summary: "Staff who own the topic: let residents of the grid submit alternative plans (备选方案), or stop it; consulting or drafting only (409 otherwise). Setting the current value is a no-op (changed: false)",
    tags: ["topics"],
    auth: true,
    body: setAlternativesAllowedInput.omit({ topicId: true }),
    response: z.object({ topicId: z.number(), alternativesAllowed: z.boolean(), changed: z.boolean() }),
  },
  {
    method: "post",
    path: "/api/v1/topics/{id}/after-failed-vote",
    summary: "Staff who own the topic, after a failed vote: redraft (→ drafting) or closeFailed (→ closed), with a reason; the proposer and co-signers are told",
    tags: ["topics"],
    auth: true,
    body: afterFailedVoteInput.omit({ topicId: true }),
    response: topicState.extend({ decision: z.enum(["redraft", "closeFailed"]) }),
  },
];
