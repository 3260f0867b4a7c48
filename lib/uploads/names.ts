/**
 * Where an upload's files are, by convention only (no imports, so the backup scripts and the
 * tests can use it without the app's db client). Each upload is a random-named file under the
 * data folder's uploads/ and, for photos, a small thumbnail beside it.
 */
import path from "node:path";

/**
 * Where uploads live: GRIDCOUNCIL_UPLOADS when set (a folder every app server mounts, for several
 * servers on PostgreSQL), else uploads/ beside the database file, so GRIDCOUNCIL_DB moves both
 * together. Read from the environment here, as db/client.ts reads GRIDCOUNCIL_DB (lib/config.ts checks it).
 */
export function uploadsDirFor(databaseFile: string, configured = process.env.GRIDCOUNCIL_UPLOADS): string {
  if (configured?.trim()) return path.resolve(/*turbopackIgnore: true*/ configured.trim());
  return path.join(path.dirname(path.resolve(databaseFile)), "uploads");
}

/** "ab12….jpg" → "ab12….thumb.jpg": the list-size copy of a stored photo. */
export function thumbnailName(storedName: string): string {
  const base = path.basename(storedName);
  const dot = base.lastIndexOf(".");
  return dot > 0 ? `${base.slice(0, dot)}.thumb${base.slice(dot)}` : `${base}.thumb`;
}

/** A stored name as the app writes it: 32 hex characters and an image extension. */
export const STORED_NAME = /^[0-9a-f]{32}\.(jpg|png|gif|webp)$/;

/** A file the app itself writes under uploads/: a stored name or its thumbnail. */
export function isUploadFileName(name: string): boolean {
  return STORED_NAME.test(name) || /^[0-9a-f]{32}\.thumb\.(jpg|png|gif|webp)$/.test(name);
}
