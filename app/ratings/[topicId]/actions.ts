"use server";
import { revalidatePath } from "next/cache";
import { formObject, runUseCase, type ActionState } from "@/lib/actions/run";
import { rateTopic } from "@/lib/ratings/rate-topic";
import { realFiles } from "@/lib/uploads/photos";

export async function rateTopicAction(topicId: number, _prev: ActionState, form: FormData) {
  const result = await runUseCase((ctx) => rateTopic(ctx, { ...formObject(form), topicId }, realFiles(form.getAll("photos"))));
  if (result?.ok) {
    revalidatePath(`/ratings/${topicId}`);
    revalidatePath("/ratings");
    revalidatePath(`/topics/${topicId}`);
  }
  return result;
}
