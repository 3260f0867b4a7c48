import { z } from "zod";
import { reminderKinds } from "@/lib/domain/reminders";
import { id } from "./common";

/** The reminder kinds a person does not want; every kind left out is sent. */
export const reminderMutesInput = z.object({
  muted: z
    .array(z.enum(reminderKinds, { error: "invalidField" }))
    .max(reminderKinds.length)
    .default([])
    .meta({ description: `Reminder kinds to mute, of: ${reminderKinds.join(", ")}. ownersBallotClosing cannot be muted (the law requires owners to be told)` }),
});

export const retryMessageInput = z.object({ id });

export const messagesOverviewQuery = z.object({ communityId: z.coerce.number().int().positive().optional() });
