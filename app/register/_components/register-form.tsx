"use client";
import Link from "next/link";
import { useTranslations } from "next-intl";
import { useActionState, useEffect, useState, useTransition } from "react";
import { Field, FormAlert, SubmitButton, fieldError, submitKeepingValues } from "@/app/_components/form";
import { registerAction } from "../actions";

type Option = { id: number; label: string };

async function fetchOptions(url: string, key: "buildings" | "units"): Promise<Option[]> {
  const res = await fetch(url);
  if (!res.ok) return [];
  const body = (await res.json()) as Record<string, { id: number; name?: string; number?: string }[]>;
  return (body[key] ?? []).map((o) => ({ id: o.id, label: o.name ?? o.number ?? String(o.id) }));
}

export function RegisterForm({ grids }: { grids: Option[] }) {
  const t = useTranslations("auth");
  const [state, action, pending] = useActionState(registerAction, null);
  const [, startTransition] = useTransition();
  // Controlled fields: React resets uncontrolled ones after a form action, and a resident who
  // mistyped a phone number should not have to pick grid, building and unit again.
  const [values, setValues] = useState({ name: "", phone: "", password: "", relation: "resident" });
  const [gridId, setGridId] = useState("");
  const [buildingId, setBuildingId] = useState("");
  const [unitId, setUnitId] = useState("");
  const [buildings, setBuildings] = useState<Option[] | null>(null);
  const [units, setUnits] = useState<Option[] | null>(null);

  useEffect(() => {
    setBuildings(null);
    setBuildingId("");
    if (gridId) fetchOptions(`/api/v1/places/grids/${gridId}/buildings`, "buildings").then(setBuildings);
  }, [gridId]);
  useEffect(() => {
    setUnits(null);
    setUnitId("");
    if (buildingId) fetchOptions(`/api/v1/places/buildings/${buildingId}/units`, "units").then(setUnits);
  }, [buildingId]);

  if (state?.ok) {
    return (
      <div className="mt-4 flex flex-col gap-4">
        <div role="status" className="alert alert-success text-base">
          {t("registered", { displayNumber: state.data.displayNumber })}
        </div>
        <Link href="/sign-in" className="btn btn-primary btn-lg">
          {t("signInLink")}
        </Link>
      </div>
    );
  }

  const set = (k: keyof typeof values) => (e: React.ChangeEvent<HTMLInputElement>) => setValues({ ...values, [k]: e.target.value });
  const err = (name: string) => fieldError(state, name);
  const describedBy = (name: string) => (err(name) ? `${name}-error` : undefined);

  return (
    <form onSubmit={submitKeepingValues(action, startTransition)} className="mt-3 flex flex-col gap-1" noValidate>
      <FormAlert state={state} />
      <Field label={t("name")} name="name" error={err("name")}>
        <input id="name" name="name" value={values.name} onChange={set("name")} placeholder={t("namePlaceholder")} autoComplete="name" className="input input-lg w-full" aria-invalid={!!err("name")} aria-describedby={describedBy("name")} />
      </Field>
      <Field label={t("phone")} name="phone" error={err("phone")}>
        <input id="phone" name="phone" type="tel" inputMode="numeric" maxLength={11} value={values.phone} onChange={set("phone")} autoComplete="tel" className="input input-lg w-full" aria-invalid={!!err("phone")} aria-describedby={describedBy("phone")} />
      </Field>
      <Field label={t("password")} name="password" error={err("password")} hint={t("passwordHint")}>
        <input id="password" name="password" type="password" value={values.password} onChange={set("password")} autoComplete="new-password" className="input input-lg w-full" aria-invalid={!!err("password")} aria-describedby={describedBy("password")} />
      </Field>
      <Field label={t("grid")} name="gridId" error={err("gridId")}>
        <select id="gridId" name="gridId" value={gridId} onChange={(e) => setGridId(e.target.value)} className="select select-lg w-full" aria-invalid={!!err("gridId")}>
          <option value="">{t("choose")}</option>
          {grids.map((g) => (
            <option key={g.id} value={g.id}>
              {g.label}
            </option>
          ))}
        </select>
      </Field>
      <Field label={t("building")} name="buildingId" error={err("buildingId")}>
        <select id="buildingId" name="buildingId" value={buildingId} onChange={(e) => setBuildingId(e.target.value)} disabled={!gridId} className="select select-lg w-full" aria-invalid={!!err("buildingId")}>
          <option value="">{!gridId ? t("chooseGridFirst") : buildings ? t("choose") : t("loading")}</option>
          {buildings?.map((b) => (
            <option key={b.id} value={b.id}>
              {b.label}
            </option>
          ))}
        </select>
      </Field>
      <Field label={t("unit")} name="unitId" error={err("unitId")}>
        <select id="unitId" name="unitId" value={unitId} onChange={(e) => setUnitId(e.target.value)} disabled={!buildingId} className="select select-lg w-full" aria-invalid={!!err("unitId")}>
          <option value="">{!buildingId ? t("chooseBuildingFirst") : units ? t("choose") : t("loading")}</option>
          {units?.map((u) => (
            <option key={u.id} value={u.id}>
              {u.label}
            </option>
          ))}
        </select>
      </Field>
      <fieldset className="fieldset py-1">
        <legend className="fieldset-legend text-base font-medium">{t("relation")}</legend>
        {(["resident", "owner"] as const).map((r) => (
          <label key={r} className="flex items-center gap-3 py-2 cursor-pointer">
            <input type="radio" name="relation" value={r} checked={values.relation === r} onChange={set("relation")} className="radio radio-primary" />
            <span className="text-base">{r === "owner" ? t("relationOwner") : t("relationResident")}</span>
          </label>
        ))}
      </fieldset>
      <SubmitButton pendingLabel={t("registering")} pending={pending}>{t("submitRegister")}</SubmitButton>
    </form>
  );
}
