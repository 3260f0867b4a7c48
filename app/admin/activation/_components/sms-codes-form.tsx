"use client";
import { useActionState } from "react";
import { Alert } from "@/app/_components/ui";
import { sendCodesBySmsAction } from "../actions";
import { AudienceFields, type AudienceOption } from "./audience-fields";

/** The words, from the page: the admin area's client messages hold no reminders namespace. `sent` has {people} and {expiresOn}. */
type Words = { scope: string; days: string; daysHint: string; send: string; sending: string; warning: string; sent: string };

/** Activation codes by text message, for the same scopes as the letters; the codes go through the outbox. */
export function SmsCodesForm({ communityId, options, defaultDays, maxDays, words }: { communityId: number; options: AudienceOption[]; defaultDays: number; maxDays: number; words: Words }) {
  const [state, action, pending] = useActionState(sendCodesBySmsAction.bind(null, communityId), null);
  const daysError = state && !state.ok ? state.fields?.expiresInDays : undefined;
  return (
    <form action={action} className="flex flex-col gap-1">
      {state?.ok && (
        <Alert tone="success" role="status">
          {words.sent.replace("{people}", String(state.data.people)).replace("{expiresOn}", state.data.expiresOn)}
        </Alert>
      )}
      {state && !state.ok && !daysError && (
        <Alert tone="error" role="alert">
          {state.message}
        </Alert>
      )}
      <AudienceFields idPrefix="sms" options={options} defaultDays={defaultDays} maxDays={maxDays} daysError={daysError} words={words} />
      <p className="text-base text-base-content bg-warning/15 rounded-box p-3 mt-2">{words.warning}</p>
      <div className="mt-3">
        <button type="submit" className="btn btn-primary btn-lg" disabled={pending} aria-disabled={pending}>
          {pending && <span className="loading loading-spinner loading-sm" aria-hidden />}
          {pending ? words.sending : words.send}
        </button>
      </div>
    </form>
  );
}
