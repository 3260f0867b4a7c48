"use server";
import { redirect } from "next/navigation";
import { formObject, runUseCase, type ActionState } from "@/lib/actions/run";
import { proposeTopic, type ProposedTopic } from "@/lib/topics/propose";
import { realFiles } from "@/lib/uploads/photos";

export async function proposeAction(_prev: ActionState<ProposedTopic>, form: FormData): Promise<ActionState<ProposedTopic>> {
  const result = await runUseCase((ctx) => proposeTopic(ctx, formObject(form), realFiles(form.getAll("photos"))));
  if (result?.ok) redirect(`/topics/${result.data.topicId}`);
  return result;
}
