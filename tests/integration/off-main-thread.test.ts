import fs from "node:fs";
import { isMainThread, threadId } from "node:worker_threads";
import { NextRequest } from "next/server";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";

// bcrypt and pdfkit must never run on the server's event loop. Here neither library works on this
// (the main) thread at all: the use cases only succeed if the work happens in a worker thread,
// which loads the real libraries itself (vi.mock does not reach worker threads).
vi.mock("bcryptjs", async (importOriginal) => {
  const real = (await importOriginal<{ default: typeof import("bcryptjs") }>()).default;
  const refuse = () => {
    throw new Error("bcrypt ran on the main thread");
  };
  // hashSync stays: the test factory hashes its fixed password once at load, outside any use case.
  const mocked = { ...real, hash: refuse, compare: refuse, compareSync: refuse, genSalt: refuse };
  return { ...mocked, default: mocked };
});
vi.mock("pdfkit", () => ({
  default: class {
    constructor() {
      throw new Error("pdfkit ran on the main thread");
    }
  },
}));

import type { DB } from "@/db/client";
import { topicEvents } from "@/db/schema";
import { checkAgainstDummy, checkPassword, hashPassword } from "@/lib/auth/password";
import { messages } from "@/lib/i18n/messages";
import * as recordRoute from "@/app/topics/[id]/record.pdf/route";
import { issueApiToken } from "@/lib/auth/tokens";
import { MAX_PDFS_PER_PERSON } from "@/lib/exports/topic-record-pdf";
import { documentFromText } from "@/lib/richtext/document";
import { runTask } from "@/lib/workers/pool";
import { tempDb } from "../helpers/db";
import { makeCommunity, makeItem, makePerson, insertTopicRow } from "../helpers/factory";
import { unitOfWork } from "@/db/unit-of-work";

// Any TrueType font renders (Chinese glyphs come out blank without a CJK one); the machine may lack fonts-noto-cjk.
const fontPath = ["/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc", "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"].find((f) => fs.existsSync(f));

/** Counts the event loop's turns until stopped: work holding this thread would keep it from turning. */
function countLoopTurns(): () => number {
  let turns = 0;
  let done = false;
  const spin = () => {
    turns++;
    if (!done) setImmediate(spin);
  };
  setImmediate(spin);
  return () => {
    done = true;
    return turns;
  };
}

describe("the worker pool", () => {
  it("runs its tasks on a thread other than the event loop's", async () => {
    expect(isMainThread).toBe(true);
    const workerThread = await runTask<number>("password", "whereAmI", null);
    expect(workerThread).not.toBe(threadId);
    expect(await runTask<number>("pdf", "whereAmI", null)).not.toBe(threadId);
  });
});

describe("passwords are hashed and checked off the main thread", () => {
  it("hashes and checks with bcrypt in a worker (bcrypt is unusable on this thread)", async () => {
    const hash = await hashPassword("correct horse 1");
    expect(hash).toMatch(/^\$2[ab]\$10\$/);
    expect(await checkPassword("correct horse 1", hash)).toBe(true);
    expect(await checkPassword("correct horse 2", hash)).toBe(false);
  });

  it("hashes already in a database keep working ($2b$ from bcryptjs 3, $2a$ from older versions)", async () => {
    const stored = "$2b$10$Pd0qqUCtu.mXl1YiLSGW8eH5DzKnTnMDnPeNRVVPJ.E9ri/M9rAIy"; // "old-password-2024", cost 10
    expect(await checkPassword("old-password-2024", stored)).toBe(true);
    expect(await checkPassword("old-password-2024", stored.replace("$2b$", "$2a$"))).toBe(true);
    expect(await checkPassword("old-password-2025", stored)).toBe(false);
  });

  it("an unknown number's dummy check also runs in the worker and never matches", async () => {
    await expect(checkAgainstDummy("anything")).resolves.toBe(false);
  });

  it("the event loop keeps turning while twelve passwords are checked", async () => {
    const hash = await hashPassword("correct horse 1");
    const stopCounting = countLoopTurns();
    const results = await Promise.all(Array.from({ length: 12 }, () => checkPassword("correct horse 1", hash)));
    const turns = stopCounting();
    expect(results.every(Boolean)).toBe(true);
    // On the main thread bcrypt would hold the loop for each check; in workers the loop turns throughout.
    expect(turns).toBeGreaterThan(12);
  }, 60_000);
});

describe("the topic record PDF", () => {
  let t: ReturnType<typeof tempDb>;
  let db: DB;
  let place: Awaited<ReturnType<typeof makeCommunity>>;

  // The route as the app serves it (bearer token), in this test's database, with `fontPath`.
  const configuredFont = process.env.GRIDCOUNCIL_PDF_FONT;
  beforeEach(async () => {
    t = tempDb();
    db = t.db;
    place = await makeCommunity(db);
    process.env.GRIDCOUNCIL_DB = t.file;
    if (fontPath) process.env.GRIDCOUNCIL_PDF_FONT = fontPath;
  });
  afterEach(() => {
    if (configuredFont === undefined) delete process.env.GRIDCOUNCIL_PDF_FONT;
    else process.env.GRIDCOUNCIL_PDF_FONT = configuredFont;
    t.cleanup();
  });

  async function recordAs(person: { id: number }, topicId: number, locale: "zh-CN" | "en") {
    const headers = { authorization: `Bearer ${(await issueApiToken(db, person.id)).token}`, "accept-language": locale };
    return recordRoute.GET(new NextRequest(`http://localhost/topics/${topicId}/record.pdf`, { headers }), { params: Promise.resolve({ id: String(topicId) }) });
  }

  /** A row written by hand, not makeTopic: a record far bigger than people make (a 200-line description, 1500 timeline entries). */
  async function bigTopic() {
    const resident = await makePerson(db, place, "resident", { grid: "A" });
    const item = await makeItem(db, place, { name: "楼道堆物" });
    const description = { descriptionJson: documentFromText("一楼楼道停放电动车，存在消防隐患。\n".repeat(200)), descriptionHtml: "<p>一楼楼道停放电动车</p>" };
    const topic = await insertTopicRow(db, place, { agendaItemId: item.id, title: "电动车进楼道充电问题", ...description, proposerId: resident.id, cosignThreshold: 5, cosignDeadline: new Date("2026-03-15T00:00:00Z"), state: "consulting" });
    await unitOfWork(db, async (tx) => {
      for (let i = 0; i < 1500; i++) await tx.insert(topicEvents).values({ topicId: topic.id, actorId: resident.id, kind: "opinionAdded", note: `第 ${i} 条意见的摘要`, at: new Date() });
    });
    return { resident, topic };
  }

  it.runIf(fontPath)("renders a big record in a worker while the event loop keeps turning (pdfkit is unusable on this thread)", async () => {
    const { resident, topic } = await bigTopic();
    const stopCounting = countLoopTurns();
    const res = await recordAs(resident, topic.id, "zh-CN");
    const turns = stopCounting();
    expect(res.status).toBe(200);
    const pdf = Buffer.from(await res.arrayBuffer());
    expect(pdf.subarray(0, 4).toString("latin1")).toBe("%PDF");
    expect(pdf.length).toBeGreaterThan(20_000);
    expect(turns).toBeGreaterThan(10);
  }, 60_000);

  it.runIf(fontPath)(`one person may have ${MAX_PDFS_PER_PERSON} PDFs rendering at once; another is a translated 429, other people are not held up`, async () => {
    const { resident, topic } = await bigTopic();
    const neighbour = await makePerson(db, place, "resident", { grid: "A" });
    const mine = Array.from({ length: MAX_PDFS_PER_PERSON + 1 }, (_, i) => recordAs(resident, topic.id, i === MAX_PDFS_PER_PERSON ? "en" : "zh-CN"));
    const theirs = await recordAs(neighbour, topic.id, "zh-CN");
    const [a, b, extra] = await Promise.all(mine);
    expect([a!.status, b!.status]).toEqual([200, 200]);
    expect(extra!.status).toBe(429);
    expect(await extra!.json()).toEqual({ error: { code: "too_many_requests", message: messages.en.errors.pdfBusy.replace("{max}", String(MAX_PDFS_PER_PERSON)) } });
    expect((await theirs).status).toBe(200);
    // Once those are done, the person may ask again.
    expect((await recordAs(resident, topic.id, "zh-CN")).status).toBe(200);
  }, 60_000);
});
