// CPU-heavy work that must never run on the server's event loop: bcrypt and PDF rendering. Runs in
// piscina worker threads (lib/workers/pool.ts). A plain .mjs module that imports node_modules
// packages and other plain .mjs files only, so `next start` can load it from disk at run time: the
// bundler never sees it.
import { threadId } from "node:worker_threads";
import bcrypt from "bcryptjs";

/** { plain, cost } → a bcrypt hash (the same format as every hash already in a database). */
export async function hashPassword({ plain, cost }) {
  return bcrypt.hash(plain, cost);
}

/** { plain, hash } → whether the password matches. */
export async function checkPassword({ plain, hash }) {
  return bcrypt.compare(plain, hash);
}

/** The worker's thread id: lets a test see that tasks run away from the main thread. */
export function whereAmI() {
  return threadId;
}

// The topic record PDF: laid out in lib/exports, rendered here, away from the event loop.
export { topicRecordPdf } from "../exports/topic-record-layout.mjs";

// The household activation letters PDF (lib/activation/letters-pdf.ts): 1,200 pages at once.
export { activationLettersPdf } from "../activation/letters-layout.mjs";

// The building-entrance notice (lib/records/entrance-notice-pdf.ts): one A4 page with a QR code.
export { entranceNoticePdf } from "../records/entrance-notice-layout.mjs";
