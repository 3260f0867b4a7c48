"use server";
import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { formObject, runUseCase, type ActionState } from "@/lib/actions/run";
import { scheduleMeeting, type ScheduledMeeting } from "@/lib/meetings/schedule-meeting";
import { setCouncilDay, type CouncilDay } from "@/lib/meetings/set-council-day";
import { meetingFormObject } from "@/lib/validation/meetings";

export async function scheduleMeetingAction(_prev: ActionState<ScheduledMeeting>, form: FormData): Promise<ActionState<ScheduledMeeting>> {
  const result = await runUseCase((ctx) => scheduleMeeting(ctx, meetingFormObject(form)));
  if (!result?.ok) return result;
  revalidatePath("/meetings");
  redirect(`/meetings/${result.data.meetingId}`);
}

export async function setCouncilDayAction(gridId: number, _prev: ActionState<CouncilDay>, form: FormData): Promise<ActionState<CouncilDay>> {
  const result = await runUseCase((ctx) => setCouncilDay(ctx, { ...formObject(form), gridId }));
  if (result?.ok) revalidatePath("/meetings");
  return result;
}
