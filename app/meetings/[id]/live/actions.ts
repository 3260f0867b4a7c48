"use server";
import { runUseCase, type ActionState } from "@/lib/actions/run";
import { requestToSpeak } from "@/lib/meetings/room/request-to-speak";
import { withdrawRequest } from "@/lib/meetings/room/withdraw-request";

// An attendee's two buttons; the use cases decide who may (checked in, one request at a time) and
// push the change to every screen. Voting goes through the ballot's own castVoteAction.

export async function requestToSpeakAction(meetingId: number, _prev: ActionState<unknown>, _form: FormData): Promise<ActionState<unknown>> {
  return runUseCase((ctx) => requestToSpeak(ctx, { meetingId }));
}

export async function withdrawRequestAction(meetingId: number, _prev: ActionState<unknown>, _form: FormData): Promise<ActionState<unknown>> {
  return runUseCase((ctx) => withdrawRequest(ctx, { meetingId }));
}
