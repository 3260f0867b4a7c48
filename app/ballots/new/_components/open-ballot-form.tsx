"use client";
import { useTranslations } from "next-intl";
import { useActionState, useState, useTransition } from "react";
import { Field, FormAlert, SubmitButton, fieldError, submitKeepingValues } from "@/app/_components/form";
import type { ElectorateKind } from "@/db/schema";
import type { BallotOpenOptions } from "@/lib/ballots/open-options";
import { openBallotAction } from "../../actions";

const electorateKinds: ElectorateKind[] = ["meetingAttendees", "gridResidents", "buildingOwners", "estateOwners"];
const ownersKinds: ElectorateKind[] = ["buildingOwners", "estateOwners"];

/**
 * Opening a ballot: the plan (or plans) voted on, single or choice, the rule (the catalog item's,
 * or a stricter one), who votes, secret or named, and when. Datetimes are Beijing time.
 */
export function OpenBallotForm({ options, defaults }: { options: BallotOpenOptions; defaults: { opensAt: string; closesAt: string } }) {
  const t = useTranslations("ballots");
  const [state, action, pending] = useActionState(openBallotAction.bind(null, options.topic.id), null);
  const [, startTransition] = useTransition();
  const [kind, setKind] = useState<"single" | "choice">("single");
  const [planIds, setPlanIds] = useState<number[]>(options.plans.length === 1 ? [options.plans[0]!.id] : []);
  const [rule, setRule] = useState(options.itemRule);
  const ownersRule = rule === "ownersMajority" || rule === "ownersSupermajority";
  const [electorate, setElectorate] = useState<ElectorateKind>(ownersRule ? "buildingOwners" : options.meetings.length > 0 ? "meetingAttendees" : "gridResidents");
  const err = (n: string) => fieldError(state, n);
  const describedBy = (n: string) => (err(n) ? `${n}-error` : undefined);

  const chooseKind = (k: "single" | "choice") => {
    setKind(k);
    if (k === "single") setPlanIds(planIds.slice(0, 1));
  };
  const togglePlan = (id: number) => {
    if (kind === "single") setPlanIds([id]);
    else setPlanIds(planIds.includes(id) ? planIds.filter((x) => x !== id) : [...planIds, id]);
  };
  const chooseRule = (r: typeof rule) => {
    setRule(r);
    const owners = r === "ownersMajority" || r === "ownersSupermajority";
    if (owners && !ownersKinds.includes(electorate)) setElectorate("buildingOwners");
  };
  const available = (k: ElectorateKind) => (k === "meetingAttendees" ? options.meetings.length > 0 && !ownersRule : ownersRule ? ownersKinds.includes(k) : true);

  return (
    <form onSubmit={submitKeepingValues(action, startTransition)} className="flex flex-col gap-4" noValidate>
      <FormAlert state={state} />

      <fieldset className="fieldset text-base" aria-describedby={describedBy("kind")}>
        <legend className="fieldset-legend text-base font-medium">{t("new.kind")}</legend>
        {(["single", "choice"] as const).map((k) => (
          <label key={k} className="flex items-start gap-3 py-1 cursor-pointer">
            <input type="radio" name="kind" value={k} checked={kind === k} onChange={() => chooseKind(k)} className="radio radio-primary mt-0.5" disabled={k === "choice" && options.plans.length < 2} />
            <span>
              <span className="font-medium">{t(`kinds.${k}`)}</span>
              <span className="block text-sm text-base-content/70">{t(`new.kindHint.${k}`)}</span>
            </span>
          </label>
        ))}
      </fieldset>

      <fieldset className="fieldset text-base" aria-describedby={describedBy("planIds")}>
        <legend className="fieldset-legend text-base font-medium">{kind === "single" ? t("new.plan") : t("new.plans")}</legend>
        <ul className="flex flex-col gap-1">
          {options.plans.map((p) => (
            <li key={p.id}>
              <label className="flex items-center gap-3 py-1 cursor-pointer">
                <input
                  type={kind === "single" ? "radio" : "checkbox"}
                  name="planIds"
                  value={p.id}
                  checked={planIds.includes(p.id)}
                  onChange={() => togglePlan(p.id)}
                  className={kind === "single" ? "radio radio-primary" : "checkbox checkbox-primary"}
                />
                <span className="flex-1">{p.title}</span>
                <span className="badge badge-outline">{t("revision", { n: p.currentRevision })}</span>
                {p.kind === "alternative" && <span className="badge badge-ghost">{t("new.alternative")}</span>}
              </label>
            </li>
          ))}
        </ul>
        <p className="text-sm text-base-content/60">{t("new.freezeHint")}</p>
        {err("planIds") && (
          <p id="planIds-error" className="text-error text-sm" role="alert">
            {err("planIds")}
          </p>
        )}
      </fieldset>

      <Field label={t("new.rule")} name="rule" error={err("rule")} hint={t("new.ruleHint", { rule: t(`rules.${options.itemRule}`) })}>
        <select id="rule" name="rule" value={rule} onChange={(e) => chooseRule(e.target.value as typeof rule)} className="select select-lg w-full" aria-describedby={describedBy("rule")}>
          {options.rules.map((r) => (
            <option key={r} value={r}>
              {t(`rules.${r}`)}
              {r === options.itemRule ? ` · ${t("new.itemDefault")}` : ""}
            </option>
          ))}
        </select>
      </Field>
      <p className="text-sm text-base-content/70 -mt-2">{t(`ruleTerms.${rule}`)}</p>

      <fieldset className="fieldset text-base" aria-describedby={describedBy("electorateKind")}>
        <legend className="fieldset-legend text-base font-medium">{t("new.electorate")}</legend>
        {electorateKinds.map((k) => (
          <label key={k} className={`flex items-start gap-3 py-1 ${available(k) ? "cursor-pointer" : "opacity-50"}`}>
            <input type="radio" name="electorateKind" value={k} checked={electorate === k} disabled={!available(k)} onChange={() => setElectorate(k)} className="radio radio-primary mt-0.5" />
            <span>
              <span className="font-medium">{t(`electorates.${k}`)}</span>
              <span className="block text-sm text-base-content/70">{t(`new.electorateHint.${k}`)}</span>
            </span>
          </label>
        ))}
        {err("electorateKind") && (
          <p id="electorateKind-error" className="text-error text-sm" role="alert">
            {err("electorateKind")}
          </p>
        )}
      </fieldset>

      {electorate === "meetingAttendees" && (
        <div className="grid grid-cols-1 sm:grid-cols-[1fr_12rem] gap-x-3">
          <Field label={t("new.meeting")} name="meetingId" error={err("meetingId")}>
            <select id="meetingId" name="meetingId" defaultValue={options.meetings.at(-1)?.id ?? ""} className="select select-lg w-full" aria-describedby={describedBy("meetingId")}>
              {options.meetings.map((m) => (
                <option key={m.id} value={m.id}>
                  {m.title} · {t("new.presentNow", { count: m.present })}
                </option>
              ))}
            </select>
          </Field>
          <Field label={t("new.quorum")} name="quorumRequired" error={err("quorumRequired")} hint={t("new.quorumHint")}>
            <input id="quorumRequired" name="quorumRequired" type="number" min={1} step={1} inputMode="numeric" className="input input-lg w-full" aria-describedby={describedBy("quorumRequired")} />
          </Field>
        </div>
      )}
      {electorate === "buildingOwners" && (
        <Field label={t("new.building")} name="buildingId" error={err("buildingId")}>
          <select id="buildingId" name="buildingId" defaultValue={options.topic.buildingId ?? ""} className="select select-lg w-full" aria-describedby={describedBy("buildingId")}>
            <option value="">{t("new.chooseBuilding")}</option>
            {options.buildings.map((b) => (
              <option key={b.id} value={b.id}>
                {b.gridName} · {b.name}
              </option>
            ))}
          </select>
        </Field>
      )}

      <fieldset className="fieldset text-base">
        <legend className="fieldset-legend text-base font-medium">{t("new.secrecy")}</legend>
        <label className="flex items-start gap-3 py-1 cursor-pointer">
          <input type="radio" name="secret" value="true" defaultChecked className="radio radio-primary mt-0.5" />
          <span>
            <span className="font-medium">{t("secret")}</span>
            <span className="block text-sm text-base-content/70">{t("new.secretHint")}</span>
          </span>
        </label>
        <label className="flex items-start gap-3 py-1 cursor-pointer">
          <input type="radio" name="secret" value="false" className="radio radio-primary mt-0.5" />
          <span>
            <span className="font-medium">{t("named")}</span>
            <span className="block text-sm text-base-content/70">{t("new.namedHint")}</span>
          </span>
        </label>
      </fieldset>

      <div className="grid grid-cols-1 sm:grid-cols-2 gap-x-3">
        <Field label={t("new.opensAt")} name="opensAt" error={err("opensAt")} hint={t("new.timeHint")}>
          <input id="opensAt" name="opensAt" type="datetime-local" defaultValue={defaults.opensAt} className="input input-lg w-full" aria-describedby={describedBy("opensAt")} />
        </Field>
        <Field label={t("new.closesAt")} name="closesAt" error={err("closesAt")} hint={t("new.timeHint")}>
          <input id="closesAt" name="closesAt" type="datetime-local" defaultValue={defaults.closesAt} className="input input-lg w-full" aria-describedby={describedBy("closesAt")} />
        </Field>
      </div>

      <Field label={t("new.ballotTitle")} name="title" error={err("title")} hint={t("new.ballotTitleHint")}>
        <input id="title" name="title" maxLength={60} placeholder={options.topic.title.slice(0, 60)} className="input input-lg w-full" aria-describedby={describedBy("title")} />
      </Field>

      <p className="text-sm text-base-content/70">{t("new.openNote")}</p>
      <div>
        <SubmitButton pending={pending} pendingLabel={t("new.opening")}>
          {t("new.open")}
        </SubmitButton>
      </div>
    </form>
  );
}
