import type { ActorCtx } from "@/lib/context";
import { configuredCjkFont, type CjkFont } from "@/lib/exports/topic-record-pdf";
import { AppError } from "@/lib/errors";
import { inFlightLimit } from "@/lib/security/in-flight";
import { shanghaiDate } from "@/lib/time";
import { runTask } from "@/lib/workers/pool";
import { issueActivationLetters, type ActivationLetters } from "./issue-letters";

export type LettersFile = { bytes: Uint8Array<ArrayBuffer>; name: string; type: "application/pdf"; households: number; people: number };

/**
 * Letters in one PDF at most: 2,000 pages render in well under a minute in the worker and stay
 * inside its heap; a larger estate prints grid by grid (or building by building).
 */
export const MAX_LETTERS_PER_PDF = 2000;

/** People with letters rendering right now: a second click while 1,200 pages render is refused, not queued. */
const rendering = inFlightLimit(1);

/** The letters as one PDF, a page per household or staff member, rendered in the PDF worker pool (lib/workers/tasks.mjs runs letters-layout.mjs). */
export async function renderActivationLetters(letters: ActivationLetters, font: CjkFont, origin: string): Promise<Uint8Array<ArrayBuffer>> {
  const { letterhead, expiresOn, households, staff } = letters;
  return runTask<Uint8Array<ArrayBuffer>>("pdf", "activationLettersPdf", { letters: { letterhead, expiresOn, households, staff }, font, origin });
}

/**
 * Issues the letters of a scope (issueActivationLetters) and renders them as one PDF. The font and
 * the caller's other rendering are checked first: issuing revokes the household's earlier codes, so
 * it must not happen when no PDF can be made to carry the new ones. Rendering runs off the event
 * loop — a whole estate's letters take pdfkit seconds of CPU. `origin` is the configured public
 * origin (never the request's Host), so every QR code points at this deployment.
 */
export async function issueActivationLettersPdf(ctx: ActorCtx, raw: unknown, origin: string): Promise<LettersFile> {
  const font = configuredCjkFont();
  if (!font) throw new AppError("conflict", "fontMissing");
  const personId = ctx.actor.personId;
  return rendering.run(personId, () => new AppError("too_many_requests", "lettersBusy"), async () => {
    const letters = await issueActivationLetters(ctx, raw, { maxHouseholds: MAX_LETTERS_PER_PDF });
    const bytes = await renderActivationLetters(letters, font, origin);
    return { bytes, name: `activation-letters-${shanghaiDate(new Date())}.pdf`, type: "application/pdf", households: letters.households.length, people: letters.people };
  });
}
