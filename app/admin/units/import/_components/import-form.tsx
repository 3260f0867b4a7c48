"use client";
import { useTranslations } from "next-intl";
import { useEffect, useRef, useState } from "react";
import { Field, FormAlert, SubmitButton } from "@/app/_components/form";
import { useAdminForm } from "../../../_components/use-admin-form";
import { importUnitsAction } from "../actions";

const columns = ["_", "grid", "building", "unit", "area", "developerHeld"] as const;

/** Excel in China saves CSV as GBK by default: read UTF-8 when the bytes are valid UTF-8, else GBK. */
async function readText(file: File): Promise<string> {
  const bytes = await file.arrayBuffer();
  try {
    return new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    return new TextDecoder("gbk").decode(bytes);
  }
}

/** The error report: one line per bad cell, in file order, from field keys "rows.<line>.<column>". */
function reportRows(fields: Record<string, string> | undefined) {
  return Object.entries(fields ?? {})
    .map(([key, message]) => {
      const m = /^rows\.(\d+)\.(\w+)$/.exec(key);
      return m ? { line: Number(m[1]), column: m[2]!, message } : null;
    })
    .filter((r) => r !== null)
    .sort((a, b) => a.line - b.line || columns.indexOf(a.column as never) - columns.indexOf(b.column as never));
}

export function ImportForm({ communityId }: { communityId: number }) {
  const t = useTranslations("admin");
  const { state, formProps, field, control } = useAdminForm(importUnitsAction.bind(null, communityId));
  const [fileName, setFileName] = useState("");
  const textRef = useRef<HTMLTextAreaElement>(null);
  useEffect(() => {
    if (state?.ok) setFileName("");
  }, [state]);
  const report = state && !state.ok ? reportRows(state.fields) : [];
  const badLines = new Set(report.map((r) => r.line)).size;

  async function onFile(e: React.ChangeEvent<HTMLInputElement>) {
    const file = e.target.files?.[0];
    if (!file || !textRef.current) return;
    setFileName(file.name);
    textRef.current.value = await readText(file);
  }

  return (
    <div className="flex flex-col gap-4">
      <form {...formProps} className="flex flex-col gap-2">
        <FormAlert state={state} success={state?.ok ? t("import.imported", { count: state.data.imported, buildings: state.data.buildings }) : undefined} />
        <Field label={t("import.file")} name="csv-file" hint={fileName ? t("import.fileChosen", { name: fileName }) : t("import.fileHint")}>
          <input id="csv-file" type="file" accept=".csv,.txt,text/csv,text/plain" onChange={onFile} className="file-input file-input-lg w-full" />
        </Field>
        <Field label={t("import.text")} {...field("csv")}>
          <textarea
            {...control("csv")}
            ref={textRef}
            rows={10}
            spellCheck={false}
            placeholder={t("import.placeholder")}
            className="textarea textarea-lg w-full font-mono text-base"
          />
        </Field>
        <div>
          <SubmitButton pendingLabel={t("import.submitting")}>{t("import.submit")}</SubmitButton>
        </div>
      </form>
      {report.length > 0 && (
        <section aria-labelledby="import-report" className="rounded-box border border-error/40 bg-base-100 p-4">
          <h2 id="import-report" className="text-lg font-bold text-error mb-2">
            {t("import.reportTitle", { count: badLines })}
          </h2>
          <div className="overflow-x-auto">
            <table className="table text-base">
              <thead>
                <tr>
                  <th scope="col">{t("import.line")}</th>
                  <th scope="col">{t("import.column")}</th>
                  <th scope="col">{t("import.reason")}</th>
                </tr>
              </thead>
              <tbody>
                {report.map((r) => (
                  <tr key={`${r.line}.${r.column}`} data-testid="import-error">
                    <td className="whitespace-nowrap font-semibold">{t("import.lineN", { line: r.line })}</td>
                    <td className="whitespace-nowrap">{t(`import.columns.${r.column}`)}</td>
                    <td>{r.message}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </section>
      )}
    </div>
  );
}
