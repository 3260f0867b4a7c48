import fs from "node:fs";
import path from "node:path";
import sharp from "sharp";
import { describe, expect, test, vi } from "vitest";
import { NextRequest } from "next/server";

// The routes use the process-wide database (GRIDCOUNCIL_DB): uploads go beside it, in a throwaway folder.
const tmp = await vi.hoisted(async () => {
  const { throwawayDbEnv } = await import("../helpers/process-db");
  return throwawayDbEnv("photos", { NEXTAUTH_SECRET: "test-secret-not-used-for-bearer-calls" });
});
// Bearer tokens only; a call without one is a signed-out browser.
vi.mock("next-auth", async (importOriginal) => ({ ...(await importOriginal<typeof import("next-auth")>()), getServerSession: async () => null }));

import { eq } from "drizzle-orm";
import type { DB } from "@/db/client";
import { agendaCategories, agendaItems, ballotProxies, buildings, people, roles, topicPhotos, units } from "@/db/schema";
import * as topicsRoute from "@/app/api/v1/topics/route";
import * as topicPhotoRoute from "@/app/topics/photos/[id]/route";
import * as scanRoute from "@/app/api/v1/ballots/[id]/proxies/[proxyId]/scan/route";
import { openBallot } from "@/lib/ballots/open-ballot";
import { recordProxy } from "@/lib/ballots/record-proxy";
import { issueApiToken } from "@/lib/auth/tokens";
import { AppError } from "@/lib/errors";
import { thumbnailName } from "@/lib/uploads/names";
import { MAX_PHOTO_SIDE, storePhotos, THUMB_SIDE, uploadsDir } from "@/lib/uploads/photos";
import { readStoredPhoto } from "@/lib/uploads/serve";
import { ctxAs } from "../helpers/db";
import { makeCommunity, makePerson, makeTopic } from "../helpers/factory";
import { processDb } from "../helpers/process-db";
import { cameraJpeg, GPS_CAMERA, GPS_EXIF, gifBytes, hasGpsTag } from "../helpers/images";
import { first } from "@/db/query";

let db: DB;
processDb(tmp.dir, (d) => (db = d));

const doc = (text: string) => ({ type: "doc", content: [{ type: "paragraph", content: [{ type: "text", text }] }] });
const filesInUploads = () => (fs.existsSync(uploadsDir()) ? fs.readdirSync(uploadsDir()).sort() : []);

/** What a stored or served image gives away besides its pixels. */
async function leaks(bytes: Uint8Array) {
  const buf = Buffer.from(bytes);
  const m = await sharp(buf).metadata();
  return {
    exif: m.exif !== undefined,
    gps: hasGpsTag(m.exif),
    xmp: m.xmp !== undefined,
    iptc: m.iptc !== undefined,
    // The camera's name would be in the bytes if any EXIF survived in any form.
    camera: buf.includes(Buffer.from(GPS_CAMERA)),
    exifMarker: buf.includes(Buffer.from("Exif\0\0", "latin1")),
  };
}
const clean = { exif: false, gps: false, xmp: false, iptc: false, camera: false, exifMarker: false };

async function get(route: { GET: (req: NextRequest, ctx: { params: Promise<never> }) => Promise<Response> }, url: string, params: Record<string, string>, token?: string) {
  const req = new NextRequest(`http://localhost${url}`, { headers: token ? { authorization: `Bearer ${token}` } : {} });
  return route.GET(req, { params: Promise.resolve(params) as Promise<never> });
}

describe("a phone photo with GPS in its EXIF", () => {
  test("the fixture really carries GPS, the camera and a sideways orientation", async () => {
    const m = await sharp(await cameraJpeg(300, 200)).metadata();
    expect(hasGpsTag(m.exif)).toBe(true);
    expect(m.exif!.includes(Buffer.from(GPS_CAMERA))).toBe(true);
    expect(m.orientation).toBe(6);
  });

  test("proposed through /api/v1/topics: stored and served upright, scaled down, without EXIF/GPS; its thumbnail exists and is served; the upload itself is kept nowhere", async () => {
    const place = await makeCommunity(db);
    const cat = await first(db.insert(agendaCategories).values({ communityId: place.community.id, name: "设施设备" }).returning());
    const item = await first(db.insert(agendaItems).values({ categoryId: cat.id, name: "楼道照明" }).returning());
    const resident = await makePerson(db, place, "resident", { grid: "A" });
    const token = (await issueApiToken(db, resident.id)).token;
    const original = await cameraJpeg(3000, 2000);
    const before = filesInUploads();

    const form = new FormData();
    form.set("gridId", String(place.gridA.id));
    form.set("agendaItemId", String(item.id));
    form.set("title", "楼道灯坏了一个月");
    form.set("description", JSON.stringify(doc("三楼楼道灯坏了一个月，晚上上下楼看不见。")));
    form.append("photos", new File([new Uint8Array(original)], "IMG_0001.jpg", { type: "image/jpeg" }));
    const res = await topicsRoute.POST(new NextRequest("http://localhost/api/v1/topics", { method: "POST", headers: { authorization: `Bearer ${token}` }, body: form }), { params: Promise.resolve({}) as Promise<never> });
    expect(res.status, await res.clone().text()).toBe(201);
    const { topicId } = (await res.json()) as { topicId: number };
    const photo = (await first(db.select().from(topicPhotos).where(eq(topicPhotos.topicId, topicId))))!;

    // On disk: the re-encoded photo and its thumbnail, nothing else; neither is the upload.
    const added = filesInUploads().filter((f) => !before.includes(f));
    expect(added.sort()).toEqual([photo.storedName, thumbnailName(photo.storedName)].sort());
    const stored = fs.readFileSync(path.join(uploadsDir(), photo.storedName));
    const storedThumb = fs.readFileSync(path.join(uploadsDir(), thumbnailName(photo.storedName)));
    expect(stored.equals(original)).toBe(false);
    expect(await leaks(stored)).toEqual(clean);
    expect(await leaks(storedThumb)).toEqual(clean);
    expect(photo).toMatchObject({ mime: "image/jpeg", bytes: stored.length });

    // Served: the full photo, upright (portrait now) and at most MAX_PHOTO_SIDE on its long side.
    const full = await get(topicPhotoRoute, `/topics/photos/${photo.id}`, { id: String(photo.id) }, token);
    expect(full.status).toBe(200);
    expect(full.headers.get("content-type")).toBe("image/jpeg");
    expect(full.headers.get("x-content-type-options")).toBe("nosniff");
    const served = new Uint8Array(await full.arrayBuffer());
    expect(Buffer.from(served).equals(stored)).toBe(true);
    expect(await leaks(served)).toEqual(clean);
    const fm = await sharp(served).metadata();
    expect({ width: fm.width, height: fm.height, orientation: fm.orientation }).toEqual({ width: Math.round((2000 * MAX_PHOTO_SIDE) / 3000), height: MAX_PHOTO_SIDE, orientation: undefined });
    // Turned the right way: the red half (left when stored sideways) is on top.
    const { data } = await sharp(served).resize(1, 2, { fit: "fill" }).raw().toBuffer({ resolveWithObject: true });
    expect(data[0]).toBeGreaterThan(150); // top: red
    expect(data[5]).toBeGreaterThan(150); // bottom: blue

    // The thumbnail, for lists.
    const thumb = await get(topicPhotoRoute, `/topics/photos/${photo.id}?size=thumb`, { id: String(photo.id) }, token);
    expect(thumb.status).toBe(200);
    const thumbBytes = new Uint8Array(await thumb.arrayBuffer());
    expect(Buffer.from(thumbBytes).equals(storedThumb)).toBe(true);
    const tm = await sharp(thumbBytes).metadata();
    expect(Math.max(tm.width!, tm.height!)).toBe(THUMB_SIDE);
    expect(thumbBytes.length).toBeLessThan(served.length / 4);
    expect(await leaks(thumbBytes)).toEqual(clean);

    // Still only for those who may see the topic.
    const stranger = await makePerson(db, await makeCommunity(db), "resident");
    expect((await get(topicPhotoRoute, `/topics/photos/${photo.id}?size=thumb`, { id: String(photo.id) }, (await issueApiToken(db, stranger.id)).token)).status).toBe(404);
  }, 60_000);

  test("a proxy scan photographed with a phone is stored and served without EXIF/GPS", async () => {
    const place = await makeCommunity(db);
    const chief = await makePerson(db, place, "gridChief", { grid: "A" });
    const category = await first(db.insert(agendaCategories).values({ communityId: place.community.id, name: "公共事务" }).returning());
    const item = await first(db.insert(agendaItems).values({ categoryId: category.id, name: "公共设施", defaultVoteRule: "ownersMajority" }).returning());
    const topic = await makeTopic(db, place, { state: "drafting", plan: true, item, proposer: chief, staff: chief, title: "外墙维修" });
    const building = await first(db.insert(buildings).values({ gridId: place.gridA.id, code: "07", name: "7号楼" }).returning());
    const owners = (await Promise.all([1, 2].map(async (n) => {
      const unit = await first(db.insert(units).values({ buildingId: building.id, number: `10${n}`, areaHundredths: 9000 }).returning());
      const p = await first(db.insert(people).values({ phone: `1390000${String(place.community.id).padStart(2, "0")}${n}0`, passwordHash: "x", name: `业主${n}`, displayNumber: `PH-${place.community.id}-${n}`, status: "verified" }).returning());
      await db.insert(roles).values({ personId: p.id, role: "owner", communityId: place.community.id, gridId: place.gridA.id, unitId: unit.id });
      return p;
    })));
    const holder = await makePerson(db, place, "resident", { grid: "A" });
    const now = new Date();
    const as = await ctxAs(chief);
    const ballot = await openBallot(as, { topicId: topic.id, kind: "single", planIds: [topic.planId!], electorateKind: "buildingOwners", buildingId: building.id, closesAt: new Date(now.getTime() + 48 * 3_600_000) }, now);
    const scanJpeg = await cameraJpeg(1600, 1200);
    const { proxyId } = await recordProxy(as, { ballotId: ballot.ballotId, electorKey: `owner:${owners[0]!.id}`, proxyPersonId: holder.id }, new File([new Uint8Array(scanJpeg)], "委托书.jpg", { type: "image/jpeg" }), now);
    const row = (await first(db.select().from(ballotProxies).where(eq(ballotProxies.id, proxyId))))!;
    expect(await leaks(fs.readFileSync(path.join(uploadsDir(), row.scanStoredName)))).toEqual(clean);

    const res = await get(scanRoute, `/api/v1/ballots/${ballot.ballotId}/proxies/${proxyId}/scan`, { id: String(ballot.ballotId), proxyId: String(proxyId) }, (await issueApiToken(db, chief.id)).token);
    expect(res.status).toBe(200);
    const served = new Uint8Array(await res.arrayBuffer());
    expect(await leaks(served)).toEqual(clean);
    // Upright and still large enough to read a signature: 1200 × 1600.
    expect(await sharp(served).metadata()).toMatchObject({ width: 1200, height: 1600 });
  }, 60_000);
});

describe("every kind of image, and what is refused", () => {
  test("PNG and WebP lose their EXIF and XMP; a GIF becomes a PNG of its first frame", async () => {
    const xmp = `<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"><rdf:Description xmlns:exif="http://ns.adobe.com/exif/1.0/" exif:GPSLatitude="31,14.0N"/></rdf:RDF></x:xmpmeta>`;
    const base = sharp({ create: { width: 40, height: 30, channels: 4, background: { r: 0, g: 128, b: 0, alpha: 0.5 } } });
    const png = await base.clone().png().withExif(GPS_EXIF).withXmp(xmp).toBuffer();
    const webp = await base.clone().webp().withExif(GPS_EXIF).withXmp(xmp).toBuffer();
    for (const b of [png, webp]) expect((await sharp(b).metadata()).xmp).toBeDefined();
    const { photos } = await storePhotos([new File([new Uint8Array(png)], "a.png"), new File([new Uint8Array(webp)], "b.webp"), new File([gifBytes()], "c.gif")]);
    expect(photos.map((p) => [p.mime, path.extname(p.storedName)])).toEqual([
      ["image/png", ".png"],
      ["image/webp", ".webp"],
      ["image/png", ".png"],
    ]);
    for (const p of photos) {
      const bytes = fs.readFileSync(path.join(uploadsDir(), p.storedName));
      expect(await leaks(bytes), p.storedName).toEqual(clean);
      expect(bytes.includes(Buffer.from("GPSLatitude"))).toBe(false);
      expect(fs.existsSync(path.join(uploadsDir(), thumbnailName(p.storedName)))).toBe(true);
    }
    // Whatever a file carries after its image data (here a page's HTML behind a real GIF) is not kept.
    const polyglot = Buffer.concat([Buffer.from(gifBytes()), Buffer.from("<html><body><script>alert(1)</script></body></html>")]);
    const kept = (await storePhotos([new File([new Uint8Array(polyglot)], "scan.html")])).photos[0]!;
    expect(fs.readFileSync(path.join(uploadsDir(), kept.storedName)).includes(Buffer.from("<script"))).toBe(false);
    expect(kept.mime).toBe("image/png");
    // Transparency survives in PNG and WebP.
    expect((await sharp(fs.readFileSync(path.join(uploadsDir(), photos[0]!.storedName))).metadata()).hasAlpha).toBe(true);
  });

  test("a file that only starts like an image, and a decompression bomb, are refused and leave no file", async () => {
    const before = filesInUploads();
    const refusal = async (f: File) => {
      try {
        await storePhotos([f]);
      } catch (e) {
        if (e instanceof AppError) return e.messageKey;
        throw e;
      }
      throw new Error("expected a refusal");
    };
    const polyglot = Buffer.concat([Buffer.from("GIF89a\x01\x00\x01\x00\x00\x00\x00;", "latin1"), Buffer.from("<html><script>alert(1)</script></html>")]);
    expect(await refusal(new File([new Uint8Array(polyglot)], "scan.gif"))).toBe("photoUnreadable");
    // 10000 × 8000 of one colour: a few hundred KB of PNG, 80 million pixels to decode.
    const bomb = await sharp({ create: { width: 10_000, height: 8_000, channels: 3, background: "#fff" } }).png({ compressionLevel: 9 }).toBuffer();
    expect(bomb.length).toBeLessThan(5 * 1024 * 1024);
    expect(await refusal(new File([new Uint8Array(bomb)], "bomb.png"))).toBe("photoTooManyPixels");
    // A good photo beside a bad one: nothing of either is written.
    await expect(storePhotos([new File([gifBytes()], "ok.gif"), new File([new Uint8Array(polyglot)], "bad.gif")])).rejects.toThrow(AppError);
    expect(filesInUploads()).toEqual(before);
  }, 60_000);

  test("a photo stored before re-encoding (no thumbnail beside it) is never served as uploaded", async () => {
    const legacyName = "0123456789abcdef0123456789abcdef.jpg";
    const original = await cameraJpeg(600, 400);
    fs.mkdirSync(uploadsDir(), { recursive: true });
    fs.writeFileSync(path.join(uploadsDir(), legacyName), original);
    for (const size of ["full", "thumb"] as const) {
      const served = (await readStoredPhoto(legacyName, "image/jpeg", size))!;
      expect(await leaks(served.bytes)).toEqual(clean);
      expect(await sharp(served.bytes).metadata()).toMatchObject(size === "full" ? { width: 400, height: 600 } : { width: Math.round((400 * THUMB_SIDE) / 600), height: THUMB_SIDE });
      // Re-encoded once and kept: the file on disk is clean and has its thumbnail, so asking
      // again (anyone may, as often as they like) is served as stored, with no decoding.
      expect(await leaks(fs.readFileSync(path.join(uploadsDir(), legacyName)))).toEqual(clean);
      expect(fs.existsSync(path.join(uploadsDir(), thumbnailName(legacyName)))).toBe(true);
    }
    const full = (await readStoredPhoto(legacyName, "image/jpeg", "full"))!;
    expect(full.bytes).toEqual(new Uint8Array(fs.readFileSync(path.join(uploadsDir(), legacyName))));
    expect(await readStoredPhoto("ffffffffffffffffffffffffffffffff.jpg", "image/jpeg", "full")).toBeNull();
    // One that cannot be decoded is refused every time and left as it is, never served.
    const broken = "eeeeeeeeeeeeeeeeeeeeeeeeeeeeeeee.jpg";
    fs.writeFileSync(path.join(uploadsDir(), broken), Buffer.from("not a picture at all, just text"));
    for (let i = 0; i < 2; i++) await expect(readStoredPhoto(broken, "image/jpeg", "full")).rejects.toThrow(AppError);
    expect(fs.readFileSync(path.join(uploadsDir(), broken), "utf8")).toBe("not a picture at all, just text");
    expect(fs.existsSync(path.join(uploadsDir(), thumbnailName(broken)))).toBe(false);
  });
});
