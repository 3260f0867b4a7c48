"use client";
import { useTranslations } from "next-intl";
import { useState } from "react";
import { Alert } from "@/app/_components/ui";
import type { ColumnsPreview } from "@/lib/imports/sheet/preview";
import type { ImportProgress } from "./use-streamed-import";

/**
 * The steps every import screen shares (the estate import, the registers): choose a file, map the
 * columns not found by name, follow the progress, read the refused rows. Texts under `imports.`.
 */

/** Step 1: the file, where it came from, and the templates to start from. */
export function FileStep({
  templates,
  maxRows,
  busy,
  submitLabel,
  busyLabel,
  onSubmit,
}: {
  templates: { href: string; label: string }[];
  maxRows: number;
  busy: boolean;
  submitLabel: string;
  busyLabel: string;
  onSubmit: (file: File, source: string) => void;
}) {
  const t = useTranslations("imports.common");
  const [file, setFile] = useState<File | null>(null);
  return (
    <form
      className="flex flex-col gap-3"
      onSubmit={(e) => {
        e.preventDefault();
        const source = String(new FormData(e.currentTarget).get("source") ?? "");
        if (file) onSubmit(file, source);
      }}
    >
      <div className="flex flex-wrap gap-2">
        {templates.map((tpl) => (
          <a key={tpl.href} href={tpl.href} download className="btn btn-outline btn-md">
            {tpl.label}
          </a>
        ))}
      </div>
      <div className="fieldset py-1">
        <label htmlFor="import-file" className="fieldset-legend text-base font-medium pb-1">
          {t("file")}
        </label>
        <input
          id="import-file"
          name="file"
          type="file"
          required
          accept=".xlsx,.csv,.txt,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet,text/csv"
          onChange={(e) => setFile(e.target.files?.[0] ?? null)}
          className="file-input file-input-lg w-full"
        />
        <p className="text-sm text-base-content/60 mt-1">{t("fileHint", { max: maxRows.toLocaleString("zh-CN") })}</p>
      </div>
      <div className="fieldset py-1">
        <label htmlFor="import-source" className="fieldset-legend text-base font-medium pb-1">
          {t("source")}
        </label>
        <input id="import-source" name="source" type="text" maxLength={200} placeholder={t("sourceHint")} className="input input-lg w-full" />
      </div>
      <div>
        <button type="submit" className="btn btn-primary btn-lg" disabled={busy || !file}>
          {busy && <span className="loading loading-spinner loading-sm" aria-hidden />}
          {busy ? busyLabel : submitLabel}
        </button>
      </div>
    </form>
  );
}

/** Step 2: a select per column of the import, beside the file's header and first rows. */
export function MappingStep({ columns, busy, onSubmit }: { columns: ColumnsPreview; busy: boolean; onSubmit: (mapping: Record<string, number>) => void }) {
  const t = useTranslations("imports.common");
  const [mapping, setMapping] = useState<Record<string, number>>(() =>
    Object.fromEntries(columns.columns.filter((c) => c.index !== null).map((c) => [c.key, c.index!])),
  );
  const missing = new Set(columns.missing);
  const complete = columns.columns.every((c) => !c.required || mapping[c.key] !== undefined);
  return (
    <form
      className="flex flex-col gap-4"
      onSubmit={(e) => {
        e.preventDefault();
        onSubmit(mapping);
      }}
    >
      <Alert tone="warning" role="alert">
        {t("mappingHelp")}
      </Alert>
      <div className="grid gap-3 md:grid-cols-2">
        {columns.columns.map((c) => (
          <div key={c.key} className="fieldset py-1">
            <label htmlFor={`map-${c.key}`} className="fieldset-legend text-base font-medium pb-1">
              {c.name}
              <span className={`badge badge-md ml-2 ${missing.has(c.key) ? "badge-warning" : "badge-ghost"}`}>{c.required ? t("mappingRequired") : t("mappingOptional")}</span>
            </label>
            <select
              id={`map-${c.key}`}
              name={`map-${c.key}`}
              className="select select-lg w-full"
              value={mapping[c.key] ?? ""}
              onChange={(e) => {
                const v = e.target.value;
                setMapping((m) => {
                  const next = { ...m };
                  if (v === "") delete next[c.key];
                  else next[c.key] = Number(v);
                  return next;
                });
              }}
            >
              <option value="">{t("mappingNone")}</option>
              {columns.header.map((h, i) => (
                <option key={i} value={i}>
                  {t("mappingOption", { n: i + 1, name: h || "—" })}
                </option>
              ))}
            </select>
            {c.synonyms.length > 0 && <p className="text-sm text-base-content/60 mt-1">{t("mappingAlso", { names: c.synonyms.join("、") })}</p>}
          </div>
        ))}
      </div>
      <div>
        <h3 className="font-semibold mb-2">{t("previewTitle", { count: columns.preview.length })}</h3>
        <div className="overflow-x-auto rounded-box border border-base-300">
          <table className="table table-zebra text-base">
            <thead>
              <tr>
                {columns.header.map((h, i) => (
                  <th key={i} scope="col" className="whitespace-nowrap">
                    {i + 1}. {h}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {columns.preview.map((row, r) => (
                <tr key={r}>
                  {columns.header.map((_, i) => (
                    <td key={i} className="whitespace-nowrap">
                      {row[i] ?? ""}
                    </td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </div>
      <div>
        <button type="submit" className="btn btn-primary btn-lg" disabled={busy || !complete}>
          {busy && <span className="loading loading-spinner loading-sm" aria-hidden />}
          {t("recheck")}
        </button>
      </div>
    </form>
  );
}

/** Upload, then the server's own progress lines, as one bar with a label a screen reader also hears. */
export function ImportProgressBar({ progress }: { progress: ImportProgress | null }) {
  const t = useTranslations("imports.progress");
  if (!progress) return null;
  const percent = progress.total > 0 ? Math.round((progress.done / progress.total) * 100) : 0;
  const label =
    progress.phase === "upload"
      ? t("upload", { percent })
      : progress.phase === "check"
        ? t("check", { done: progress.done.toLocaleString("zh-CN"), total: progress.total.toLocaleString("zh-CN") })
        : t(progress.phase);
  return (
    <div className="flex flex-col gap-1" role="status" aria-live="polite">
      <span className="text-base">{label}</span>
      {/* Reading has no count to show: an indeterminate bar (no value). */}
      {progress.total > 0 ? (
        <progress className="progress progress-primary w-full h-3" value={percent} max={100} aria-label={label} />
      ) : (
        <progress className="progress progress-primary w-full h-3" aria-label={label} />
      )}
    </div>
  );
}

export type RefusedRowView = { line: number; column: string; reason: string; params?: Record<string, string | number>; value?: string };

/** The refused rows: line, column, the reason in the reader's language, and what the cell held. */
export function RefusedTable({ rows, more, columnLabel }: { rows: RefusedRowView[]; more: number; columnLabel: (column: string) => string }) {
  const t = useTranslations("imports.common");
  const te = useTranslations("errors");
  if (rows.length === 0) return null;
  return (
    <section aria-labelledby="import-refused" className="rounded-box border border-error/40 bg-base-100 p-3 md:p-4">
      <h3 id="import-refused" className="text-lg font-bold text-error mb-2">
        {t("refusedTitle")}
      </h3>
      {/* A list rather than a table: on a phone each row's reason wraps under its line instead of scrolling sideways. */}
      <ul className="flex flex-col divide-y divide-base-300">
        {rows.map((r, i) => (
          <li key={`${r.line}-${r.column}-${i}`} className="py-2 grid gap-x-4 gap-y-0.5 md:grid-cols-[12rem_1fr_minmax(0,14rem)]">
            <span className="font-semibold">
              {t("lineN", { line: r.line })} · {columnLabel(r.column)}
            </span>
            <span>{te.has(r.reason) ? te(r.reason, r.params ?? {}) : r.reason}</span>
            {r.value ? <span className="break-all text-base-content/70">{t("valueLabel", { value: r.value })}</span> : <span aria-hidden />}
          </li>
        ))}
      </ul>
      {more > 0 && <p className="text-base-content/70 mt-2">{t("more", { count: more })}</p>}
    </section>
  );
}
