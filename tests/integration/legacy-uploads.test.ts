import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import sharp from "sharp";
import { afterAll, describe, expect, test, vi } from "vitest";

// readStoredPhoto finds uploads/ beside the process-wide database: put both in a throwaway folder.
const tmp = vi.hoisted(() => {
  const osh = require("node:os") as typeof import("node:os");
  const fsh = require("node:fs") as typeof import("node:fs");
  const p = require("node:path") as typeof import("node:path");
  const dir = fsh.mkdtempSync(p.join(osh.tmpdir(), "gridcouncil-legacy-"));
  process.env.GRIDCOUNCIL_DB = p.join(dir, "legacy.db");
  return { dir };
});

import { reencodeLegacyUploads } from "@/lib/uploads/legacy";
import { thumbnailName } from "@/lib/uploads/names";
import { storePhotos, THUMB_SIDE, uploadsDir } from "@/lib/uploads/photos";
import { readStoredPhoto } from "@/lib/uploads/serve";
import { cameraJpeg, GPS_CAMERA, gifBytes, hasGpsTag } from "../helpers/images";

afterAll(() => fs.rmSync(tmp.dir, { recursive: true, force: true }));

const snapshot = (dir: string) => Object.fromEntries(fs.readdirSync(dir).sort().map((n) => [n, fs.readFileSync(path.join(dir, n)).toString("base64")]));

describe("uploads stored before photos were re-encoded", () => {
  test("a missing or empty uploads folder is nothing to do", async () => {
    expect(await reencodeLegacyUploads({ dir: path.join(tmp.dir, "nowhere") })).toEqual({ reencoded: [], failed: [] });
    const empty = fs.mkdtempSync(path.join(os.tmpdir(), "gridcouncil-legacy-empty-"));
    expect(await reencodeLegacyUploads({ dir: empty })).toEqual({ reencoded: [], failed: [] });
    fs.rmSync(empty, { recursive: true });
  });

  test("are re-encoded in place once: no EXIF/GPS left on disk, upright, with a thumbnail; an unreadable one is left and reported", async () => {
    const dir = uploadsDir();
    fs.mkdirSync(dir, { recursive: true });
    // A phone photo as an old version stored it: uploaded bytes, sideways with orientation 6, GPS in EXIF.
    const photo = "0123456789abcdef0123456789abcdef.jpg";
    const original = await cameraJpeg(600, 400);
    fs.writeFileSync(path.join(dir, photo), original);
    const gif = "11111111111111111111111111111111.gif";
    fs.writeFileSync(path.join(dir, gif), gifBytes());
    // Named like a photo, not a picture at all.
    const broken = "22222222222222222222222222222222.jpg";
    fs.writeFileSync(path.join(dir, broken), Buffer.from("this is not an image, just text"));
    // A photo stored by this version (thumbnail beside it) and a file the app never writes: not touched.
    const { photos } = await storePhotos([new File([new Uint8Array(await cameraJpeg(300, 200))], "new.jpg")]);
    fs.writeFileSync(path.join(dir, "notes.txt"), "kept");
    const untouched = [photos[0]!.storedName, thumbnailName(photos[0]!.storedName), "notes.txt"];
    const before = snapshot(dir);

    const lines: string[] = [];
    const result = await reencodeLegacyUploads({ dir, log: (l) => lines.push(l) });
    expect(result.reencoded).toEqual([gif, photo].sort());
    expect(result.failed).toEqual([{ name: broken, reason: "photoNotImage" }]);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain(broken);

    const after = snapshot(dir);
    for (const n of untouched) expect(after[n]).toBe(before[n]);
    expect(after[broken]).toBe(before[broken]);
    // Only the thumbnails were added: same names, nothing left over from the temporary writes.
    expect(Object.keys(after).sort()).toEqual([...Object.keys(before), thumbnailName(photo), thumbnailName(gif)].sort());

    const stored = fs.readFileSync(path.join(dir, photo));
    expect(stored.equals(original)).toBe(false);
    const meta = await sharp(stored).metadata();
    expect({ exif: meta.exif !== undefined, gps: hasGpsTag(meta.exif), camera: stored.includes(Buffer.from(GPS_CAMERA)), orientation: meta.orientation }).toEqual({
      exif: false,
      gps: false,
      camera: false,
      orientation: undefined,
    });
    // Upright: 400 wide, 600 high, the red half (left in the sideways original) on top.
    expect({ format: meta.format, width: meta.width, height: meta.height }).toEqual({ format: "jpeg", width: 400, height: 600 });
    const { data } = await sharp(stored).removeAlpha().raw().toBuffer({ resolveWithObject: true });
    const rgbAt = (x: number, y: number) => [...data.subarray((y * 400 + x) * 3, (y * 400 + x) * 3 + 3)];
    const red = (rgb: number[]) => rgb[0]! > 150 && rgb[2]! < 100;
    expect([rgbAt(100, 100), rgbAt(300, 100), rgbAt(100, 500), rgbAt(300, 500)].map(red)).toEqual([true, true, false, false]);
    const thumb = fs.readFileSync(path.join(dir, thumbnailName(photo)));
    expect(await sharp(thumb).metadata()).toMatchObject({ width: Math.round((400 * THUMB_SIDE) / 600), height: THUMB_SIDE });
    expect(thumb.includes(Buffer.from(GPS_CAMERA))).toBe(false);

    // Served as stored now, with the type of the stored bytes: the GIF became a PNG under its name.
    expect((await readStoredPhoto(photo, "image/jpeg", "full"))!.bytes).toEqual(new Uint8Array(stored));
    const servedGif = (await readStoredPhoto(gif, "image/gif", "full"))!;
    expect(servedGif.mime).toBe("image/png");
    expect((await sharp(servedGif.bytes).metadata()).format).toBe("png");

    // Once is enough: a second run changes nothing and reports only the unreadable file again.
    const again = await reencodeLegacyUploads({ dir });
    expect(again).toEqual({ reencoded: [], failed: [{ name: broken, reason: "photoNotImage" }] });
    expect(snapshot(dir)).toEqual(after);
  }, 60_000);

  test("npm start's setup step cleans them, says so in one line, and is silent when there is nothing to do", async () => {
    const dbFile = path.join(tmp.dir, "start", "gridcouncil.db");
    const dir = path.join(path.dirname(dbFile), "uploads");
    fs.mkdirSync(dir, { recursive: true });
    const photo = "33333333333333333333333333333333.jpg";
    fs.writeFileSync(path.join(dir, photo), await cameraJpeg(60, 40));
    const setup = () =>
      execFileSync(path.join(process.cwd(), "node_modules/.bin/tsx"), ["--conditions=react-server", "scripts/setup-db.ts"], {
        env: { ...process.env, GRIDCOUNCIL_DB: dbFile, GRIDCOUNCIL_SEED: "none" },
        encoding: "utf8",
      });
    const first = setup();
    expect(first).toMatch(/re-encoded 1 upload\(s\).*0 could not be decoded/);
    expect(hasGpsTag((await sharp(fs.readFileSync(path.join(dir, photo))).metadata()).exif)).toBe(false);
    expect(fs.existsSync(path.join(dir, thumbnailName(photo)))).toBe(true);
    expect(setup()).not.toContain("re-encoded");
  }, 120_000);
});
