import fs from "node:fs";
import path from "node:path";
import { AppError } from "@/lib/errors";
import { STORED_NAME, thumbnailName } from "./names";
import { reencodeImage, sniffImage, type ReencodedImage } from "./photos";

export type LegacyReencodeResult = {
  /** Stored names whose file now holds re-encoded pixels only, with a thumbnail beside it. */
  reencoded: string[];
  /** Stored names left as they were because they could not be decoded, and why. */
  failed: { name: string; reason: string }[];
};

/** Our own scratch files: never a name the app serves or backs up (isUploadFileName). */
const TEMP = /\.reencode-\d+\.tmp$/;

/** Writes beside the target and renames over it, so a crash never leaves half a picture. */
function writeAtomically(file: string, bytes: Buffer) {
  const tmp = `${file}.reencode-${process.pid}.tmp`;
  try {
    fs.writeFileSync(tmp, bytes);
    fs.renameSync(tmp, file);
  } catch (e) {
    fs.rmSync(tmp, { force: true });
    throw e;
  }
}

/**
 * Re-encodes one upload stored before re-encoding, in place, with the same reencodeImage new
 * uploads go through, so the original bytes (the camera's EXIF/GPS included) are no longer kept,
 * nor copied into backups. The stored name stays, since database rows point at it; a GIF comes out
 * as PNG under its .gif name, and serve.ts takes the type from the bytes. The full file is replaced
 * before the thumbnail is written: a thumbnail beside a file is what marks it done, so work cut
 * short is redone and finished work never repeated. Throws (AppError) when the file cannot be
 * decoded, leaving it as it is.
 */
export async function reencodeLegacyFile(dir: string, name: string): Promise<ReencodedImage> {
  const file = path.join(dir, path.basename(name));
  const bytes = fs.readFileSync(file);
  const kind = sniffImage(bytes);
  if (!kind) throw new AppError("invalid_input", "photoNotImage", { name });
  const encoded = await reencodeImage(bytes, name, kind);
  writeAtomically(file, encoded.full);
  writeAtomically(path.join(dir, thumbnailName(name)), encoded.thumb);
  return encoded;
}

/**
 * Serving a legacy file the start pass has not cleaned (it could not decode it, or it came back
 * with a restore while the server ran): re-encoded once, shared by callers who ask meanwhile, and
 * persisted, so repeating the request costs no more decoding. A failure is remembered for the
 * life of the process: a file that could not be decoded is not decoded again for every request.
 */
const serving = new Map<string, Promise<ReencodedImage>>();
export function reencodeLegacyFileOnce(dir: string, name: string): Promise<ReencodedImage> {
  const key = path.join(dir, path.basename(name));
  let job = serving.get(key);
  if (!job) {
    job = reencodeLegacyFile(dir, name);
    serving.set(key, job);
    // Done: the thumbnail on disk now answers; the entry would only hold the pixels in memory.
    job.then(() => serving.delete(key), () => {});
  }
  return job;
}

/**
 * Versions before uploads were re-encoded wrote the uploaded bytes as they came and no thumbnail.
 * Run at every start (scripts/setup-db.ts): re-encodes each such file in place
 * (reencodeLegacyFile); a file that cannot be decoded is left as it is and reported (serving it
 * re-encodes or refuses it, never returns it as stored).
 */
export async function reencodeLegacyUploads({ dir, log = () => {} }: { dir: string; log?: (line: string) => void }): Promise<LegacyReencodeResult> {
  const result: LegacyReencodeResult = { reencoded: [], failed: [] };
  let names: string[];
  try {
    names = fs.readdirSync(dir);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === "ENOENT") return result;
    throw e;
  }
  for (const name of names) {
    if (TEMP.test(name)) fs.rmSync(path.join(dir, name), { force: true }); // left by a crashed run
  }
  // From the listing, not a stat per file: this runs at every start, over every upload there is.
  const present = new Set(names);
  for (const name of names.filter((n) => STORED_NAME.test(n) && !present.has(thumbnailName(n))).sort()) {
    try {
      await reencodeLegacyFile(dir, name);
      result.reencoded.push(name);
    } catch (e) {
      const reason = e instanceof AppError ? e.messageKey : e instanceof Error ? e.message : String(e);
      result.failed.push({ name, reason });
      log(`[gridcouncil] upload ${name} could not be re-encoded (${reason}); left as it is`);
    }
  }
  return result;
}
