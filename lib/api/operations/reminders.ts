import { messagesOverviewQuery, reminderMutesInput } from "@/lib/validation/reminders";
import type { Operation } from "../operation";

/** Reminders that leave the app (issue 14): a person's own reminder kinds, and the outbox for community admins. */
export const remindersOperations: Operation[] = [
  { method: "get", path: "/api/v1/me/reminders", summary: "The caller's reminder kinds: muted or not, and the kinds the law keeps on (ownersBallotClosing)", tags: ["reminders"], auth: true },
  {
    method: "put",
    path: "/api/v1/me/reminders",
    summary: "Set the reminder kinds the caller mutes (every kind left out is received); a kind the law requires is refused (422)",
    tags: ["reminders"],
    auth: true,
    body: reminderMutesInput,
  },
  {
    method: "get",
    path: "/api/v1/messages",
    summary: "Community admins: the outbox of reminders and activation codes — whether SMS is on and which kinds have a template (never a key), counts by status, the failed messages with their reason, the latest messages (phones masked, never a code)",
    tags: ["reminders"],
    auth: true,
    query: messagesOverviewQuery,
  },
  { method: "post", path: "/api/v1/messages/{id}/retry", summary: "Community admins: send a failed message again (its attempts start over); an activation code that failed cannot be resent (422)", tags: ["reminders"], auth: true },
];
