import { randomBytes } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { databasePath } from "@/db/client";
import { AppError } from "@/lib/errors";

export const MAX_PHOTOS = 9;
export const MAX_PHOTO_BYTES = 5 * 1024 * 1024;

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
  return path.join(path.dirname(databasePath()), "uploads");
}

export type StoredPhoto = { storedName: string; mime: string; bytes: number };

/** Blobs that are really files (a form's empty file input arrives as a nameless 0-byte file). */
export function realFiles(values: unknown[]): File[] {
  return values.filter((v): v is File => typeof v === "object" && v !== null && "arrayBuffer" in v && (v as File).size > 0);
}

/**
 * Checks every photo (count, size, content) before anything is written, then writes them under
 * random names. Returns a remover for the caller to use if its transaction fails afterwards.
 */
export async function storePhotos(files: File[]): Promise<{ photos: StoredPhoto[]; remove: () => void }> {
  if (files.length > MAX_PHOTOS) throw new AppError("invalid_input", "tooManyPhotos", { max: MAX_PHOTOS }, { photos: "tooManyPhotos" });
  const checked: { bytes: Buffer; mime: string; ext: string }[] = [];
  for (const f of files) {
    if (f.size > MAX_PHOTO_BYTES) throw new AppError("invalid_input", "photoTooLarge", { name: f.name, maxMb: 5 }, { photos: "photoTooLarge" });
    const bytes = Buffer.from(await f.arrayBuffer());
    const kind = sniffImage(bytes);
    if (!kind) throw new AppError("invalid_input", "photoNotImage", { name: f.name }, { photos: "photoNotImage" });
    checked.push({ bytes, ...kind });
  }
  const dir = uploadsDir();
  fs.mkdirSync(dir, { recursive: true });
  const written: string[] = [];
  const photos = checked.map((c) => {
    const storedName = `${randomBytes(16).toString("hex")}.${c.ext}`;
    fs.writeFileSync(path.join(dir, storedName), c.bytes, { flag: "wx" });
    written.push(storedName);
    return { storedName, mime: c.mime, bytes: c.bytes.length };
  });
  return {
    photos,
    remove: () => written.forEach((n) => fs.rmSync(path.join(dir, n), { force: true })),
  };
}
