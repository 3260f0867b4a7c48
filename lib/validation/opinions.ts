import { z } from "zod";
import { opinionStances } from "@/db/schema";
import { blankToUndefined, id, optionalId, optionalText } from "./common";

/**
 * Schemas of consultation (议事协商) and the inbox. The same schema parses a form (strings from
 * FormData), a JSON body of /api/v1 and documents the OpenAPI operation. Messages are keys under
 * `errors.`.
 */

/** Empty form fields mean "not given": FormData sends "" for an untouched input, select or radio. */

export const OPINION_MIN = 2;
export const OPINION_MAX = 2000;

/** Plain text; line breaks are kept and shown as written, React escapes the rest. */
export const opinionBody = z
  .string({ error: "opinionTooShort" })
  // Windows line endings from some keyboards count double against the limit otherwise.
  .transform((s) => s.replace(/\r\n?/g, "\n").trim())
  .pipe(z.string().min(OPINION_MIN, { error: "opinionTooShort" }).max(OPINION_MAX, { error: "opinionTooLong" }))
  .meta({ description: `Plain text, ${OPINION_MIN}–${OPINION_MAX} characters; line breaks are kept`, example: "建议在3号楼东侧加装充电桩，电动车就不会再停进楼道了。" });

export const opinionStance = z.enum(opinionStances, { error: "stanceRequired" });

const opinionFields = z.object({
  topicId: id,
  /** Required on an opinion; a reply carries none. */
  stance: z.preprocess(blankToUndefined, opinionStance.optional()).meta({ description: "support 支持 / oppose 反对 / suggestion 建议; required unless parentId is given" }),
  body: opinionBody,
  /** The opinion this one answers (one level of replies: a reply to a reply joins the same thread). */
  parentId: optionalId.meta({ description: "Answer this opinion instead of giving a new one" }),
  /** Answer on behalf of this property firm or owners' committee (官方回应). */
  officialOrganisationId: optionalId.meta({ description: "Post as the official response of this organisation; only its staff or committee members may" }),
});

export const postOpinionInput = opinionFields.superRefine((v, ctx) => {
  if (v.parentId == null && v.stance == null) ctx.addIssue({ code: "custom", path: ["stance"], message: "stanceRequired" });
  if (v.parentId != null && v.stance != null) ctx.addIssue({ code: "custom", path: ["stance"], message: "replyHasNoStance" });
});
/** The body of POST /api/v1/topics/{id}/opinions (the topic comes from the path). */
export const postOpinionBody = opinionFields.omit({ topicId: true });
export type PostOpinionInput = z.infer<typeof postOpinionInput>;

export const hideOpinionInput = z.object({
  opinionId: id,
  reason: z
    .string({ error: "hideReasonRequired" })
    .trim()
    .min(2, { error: "hideReasonRequired" })
    .max(200, { error: "textTooLong" })
    .meta({ description: "Shown to everyone in place of the opinion", example: "含有人身攻击内容" }),
});
export type HideOpinionInput = z.infer<typeof hideOpinionInput>;

export const topicOpinionsQuery = z.object({ topicId: id });

export const MAX_INVITEES = 200;

/** Invite named people, a whole think tank (its members), or both. */
const invitationFields = z.object({
  topicId: id,
  personIds: z
    .array(id, { error: "inviteeRequired" })
    .max(MAX_INVITEES, { error: "tooManyInvitees" })
    .default([])
    .meta({ description: "People of the topic's community to invite" }),
  organisationId: optionalId.meta({ description: "A think tank (议事智囊团) whose members are all invited" }),
  note: optionalText(200),
});

export const inviteToTopicInput = invitationFields.refine((v) => v.personIds.length > 0 || v.organisationId != null, {
  path: ["personIds"],
  error: "inviteeRequired",
});
/** The body of POST /api/v1/topics/{id}/invitations. */
export const inviteToTopicBody = invitationFields.omit({ topicId: true });
export type InviteToTopicInput = z.infer<typeof inviteToTopicInput>;

export const searchInviteesQuery = z.object({
  topicId: id,
  q: z.string({ error: "searchTooShort" }).trim().min(1, { error: "searchTooShort" }).max(30, { error: "textTooLong" }),
});

// ── Inbox (站内消息)

export const INBOX_PAGE_SIZE = 20;

export const listNotificationsQuery = z.object({
  page: z.coerce.number().int().min(1).max(10_000).default(1).catch(1),
  /** "1" or "true": only unread ones. */
  unread: z.preprocess((v) => v === true || v === "1" || v === "true", z.boolean()).default(false),
});
export type ListNotificationsQuery = z.infer<typeof listNotificationsQuery>;

/** Mark these as read, or every unread one when `ids` is left out. */
export const markNotificationsReadInput = z.object({
  ids: z.array(id).min(1, { error: "idRequired" }).max(500, { error: "tooManyIds" }).optional().meta({ description: "Leave out to mark all as read" }),
});

export const notificationRef = z.object({ id });
