"use client";
import { useFormatter, useTranslations } from "next-intl";
import { useActionState, useState, useTransition } from "react";
import { FormAlert, SubmitButton, fieldError, submitKeepingValues } from "@/app/_components/form";
import type { ThinkTankOption, TopicInvitee } from "@/lib/opinions/list-invitations";
import type { InviteCandidate } from "@/lib/opinions/search-people-for-invite";
import { inviteAction } from "./actions";

/** For the topic's staff: find people of the community by name or phone, or pick a whole think tank. */
export function InvitePanel({
  topicId,
  open,
  thinkTanks,
  invitees,
}: {
  topicId: number;
  open: boolean;
  thinkTanks: ThinkTankOption[];
  invitees: TopicInvitee[];
}) {
  const t = useTranslations("opinions.invite");
  const format = useFormatter();
  return (
    <div className="flex flex-col gap-4">
      <p className="text-base-content/70">{t("hint")}</p>
      {open ? (
        <>
          <PersonSearch topicId={topicId} />
          <ThinkTankForm topicId={topicId} thinkTanks={thinkTanks} />
        </>
      ) : (
        <div role="status" className="alert text-base">
          {t("closed")}
        </div>
      )}
      <div>
        <h4 className="font-medium text-base mb-1">{t("invitedList", { count: invitees.length })}</h4>
        {invitees.length === 0 ? (
          <p className="text-base-content/60">{t("noneInvited")}</p>
        ) : (
          <ul className="flex flex-col divide-y divide-base-300">
            {invitees.map((i) => (
              <li key={i.personId} className="py-2 flex flex-wrap items-baseline gap-x-3 gap-y-0.5">
                <span className="text-base font-medium">{i.name}</span>
                <span className="font-mono text-sm text-base-content/60">{i.displayNumber}</span>
                <span className="text-sm text-base-content/60">
                  {t("invitedBy", { name: i.invitedBy })} · {format.dateTime(new Date(i.invitedAt), "date")}
                </span>
              </li>
            ))}
          </ul>
        )}
      </div>
    </div>
  );
}

function PersonSearch({ topicId }: { topicId: number }) {
  const t = useTranslations("opinions.invite");
  const [q, setQ] = useState("");
  const [results, setResults] = useState<InviteCandidate[] | null>(null);
  const [searching, setSearching] = useState(false);
  const [error, setError] = useState<string | null>(null);

  async function search(e: React.FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const query = q.trim();
    if (!query) return;
    setSearching(true);
    setError(null);
    try {
      const res = await fetch(`/api/v1/topics/${topicId}/invitations/candidates?q=${encodeURIComponent(query)}`);
      const body = (await res.json()) as { people?: InviteCandidate[]; error?: { message?: string } };
      if (!res.ok) {
        setResults(null);
        setError(body.error?.message ?? t("searchFailed"));
      } else {
        setResults(body.people ?? []);
      }
    } catch {
      setError(t("searchFailed"));
    } finally {
      setSearching(false);
    }
  }

  const inputId = `invite-search-${topicId}`;
  return (
    <div className="flex flex-col gap-2">
      <form role="search" onSubmit={search} className="flex flex-col gap-2">
        <label htmlFor={inputId} className="font-medium text-base">
          {t("searchLabel")}
        </label>
        <div className="flex gap-2">
          <input
            id={inputId}
            type="search"
            value={q}
            onChange={(e) => setQ(e.target.value)}
            maxLength={30}
            placeholder={t("searchPlaceholder")}
            className="input input-lg flex-1 min-w-0"
          />
          <button type="submit" className="btn btn-lg btn-outline" disabled={searching}>
            {searching && <span className="loading loading-spinner loading-sm" aria-hidden />}
            {searching ? t("searching") : t("search")}
          </button>
        </div>
      </form>
      {error && (
        <p role="alert" className="text-error">
          {error}
        </p>
      )}
      {results && (
        <div aria-live="polite">
          {results.length === 0 ? (
            <p className="text-base-content/60 py-2">{t("noResults")}</p>
          ) : (
            <ul className="flex flex-col divide-y divide-base-300 rounded-box border border-base-300">
              {results.map((c) => (
                <CandidateRow key={c.id} topicId={topicId} candidate={c} />
              ))}
            </ul>
          )}
        </div>
      )}
    </div>
  );
}

function CandidateRow({ topicId, candidate }: { topicId: number; candidate: InviteCandidate }) {
  const t = useTranslations("opinions.invite");
  const tc = useTranslations("common");
  const [state, action, pending] = useActionState(inviteAction.bind(null, topicId, [candidate.id]), null);
  const [, startTransition] = useTransition();
  const invited = candidate.invited || !!state?.ok;
  return (
    <li className="p-3 flex items-center gap-3">
      <div className="flex-1 min-w-0">
        <div className="flex flex-wrap items-baseline gap-x-2">
          <span className="text-base font-medium">{candidate.name}</span>
          <span className="text-sm text-base-content/60">{candidate.maskedPhone}</span>
        </div>
        <div className="text-sm text-base-content/70">
          {[...candidate.roles.map((r) => tc(`roles.${r}`)), ...candidate.organisations].join(" · ")}
        </div>
        {state && !state.ok && (
          <p role="alert" className="text-error text-sm">
            {state.message}
          </p>
        )}
      </div>
      {invited ? (
        <span className="badge badge-success badge-lg whitespace-nowrap">{t("alreadyInvited")}</span>
      ) : (
        <form onSubmit={submitKeepingValues(action, startTransition)}>
          <SubmitButton pending={pending} className="btn-primary">
            {t("invitePerson")}
          </SubmitButton>
        </form>
      )}
    </li>
  );
}

function ThinkTankForm({ topicId, thinkTanks }: { topicId: number; thinkTanks: ThinkTankOption[] }) {
  const t = useTranslations("opinions.invite");
  const [state, action, pending] = useActionState(inviteAction.bind(null, topicId, []), null);
  const [, startTransition] = useTransition();
  const selectId = `invite-think-tank-${topicId}`;
  const error = fieldError(state, "organisationId") ?? fieldError(state, "personIds");
  if (thinkTanks.length === 0) return <p className="text-base-content/60">{t("noThinkTanks")}</p>;
  return (
    <form onSubmit={submitKeepingValues(action, startTransition)} className="flex flex-col gap-2" noValidate>
      <FormAlert state={state} success={state?.ok ? t("result", { invited: state.data.invited.length, already: state.data.alreadyInvited.length }) : undefined} />
      <label htmlFor={selectId} className="font-medium text-base">
        {t("thinkTankLabel")}
      </label>
      <div className="flex flex-col sm:flex-row gap-2">
        <select id={selectId} name="organisationId" defaultValue="" className="select select-lg w-full sm:flex-1" aria-invalid={!!error}>
          <option value="">{t("thinkTankChoose")}</option>
          {thinkTanks.map((tt) => (
            <option key={tt.id} value={tt.id}>
              {t("thinkTankOption", { name: tt.name, count: tt.memberCount })}
            </option>
          ))}
        </select>
        <SubmitButton pending={pending} className="btn-primary">
          {t("inviteThinkTank")}
        </SubmitButton>
      </div>
      {error && !state?.ok && state?.message !== error && (
        <p role="alert" className="text-error text-sm">
          {error}
        </p>
      )}
    </form>
  );
}
