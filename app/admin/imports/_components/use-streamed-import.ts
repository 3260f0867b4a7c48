"use client";
import { useCallback, useRef, useState } from "react";

/** The shapes of lib/imports/sheet/progress.ts, repeated here so the client bundle imports no server module. */
export type ImportPhase = "upload" | "read" | "check" | "write";
export type ImportProgress = { phase: ImportPhase; done: number; total: number };
export type ImportErrorBody = { code: string; message: string; fields?: Record<string, string> } & Record<string, unknown>;
/** ok: the final `result` line; otherwise the status and error body (a 4xx JSON answer or an `error` line). */
export type ImportOutcome<R> = { ok: true; result: R } | { ok: false; status: number; error: ImportErrorBody; body?: Record<string, unknown> };

/**
 * Posts a multipart form to an import route and follows its NDJSON answer: upload progress from
 * XMLHttpRequest (fetch cannot report it), then the server's {phase, done, total} lines as they
 * arrive, then the result. A plain JSON answer (a 4xx decided before streaming) is the error.
 */
export function useStreamedImport<R>() {
  const [progress, setProgress] = useState<ImportProgress | null>(null);
  const [busy, setBusy] = useState(false);
  const xhrRef = useRef<XMLHttpRequest | null>(null);

  const run = useCallback((url: string, form: FormData): Promise<ImportOutcome<R>> => {
    setBusy(true);
    setProgress({ phase: "upload", done: 0, total: 1 });
    return new Promise<ImportOutcome<R>>((resolve) => {
      const xhr = new XMLHttpRequest();
      xhrRef.current = xhr;
      let seen = 0;
      let outcome: ImportOutcome<R> | null = null;
      const readLines = () => {
        if (!(xhr.getResponseHeader("content-type") ?? "").includes("ndjson")) return;
        const text = xhr.responseText;
        const end = text.lastIndexOf("\n");
        if (end < seen) return;
        for (const raw of text.slice(seen, end).split("\n")) {
          if (!raw.trim()) continue;
          const line = JSON.parse(raw) as ImportProgress | { result: R } | { error: ImportErrorBody; status: number };
          if ("result" in line) outcome = { ok: true, result: line.result };
          else if ("error" in line) outcome = { ok: false, status: line.status, error: line.error };
          else setProgress(line);
        }
        seen = end + 1;
      };
      xhr.upload.onprogress = (e) => {
        if (e.lengthComputable) setProgress({ phase: "upload", done: e.loaded, total: e.total });
      };
      // Sent: the server now reads the file (before its first progress line), which for a large workbook takes seconds.
      xhr.upload.onload = () => setProgress({ phase: "read", done: 0, total: 0 });
      xhr.onprogress = readLines;
      const finish = (o: ImportOutcome<R>) => {
        setBusy(false);
        setProgress(null);
        xhrRef.current = null;
        resolve(o);
      };
      xhr.onload = () => {
        readLines();
        if (outcome) return finish(outcome);
        let body: Record<string, unknown> = {};
        try {
          body = JSON.parse(xhr.responseText) as Record<string, unknown>;
        } catch {
          // a proxy's HTML error page: reported below as a network error with its status
        }
        const error = (body.error as ImportErrorBody | undefined) ?? { code: "internal", message: "" };
        finish({ ok: false, status: xhr.status || 500, error, body });
      };
      xhr.onerror = () => finish({ ok: false, status: 0, error: { code: "network", message: "" } });
      xhr.onabort = () => finish({ ok: false, status: 0, error: { code: "aborted", message: "" } });
      xhr.open("POST", url);
      xhr.send(form);
    });
  }, []);

  const cancel = useCallback(() => xhrRef.current?.abort(), []);
  return { run, cancel, progress, busy };
}
