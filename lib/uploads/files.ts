/**
 * Blobs that are really files (a form's empty file input arrives as a nameless 0-byte file).
 * Apart from photos.ts so that reading a request body (lib/api/handler.ts) does not load sharp.
 */
export function realFiles(values: unknown[]): File[] {
  return values.filter((v): v is File => typeof v === "object" && v !== null && "arrayBuffer" in v && (v as File).size > 0);
}
