import fs from "node:fs";
import path from "node:path";
import { config } from "@/lib/config";
import { AppError } from "@/lib/errors";
import { messages } from "@/lib/i18n/messages";
import { inFlightLimit } from "@/lib/security/in-flight";
import { shanghaiDateTime } from "@/lib/time";
import { runTask } from "@/lib/workers/pool";
import type { ExportFile } from "./export-file";
import type { TopicRecord } from "./topic-record";
import type { CjkFont } from "./topic-record-layout.mjs";

export type { CjkFont };

// ── The CJK font: Chinese text is never written with a font that lacks its glyphs.

export const defaultCjkFontPath = "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc";
const fontRoot = "/usr/share/fonts";

/** The PostScript name pdfkit needs to pick the Simplified Chinese face out of a Noto .ttc collection. */
function familyFor(file: string): string | undefined {
  if (!file.toLowerCase().endsWith(".ttc")) return undefined;
  const base = path.basename(file);
  if (/^NotoSerifCJK-/i.test(base)) return "NotoSerifCJKsc-Regular";
  return "NotoSansCJKsc-Regular";
}

function findUnder(dir: string, depth: number): string | null {
  if (depth < 0) return null;
  let entries: fs.Dirent[];
  try {
    entries = fs.readdirSync(dir, { withFileTypes: true });
  } catch {
    return null;
  }
  const files = entries.filter((e) => e.isFile() && /cjk/i.test(e.name) && /\.(ttc|otf|ttf)$/i.test(e.name) && /regular/i.test(e.name));
  // Sans before serif, a .ttc (whose family name we know) before the rest.
  files.sort((a, b) => Number(/serif/i.test(a.name)) - Number(/serif/i.test(b.name)) || Number(!/\.ttc$/i.test(a.name)) - Number(!/\.ttc$/i.test(b.name)));
  if (files[0]) return path.join(dir, files[0].name);
  for (const e of entries) {
    if (!e.isDirectory()) continue;
    const found = findUnder(path.join(dir, e.name), depth - 1);
    if (found) return found;
  }
  return null;
}

/**
 * The CJK font to write with: the given path when it exists (tests), else the fonts-noto-cjk file,
 * else any *CJK* regular font under /usr/share/fonts; null when the server has none.
 */
export function findCjkFont(preferred: string = defaultCjkFontPath): CjkFont | null {
  // The font is read at run time from wherever it is installed: nothing to trace into the build.
  if (fs.existsSync(/*turbopackIgnore: true*/ preferred)) return { path: preferred, family: familyFor(preferred) };
  if (preferred !== defaultCjkFontPath) return null;
  const found = findUnder(fontRoot, 4);
  return found ? { path: found, family: familyFor(found) } : null;
}

/** The font this server writes records with (GRIDCOUNCIL_PDF_FONT, else the system's), or null when it has none. */
export function configuredCjkFont(): CjkFont | null {
  // GRIDCOUNCIL_PDF_FONT names another font file (a CJK font installed elsewhere; the bench on a machine without one).
  return findCjkFont(config().pdfFont);
}

// ── Rendering

/** How many record PDFs one person may have rendering at once; more is a 429. */
export const MAX_PDFS_PER_PERSON = 2;
const rendering = inFlightLimit(MAX_PDFS_PER_PERSON);

/**
 * The record as a PDF file, rendered for `personId` (who may have MAX_PDFS_PER_PERSON in progress)
 * in a worker thread (lib/workers/tasks.mjs runs topic-record-layout.mjs): laying out a long record
 * takes pdfkit seconds of CPU, which on the event loop would stall every other request.
 */
export async function renderTopicRecordPdf(personId: number, record: TopicRecord, font: CjkFont): Promise<ExportFile> {
  const busy = () => new AppError("too_many_requests", "pdfBusy", { max: MAX_PDFS_PER_PERSON });
  // The record is worded in Chinese (the language of the council's files), its labels too.
  const { figures: _, ...labels } = messages["zh-CN"].topics.record;
  const bytes = await rendering.run(personId, busy, () => runTask<Uint8Array<ArrayBuffer>>("pdf", "topicRecordPdf", { record, font, generatedAt: shanghaiDateTime(new Date()), labels }));
  return { bytes, name: `topic-${record.id}.pdf`, type: "application/pdf" };
}
