import "server-only";
import { cache } from "react";
import { signedInPage, type Page, type Refusal } from "@/app/_lib/page";
import type { ActorCtx } from "@/lib/context";
import { getMeeting, type MeetingView } from "@/lib/meetings/get-meeting";

export type Loaded = { page: Page<ActorCtx>; view: MeetingView | Refusal };

/**
 * The meeting for a page, once per request (the metadata and the page share it): sign-in first
 * (coming back to `back` afterwards), 404 for a meeting that does not exist or belongs to another
 * community, and a refusal (not yet verified) handed back for the page to explain.
 */
export const loadMeetingPage = cache(async (id: string, back: string): Promise<Loaded> => {
  const page = await signedInPage(back);
  return { page, view: await page.read((ctx) => getMeeting(ctx, { meetingId: id }), { forbidden: "inPage" }) };
});
