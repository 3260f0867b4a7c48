import { z } from "zod";
import { opinionStances } from "@/db/schema";
import { hideOpinionInput, inviteToTopicBody, postOpinionBody } from "@/lib/validation/opinions";
import type { Operation } from "../operation";

const tags = ["consultation"];

const postedOpinion = z.object({
  opinionId: z.number(),
  topicId: z.number(),
  parentId: z.number().nullable(),
  stance: z.enum(opinionStances).nullable(),
  official: z.object({ organisationId: z.number(), name: z.string() }).nullable(),
});

/** Consultation (议事协商): opinions, replies, official responses, moderation and invitations. */
export const opinionsOperations: Operation[] = [
  {
    method: "get",
    path: "/api/v1/topics/{id}/opinions",
    summary: "The topic's opinions, oldest first, each with its replies; a hidden opinion shows its reason, its text only to the topic's staff",
    tags,
    auth: true,
  },
  {
    method: "post",
    path: "/api/v1/topics/{id}/opinions",
    summary:
      "Give an opinion with a stance, reply to one (parentId, no stance), or answer as the official response of your property firm or owners' committee (officialOrganisationId). Only while the topic is consulting or drafting (409 otherwise)",
    tags,
    auth: true,
    body: postOpinionBody,
    response: postedOpinion,
    status: 201,
  },
  {
    method: "post",
    path: "/api/v1/opinions/{id}/hide",
    summary: "Hide an abusive opinion with a reason shown in its place (the topic's staff); recorded in the audit trail and the topic's timeline",
    tags,
    auth: true,
    body: hideOpinionInput.omit({ opinionId: true }),
    response: z.object({ opinionId: z.number(), topicId: z.number(), reason: z.string(), hiddenAt: z.string() }),
  },
  {
    method: "get",
    path: "/api/v1/topics/{id}/invitations",
    summary: "People invited into the topic, and the community's think tanks (the topic's staff)",
    tags,
    auth: true,
  },
  {
    method: "post",
    path: "/api/v1/topics/{id}/invitations",
    summary: "Invite people of the community and/or all members of a think tank into the topic; they are notified and may give opinions. Inviting someone again is a no-op",
    tags,
    auth: true,
    body: inviteToTopicBody,
    response: z.object({ topicId: z.number(), invited: z.array(z.number()), alreadyInvited: z.array(z.number()) }),
  },
  {
    method: "get",
    path: "/api/v1/topics/{id}/invitations/candidates",
    summary: "Search the topic's community by name, phone or display number for people to invite (the topic's staff)",
    tags,
    auth: true,
    query: z.object({ q: z.string().min(1).max(30) }),
  },
];
