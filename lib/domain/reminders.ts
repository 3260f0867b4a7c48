/**
 * Reminders that leave the app: which kinds exist, when each is due, who may mute which, and how
 * the outbox retries. Pure rules (no database): lib/notify/run-reminders.ts asks them about the
 * rows it reads, lib/notify/send-due.ts about retries.
 *
 * Calendar days are Beijing's (lib/time.ts): "the day before a meeting" is the day before on a
 * Beijing calendar, whatever the server's time zone.
 */
import { fromShanghai, shanghaiDate, shanghaiParts } from "@/lib/time";

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

export const reminderKinds = [
  // 24 h before an owners' ballot (业主共同决定事项, Civil Code art. 278) closes, to owners who have not voted.
  "ownersBallotClosing",
  // 24 h before any other ballot closes, to electors who have not voted.
  "ballotClosing",
  // The day before a meeting, to its invitees who have not declined.
  "meetingTomorrow",
  // 24 h before a proposal's co-signing window closes short of its threshold, to the proposer.
  "cosignClosing",
  // The day before a task's due day, to whoever answers for it.
  "taskDue",
  // After the due day has passed without completion, to whoever answers for it.
  "taskOverdue",
  // A supervisor who has not rated a review round three days after being asked.
  "ratingDue",
] as const;
export type ReminderKind = (typeof reminderKinds)[number];

/** Every kind the outbox carries: the reminders, and activation codes sent to people imported from a register. */
export const messageKinds = [...reminderKinds, "activationCode"] as const;
export type MessageKind = (typeof messageKinds)[number];

export function isReminderKind(value: unknown): value is ReminderKind {
  return typeof value === "string" && (reminderKinds as readonly string[]).includes(value);
}

/**
 * Kinds a person may not mute, and why. Only what the law requires them to be told:
 * - ownersBallotClosing: matters decided by the owners together must be put to every owner —
 *   物业管理条例 art. 13 (the owners' assembly must notify all owners, 应当通知全体业主) and Civil
 *   Code art. 278 (the quorum and approval are counted over all owners, so an owner who is not told
 *   is counted as not taking part). The reminder is part of that notice, so it is not optional.
 * Every other reminder is a convenience: a person may turn it off (the to-do list still shows it).
 */
export const unmutableReminderKinds: Readonly<Partial<Record<ReminderKind, "ownersNotice">>> = {
  ownersBallotClosing: "ownersNotice",
};

export function mayMute(kind: ReminderKind): boolean {
  return unmutableReminderKinds[kind] === undefined;
}

/** The mutes that count: a stored mute of a kind the law requires is ignored (a row written before a kind became required). */
export function isMuted(kind: MessageKind, muted: ReadonlySet<string>): boolean {
  return isReminderKind(kind) && mayMute(kind) && muted.has(kind);
}

// ── When each reminder is due

/** How long before a ballot's or a co-signing window's close the reminder goes out. */
export const CLOSING_NOTICE_MS = DAY;

/**
 * A ballot's closing reminder is due in the last 24 h of a ballot that was already open 24 h before
 * its close (a shorter ballot's opening notice is its reminder). Meeting ballots are voted in the
 * room (their electorate is whoever is present): no reminder.
 */
export function ballotClosingDue(b: { status: "open" | "closed"; opensAt: Date; closesAt: Date; meetingBallot: boolean }, now: Date): boolean {
  if (b.status !== "open" || b.meetingBallot) return false;
  const from = b.closesAt.getTime() - CLOSING_NOTICE_MS;
  return b.opensAt.getTime() <= from && now.getTime() >= from && now.getTime() < b.closesAt.getTime();
}

/** YYYY-MM-DD plus `days` (Beijing calendar arithmetic on the stored day form). */
export function addDays(day: string, days: number): string {
  const [y, m, d] = day.split("-").map(Number) as [number, number, number];
  return shanghaiDate(fromShanghai(y, m, d + days, 12));
}

/** The day before a scheduled meeting (Beijing calendar), until it starts. */
export function meetingTomorrowDue(m: { status: "scheduled" | "held" | "cancelled"; startsAt: Date }, now: Date): boolean {
  if (m.status !== "scheduled" || m.startsAt.getTime() <= now.getTime()) return false;
  return shanghaiDate(m.startsAt) === addDays(shanghaiDate(now), 1);
}

/**
 * In the last 24 h of a co-signing window still short of its threshold — a window of a day or less
 * is left alone, as a short ballot is: the proposer has only just proposed.
 */
export function cosignClosingDue(t: { state: string; createdAt: Date; cosignDeadline: Date; cosignCount: number; cosignThreshold: number }, now: Date): boolean {
  if (t.state !== "proposed" || t.cosignCount >= t.cosignThreshold) return false;
  if (t.createdAt.getTime() > t.cosignDeadline.getTime() - CLOSING_NOTICE_MS) return false;
  const left = t.cosignDeadline.getTime() - now.getTime();
  return left > 0 && left <= CLOSING_NOTICE_MS;
}

/** A task's reminder today: the day before it is due, or once its due day has passed; none once completed. */
export function taskReminderDue(t: { status: string; dueOn: string }, now: Date): "taskDue" | "taskOverdue" | null {
  if (t.status === "completed") return null;
  const today = shanghaiDate(now);
  if (t.dueOn < today) return "taskOverdue";
  if (t.dueOn === addDays(today, 1)) return "taskDue";
  return null;
}

/** How long a supervisor has to rate a review round before being reminded. */
export const RATING_GRACE_MS = 3 * DAY;

/** Due three days after the supervisor was asked to rate the round, while they have neither rated nor been excused. */
export function ratingDue(r: { askedAt: Date; rated: boolean; excused: boolean; underReview: boolean }, now: Date): boolean {
  return r.underReview && !r.rated && !r.excused && now.getTime() - r.askedAt.getTime() >= RATING_GRACE_MS;
}

// ── When to send

/** No text message in the night (21:00–08:00 Beijing): a reminder then waits for the morning. */
export const QUIET_FROM_HOUR = 21;
export const QUIET_UNTIL_HOUR = 8;

/**
 * When a reminder may go out: now, or — in the quiet hours — at 08:00, unless its deadline comes
 * before then (a reminder after the ballot closed would be useless, one at night is better).
 */
export function deliverAt(now: Date, deadline?: Date): Date {
  const p = shanghaiParts(now);
  if (p.hour >= QUIET_UNTIL_HOUR && p.hour < QUIET_FROM_HOUR) return now;
  const morning = fromShanghai(p.year, p.month, p.day + (p.hour >= QUIET_FROM_HOUR ? 1 : 0), QUIET_UNTIL_HOUR);
  if (deadline && deadline.getTime() <= morning.getTime()) return now;
  return morning;
}

// ── Retries

/** After this many failed attempts a message is given up and shown to admins as failed. */
export const MAX_ATTEMPTS = 5;
const FIRST_RETRY_MS = 60_000;
const LONGEST_RETRY_MS = 6 * HOUR;

/** The wait after the n-th failed attempt (n ≥ 1): 1, 2, 4, 8 … minutes, at most six hours. */
export function retryDelayMs(attempts: number): number {
  return Math.min(LONGEST_RETRY_MS, FIRST_RETRY_MS * 2 ** Math.max(0, attempts - 1));
}

/** What becomes of a message whose attempt failed: tried again later, or given up. */
export function afterFailure(attempts: number, retryable: boolean, now: Date): { status: "queued"; nextAttemptAt: Date } | { status: "failed" } {
  if (!retryable || attempts >= MAX_ATTEMPTS) return { status: "failed" };
  return { status: "queued", nextAttemptAt: new Date(now.getTime() + retryDelayMs(attempts)) };
}

/** How long a claimed message may stay "sending" before its sender is taken to have died. */
export const CLAIM_LEASE_MS = 10 * 60_000;
