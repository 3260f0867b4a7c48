"use server";
import { revalidatePath } from "next/cache";
import { formObject, runUseCase, type ActionState } from "@/lib/actions/run";
import { hideOpinion, type HiddenOpinion } from "@/lib/opinions/hide-opinion";
import { inviteToTopic, type TopicInvitationResult } from "@/lib/opinions/invite-to-topic";
import { postOpinion, type PostedOpinion } from "@/lib/opinions/post-opinion";

/** Gives an opinion on the topic, or (with parentId) replies to one. */
export async function postOpinionAction(
  topicId: number,
  parentId: number | null,
  _prev: ActionState<PostedOpinion>,
  form: FormData,
): Promise<ActionState<PostedOpinion>> {
  const result = await runUseCase((ctx) => postOpinion(ctx, { ...formObject(form), topicId, parentId }));
  if (result?.ok) revalidatePath(`/topics/${topicId}`);
  return result;
}

export async function hideOpinionAction(
  topicId: number,
  opinionId: number,
  _prev: ActionState<HiddenOpinion>,
  form: FormData,
): Promise<ActionState<HiddenOpinion>> {
  const result = await runUseCase((ctx) => hideOpinion(ctx, { ...formObject(form), opinionId }));
  if (result?.ok) revalidatePath(`/topics/${topicId}`);
  return result;
}

/** Invites the people bound in (`personIds`), or the think tank chosen in the form (`organisationId`). */
export async function inviteAction(
  topicId: number,
  personIds: number[],
  _prev: ActionState<TopicInvitationResult>,
  form: FormData,
): Promise<ActionState<TopicInvitationResult>> {
  const result = await runUseCase((ctx) => inviteToTopic(ctx, { ...formObject(form), personIds, topicId }));
  if (result?.ok) revalidatePath(`/topics/${topicId}`);
  return result;
}
