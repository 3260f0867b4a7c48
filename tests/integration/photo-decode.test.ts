import { describe, expect, test, vi } from "vitest";

// Counts what sharp is asked to open, to see how often an upload's own bytes are decoded.
const opened = vi.hoisted(() => [] as { input: unknown; options: { limitInputPixels?: number | boolean } | undefined }[]);
vi.mock("sharp", async (importOriginal) => {
  const real = ((await importOriginal()) as { default: typeof import("sharp") }).default;
  const counting = (input?: unknown, options?: { limitInputPixels?: number | boolean }) => {
    opened.push({ input, options });
    return (real as unknown as (i?: unknown, o?: unknown) => unknown)(input, options);
  };
  return { default: Object.assign(counting, real) };
});

import sharp from "sharp";
import { reencodeImage, THUMB_SIDE } from "@/lib/uploads/photos";
import { cameraJpeg } from "../helpers/images";

describe("re-encoding an upload", () => {
  test("decodes the uploaded pixels once for both the photo and its thumbnail (a 9-photo upload costs 9 decodes, not 18)", async () => {
    const bytes = await cameraJpeg(3000, 2000);
    opened.length = 0;
    const out = await reencodeImage(bytes, "camera.jpg", { ext: "jpg" });
    const ofUpload = opened.filter((o) => o.input === bytes);
    // The header read (no pixels, no limit) and one decode of the pixels, under the pixel limit.
    expect(ofUpload.filter((o) => o.options?.limitInputPixels !== false)).toHaveLength(1);
    expect(ofUpload).toHaveLength(2);
    // Still upright (the camera held it sideways: orientation 6) and thumbnail-sized.
    expect(await sharp(out.thumb).metadata()).toMatchObject({ width: Math.round((2000 * THUMB_SIDE) / 3000), height: THUMB_SIDE });
  }, 60_000);
});
