"use client";
import { startTransition, useActionState, useEffect, useRef } from "react";
import { fieldError } from "@/app/_components/form";
import type { ActionState } from "@/lib/actions/run";

type Action<T> = (prev: ActionState<T>, form: FormData) => Promise<ActionState<T>>;

/**
 * useActionState for the admin forms, keeping what was typed when the server refuses it: React
 * resets a form after its action runs, so the form submits itself inside a transition instead
 * (SubmitButton still shows pending) and is cleared only after a success. Without JavaScript the
 * plain form action still works.
 *
 * `idPrefix` keeps element ids unique when a page holds several copies of a form (one per item).
 */
export function useAdminForm<T>(action: Action<T>, { resetOnSuccess = true, idPrefix = "" }: { resetOnSuccess?: boolean; idPrefix?: string } = {}) {
  const [state, formAction] = useActionState(action, null);
  const ref = useRef<HTMLFormElement>(null);
  useEffect(() => {
    if (state?.ok && resetOnSuccess) ref.current?.reset();
  }, [state, resetOnSuccess]);
  const onSubmit = (e: React.FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const data = new FormData(e.currentTarget);
    startTransition(() => formAction(data));
  };
  const err = (name: string) => fieldError(state, name);
  const id = (name: string) => `${idPrefix}${name}`;
  return {
    state,
    err,
    formProps: { ref, action: formAction, onSubmit, noValidate: true },
    /** Props for <Field>: its label points at the control, its error gets the id the control refers to. */
    field: (name: string) => ({ name: id(name), error: err(name) }),
    /** Props for the control itself. */
    control: (name: string) => ({
      id: id(name),
      name,
      "aria-invalid": !!err(name),
      "aria-describedby": err(name) ? `${id(name)}-error` : undefined,
    }),
  };
}
