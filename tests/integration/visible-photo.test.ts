import fs from "node:fs";
import path from "node:path";
import { describe, expect, test } from "vitest";
import type { DB } from "@/db/client";
import { agendaCategories, agendaItems, ratingPhotos, supervisionRatings, taskPhotos, taskUpdates, tasks, topicPhotos, topics } from "@/db/schema";
import { thumbnailName } from "@/lib/uploads/names";
import { storePhotos, uploadsDir } from "@/lib/uploads/photos";
import { visiblePhoto, type PhotoKind } from "@/lib/uploads/visible-photo";
import { ctxAs, fileDb } from "../helpers/db";
import { makeCommunity, makePerson } from "../helpers/factory";
import { pngBytes } from "../helpers/images";
import { first } from "@/db/query";

// The one function the three photo routes (/topics|tasks|ratings/photos/{id}) serve through.

let db: DB;
fileDb((d) => (db = d));

async function storedPng() {
  const { photos } = await storePhotos([new File([pngBytes()], "现场.png", { type: "image/png" })]);
  return photos[0]!;
}

/** A topic of grid A with one photo of each kind: its own, a task's progress report's, a rating's. */
async function photosOfEachKind() {
  const place = await makeCommunity(db);
  const chief = await makePerson(db, place, "gridChief", { grid: "A" });
  const resident = await makePerson(db, place, "resident", { grid: "A" });
  const outsider = await makePerson(db, await makeCommunity(db), "gridChief", { grid: "A" });
  const cat = await first(db.insert(agendaCategories).values({ communityId: place.community.id, name: "设施设备" }).returning());
  const item = await first(db.insert(agendaItems).values({ categoryId: cat.id, name: "楼道照明" }).returning());
  const topic = await first(db
    .insert(topics)
    .values({ communityId: place.community.id, gridId: place.gridA.id, agendaItemId: item.id, title: "楼道灯坏了一个月", descriptionJson: { type: "doc", content: [] }, descriptionHtml: "", proposerId: resident.id, cosignThreshold: 3, cosignDeadline: new Date(Date.now() + 86_400_000), state: "implementing" })
    .returning());
  const task = await first(db.insert(tasks).values({ topicId: topic.id, communityId: place.community.id, gridId: place.gridA.id, title: "更换灯具", dueOn: "2026-12-31", createdBy: chief.id }).returning());
  const update = await first(db.insert(taskUpdates).values({ taskId: task.id, authorId: chief.id, body: "已更换", percent: 100 }).returning());
  const rating = await first(db.insert(supervisionRatings).values({ topicId: topic.id, round: 1, supervisorId: chief.id, process: 5, timeliness: 5, quality: 5, transparency: 5, satisfaction: 5 }).returning());
  const [a, b, c] = [await storedPng(), await storedPng(), await storedPng()];
  const ids: Record<PhotoKind, number> = {
    topic: (await first(db.insert(topicPhotos).values({ topicId: topic.id, ...a }).returning())).id,
    task: (await first(db.insert(taskPhotos).values({ taskUpdateId: update.id, ...b }).returning())).id,
    rating: (await first(db.insert(ratingPhotos).values({ ratingId: rating.id, ...c }).returning())).id,
  };
  const stored: Record<PhotoKind, string> = { topic: a.storedName, task: b.storedName, rating: c.storedName };
  return { chief: await ctxAs(chief), resident: await ctxAs(resident), outsider: await ctxAs(outsider), ids, stored };
}

describe("visiblePhoto", () => {
  test("serves each kind's photo, full or thumbnail, as stored, to the topic's staff", async () => {
    const { chief, ids, stored } = await photosOfEachKind();
    for (const kind of ["topic", "task", "rating"] as const) {
      const full = await visiblePhoto(chief, kind, String(ids[kind]), "full");
      const thumb = await visiblePhoto(chief, kind, String(ids[kind]), "thumb");
      expect(full?.mime, kind).toBe("image/png");
      expect(full!.bytes).toEqual(new Uint8Array(fs.readFileSync(path.join(uploadsDir(), stored[kind]))));
      expect(thumb!.bytes).toEqual(new Uint8Array(fs.readFileSync(path.join(uploadsDir(), thumbnailName(stored[kind])))));
    }
  });

  test("a resident who may see the topic sees its photo and its tasks' photos, never a rating's", async () => {
    const { resident, ids } = await photosOfEachKind();
    expect(await visiblePhoto(resident, "topic", String(ids.topic), "full")).not.toBeNull();
    expect(await visiblePhoto(resident, "task", String(ids.task), "full")).not.toBeNull();
    expect(await visiblePhoto(resident, "rating", String(ids.rating), "full")).toBeNull();
  });

  test("someone of another community, an id that is no id, an unknown id and a file that is gone all read as no photo", async () => {
    const { chief, outsider, ids, stored } = await photosOfEachKind();
    for (const kind of ["topic", "task", "rating"] as const) expect(await visiblePhoto(outsider, kind, String(ids[kind]), "full"), kind).toBeNull();
    for (const bad of ["abc", "0", "-1", "1.5", "", "99999999"]) expect(await visiblePhoto(chief, "topic", bad, "full"), bad).toBeNull();
    fs.rmSync(path.join(uploadsDir(), stored.task));
    expect(await visiblePhoto(chief, "task", String(ids.task), "full")).toBeNull();
  });
});
