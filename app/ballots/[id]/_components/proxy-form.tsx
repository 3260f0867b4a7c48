"use client";
import { useTranslations } from "next-intl";
import { useActionState, useEffect, useRef, useState, useTransition } from "react";
import { Field, FormAlert, SubmitButton, fieldError, submitKeepingValues } from "@/app/_components/form";
import type { ActionState } from "@/lib/actions/run";
import { recordProxyAction } from "../../actions";
import { exactCandidate } from "./proxy-match";

type Candidate = { personId: number; name: string; displayNumber: string };

/**
 * Staff record an owner's written authorization (委托投票): whose vote (the elector), who votes
 * for them (a verified person of the community, found by name, number or phone), and the scan of
 * the signed paper. Typing someone's exact name or number picks them; any result row is a tap target.
 */
export function ProxyForm({
  ballotId,
  electors,
  suggested = null,
}: {
  ballotId: number;
  electors: { electorKey: string; label: string }[];
  /** Someone to pick at once when staff choose this elector: the developer's representative named by the owners' register. */
  suggested?: { electorKey: string; person: Candidate } | null;
}) {
  const t = useTranslations("ballots");
  const [state, action, pending] = useActionState(recordProxyAction.bind(null, ballotId), null);
  const [, startTransition] = useTransition();
  const [seen, setSeen] = useState<ActionState>(null);
  const [round, setRound] = useState(0);
  const [q, setQ] = useState("");
  const [hits, setHits] = useState<Candidate[] | null>(null);
  const [picked, setPicked] = useState<Candidate | null>(null);
  const [failed, setFailed] = useState(false);
  const seq = useRef(0);
  if (state !== seen) {
    setSeen(state);
    if (state?.ok) {
      setRound((r) => r + 1);
      setPicked(null);
      setQ("");
    }
  }

  useEffect(() => {
    const query = q.trim();
    if (!query) {
      setHits(null);
      return;
    }
    const mine = ++seq.current;
    const timer = setTimeout(async () => {
      try {
        const res = await fetch(`/api/v1/ballots/${ballotId}/proxies/candidates?q=${encodeURIComponent(query)}`);
        if (mine !== seq.current) return;
        if (!res.ok) throw new Error(String(res.status));
        const people = ((await res.json()) as { people: Candidate[] }).people;
        setHits(people);
        setFailed(false);
        const only = exactCandidate(query, people);
        if (only) setPicked(only);
      } catch {
        if (mine === seq.current) setFailed(true);
      }
    }, 300);
    return () => clearTimeout(timer);
  }, [q, ballotId]);

  const err = (n: string) => fieldError(state, n);

  return (
    <form key={round} onSubmit={submitKeepingValues(action, startTransition)} className="flex flex-col gap-2" noValidate encType="multipart/form-data">
      <FormAlert state={state} success={t("proxy.recorded")} />
      <Field label={t("proxy.elector")} name="proxy-elector" error={err("electorKey")}>
        <select
          id="proxy-elector"
          name="electorKey"
          defaultValue=""
          className="select select-lg w-full"
          aria-invalid={!!err("electorKey")}
          onChange={(e) => {
            if (suggested && e.target.value === suggested.electorKey && !picked) setPicked(suggested.person);
          }}
        >
          <option value="">{t("paper.chooseElector")}</option>
          {electors.map((e) => (
            <option key={e.electorKey} value={e.electorKey}>
              {e.label}
            </option>
          ))}
        </select>
      </Field>
      <div className="fieldset py-1">
        <label htmlFor="proxy-search" className="fieldset-legend text-base font-medium pb-1">
          {t("proxy.person")}
        </label>
        {picked ? (
          <div className="flex items-center gap-2">
            <input type="hidden" name="proxyPersonId" value={picked.personId} />
            <span className="badge badge-lg badge-outline py-4">
              {picked.name} · {picked.displayNumber}
            </span>
            <button type="button" className="btn btn-ghost min-h-11" onClick={() => setPicked(null)}>
              {t("proxy.change")}
            </button>
          </div>
        ) : (
          <>
            <input id="proxy-search" type="search" value={q} onChange={(e) => setQ(e.target.value)} placeholder={t("proxy.searchPlaceholder")} className="input input-lg w-full" autoComplete="off" />
            {failed && <p className="text-error text-sm">{t("proxy.searchFailed")}</p>}
            {hits && (
              <ul className="flex flex-col divide-y divide-base-300 border border-base-300 rounded-box mt-1" aria-live="polite">
                {hits.length === 0 && <li className="p-2 text-base-content/60">{t("proxy.noneFound")}</li>}
                {hits.map((p) => (
                  <li key={p.personId}>
                    <button type="button" className="w-full min-h-11 p-2 flex items-center gap-2 text-left text-base rounded-box hover:bg-base-200 focus-visible:bg-base-200" onClick={() => setPicked(p)}>
                      <span className="flex-1">
                        <span className="font-medium">{p.name}</span> <span className="text-sm text-base-content/60">{p.displayNumber}</span>
                      </span>
                      <span className="btn btn-sm btn-outline">{t("proxy.pick")}</span>
                    </button>
                  </li>
                ))}
              </ul>
            )}
          </>
        )}
        {err("proxyPersonId") && (
          <p className="text-error text-sm mt-1" role="alert">
            {err("proxyPersonId")}
          </p>
        )}
      </div>
      <Field label={t("proxy.scan")} name="proxy-scan" error={err("scan")} hint={t("proxy.scanHint")}>
        <input id="proxy-scan" name="scan" type="file" accept="image/jpeg,image/png,image/gif,image/webp" capture="environment" className="file-input file-input-lg w-full" aria-invalid={!!err("scan")} />
      </Field>
      <Field label={t("proxy.note")} name="proxy-note" error={err("note")}>
        <input id="proxy-note" name="note" maxLength={200} className="input input-md w-full" />
      </Field>
      <div>
        <SubmitButton pending={pending} pendingLabel={t("proxy.recording")} className="btn-primary">
          {t("proxy.submit")}
        </SubmitButton>
      </div>
    </form>
  );
}
