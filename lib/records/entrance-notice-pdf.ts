import "server-only";
import type { CjkFont } from "@/lib/exports/topic-record-pdf";
import { AppError } from "@/lib/errors";
import { inFlightLimit } from "@/lib/security/in-flight";
import { runTask } from "@/lib/workers/pool";
import type { EntranceNoticeSheet } from "./entrance-notice-layout.mjs";

export type { EntranceNoticeSheet };

/** How many entrance notices one person may have rendering at once; more is a 429. */
export const MAX_NOTICES_PER_PERSON = 2;
const rendering = inFlightLimit(MAX_NOTICES_PER_PERSON);

/**
 * The entrance notice as a PDF, rendered for `personId` in the PDF worker pool (pdfkit lays out
 * and embeds the CJK font for a good part of a second: never on the event loop), at most
 * MAX_NOTICES_PER_PERSON at once per person.
 */
export async function renderEntranceNoticePdf(personId: number, notice: EntranceNoticeSheet, font: CjkFont, topicId: number) {
  const busy = () => new AppError("too_many_requests", "pdfBusy", { max: MAX_NOTICES_PER_PERSON });
  const bytes = await rendering.run(personId, busy, () => runTask<Uint8Array<ArrayBuffer>>("pdf", "entranceNoticePdf", { notice, font }));
  return { bytes, name: `notice-topic-${topicId}.pdf`, type: "application/pdf" };
}
