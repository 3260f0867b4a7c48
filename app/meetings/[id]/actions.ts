"use server";
import { revalidatePath } from "next/cache";
import { formObject, runUseCase, type ActionState } from "@/lib/actions/run";
import { cancelMeeting } from "@/lib/meetings/cancel-meeting";
import { closeCheckIn } from "@/lib/meetings/close-check-in";
import { openCheckIn } from "@/lib/meetings/open-check-in";
import { publishMinutes, type PublishedMinutes } from "@/lib/meetings/publish-minutes";
import { recordAttendance } from "@/lib/meetings/record-attendance";
import { respondToInvitation } from "@/lib/meetings/respond-to-invitation";
import { saveMinutes, type SavedMinutes } from "@/lib/meetings/save-minutes";
import { updateMeeting, type UpdatedMeeting } from "@/lib/meetings/update-meeting";
import { meetingFormObject, minutesFromForm } from "@/lib/validation/meetings";

// The meeting page is dynamic; revalidating it makes the server-rendered panels (attendance,
// check-in, minutes) show the change at once after each action.
async function run<T>(meetingId: number, useCase: Parameters<typeof runUseCase<T>>[0]): Promise<ActionState<T>> {
  const result = await runUseCase(useCase);
  if (result?.ok) {
    revalidatePath(`/meetings/${meetingId}`);
    revalidatePath("/meetings");
  }
  return result;
}

export async function respondAction(meetingId: number, response: "attending" | "declined", _prev: ActionState<unknown>, _form: FormData): Promise<ActionState<unknown>> {
  return run(meetingId, (ctx) => respondToInvitation(ctx, { meetingId, response }));
}

export async function openCheckInAction(meetingId: number, _prev: ActionState<unknown>, form: FormData): Promise<ActionState<unknown>> {
  // The code is read back from the page, never returned to the browser through the action's state.
  return run(meetingId, async (ctx) => {
    await openCheckIn(ctx, { ...formObject(form), meetingId });
    return { open: true };
  });
}

export async function closeCheckInAction(meetingId: number, _prev: ActionState<unknown>, _form: FormData): Promise<ActionState<unknown>> {
  return run(meetingId, (ctx) => closeCheckIn(ctx, { meetingId }));
}

export async function attendanceAction(meetingId: number, personId: number, present: boolean, _prev: ActionState<unknown>, _form: FormData): Promise<ActionState<unknown>> {
  return run(meetingId, (ctx) => recordAttendance(ctx, { meetingId, personId, present }));
}

export async function cancelMeetingAction(meetingId: number, _prev: ActionState<unknown>, _form: FormData): Promise<ActionState<unknown>> {
  return run(meetingId, (ctx) => cancelMeeting(ctx, { meetingId }));
}

export async function updateMeetingAction(meetingId: number, _prev: ActionState<UpdatedMeeting>, form: FormData): Promise<ActionState<UpdatedMeeting>> {
  return run(meetingId, (ctx) => updateMeeting(ctx, { ...meetingFormObject(form), meetingId }));
}

export type MinutesResult = ({ published: false } & SavedMinutes) | ({ published: true } & PublishedMinutes);

/** One form, two buttons: "save draft" and "publish" (which saves the same content first). */
export async function minutesAction(meetingId: number, _prev: ActionState<MinutesResult>, form: FormData): Promise<ActionState<MinutesResult>> {
  const minutes = minutesFromForm(form);
  if (form.get("intent") === "publish") {
    return run(meetingId, async (ctx) => ({ published: true as const, ...await publishMinutes(ctx, { meetingId, minutes }) }));
  }
  return run(meetingId, async (ctx) => ({ published: false as const, ...await saveMinutes(ctx, { ...minutes, meetingId }) }));
}
