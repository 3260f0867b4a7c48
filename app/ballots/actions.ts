"use server";
import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { formObject, runUseCase, type ActionState } from "@/lib/actions/run";
import { castVote, type CastVote } from "@/lib/ballots/cast-vote";
import { closeBallot, type ClosedBallot } from "@/lib/ballots/close-ballot";
import { enterPaperBallot, type PaperBallot } from "@/lib/ballots/enter-paper-ballot";
import { openBallot, type OpenedBallot } from "@/lib/ballots/open-ballot";
import { recordProxy, type RecordedProxy } from "@/lib/ballots/record-proxy";
import { realFiles } from "@/lib/uploads/photos";

function refresh(ballotId: number, topicId?: number) {
  revalidatePath(`/ballots/${ballotId}`);
  revalidatePath("/ballots");
  if (topicId) revalidatePath(`/topics/${topicId}`);
}

/** The open form: plans may repeat (a choice among several), everything else is single. */
export async function openBallotAction(topicId: number, _prev: ActionState<OpenedBallot>, form: FormData): Promise<ActionState<OpenedBallot>> {
  const fields: Record<string, unknown> = { ...formObject(form), planIds: form.getAll("planIds").filter((v) => typeof v === "string" && v !== ""), topicId };
  const result = await runUseCase((ctx) => openBallot(ctx, fields));
  if (!result?.ok) return result;
  refresh(result.data.ballotId, topicId);
  redirect(`/ballots/${result.data.ballotId}`);
}

/** One voting form per elector the person may vote for: the elector is bound, the choice comes from the form. */
export async function castVoteAction(ballotId: number, electorKey: string, _prev: ActionState<CastVote>, form: FormData): Promise<ActionState<CastVote>> {
  const result = await runUseCase((ctx) => castVote(ctx, { ...formObject(form), ballotId, electorKey }));
  if (result?.ok) refresh(ballotId);
  return result;
}

export async function paperBallotAction(ballotId: number, _prev: ActionState<PaperBallot>, form: FormData): Promise<ActionState<PaperBallot>> {
  const result = await runUseCase((ctx) => enterPaperBallot(ctx, { ...formObject(form), ballotId }));
  if (result?.ok) refresh(ballotId);
  return result;
}

export async function recordProxyAction(ballotId: number, _prev: ActionState<RecordedProxy>, form: FormData): Promise<ActionState<RecordedProxy>> {
  const result = await runUseCase((ctx) => recordProxy(ctx, { ...formObject(form), ballotId }, realFiles(form.getAll("scan"))[0] ?? null));
  if (result?.ok) refresh(ballotId);
  return result;
}

export async function closeBallotAction(ballotId: number, topicId: number, _prev: ActionState<ClosedBallot>, _form: FormData): Promise<ActionState<ClosedBallot>> {
  const result = await runUseCase((ctx) => closeBallot(ctx, { ballotId }));
  if (result?.ok) refresh(ballotId, topicId);
  return result;
}
