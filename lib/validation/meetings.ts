import { z } from "zod";
import { parseShanghaiLocal } from "@/lib/time";
import { richTextInput } from "@/lib/richtext/document";
import { blankToUndefined, checkbox, id, optionalId, optionalText } from "./common";

/**
 * Schemas of the meeting (议事会) use cases, shared by the forms, the JSON API and the OpenAPI
 * document. Messages are keys under `errors.`.
 */

/** FormData sends "" for an untouched input or select: that means "not given". */


/** A list of ids: a JSON array, the repeated values of a form field, or "1,2,3". */
const idList = (max: number) =>
  z.preprocess(
    (v) => (v == null || v === "" ? [] : Array.isArray(v) ? v.filter((x) => x !== "") : String(v).split(",").map((s) => s.trim()).filter(Boolean)),
    z.array(id).max(max, { error: "tooManyItems" }),
  );


/** Role groups a meeting can invite at once; the group is taken in the meeting's grid (or community). */
export const inviteRoleGroups = ["owners", "residents", "gridStaff", "propertyFirm", "ownersCommittee", "supervisors"] as const;
export type InviteRoleGroup = (typeof inviteRoleGroups)[number];

const isoWithZone = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:?\d{2})$/i;

/**
 * When the meeting starts: an ISO 8601 time with its zone (API), milliseconds since the epoch, or
 * the zone-less value of a datetime-local input, read as Shanghai time (forms).
 */
export const meetingStart = z
  .preprocess((v) => {
    if (v instanceof Date) return v;
    if (typeof v === "number" && Number.isFinite(v)) return new Date(v);
    if (typeof v !== "string") return v;
    const local = parseShanghaiLocal(v);
    if (local) return local;
    return isoWithZone.test(v.trim()) ? new Date(v.trim()) : v;
  }, z.date({ error: "meetingStartsAtInvalid" }))
  .refine((d) => !Number.isNaN(d.getTime()) && d.getUTCFullYear() >= 2000 && d.getUTCFullYear() <= 2100, { error: "meetingStartsAtInvalid" })
  .meta({ description: "ISO 8601 with zone, or YYYY-MM-DDTHH:mm read as Asia/Shanghai time", example: "2025-03-15T19:00+08:00" });

const meetingTitle = z
  .string({ error: "meetingTitleRequired" })
  .trim()
  .min(2, { error: "meetingTitleRequired" })
  .max(60, { error: "textTooLong" });

const duration = z.preprocess(
  blankToUndefined,
  z.coerce
    .number({ error: "meetingDurationInvalid" })
    .int({ error: "meetingDurationInvalid" })
    .min(15, { error: "meetingDurationInvalid" })
    .max(480, { error: "meetingDurationInvalid" })
    .default(90),
);

function isWebUrl(s: string): boolean {
  try {
    const u = new URL(s);
    return (u.protocol === "http:" || u.protocol === "https:") && !!u.hostname;
  } catch {
    return false;
  }
}

/** The online meeting's link: only http(s), so no javascript: or file: link ever reaches a page. */
export const onlineUrl = z
  .string()
  .trim()
  .max(500, { error: "textTooLong" })
  .refine((s) => s === "" || isWebUrl(s), { error: "meetingLinkInvalid" })
  .default("")
  .meta({ description: "http(s) link of the online meeting, or empty", example: "https://meeting.tencent.com/dm/abc" });

const invitees = {
  personIds: idList(500).default([]).meta({ description: "People invited by name (verified people of the community)" }),
  roleGroups: z
    .preprocess(
      (v) => (v == null || v === "" ? [] : Array.isArray(v) ? v : String(v).split(",").map((s) => s.trim()).filter(Boolean)),
      z.array(z.enum(inviteRoleGroups, { error: "meetingRoleGroupInvalid" })).max(inviteRoleGroups.length * 2),
    )
    .default([])
    .meta({ description: "Everyone holding a role: owners, residents, gridStaff (of the meeting's grid), propertyFirm, ownersCommittee, supervisors" }),
  thinkTankIds: idList(20).default([]).meta({ description: "Think tanks (议事智囊团) whose members are all invited" }),
};

/**
 * 法定人数: how many people must be present for the meeting to decide; blank means none is set.
 * The live room shows attendance against it and a live vote takes it as its presence quorum.
 */
export const meetingQuorum = z
  .preprocess(blankToUndefined, z.coerce.number({ error: "meetingQuorumInvalid" }).int({ error: "meetingQuorumInvalid" }).min(1, { error: "meetingQuorumInvalid" }).max(100_000, { error: "meetingQuorumInvalid" }).optional())
  .meta({ description: "People who must be present (法定人数); leave out or blank for none", example: 16 });

const placeAndLink = <T extends { place: string; onlineUrl: string }>(m: T) => m.place !== "" || m.onlineUrl !== "";

export const scheduleMeetingInput = z
  .object({
    gridId: optionalId.meta({ description: "The grid; leave out for a community-level meeting" }),
    communityId: optionalId.meta({ description: "For a community-level meeting, when you administer several communities" }),
    title: meetingTitle,
    startsAt: meetingStart,
    durationMinutes: duration,
    place: optionalText(100),
    onlineUrl,
    quorumRequired: meetingQuorum,
    topicIds: idList(20)
      .refine((ids) => ids.length > 0, { error: "meetingAgendaRequired" })
      .meta({ description: "Admitted topics, in agenda order" }),
    ...invitees,
  })
  .refine(placeAndLink, { error: "meetingPlaceRequired", path: ["place"] });
export type ScheduleMeetingInput = z.infer<typeof scheduleMeetingInput>;

/** The fields of a change; a refined object cannot be `.omit`ted, so the API document uses this one. */
export const updateMeetingFields = z.object({
  meetingId: id,
  title: meetingTitle,
  startsAt: meetingStart,
  durationMinutes: duration,
  place: optionalText(100),
  onlineUrl,
  quorumRequired: meetingQuorum,
  ...invitees,
});
export const updateMeetingInput = updateMeetingFields.refine(placeAndLink, { error: "meetingPlaceRequired", path: ["place"] });

export const cancelMeetingInput = z.object({ meetingId: id });

export const meetingRef = z.object({ meetingId: id });

export const respondToInvitationInput = z.object({
  meetingId: id,
  response: z.enum(["attending", "declined"], { error: "responseRequired" }),
});

export const openCheckInInput = z.object({
  meetingId: id,
  validMinutes: z.preprocess(
    blankToUndefined,
    z.coerce
      .number({ error: "checkInMinutesInvalid" })
      .int({ error: "checkInMinutesInvalid" })
      .min(5, { error: "checkInMinutesInvalid" })
      .max(240, { error: "checkInMinutesInvalid" })
      .default(30),
  ),
});

export const checkInInput = z.object({
  meetingId: id,
  code: z.string({ error: "checkInCodeInvalid" }).trim().min(1, { error: "checkInCodeInvalid" }).max(64, { error: "checkInCodeInvalid" }),
});

export const recordAttendanceInput = z.object({
  meetingId: id,
  personId: id,
  present: checkbox.default(true),
});

const dueOn = z.preprocess(
  blankToUndefined,
  z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}$/, { error: "followUpDueInvalid" })
    .refine((s) => {
      const d = new Date(`${s}T00:00:00Z`);
      return !Number.isNaN(d.getTime()) && d.toISOString().startsWith(s);
    }, { error: "followUpDueInvalid" })
    .optional(),
);

const emptyDoc = { type: "doc", content: [] };

/** The structured minutes (会议纪要): free text, each agenda topic's discussion and conclusion, follow-ups. */
export const minutesContent = z.object({
  body: z.preprocess((v) => (v == null || v === "" ? emptyDoc : v), richTextInput),
  agenda: z
    .array(z.object({ topicId: id, discussion: optionalText(4000), conclusion: optionalText(2000) }))
    .max(20, { error: "tooManyItems" })
    .default([]),
  followUps: z
    .array(
      z.object({
        action: z.string({ error: "followUpActionRequired" }).trim().min(1, { error: "followUpActionRequired" }).max(300, { error: "textTooLong" }),
        owner: optionalText(60),
        dueOn,
        topicId: optionalId,
      }),
    )
    .max(50, { error: "tooManyItems" })
    .default([]),
});
export type MinutesContent = z.infer<typeof minutesContent>;

export const saveMinutesInput = minutesContent.extend({ meetingId: id });

export const publishMinutesInput = z.object({
  meetingId: id,
  minutes: minutesContent.optional().meta({ description: "Save this content first, then publish; leave out to publish the saved draft" }),
});

/** 网格议事日: a day every month exists in, so the recurring meeting never skips February. */
export const setCouncilDayInput = z.object({
  gridId: id,
  councilDay: z.preprocess(
    blankToUndefined,
    z.coerce
      .number({ error: "councilDayRange" })
      .int({ error: "councilDayRange" })
      .min(1, { error: "councilDayRange" })
      .max(28, { error: "councilDayRange" })
      .nullable()
      .default(null),
  ),
});

export const listMeetingsQuery = z.object({
  when: z.enum(["upcoming", "past", "all"]).default("all").catch("all"),
  gridId: optionalId.catch(undefined),
  topicId: optionalId.catch(undefined),
});

export const searchPeopleQuery = z.object({
  communityId: optionalId,
  q: z.string().trim().max(40, { error: "textTooLong" }).default(""),
});

/** The schedule form's fields to the schedule input: the list fields repeat, the others are single. */
export function meetingFormObject(form: FormData): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const lists = new Set(["topicIds", "personIds", "roleGroups", "thinkTankIds"]);
  for (const [k, v] of form.entries()) {
    if (typeof v !== "string" || k.startsWith("$")) continue;
    if (lists.has(k)) out[k] = [...((out[k] as string[] | undefined) ?? []), v];
    else out[k] = v;
  }
  return out;
}

/**
 * The minutes form to the minutes content. Agenda fields are named `discussion.<topicId>` and
 * `conclusion.<topicId>`; follow-ups come as parallel repeated fields `followUp.action`,
 * `followUp.owner`, `followUp.dueOn`, `followUp.topicId`, and an entirely empty row is dropped.
 */
export function minutesFromForm(form: FormData): Record<string, unknown> {
  const text = (k: string) => {
    const v = form.get(k);
    return typeof v === "string" ? v : "";
  };
  const topicIds = new Set<string>();
  for (const k of form.keys()) {
    const m = /^(discussion|conclusion)\.(\d+)$/.exec(k);
    if (m) topicIds.add(m[2]!);
  }
  const all = (k: string) => form.getAll(k).map((v) => (typeof v === "string" ? v : ""));
  const actions = all("followUp.action");
  const owners = all("followUp.owner");
  const dues = all("followUp.dueOn");
  const topics = all("followUp.topicId");
  const followUps = actions
    .map((action, i) => ({ action, owner: owners[i] ?? "", dueOn: dues[i] ?? "", topicId: topics[i] ?? "" }))
    .filter((f) => f.action.trim() || f.owner.trim() || f.dueOn.trim());
  return {
    body: text("body"),
    agenda: [...topicIds].map((topicId) => ({ topicId, discussion: text(`discussion.${topicId}`), conclusion: text(`conclusion.${topicId}`) })),
    followUps,
  };
}
