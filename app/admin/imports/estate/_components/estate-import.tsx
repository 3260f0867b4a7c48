"use client";
import { useTranslations } from "next-intl";
import { useState } from "react";
import { Alert, Card, Stat } from "@/app/_components/ui";
import type { EstateImportResult } from "@/lib/imports/estate/import";
import type { ColumnsPreview } from "@/lib/imports/sheet/preview";
import { FileStep, ImportProgressBar, MappingStep, RefusedTable } from "../../_components/import-steps";
import { useStreamedImport } from "../../_components/use-streamed-import";

const url = "/api/v1/imports/estate";
const area = (h: number) => `${Math.floor(h / 100)}.${String(h % 100).padStart(2, "0")}`;

/**
 * The estate import in four steps: choose the file → (map the columns not found) → read the dry
 * run's report → import. The file stays in the browser between steps and is sent again for the
 * commit, which the server checks again in full: the report shown is never trusted.
 */
export function EstateImport({ communityId, maxRows }: { communityId: number; maxRows: number }) {
  const t = useTranslations("imports");
  const { run, busy, progress } = useStreamedImport<EstateImportResult>();
  const [file, setFile] = useState<{ file: File; source: string } | null>(null);
  const [mapping, setMapping] = useState<Record<string, number> | undefined>();
  const [columns, setColumns] = useState<ColumnsPreview | null>(null);
  const [report, setReport] = useState<EstateImportResult | null>(null);
  const [done, setDone] = useState<EstateImportResult | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [formKey, setFormKey] = useState(0);

  async function send(chosen: { file: File; source: string }, dryRun: boolean, map?: Record<string, number>) {
    setError(null);
    const form = new FormData();
    form.set("file", chosen.file);
    form.set("dryRun", dryRun ? "1" : "0");
    form.set("source", chosen.source);
    form.set("communityId", String(communityId));
    if (map) form.set("mapping", JSON.stringify(map));
    const outcome = await run(url, form);
    if (outcome.ok) {
      if (dryRun) setReport(outcome.result);
      else {
        setDone(outcome.result);
        setReport(null);
      }
      setColumns(null);
      return;
    }
    const preview = outcome.body?.columns as ColumnsPreview | undefined;
    if (preview) {
      setColumns(preview);
      setReport(null);
      return;
    }
    setReport(null);
    setError(outcome.error.message || t("common.networkError"));
  }

  const columnLabel = (c: string) => (t.has(`estate.columns.${c}`) ? t(`estate.columns.${c}`) : c);
  const restart = () => {
    setFile(null);
    setMapping(undefined);
    setColumns(null);
    setReport(null);
    setDone(null);
    setError(null);
    setFormKey((k) => k + 1);
  };

  return (
    <div className="flex flex-col gap-5">
      <Card title={t("estate.stepFile")}>
        <FileStep
          key={formKey}
          templates={[
            { href: "/api/v1/imports/estate/template?format=xlsx", label: t("estate.templateXlsx") },
            { href: "/api/v1/imports/estate/template?format=csv", label: t("estate.templateCsv") },
          ]}
          maxRows={maxRows}
          busy={busy}
          submitLabel={t("estate.check")}
          busyLabel={t("estate.checking")}
          onSubmit={(f, source) => {
            const chosen = { file: f, source };
            setFile(chosen);
            setMapping(undefined);
            setDone(null);
            void send(chosen, true);
          }}
        />
        <ImportProgressBar progress={progress} />
        {error && (
          <Alert tone="error" role="alert">
            {error}
          </Alert>
        )}
      </Card>

      {columns && file && (
        <Card title={t("estate.stepMapping")}>
          <MappingStep
            columns={columns}
            busy={busy}
            onSubmit={(m) => {
              setMapping(m);
              void send(file, true, m);
            }}
          />
        </Card>
      )}

      {report && file && <Report report={report} columnLabel={columnLabel} />}

      {report && file && (
        <Card title={t("estate.stepCommit")}>
          <div className="flex flex-wrap gap-3 items-center">
            <button
              type="button"
              className="btn btn-primary btn-lg"
              disabled={busy || report.counts.refusedRows > 0 || report.noChanges}
              onClick={() => void send(file, false, mapping)}
            >
              {busy && <span className="loading loading-spinner loading-sm" aria-hidden />}
              {busy ? t("estate.committing") : t("estate.commit")}
            </button>
          </div>
        </Card>
      )}

      {done && (
        <Card title={t("estate.stepCommit")}>
          <Alert tone="success" role="status">
            {done.noChanges
              ? t("estate.committedNothing")
              : t("estate.committed", {
                  grids: done.counts.grids.created,
                  buildings: done.counts.buildings.created,
                  created: done.counts.units.created,
                  updated: done.counts.units.updated,
                  unchanged: done.counts.units.unchanged,
                })}
          </Alert>
          <div>
            <button type="button" className="btn btn-outline btn-md" onClick={restart}>
              {t("estate.again")}
            </button>
          </div>
        </Card>
      )}
    </div>
  );
}

function Report({ report, columnLabel }: { report: EstateImportResult; columnLabel: (c: string) => string }) {
  const t = useTranslations("imports");
  const c = report.counts;
  const yesNo = (v: boolean) => (v ? t("estate.yes") : t("estate.no"));
  const stats: [string, number][] = [
    [t("estate.counts.rows"), c.rows],
    [t("estate.counts.unitsCreated"), c.units.created],
    [t("estate.counts.unitsUpdated"), c.units.updated],
    [t("estate.counts.unitsUnchanged"), c.units.unchanged],
    [t("estate.counts.gridsCreated"), c.grids.created],
    [t("estate.counts.buildingsCreated"), c.buildings.created],
    [t("estate.counts.refused"), c.refusedRows],
  ];
  return (
    <Card title={t("estate.stepReport")}>
      <h3 className="font-semibold break-all">{t("estate.countsTitle", { file: report.fileName })}</h3>
      <div className="grid grid-cols-2 md:grid-cols-4 gap-3" role="group" aria-label={t("estate.countsTitle", { file: report.fileName })}>
        {stats.map(([label, value]) => (
          <Stat key={label} label={label} value={value.toLocaleString("zh-CN")} />
        ))}
      </div>
      {c.refusedRows > 0 ? (
        <Alert tone="error" role="alert">
          {t("estate.refusedAlert", { count: c.refusedRows })}
        </Alert>
      ) : report.noChanges ? (
        <Alert tone="info" role="status">
          {t("estate.noChanges")}
        </Alert>
      ) : (
        <Alert tone="success" role="status">
          {t("estate.readyAlert")}
        </Alert>
      )}
      <RefusedTable rows={report.refused} more={report.refusedMore} columnLabel={columnLabel} />
      {(report.newGrids.length > 0 || report.newBuildings.length > 0) && (
        <section aria-labelledby="estate-new-places">
          <h3 id="estate-new-places" className="font-semibold mb-1">
            {t("estate.newPlacesTitle")}
          </h3>
          <ul className="flex flex-wrap gap-2">
            {report.newGrids.map((g) => (
              <li key={`g${g.code}`} className="badge badge-info badge-lg h-auto py-1">
                {t("estate.newGrid", { code: g.code, name: g.name })}
              </li>
            ))}
            {report.newBuildings.map((b) => (
              <li key={`b${b.grid}${b.code}`} className="badge badge-ghost badge-lg h-auto py-1">
                {t("estate.newBuilding", { grid: b.grid, code: b.code, name: b.name })}
              </li>
            ))}
          </ul>
        </section>
      )}
      {report.changes.length > 0 && (
        <section aria-labelledby="estate-changes">
          <h3 id="estate-changes" className="font-semibold mb-1">
            {t("estate.changesTitle")}
          </h3>
          <ul className="flex flex-col divide-y divide-base-300">
            {report.changes.map((ch) => (
              <li key={ch.line} className="py-2 grid gap-x-4 gap-y-0.5 md:grid-cols-[minmax(0,1fr)_12rem_12rem]">
                <span className="font-semibold">
                  {t("common.lineN", { line: ch.line })} · {ch.grid} {ch.building} {ch.unit}
                </span>
                <span className="tabular-nums">{ch.areaBefore !== ch.areaAfter ? t("estate.areaChange", { before: area(ch.areaBefore), after: area(ch.areaAfter) }) : ""}</span>
                <span>{ch.heldBefore !== ch.heldAfter ? t("estate.heldChange", { before: yesNo(ch.heldBefore), after: yesNo(ch.heldAfter) }) : ""}</span>
              </li>
            ))}
          </ul>
          {report.changesMore > 0 && <p className="text-base-content/70 mt-2">{t("common.more", { count: report.changesMore })}</p>}
        </section>
      )}
    </Card>
  );
}
