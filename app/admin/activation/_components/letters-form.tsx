"use client";
import { useRouter } from "next/navigation";
import { useTranslations } from "next-intl";
import { useState } from "react";
import { Field } from "@/app/_components/form";
import { Alert } from "@/app/_components/ui";

type Option = { value: string; label: string; disabled: boolean };

/**
 * Issues a scope's letters and saves the PDF. A POST through fetch (issuing is a write; a GET link
 * could be prefetched or replayed): the answer is the file, or a JSON error said here.
 */
export function LettersForm({ communityId, options, defaultDays, maxDays }: { communityId: number; options: Option[]; defaultDays: number; maxDays: number }) {
  const t = useTranslations("admin.activation");
  const router = useRouter();
  const [scope, setScope] = useState(options.find((o) => !o.disabled)?.value ?? "");
  const [days, setDays] = useState(String(defaultDays));
  const [pending, setPending] = useState(false);
  const [result, setResult] = useState<{ ok: true; staff: boolean; households: number; people: number } | { ok: false; message: string; fields?: Record<string, string> } | null>(null);

  async function onSubmit(e: React.FormEvent<HTMLFormElement>) {
    e.preventDefault();
    setPending(true);
    setResult(null);
    const [kind, id] = scope.split(":");
    const body = { communityId, expiresInDays: days, ...(kind === "staff" ? { audience: "staff" } : kind === "grid" ? { gridId: Number(id) } : kind === "building" ? { buildingId: Number(id) } : {}) };
    try {
      const res = await fetch("/api/v1/activation/letters", { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });
      if (!res.ok) {
        const { error } = (await res.json()) as { error: { message: string; fields?: Record<string, string> } };
        setResult({ ok: false, message: error.message, fields: error.fields });
        return;
      }
      const blob = await res.blob();
      const name = /filename="([^"]+)"/.exec(res.headers.get("content-disposition") ?? "")?.[1] ?? "activation-letters.pdf";
      const url = URL.createObjectURL(blob);
      const a = document.createElement("a");
      a.href = url;
      a.download = name;
      document.body.appendChild(a);
      a.click();
      a.remove();
      setTimeout(() => URL.revokeObjectURL(url), 60_000);
      setResult({ ok: true, staff: kind === "staff", households: Number(res.headers.get("x-activation-households")), people: Number(res.headers.get("x-activation-people")) });
      router.refresh();
    } catch {
      setResult({ ok: false, message: t("failed") });
    } finally {
      setPending(false);
    }
  }

  const daysError = result && !result.ok ? result.fields?.expiresInDays : undefined;
  return (
    <form onSubmit={onSubmit} className="flex flex-col gap-1" noValidate>
      {result?.ok && (
        <Alert tone="success" role="status">
          {result.staff ? t("doneStaff", { people: result.people }) : t("done", { households: result.households, people: result.people })}
        </Alert>
      )}
      {result && !result.ok && !daysError && (
        <Alert tone="error" role="alert">
          {result.message}
        </Alert>
      )}
      <Field label={t("scope")} name="scope">
        <select id="scope" name="scope" value={scope} onChange={(e) => setScope(e.target.value)} className="select select-lg w-full">
          {options.map((o) => (
            <option key={o.value} value={o.value} disabled={o.disabled}>
              {o.label}
            </option>
          ))}
        </select>
      </Field>
      <Field label={t("days")} name="expiresInDays" error={daysError} hint={t("daysHint")}>
        <input id="expiresInDays" name="expiresInDays" type="number" inputMode="numeric" min={1} max={maxDays} value={days} onChange={(e) => setDays(e.target.value)} className="input input-lg w-full sm:w-40" aria-invalid={!!daysError} />
      </Field>
      <p className="text-base text-base-content bg-warning/15 rounded-box p-3 mt-2">{t(scope === "staff" ? "replaceWarningStaff" : "replaceWarning")}</p>
      <div className="mt-3">
        <button type="submit" className="btn btn-primary btn-lg" disabled={pending || options.every((o) => o.disabled)}>
          {pending && <span className="loading loading-spinner loading-sm" aria-hidden />}
          {pending ? t("submitting") : t("submit")}
        </button>
      </div>
    </form>
  );
}
