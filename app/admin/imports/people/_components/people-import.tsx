"use client";
import Link from "next/link";
import { useTranslations } from "next-intl";
import { useState } from "react";
import { Alert, Badge, Card } from "@/app/_components/ui";
import { ImportProgressBar, MappingStep } from "../../_components/import-steps";
import { useStreamedImport } from "../../_components/use-streamed-import";
import type { PeopleImportResult } from "@/lib/imports/people/run-import";

const kinds = [
  { slug: "owners-register", key: "ownersRegister" },
  { slug: "residents", key: "residents" },
  { slug: "staff", key: "staff" },
] as const;
type Slug = (typeof kinds)[number]["slug"];
type Report = Exclude<PeopleImportResult, { status: "needsMapping" }>;

const outcomeTone = { created: "success", roleAdded: "primary", unchanged: "neutral", conflict: "warning", refused: "error" } as const;

/**
 * The people import in steps: the kind of file, its source and the file → dry run (a report row by
 * row) → the columns mapped by hand when some are not found → commit → the result. The file stays
 * in the browser between the steps, so the commit sends exactly the file that was checked.
 */
export function PeopleImport({ communityId }: { communityId: number }) {
  const t = useTranslations("admin.peopleImport");
  const te = useTranslations("errors");
  const { run, progress, busy } = useStreamedImport<PeopleImportResult>();
  const [slug, setSlug] = useState<Slug>("owners-register");
  const [file, setFile] = useState<File | null>(null);
  const [source, setSource] = useState("");
  const [mapping, setMapping] = useState<Record<string, number>>({});
  const [result, setResult] = useState<PeopleImportResult | null>(null);
  const [error, setError] = useState<string | null>(null);
  const kindKey = kinds.find((k) => k.slug === slug)!.key;

  const send = async (dryRun: boolean, map = mapping) => {
    if (!file) return;
    setError(null);
    const form = new FormData();
    form.set("file", file);
    form.set("source", source);
    form.set("communityId", String(communityId));
    form.set("mapping", JSON.stringify(map));
    form.set("dryRun", dryRun ? "1" : "0");
    const out = await run(`/api/v1/imports/people/${slug}`, form);
    if (out.ok) setResult(out.result);
    else setError(out.error.message || String(out.status));
  };
  const reset = () => {
    setResult(null);
    setMapping({});
    setError(null);
  };

  if (result && result.status !== "needsMapping" && (result.status === "committed" || result.status === "unchanged")) {
    return (
      <Card title={t("resultTitle")}>
        <Alert tone="success" role="status">
          {result.status === "committed" ? t("committed") : t("unchanged")}
        </Alert>
        <Summary report={result} />
        <div className="flex flex-wrap gap-2">
          {result.summary.conflicts > 0 && (
            <Link href="/admin/imports/people/conflicts" className="btn btn-warning btn-lg">
              {t("conflictsLink", { count: result.summary.conflicts })}
            </Link>
          )}
          <button type="button" className="btn btn-outline btn-lg" onClick={() => { reset(); setFile(null); }}>
            {t("again")}
          </button>
        </div>
      </Card>
    );
  }

  return (
    <div className="flex flex-col gap-5">
      <Card>
        <form
          className="flex flex-col gap-3"
          onSubmit={(e) => {
            e.preventDefault();
            reset();
            void send(true, {});
          }}
        >
          <fieldset className="fieldset py-1">
            <legend className="fieldset-legend text-base font-medium pb-1">{t("kind")}</legend>
            <div className="flex flex-wrap gap-2">
              {kinds.map((k) => (
                <label key={k.slug} className={`btn btn-lg ${slug === k.slug ? "btn-primary" : "btn-outline"}`}>
                  <input type="radio" name="kind" value={k.slug} checked={slug === k.slug} onChange={() => { setSlug(k.slug); reset(); }} className="sr-only" />
                  {t(`kinds.${k.key}`)}
                </label>
              ))}
            </div>
            <p className="text-base text-base-content/70 mt-1">{t(`kindHints.${kindKey}`)}</p>
          </fieldset>
          <div className="flex flex-wrap items-center gap-2">
            <span className="text-base">{t("template")}：</span>
            <a href={`/api/v1/imports/people/${slug}/template?format=xlsx`} download className="btn btn-outline btn-md">
              {t("templateXlsx")}
            </a>
            <a href={`/api/v1/imports/people/${slug}/template?format=csv`} download className="btn btn-outline btn-md">
              {t("templateCsv")}
            </a>
          </div>
          <div className="fieldset py-1">
            <label htmlFor="people-source" className="fieldset-legend text-base font-medium pb-1">
              {t("source")}
            </label>
            <input id="people-source" name="source" required maxLength={100} value={source} onChange={(e) => setSource(e.target.value)} className="input input-lg w-full" />
            <p className="text-sm text-base-content/60 mt-1">{t("sourceHint")}</p>
          </div>
          <div className="fieldset py-1">
            <label htmlFor="people-file" className="fieldset-legend text-base font-medium pb-1">
              {t("file")}
            </label>
            <input
              id="people-file"
              name="file"
              type="file"
              required
              accept=".xlsx,.csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet,text/csv"
              onChange={(e) => { setFile(e.target.files?.[0] ?? null); reset(); }}
              className="file-input file-input-lg w-full"
            />
          </div>
          <p className="text-base text-base-content/70">{t("allOrNothing")}</p>
          <div>
            <button type="submit" className="btn btn-primary btn-lg" disabled={busy || !file || !source.trim()}>
              {busy && <span className="loading loading-spinner loading-sm" aria-hidden />}
              {busy ? t("checking") : t("check")}
            </button>
          </div>
        </form>
        <ImportProgressBar progress={progress} />
        {error && (
          <Alert tone="error" role="alert">
            {t("failed", { message: error })}
          </Alert>
        )}
      </Card>

      {result?.status === "needsMapping" && (
        <Card title={t("mappingTitle")}>
          <MappingStep
            columns={result.columns}
            busy={busy}
            onSubmit={(m) => {
              setMapping(m);
              void send(true, m);
            }}
          />
        </Card>
      )}

      {result && result.status !== "needsMapping" && (
        <Card title={t("reportTitle")}>
          <Alert tone={result.status === "refused" ? "error" : "info"} role={result.status === "refused" ? "alert" : "status"}>
            {result.status === "refused" ? t("refused", { count: result.summary.refused }) : t("checked")}
          </Alert>
          <Summary report={result} />
          {result.status === "checked" && (
            <div>
              <button type="button" className="btn btn-primary btn-lg" disabled={busy} onClick={() => void send(false)}>
                {busy && <span className="loading loading-spinner loading-sm" aria-hidden />}
                {busy ? t("committing") : t("commit")}
              </button>
            </div>
          )}
          {/* A list, not a table: on a phone the reason needs the full width under the name. */}
          <ul className="flex flex-col divide-y divide-base-300" aria-label={t("reportTitle")}>
            {result.rows.map((r) => (
              <li key={r.line} className="py-2 flex flex-col gap-1" data-line={r.line} data-outcome={r.outcome}>
                <span className="flex flex-wrap items-center gap-2">
                  <span className="text-sm text-base-content/70 tabular-nums">{t("row", { line: r.line })}</span>
                  <span className="font-medium">{r.name}</span>
                  <Badge tone={outcomeTone[r.outcome]}>{t(`outcome.${r.outcome}`)}</Badge>
                </span>
                {(r.reason || r.matched || r.conflicts.length > 0) && (
                  <span className={`text-base ${r.reason ? "text-error" : "text-base-content/80"}`}>
                    {r.reason ? (te.has(r.reason) ? te(r.reason, {}) : r.reason) : [r.matched ? t("matchedExisting") : null, ...r.conflicts.map((c) => t(`conflictKinds.${c}`))].filter(Boolean).join("；")}
                  </span>
                )}
              </li>
            ))}
          </ul>
          {result.rowsOmitted > 0 && <p className="text-base-content/70">{t("rowsOmitted", { count: result.rowsOmitted })}</p>}
        </Card>
      )}
    </div>
  );
}

function Summary({ report }: { report: Report }) {
  const t = useTranslations("admin.peopleImport.summary");
  const keys = ["rows", "created", "matched", "verified", "rolesAdded", "unchanged", "conflicts", "refused", "developerRep"] as const;
  return (
    <dl className="grid grid-cols-2 sm:grid-cols-3 gap-2" aria-label="summary">
      {keys.map((k) => (
        <div key={k} className="rounded-box border border-base-300 p-2">
          <dt className="text-sm text-base-content/70">{t(k)}</dt>
          <dd className="text-2xl font-bold tabular-nums" data-summary={k}>
            {report.summary[k].toLocaleString("zh-CN")}
          </dd>
        </div>
      ))}
    </dl>
  );
}
