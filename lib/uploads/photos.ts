import { randomBytes } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import sharp, { type Metadata, type Sharp } from "sharp";
import { databasePath } from "@/db/client";
import { AppError } from "@/lib/errors";
import { thumbnailName, uploadsDirFor } from "./names";

export const MAX_PHOTOS = 9;
export const MAX_PHOTO_BYTES = 5 * 1024 * 1024;
/** Long side of a stored photo: plenty for a screen and for reading a signed form, far less than a camera's. */
export const MAX_PHOTO_SIDE = 2048;
/** Long side of the copy lists show. */
export const THUMB_SIDE = 320;
/** Refuse decompression bombs: a few MB of PNG can claim gigapixels. 60 MP covers a 48 MP phone camera. */
const MAX_INPUT_PIXELS = 60_000_000;

/** Image types recognised by their first bytes: the declared type and file name are not trusted. */
const signatures: { mime: string; ext: string; test: (b: Uint8Array) => boolean }[] = [
  { mime: "image/jpeg", ext: "jpg", test: (b) => b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff },
  { mime: "image/png", ext: "png", test: (b) => [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a].every((v, i) => b[i] === v) },
  { mime: "image/gif", ext: "gif", test: (b) => String.fromCharCode(...b.slice(0, 6)) === "GIF87a" || String.fromCharCode(...b.slice(0, 6)) === "GIF89a" },
  { mime: "image/webp", ext: "webp", test: (b) => String.fromCharCode(...b.slice(0, 4)) === "RIFF" && String.fromCharCode(...b.slice(8, 12)) === "WEBP" },
];

export function sniffImage(bytes: Uint8Array): { mime: string; ext: string } | null {
  const hit = signatures.find((s) => bytes.length >= 12 && s.test(bytes));
  return hit ? { mime: hit.mime, ext: hit.ext } : null;
}

export function uploadsDir(): string {
  return uploadsDirFor(databasePath());
}

export type StoredPhoto = { storedName: string; mime: string; bytes: number };

/** What is kept of an upload: the re-encoded picture and its thumbnail. */
export type ReencodedImage = { full: Buffer; thumb: Buffer; mime: string; ext: string };

/**
 * Decodes the image and encodes a new one from its pixels only, so nothing the camera or an editor
 * wrote beside them survives: EXIF (GPS position, time, device), XMP, IPTC, comments, and whatever
 * else a crafted file hides after the image data. It is turned upright first (the orientation tag
 * goes with the EXIF), brought down to MAX_PHOTO_SIDE, and a THUMB_SIDE thumbnail is made. JPEG and
 * WebP stay as they are, PNG too (it may hold a screenshot's sharp text); a GIF becomes a PNG of
 * its first frame. sharp works on libuv's thread pool, so the event loop stays free meanwhile.
 */
export async function reencodeImage(bytes: Uint8Array, name: string, kind: { ext: string }): Promise<ReencodedImage> {
  let meta: Metadata;
  try {
    // The header only (no pixels decoded), read without the limit so a bomb is named as such.
    meta = await sharp(bytes, { limitInputPixels: false }).metadata();
  } catch {
    throw new AppError("invalid_input", "photoUnreadable", { name }, { photos: "photoUnreadable" });
  }
  if ((meta.width ?? 0) * (meta.height ?? 0) > MAX_INPUT_PIXELS) {
    throw new AppError("invalid_input", "photoTooManyPixels", { name, maxMp: MAX_INPUT_PIXELS / 1_000_000 }, { photos: "photoTooManyPixels" });
  }
  const out = kind.ext === "jpg" ? { ext: "jpg", mime: "image/jpeg" } : kind.ext === "webp" ? { ext: "webp", mime: "image/webp" } : { ext: "png", mime: "image/png" };
  const encode = (img: Sharp, side: number) => {
    // No withMetadata/keepExif: sharp then writes no metadata at all, and converts to sRGB.
    img.resize({ width: side, height: side, fit: "inside", withoutEnlargement: true });
    if (out.ext === "jpg") return img.jpeg({ quality: 82, mozjpeg: true }).toBuffer();
    if (out.ext === "webp") return img.webp({ quality: 82 }).toBuffer();
    return img.png({ compressionLevel: 9 }).toBuffer();
  };
  try {
    const full = await encode(sharp(bytes, { limitInputPixels: MAX_INPUT_PIXELS, failOn: "error", autoOrient: true }), MAX_PHOTO_SIDE);
    // The upload is decoded once: the thumbnail comes from the scaled, upright, metadata-free copy.
    const thumb = await encode(sharp(full), THUMB_SIDE);
    return { full, thumb, ...out };
  } catch {
    throw new AppError("invalid_input", "photoUnreadable", { name }, { photos: "photoUnreadable" });
  }
}

export { realFiles } from "./files";

/**
 * Checks every photo (count, size, content by its first bytes), re-encodes it without metadata
 * (reencodeImage), and only then writes it and its thumbnail under random names — all before the
 * caller's synchronous transaction, which may then commit rows naming files that are complete.
 * The uploaded bytes themselves are never written. Returns a remover for the caller to use if its
 * transaction fails afterwards.
 */
export async function storePhotos(files: File[]): Promise<{ photos: StoredPhoto[]; remove: () => void }> {
  if (files.length > MAX_PHOTOS) throw new AppError("invalid_input", "tooManyPhotos", { max: MAX_PHOTOS }, { photos: "tooManyPhotos" });
  const checked: { bytes: Buffer; name: string; ext: string }[] = [];
  for (const f of files) {
    if (f.size > MAX_PHOTO_BYTES) throw new AppError("invalid_input", "photoTooLarge", { name: f.name, maxMb: 5 }, { photos: "photoTooLarge" });
    const bytes = Buffer.from(await f.arrayBuffer());
    const kind = sniffImage(bytes);
    if (!kind) throw new AppError("invalid_input", "photoNotImage", { name: f.name }, { photos: "photoNotImage" });
    checked.push({ bytes, name: f.name, ext: kind.ext });
  }
  const encoded: ReencodedImage[] = [];
  for (const c of checked) encoded.push(await reencodeImage(c.bytes, c.name, c));
  const dir = uploadsDir();
  fs.mkdirSync(dir, { recursive: true });
  const written: string[] = [];
  const remove = () => written.forEach((n) => fs.rmSync(path.join(dir, n), { force: true }));
  try {
    const photos = encoded.map((e) => {
      const storedName = `${randomBytes(16).toString("hex")}.${e.ext}`;
      // The thumbnail first: a file named by a committed row always has its thumbnail beside it.
      fs.writeFileSync(path.join(dir, thumbnailName(storedName)), e.thumb, { flag: "wx" });
      written.push(thumbnailName(storedName));
      fs.writeFileSync(path.join(dir, storedName), e.full, { flag: "wx" });
      written.push(storedName);
      return { storedName, mime: e.mime, bytes: e.full.length };
    });
    return { photos, remove };
  } catch (e) {
    remove();
    throw e;
  }
}
