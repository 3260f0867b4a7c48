import fs from "node:fs";
import path from "node:path";
import { reencodeLegacyFileOnce } from "./legacy";
import { thumbnailName } from "./names";
import { sniffImage, uploadsDir } from "./photos";

export type PhotoSize = "full" | "thumb";

/** `?size=thumb` asks for the list-size copy; anything else is the full photo. */
export function photoSizeOf(url: URL): PhotoSize {
  return url.searchParams.get("size") === "thumb" ? "thumb" : "full";
}

/**
 * The bytes to serve for a stored photo or scan, or null when its file is gone. Uploads stored
 * since photos are re-encoded have a thumbnail beside them and are served as stored. A file from
 * before that which start-up did not clean has none and may still carry the camera's EXIF/GPS: it
 * is never served as uploaded, but re-encoded in place once (reencodeLegacyFileOnce), so asking
 * for it again costs no decoding.
 */
export async function readStoredPhoto(storedName: string, mime: string, size: PhotoSize): Promise<{ bytes: Uint8Array<ArrayBuffer>; mime: string } | null> {
  const dir = uploadsDir();
  const file = path.join(dir, path.basename(storedName));
  const thumb = path.join(dir, thumbnailName(storedName));
  if (!fs.existsSync(file)) return null;
  if (fs.existsSync(thumb)) {
    // The type of what is stored, not of what was uploaded: a legacy GIF re-encoded in place at
    // start (legacy.ts) is a PNG under its old name and row.
    const bytes = new Uint8Array(fs.readFileSync(size === "thumb" ? thumb : file));
    return { bytes, mime: sniffImage(bytes)?.mime ?? mime };
  }
  const legacy = await reencodeLegacyFileOnce(dir, path.basename(storedName));
  return { bytes: new Uint8Array(size === "thumb" ? legacy.thumb : legacy.full), mime: legacy.mime };
}
