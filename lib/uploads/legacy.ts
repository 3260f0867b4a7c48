import fs from "node:fs";
import path from "node:path";
import { AppError } from "@/lib/errors";
import { STORED_NAME, thumbnailName } from "./names";
import { reencodeImage, sniffImage } from "./photos";

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
 * Versions before uploads were re-encoded wrote the uploaded bytes as they came (the camera's
 * EXIF/GPS included) and no thumbnail. This re-encodes each such file in place with the same
 * reencodeImage new uploads go through, so the original bytes are no longer kept (nor copied into
 * backups). The stored name stays, since database rows point at it; a GIF comes out as PNG under
 * its .gif name, and serve.ts takes the type from the bytes. The full file is replaced before the
 * thumbnail is written: a thumbnail beside a file is what marks it done, so a run cut short is
 * redone next time and a finished one is never repeated. A file that cannot be decoded is left as
 * it is and reported (serving it re-encodes or refuses it, never returns it as stored).
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
  for (const name of names.filter((n) => STORED_NAME.test(n)).sort()) {
    const file = path.join(dir, name);
    const thumb = path.join(dir, thumbnailName(name));
    if (fs.existsSync(thumb)) continue;
    const bytes = fs.readFileSync(file);
    const kind = sniffImage(bytes);
    try {
      if (!kind) throw new AppError("invalid_input", "photoNotImage", { name });
      const encoded = await reencodeImage(bytes, name, kind);
      writeAtomically(file, encoded.full);
      writeAtomically(thumb, encoded.thumb);
      result.reencoded.push(name);
    } catch (e) {
      const reason = e instanceof AppError ? e.messageKey : e instanceof Error ? e.message : String(e);
      result.failed.push({ name, reason });
      log(`[gridcouncil] upload ${name} could not be re-encoded (${reason}); left as it is`);
    }
  }
  return result;
}
