"use server";
import { formObject, runUseCase, type ActionState } from "@/lib/actions/run";
import { closeLiveVote } from "@/lib/meetings/room/close-live-vote";
import { endMeeting } from "@/lib/meetings/room/end-meeting";
import { endTurn } from "@/lib/meetings/room/end-turn";
import { grantFloor } from "@/lib/meetings/room/grant-floor";
import { moveAgenda } from "@/lib/meetings/room/move-agenda";
import { openLiveVote } from "@/lib/meetings/room/open-live-vote";
import { recordConclusion } from "@/lib/meetings/room/record-conclusion";
import { setMeetingQuorum } from "@/lib/meetings/room/set-quorum";
import { setSpeakingTime } from "@/lib/meetings/room/set-speaking-time";
import { skipSpeaker } from "@/lib/meetings/room/skip-speaker";
import { startMeeting } from "@/lib/meetings/room/start-meeting";

// The chair console's buttons. Each is the use case and nothing else: the use case authorizes
// (chair or the meeting's staff), writes in one transaction and pushes the change to every open
// screen, which is how the console itself sees the result — nothing to revalidate here.
// Ids are bound by the console (.bind), the rest comes from the form.

type Act = ActionState<unknown>;

export async function startMeetingAction(meetingId: number, _prev: Act, _form: FormData): Promise<Act> {
  return runUseCase((ctx) => startMeeting(ctx, { meetingId }));
}

export async function moveAgendaAction(meetingId: number, agendaItemId: number, _prev: Act, _form: FormData): Promise<Act> {
  return runUseCase((ctx) => moveAgenda(ctx, { meetingId, agendaItemId }));
}

export async function grantFloorAction(meetingId: number, speakerId: number, _prev: Act, _form: FormData): Promise<Act> {
  return runUseCase((ctx) => grantFloor(ctx, { meetingId, speakerId }));
}

export async function skipSpeakerAction(meetingId: number, speakerId: number, _prev: Act, _form: FormData): Promise<Act> {
  return runUseCase((ctx) => skipSpeaker(ctx, { meetingId, speakerId }));
}

export async function endTurnAction(meetingId: number, _prev: Act, _form: FormData): Promise<Act> {
  return runUseCase((ctx) => endTurn(ctx, { meetingId }));
}

/** The form asks in minutes (what a chair thinks in); the use case takes seconds. */
export async function speakingTimeAction(meetingId: number, _prev: ActionState<{ speakingSeconds: number }>, form: FormData): Promise<ActionState<{ speakingSeconds: number }>> {
  const minutes = Number(form.get("minutes"));
  return runUseCase((ctx) => setSpeakingTime(ctx, { meetingId, speakingSeconds: Math.round(minutes * 60) }));
}

export async function quorumAction(meetingId: number, _prev: ActionState<{ quorumRequired: number | null }>, form: FormData): Promise<ActionState<{ quorumRequired: number | null }>> {
  return runUseCase((ctx) => setMeetingQuorum(ctx, { meetingId, quorumRequired: form.get("quorumRequired") ?? "" }));
}

export async function conclusionAction(meetingId: number, agendaItemId: number, _prev: Act, form: FormData): Promise<Act> {
  return runUseCase((ctx) => recordConclusion(ctx, { meetingId, agendaItemId, conclusion: form.get("conclusion") ?? "" }));
}

export async function openVoteAction(meetingId: number, agendaItemId: number, _prev: Act, form: FormData): Promise<Act> {
  const planIds = form.getAll("planIds").filter((v) => typeof v === "string" && v !== "");
  return runUseCase((ctx) => openLiveVote(ctx, { ...formObject(form), planIds, meetingId, agendaItemId }));
}

export async function closeVoteAction(meetingId: number, ballotId: number, _prev: Act, _form: FormData): Promise<Act> {
  return runUseCase((ctx) => closeLiveVote(ctx, { meetingId, ballotId }));
}

export async function endMeetingAction(meetingId: number, _prev: Act, _form: FormData): Promise<Act> {
  return runUseCase((ctx) => endMeeting(ctx, { meetingId }));
}
