import "server-only";
import { notFound, redirect } from "next/navigation";
import { ZodError } from "zod";
import { getDb } from "@/db/client";
import type { Actor } from "@/lib/auth/actor";
import { currentActor } from "@/lib/auth/session";
import { AppError } from "@/lib/errors";
import { getMeeting, type MeetingView } from "@/lib/meetings/get-meeting";

export type Loaded = { actor: Actor; view: MeetingView } | { actor: Actor; view: null; notVerified: true };

/**
 * The meeting for a page: sign-in first (coming back here afterwards), 404 for a meeting that does
 * not exist or belongs to another community, and a notice for accounts not yet verified.
 */
export async function loadMeetingPage(id: string, back: string): Promise<Loaded> {
  const actor = await currentActor();
  if (!actor) redirect(`/sign-in?callbackUrl=${encodeURIComponent(back)}`);
  try {
    return { actor, view: getMeeting({ db: getDb(), actor }, { meetingId: id }) };
  } catch (e) {
    if (e instanceof ZodError) notFound();
    if (e instanceof AppError && e.status === 404) notFound();
    if (e instanceof AppError && e.messageKey === "notVerified") return { actor, view: null, notVerified: true };
    throw e;
  }
}
