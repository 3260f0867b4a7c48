"use server";
import { runUseCase, type ActionState } from "@/lib/actions/run";
import { issueDisplayCode, revokeDisplayCodes } from "@/lib/meetings/room/display-code";
import { publicOrigin } from "@/lib/security/public-origin";

export type DisplayLink = { url: string; expiresAt: string };

/**
 * The room PC's link, shown once to the staff member who made it: only its hash is kept, so this is
 * the one moment it can be handed over. Built from the configured origin, never the request's Host.
 */
export async function issueDisplayLinkAction(meetingId: number, _prev: ActionState<DisplayLink>, _form: FormData): Promise<ActionState<DisplayLink>> {
  return runUseCase(async (ctx) => {
    const issued = await issueDisplayCode(ctx, { meetingId });
    // The enter route swaps the code for a cookie and redirects to the clean projector URL.
    return { url: `${publicOrigin()}/meetings/${issued.meetingId}/projector/enter?display=${encodeURIComponent(issued.code)}`, expiresAt: issued.expiresAt.toISOString() };
  });
}

export async function revokeDisplayLinksAction(meetingId: number, _prev: ActionState<{ revoked: number }>, _form: FormData): Promise<ActionState<{ revoked: number }>> {
  return runUseCase(async (ctx) => ({ revoked: (await revokeDisplayCodes(ctx, { meetingId })).revoked }));
}
