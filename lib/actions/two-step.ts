import "server-only";
import type { ActorCtx } from "@/lib/context";
import { formObject, runUseCase, type ActionState } from "./run";

export type TwoStepResult<P, R> = { step: "confirm"; preview: P; values: Record<string, string> } | { step: "done"; result: R };

/**
 * An irreversible step behind a confirmation (see app/_components/confirm-step.tsx): without
 * `confirmed=1` the form runs the use case's preview, which checks everything the step would and
 * writes nothing, and sends back what it would do with the values it judged; with it, the step
 * itself. The use case never depends on this: an API call does the step at once.
 */
export async function runTwoStep<P, R>(
  form: FormData,
  extra: Record<string, unknown>,
  preview: (ctx: ActorCtx, raw: unknown) => P | Promise<P>,
  commit: (ctx: ActorCtx, raw: unknown) => R | Promise<R>,
): Promise<ActionState<TwoStepResult<P, R>>> {
  const { confirmed, ...values } = formObject(form);
  const raw = { ...values, ...extra };
  if (confirmed !== "1") return runUseCase(async (ctx): Promise<TwoStepResult<P, R>> => ({ step: "confirm", preview: await preview(ctx, raw), values }));
  return runUseCase(async (ctx): Promise<TwoStepResult<P, R>> => ({ step: "done", result: await commit(ctx, raw) }));
}
