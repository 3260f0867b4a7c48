"use server";
import { revalidatePath } from "next/cache";
import { runUseCase, type ActionState } from "@/lib/actions/run";
import { checkIn, type CheckInResult } from "@/lib/meetings/check-in";

/**
 * The check-in itself: a POST from the button on the check-in link's page, never the page's load.
 * The meeting and the code are bound by the page; the use case checks both again.
 */
export async function checkInAction(meetingId: number, code: string, _prev: ActionState<CheckInResult>, _form: FormData): Promise<ActionState<CheckInResult>> {
  const result = await runUseCase((ctx) => checkIn(ctx, { meetingId, code }));
  if (result?.ok) revalidatePath(`/meetings/${meetingId}`);
  return result;
}
