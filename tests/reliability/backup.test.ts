import { createHash } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { databaseDigest } from "@/lib/backup/digest";
import { thumbnailName, uploadsDirFor } from "@/lib/uploads/names";
import { cameraJpeg } from "../helpers/images";
import { expectConsistentSnapshot, expectUploadsMatchDatabase, unpackedBackup } from "./backup-checks";
import { startWriteLoad } from "./load";
import { admittedTopic, auditVerify, call, makeLoadGrid, openAppDb, openRaw, openResidentsBallot, runTsx, runTsxAsync, seedDemoDb, startServer, tempDir, type LoadGrid, type Server, type Voter } from "./support";

const digestOf = (file: string) => {
  const db = openRaw(file);
  try {
    return databaseDigest(db);
  } finally {
    db.close();
  }
};
const sha = (b: Uint8Array) => createHash("sha256").update(b).digest("hex");

/** A resident proposes a topic with two phone photos, through the API as the app does. */
async function proposeWithPhotos(baseURL: string, grid: LoadGrid, by: Voter, agendaItemId: number, title: string, photo: Buffer): Promise<number> {
  const form = new FormData();
  form.set("gridId", String(grid.gridId));
  form.set("agendaItemId", String(agendaItemId));
  form.set("title", title);
  form.set("description", JSON.stringify({ type: "doc", content: [{ type: "paragraph", content: [{ type: "text", text: `${title}：附上现场照片，请大家看看。` }] }] }));
  form.append("photos", new File([new Uint8Array(photo)], "IMG_1.jpg", { type: "image/jpeg" }));
  form.append("photos", new File([new Uint8Array(photo)], "IMG_2.jpg", { type: "image/jpeg" }));
  const res = await fetch(`${baseURL}/api/v1/topics`, { method: "POST", headers: { authorization: `Bearer ${by.token}` }, body: form });
  const text = await res.text();
  if (res.status !== 201) throw new Error(`proposing with photos: ${res.status} ${text}`);
  return (JSON.parse(text) as { topicId: number }).topicId;
}

/** A signed-in browser's cookie header, through next-auth's credentials endpoint as the sign-in form posts it. */
async function sessionCookie(baseURL: string, phone: string, password = "demo1234"): Promise<string> {
  const nameValue = (c: string) => c.split(";")[0]!;
  const csrf = await fetch(`${baseURL}/api/auth/csrf`);
  const csrfCookies = csrf.headers.getSetCookie();
  const { csrfToken } = (await csrf.json()) as { csrfToken: string };
  const res = await fetch(`${baseURL}/api/auth/callback/credentials`, {
    method: "POST",
    redirect: "manual",
    headers: { "content-type": "application/x-www-form-urlencoded", cookie: csrfCookies.map(nameValue).join("; ") },
    body: new URLSearchParams({ csrfToken, phone, password, json: "true" }),
  });
  const cookies = res.headers.getSetCookie();
  if (!cookies.some((c) => /^(__Secure-)?next-auth\.session-token=/.test(c))) throw new Error(`sign-in of ${phone} gave no session (${res.status})`);
  return [...csrfCookies, ...cookies].map(nameValue).join("; ");
}

/**
 * `npm run backup` while the production server takes a write load and photos arrive, then
 * `npm run restore`: into a new path (compared table by table and file by file), onto an empty
 * machine path where a second server serves every photo its pages link to, refused while the
 * server holds the database, and over the live deployment once the server is stopped.
 */
describe("online backup of the database and its uploads under load, and restore", () => {
  let dir: string;
  let dbFile: string;
  let grid: LoadGrid;
  let topicId: number;
  let ballotId: number;
  let agendaItemId: number;
  let photo: Buffer;
  let photoTopics: number[] = [];
  let server: Server | undefined;
  let loadedBackup: string;
  let loadedBackupOpinions: number;

  beforeAll(async () => {
    dir = tempDir();
    dbFile = path.join(dir, "live.db");
    seedDemoDb(dbFile);
    const db = openAppDb(dbFile);
    grid = await makeLoadGrid(db, 300);
    topicId = await admittedTopic(db, grid, "小区北门增设非机动车道");
    ballotId = (await openResidentsBallot(db, grid, "北门道路划线方案")).ballotId;
    agendaItemId = (db.$client.prepare("SELECT i.id FROM agenda_items i JOIN agenda_categories c ON c.id = i.category_id WHERE c.community_id = ? AND i.active = 1 ORDER BY i.id LIMIT 1").get(grid.communityId) as { id: number }).id;
    db.$client.close();
    server = await startServer(dbFile);
    photo = await cameraJpeg(2400, 1800);
    for (let i = 0; i < 3; i++) photoTopics.push(await proposeWithPhotos(server.baseURL, grid, grid.residents[200 + i]!, agendaItemId, `北门地面破损${i + 1}`, photo));
  });

  afterAll(async () => {
    await server?.stop();
    if (dir && !process.env.REL_KEEP) fs.rmSync(dir, { recursive: true, force: true });
  });

  test("a backup taken while 30 requests at a time write and photos arrive is sound, holds every earlier acknowledged write, is one snapshot, and holds exactly the uploads that snapshot refers to", async () => {
    const load = startWriteLoad({ baseURL: server!.baseURL, grid, topicId, ballotId, concurrency: 30, tag: "备份" });
    // Photos keep arriving during the backup too: their files are written before their rows commit.
    let uploading = true;
    const uploaded: number[] = [];
    const uploader = (async () => {
      for (let i = 0; uploading; i++) uploaded.push(await proposeWithPhotos(server!.baseURL, grid, grid.residents[210 + (i % 80)]!, agendaItemId, `备份期间的照片议题${i + 1}`, photo));
    })();
    while (load.acked.length < 100 || uploaded.length < 2) await new Promise((r) => setTimeout(r, 50));
    const startedAt = Date.now();
    const ackedBefore = [...load.acked];
    loadedBackup = path.join(dir, "backups", "under-load.tar.gz");
    const r = await runTsxAsync("scripts/backup.ts", dbFile, [loadedBackup]);
    const ackedDuring = load.acked.filter((w) => w.at > startedAt).length;
    uploading = false;
    await Promise.all([load.stop(), uploader]);
    photoTopics = [...photoTopics, ...uploaded];
    console.log(`[reliability] backup under load: ${ackedBefore.length} writes acknowledged before it began, ${ackedDuring} while it ran, ${uploaded.length} topics with photos meanwhile; ${r.stdout.trim().split("\n").join(" | ")}`);

    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toContain(`written to ${loadedBackup}`);
    expect(r.stdout).toContain("integrity_check of the copy: ok");
    expect(r.stdout).toMatch(/size \d+\.\d\d MB/);
    expect(load.failures).toEqual([]);
    // The server kept serving writes while the copy was made.
    expect(ackedDuring).toBeGreaterThan(0);

    const unpacked = await unpackedBackup(loadedBackup);
    try {
      expectConsistentSnapshot(unpacked.db, dbFile, ackedBefore);
      expectUploadsMatchDatabase(unpacked, uploadsDirFor(dbFile));
      // At least the photos of the topics proposed before the backup began.
      expect(unpacked.manifest.uploads.length).toBeGreaterThanOrEqual(3 * 2 * 2);
      const b = openRaw(unpacked.db);
      loadedBackupOpinions = (b.prepare("SELECT count(*) AS n FROM opinions WHERE topic_id = ?").get(topicId) as { n: number }).n;
      // One self-contained file: no WAL beside it to forget when copying it elsewhere.
      expect(b.pragma("journal_mode", { simple: true })).toBe("delete");
      b.close();
      const audit = auditVerify(unpacked.db);
      expect(audit.ok, audit.output).toBe(true);
    } finally {
      fs.rmSync(unpacked.dir, { recursive: true, force: true });
    }
  });

  test("restored into a new path, the backup equals the source table by table (rows and their hash) and file by file, and the audit chain verifies", async () => {
    // The server is up but idle: the source stands still while both are read.
    const backup = path.join(dir, "backups", "idle.tar.gz");
    expect(runTsx("scripts/backup.ts", dbFile, [backup]).status).toBe(0);
    const target = path.join(dir, "restored", "copy.db");
    const r = runTsx("scripts/restore.ts", target, [backup]);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toContain(`restored into ${target}`);
    expect(r.stdout).toContain(`uploads restored into ${uploadsDirFor(target)}`);
    const source = digestOf(dbFile);
    expect(Object.keys(source).length).toBeGreaterThan(30);
    expect(digestOf(target)).toEqual(source);
    const live = fs.readdirSync(uploadsDirFor(dbFile)).sort();
    expect(fs.readdirSync(uploadsDirFor(target)).sort()).toEqual(live);
    for (const f of live) expect(fs.readFileSync(path.join(uploadsDirFor(target), f)).equals(fs.readFileSync(path.join(uploadsDirFor(dbFile), f))), f).toBe(true);
    const audit = auditVerify(target);
    expect(audit.ok, audit.output).toBe(true);
  });

  test("restored onto an empty machine path, a server there serves every photo and thumbnail its topic pages link to", async () => {
    const machine = tempDir("gridcouncil-rel-newmachine-");
    let second: Server | undefined;
    try {
      const target = path.join(machine, "data", "gridcouncil.db");
      expect(fs.readdirSync(machine)).toEqual([]);
      const r = runTsx("scripts/restore.ts", target, [loadedBackup]);
      expect(r.status, r.stderr).toBe(0);
      second = await startServer(target, { logDir: machine });
      const cookie = await sessionCookie(second.baseURL, "13800000000"); // the demo community's administrator sees every grid
      const restored = openRaw(target);
      const stored = new Map((restored.prepare("SELECT id, stored_name AS name FROM topic_photos").all() as { id: number; name: string }[]).map((p) => [p.id, p.name]));
      const withPhotos = (restored.prepare("SELECT DISTINCT topic_id AS id FROM topic_photos").all() as { id: number }[]).map((t) => t.id);
      restored.close();
      expect(withPhotos.length).toBeGreaterThanOrEqual(3);
      let served = 0;
      for (const id of withPhotos) {
        const page = await fetch(`${second.baseURL}/topics/${id}`, { headers: { cookie } });
        expect(page.status).toBe(200);
        const html = await page.text();
        const links = [...new Set([...html.matchAll(/\/topics\/photos\/(\d+)(\?size=thumb)?(?=["'])/g)].map((m) => m[0]))];
        expect(links.length, `topic ${id} links to its photos`).toBeGreaterThanOrEqual(4); // two photos, each full and thumbnail
        for (const link of links) {
          const res = await fetch(`${second.baseURL}${link}`, { headers: { cookie } });
          expect(res.status, link).toBe(200);
          expect(res.headers.get("content-type"), link).toMatch(/^image\//);
          const [, photoId, thumb] = /\/(\d+)(\?size=thumb)?$/.exec(link)!;
          const name = stored.get(Number(photoId))!;
          // Byte for byte the file the source deployment stored for it.
          const original = fs.readFileSync(path.join(uploadsDirFor(dbFile), thumb ? thumbnailName(name) : name));
          expect(sha(new Uint8Array(await res.arrayBuffer())), link).toBe(sha(original));
          served++;
        }
      }
      console.log(`[reliability] restored onto ${machine}: ${served} photo links on ${withPhotos.length} topic pages, all served`);
    } finally {
      await second?.stop();
      if (!process.env.REL_KEEP) fs.rmSync(machine, { recursive: true, force: true });
    }
  });

  test("restore refuses while the server holds the database, and changes nothing", async () => {
    const before = digestOf(dbFile);
    const uploadsBefore = fs.readdirSync(uploadsDirFor(dbFile)).sort();
    const r = runTsx("scripts/restore.ts", dbFile, [loadedBackup]);
    expect(r.status).toBe(3);
    expect(r.stderr).toContain("is in use (is the server running?)");
    expect(digestOf(dbFile)).toEqual(before);
    expect(fs.readdirSync(uploadsDirFor(dbFile)).sort()).toEqual(uploadsBefore);
    expect((await call(server!.baseURL, `/api/v1/topics/${topicId}/opinions`, { token: grid.chief.token })).status).toBe(200);
  });

  test("with the server stopped, restore puts the backup in place and keeps the old database and uploads; the restarted server serves the restored data and photos", async () => {
    await server!.stop();
    server = undefined;
    const before = digestOf(dbFile);
    const uploadsBefore = fs.readdirSync(uploadsDirFor(dbFile)).sort();
    const r = runTsx("scripts/restore.ts", dbFile, [loadedBackup]);
    expect(r.status, r.stderr).toBe(0);
    const safety = r.stdout.match(/previous database kept at (\S+)/)?.[1];
    expect(safety).toBeTruthy();
    expect(digestOf(safety!)).toEqual(before);
    const safetyUploads = r.stdout.match(/previous uploads kept at (\S+)/)?.[1];
    expect(fs.readdirSync(safetyUploads!).sort()).toEqual(uploadsBefore);
    const unpacked = await unpackedBackup(loadedBackup);
    try {
      expect(digestOf(dbFile)).toEqual(digestOf(unpacked.db));
      expect(fs.readdirSync(uploadsDirFor(dbFile)).sort()).toEqual(unpacked.manifest.uploads.map((u) => u.name).sort());
    } finally {
      fs.rmSync(unpacked.dir, { recursive: true, force: true });
    }

    server = await startServer(dbFile);
    const listed = await call(server.baseURL, `/api/v1/topics/${topicId}/opinions`, { token: grid.chief.token });
    expect(listed.status).toBe(200);
    const d = openRaw(dbFile);
    expect((d.prepare("SELECT count(*) AS n FROM opinions WHERE topic_id = ?").get(topicId) as { n: number }).n).toBe(loadedBackupOpinions);
    const photoIds = (d.prepare("SELECT id FROM topic_photos").all() as { id: number }[]).map((p) => p.id);
    d.close();
    for (const id of photoIds) {
      const res = await fetch(`${server.baseURL}/topics/photos/${id}?size=thumb`, { headers: { authorization: `Bearer ${grid.chief.token}` } });
      expect(res.status, `photo ${id}`).toBe(200);
    }
    // Writes go on from the restored state.
    const posted = await call(server.baseURL, `/api/v1/topics/${topicId}/opinions`, { token: grid.residents[5]!.token, body: { stance: "support", body: "恢复之后的第一条意见，写入正常。" } });
    expect(posted.status).toBe(201);
    const audit = auditVerify(dbFile);
    expect(audit.ok, audit.output).toBe(true);
  });
});
