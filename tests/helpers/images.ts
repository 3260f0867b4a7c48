import sharp from "sharp";

/**
 * Real, decodable images for tests. Uploads are decoded and re-encoded (lib/uploads/photos.ts),
 * so a few magic bytes no longer pass for a photo. Small and synchronous, for factories.
 */
const tinyJpeg = Buffer.from(
  "/9j/2wBDAA0JCgsKCA0LCgsODg0PEyAVExISEyccHhcgLikxMC4pLSwzOko+MzZGNywtQFdBRkxOUlNSMj5aYVpQYEpRUk//2wBDAQ4ODhMREyYVFSZPNS01T09PT09PT09PT09PT09PT09PT09PT09PT09PT09PT09PT09PT09PT09PT09PT09PT0//wAARCAAQABADASIAAhEBAxEB/8QAFQABAQAAAAAAAAAAAAAAAAAAAAL/xAAUEAEAAAAAAAAAAAAAAAAAAAAA/8QAFAEBAAAAAAAAAAAAAAAAAAAABf/EABQRAQAAAAAAAAAAAAAAAAAAAAD/2gAMAwEAAhEDEQA/AKALDn//2Q==",
  "base64",
);
const tinyPng = Buffer.from("iVBORw0KGgoAAAANSUhEUgAAABAAAAAQCAIAAACQkWg2AAAACXBIWXMAAAPoAAAD6AG1e1JrAAAAGUlEQVQokWOI6jlBEmIY1dAzGkpRwzVpAAArnq4QfMEQAwAAAABJRU5ErkJggg==", "base64");
const tinyGif = Buffer.from("R0lGODlhBAAEAIAAAExpcVqMyCH5BAUAAAAALAAAAAAEAAQAAAIEjI8ZBQA7", "base64");

/** A 16×16 JPEG, zero-padded to `size` bytes when asked (decoders ignore what follows the image). */
export function jpegBytes(size = tinyJpeg.length): Uint8Array<ArrayBuffer> {
  const b = new Uint8Array(Math.max(size, tinyJpeg.length));
  b.set(tinyJpeg);
  return b;
}
export const pngBytes = (): Uint8Array<ArrayBuffer> => new Uint8Array(tinyPng);
export const gifBytes = (): Uint8Array<ArrayBuffer> => new Uint8Array(tinyGif);

export const GPS_CAMERA = "GridCouncilTestCam";
/** Shanghai, 31°14′N 121°28′E: what a phone writes into a photo taken at home. */
export const GPS_EXIF = {
  IFD0: { Make: GPS_CAMERA, Model: "Phone 12", Software: "Camera 1.0" },
  IFD3: { GPSLatitudeRef: "N", GPSLatitude: "31/1 14/1 0/1", GPSLongitudeRef: "E", GPSLongitude: "121/1 28/1 0/1" },
};

/**
 * A camera photo as phones send it: `width`×`height` pixels stored sideways with EXIF orientation
 * 6 (turn 90° clockwise to view), GPS position and device in EXIF.
 */
export async function cameraJpeg(width = 3000, height = 2000): Promise<Buffer> {
  // Left half red, right half blue: after turning upright the red half is on top.
  const half = Math.floor(width / 2);
  const blue = await sharp({ create: { width: width - half, height, channels: 3, background: { r: 20, g: 40, b: 220 } } }).png().toBuffer();
  return sharp({ create: { width, height, channels: 3, background: { r: 220, g: 30, b: 30 } } })
    .composite([{ input: blue, left: half, top: 0 }])
    .jpeg({ quality: 90 })
    .withExif(GPS_EXIF)
    .withMetadata({ orientation: 6 })
    .toBuffer();
}

/** True when the EXIF block holds a GPS IFD pointer (tag 0x8825, either byte order). */
export function hasGpsTag(exif: Buffer | undefined): boolean {
  return !!exif && (exif.includes(Buffer.from([0x88, 0x25])) || exif.includes(Buffer.from([0x25, 0x88])));
}
