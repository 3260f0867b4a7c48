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

/** The template's variables of a message, in order, each cut to the provider's limit. */
export function smsTemplateValues(kind: MessageKind, params: Record<string, string | number>, secrets: Record<string, string> | null): string[] {
  return templateParams[kind].map((name) => {
    const value = String(secrets?.[name] ?? params[name] ?? "");
    const chars = [...value];
    return chars.length > SMS_PARAM_MAX ? `${chars.slice(0, SMS_PARAM_MAX - 1).join("")}…` : value;
  });
}
