import { apiRoute, readJson } from "@/lib/api/handler";
import { getReminderSettings, setReminderMutes } from "@/lib/notify/reminder-settings";

/** The caller's reminder kinds: which are muted, and which the law keeps on. */
export const GET = apiRoute(async ({ ctx }) => ({ reminders: await getReminderSettings(ctx) }));

/** Sets the reminder kinds the caller mutes: { muted: [...] } (every other kind is received). */
export const PUT = apiRoute(async ({ req, ctx }) => setReminderMutes(ctx, await readJson(req)));
