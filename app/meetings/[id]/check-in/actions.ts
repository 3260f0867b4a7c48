"use server";
import { runUseCase, type ActionState } from "@/lib/actions/run";
import { checkIn, type CheckInResult } from "@/lib/meetings/check-in";

/**
 * The check-in itself: a POST from the button on the check-in link's page, never the page's load.
 * The meeting and the code are bound by the page; the use case checks both again. Nothing is
 * revalidated: that would render the check-in page again in the same answer, which — the person now
 * present — would replace 签到成功 with "already checked in" (the meeting page is dynamic anyway).
 */
export async function checkInAction(meetingId: number, code: string, _prev: ActionState<CheckInResult>, _form: FormData): Promise<ActionState<CheckInResult>> {
  return runUseCase((ctx) => checkIn(ctx, { meetingId, code }));
}
