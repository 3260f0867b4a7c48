import type { MessageKind } from "@/lib/domain/reminders";
import type { OutboxChannel } from "@/db/schema";

/**
 * What each message kind carries, by name, in the order of its SMS template's variables ({1}, {2} …).
 * The approved template of a kind must have exactly these variables (README: "SMS templates").
 * Values are cut to SMS_PARAM_MAX characters: the provider refuses a longer variable.
 */
export const templateParams: Readonly<Record<MessageKind, readonly string[]>> = {
  ownersBallotClosing: ["topic", "closesAt"],
  ballotClosing: ["topic", "closesAt"],
  meetingTomorrow: ["meeting", "startsAt"],
  cosignClosing: ["topic", "missing"],
  taskDue: ["task", "dueOn"],
  taskOverdue: ["task", "dueOn"],
  ratingDue: ["topic"],
  activationCode: ["code", "expiresOn"],
};

/** Tencent Cloud's limit on one template variable for a non-verification template. */
export const SMS_PARAM_MAX = 12;

/** Parameters that are secrets: kept apart (secretParams) and erased once the message is done. */
export const secretParamNames: ReadonlySet<string> = new Set(["code"]);

/**
 * The channels a kind goes out on (when each is available). The inbox is left out where another
 * job already writes the inbox message (taskOverdue: lib/tasks/flag-overdue.ts) or where the person
 * has no account to read it yet (activationCode).
 */
export const kindChannels: Readonly<Record<MessageKind, readonly OutboxChannel[]>> = {
  ownersBallotClosing: ["inbox", "sms"],
  ballotClosing: ["inbox", "sms"],
  meetingTomorrow: ["inbox", "sms"],
  cosignClosing: ["inbox", "sms"],
  taskDue: ["inbox", "sms"],
  taskOverdue: ["sms"],
  ratingDue: ["inbox", "sms"],
  activationCode: ["sms"],
};

/** Parameters whose text a resident wrote (a topic's, a meeting's or a task's title). */
const residentTextParams: ReadonlySet<string> = new Set(["topic", "meeting", "task"]);

/**
 * A resident's words as they may appear in a text sent under the community's signature: no link,
 * no phone or account number (five digits or more in a row), no 【】 that would read as another
 * sender's signature. Otherwise a title like "领补贴加V 13800138000" or "www.x.cn" becomes an SMS the
 * community sends to every neighbour.
 */
export function smsSafeText(text: string): string {
  const safe = text
    // Invisible characters would hide a number or a link from the rules below.
    .replace(/\p{Cf}/gu, "")
    .replace(/(?:https?:\/\/|www\.)\S*/gi, "")
    .replace(/[a-z0-9-]+(?:\.[a-z0-9-]+)*\.(?:com|cn|net|org|top|xyz|cc|me|io|info|vip|shop|site|link|ly)(?![a-z])\S*/gi, "")
    .replace(/[0-9０-９][0-9０-９\s.-]{3,}[0-9０-９]/g, (run) => (run.replace(/[^0-9０-９]/g, "").length >= 5 ? "" : run))
    .replace(/[【】\[\]]/g, "")
    .replace(/\s+/g, " ")
    .trim();
  // An empty variable is refused by the provider: the message still says there is something to see.
  return safe || "…";
}

/** The template's variables of a message, in order, each cut to the provider's limit. */
export function smsTemplateValues(kind: MessageKind, params: Record<string, string | number>, secrets: Record<string, string> | null): string[] {
  return templateParams[kind].map((name) => {
    const raw = String(secrets?.[name] ?? params[name] ?? "");
    const value = residentTextParams.has(name) ? smsSafeText(raw) : raw;
    const chars = [...value];
    return chars.length > SMS_PARAM_MAX ? `${chars.slice(0, SMS_PARAM_MAX - 1).join("")}…` : value;
  });
}
