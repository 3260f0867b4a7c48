"use client";
import { useRouter } from "next/navigation";
import { useTranslations } from "next-intl";
import { useState } from "react";
import { Alert } from "@/app/_components/ui";
import { AudienceFields, firstOpenScope, type AudienceOption } from "./audience-fields";

/**
 * Issues a scope's letters and saves the PDF. A POST through fetch (issuing is a write; a GET link
 * could be prefetched or replayed): the answer is the file, or a JSON error said here.
 */
export function LettersForm({ communityId, options, defaultDays, maxDays }: { communityId: number; options: AudienceOption[]; defaultDays: number; maxDays: number }) {
  const t = useTranslations("admin.activation");
  const router = useRouter();
  // The scope picks the warning shown under the fields (staff letters replace staff codes).
  const [scope, setScope] = useState(firstOpenScope(options));
  const [pending, setPending] = useState(false);
  const [result, setResult] = useState<{ ok: true; staff: boolean; households: number; people: number } | { ok: false; message: string; fields?: Record<string, string> } | null>(null);

  async function onSubmit(e: React.FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const days = new FormData(e.currentTarget).get("expiresInDays");
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
      <AudienceFields
        idPrefix="letters"
        options={options}
        defaultDays={defaultDays}
        maxDays={maxDays}
        daysError={daysError}
        words={{ scope: t("scope"), days: t("days"), daysHint: t("daysHint") }}
        onScopeChange={setScope}
      />
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
