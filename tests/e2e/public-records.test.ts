import fs from "node:fs";
import Database from "better-sqlite3";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, test } from "vitest";
import { qrSvg } from "@/app/meetings/_lib/qr";
import { api, apiToken, baseURL, launchBrowser, newPhone, sessionCookie, signIn } from "./browser";

/**
 * Reaching residents where they are (issue 14), walked as they would: a signed-out neighbour scans
 * the printed notice's QR code and reads the decision's public record; a proposer shares the
 * co-sign card and its poster; staff print the entrance notice and the call list; a resident scans
 * the room's check-in code, signs in on the way, and is checked in only when they press the button.
 */

let browser: Browser;
let db: Database.Database;
const shots = process.env.GRIDCOUNCIL_SHOTS ?? "";

beforeAll(async () => {
  browser = await launchBrowser();
  db = new Database(inject("dbFile"), { readonly: true, fileMustExist: true });
});
afterAll(async () => {
  db?.close();
  await browser?.close();
});

const one = <T>(sql: string, ...params: unknown[]) => db.prepare(sql).get(...params) as T;
const topicId = (title: string) => one<{ id: number }>("select id from topics where title = ?", title).id;
const CHIEF = "13800000001";
const OWNER = "13800000101";

async function as<T>(phone: string | null, fn: (page: Page) => Promise<T>, viewport?: { width: number; height: number }): Promise<T> {
  const { context, page } = await newPhone(browser);
  try {
    if (viewport) await page.setViewportSize(viewport);
    if (phone) await signIn(page, phone);
    return await fn(page);
  } finally {
    await context.close();
  }
}

/** Everyone who took part in a topic, by name, phone and display number, and everything they wrote. */
function privateWordsOf(id: number): string[] {
  const people = db
    .prepare(
      `select name, phone, display_number as dn from people where id in (
         select proposer_id from topics where id = @id
         union select person_id from cosigns where topic_id = @id
         union select author_id from opinions where topic_id = @id
         union select cast_by from votes where ballot_id in (select id from ballots where topic_id = @id)
         union select actor_id from topic_events where topic_id = @id and actor_id is not null
         union select author_id from task_updates where task_id in (select id from tasks where topic_id = @id)
         union select supervisor_id from supervision_ratings where topic_id = @id
         union select person_id from satisfaction_votes where topic_id = @id)`,
    )
    .all({ id }) as { name: string; phone: string; dn: string }[];
  expect(people.length).toBeGreaterThan(5);
  const words = db
    .prepare(
      `select body as t from opinions where topic_id = @id
       union select body from task_updates where task_id in (select id from tasks where topic_id = @id)
       union select comment from supervision_ratings where topic_id = @id and comment != ''
       union select comment from satisfaction_votes where topic_id = @id and comment != ''`,
    )
    .all({ id }) as { t: string }[];
  return [...people.flatMap((p) => [p.name, p.phone, p.dn]), ...words.map((w) => w.t)];
}

function expectNoneOf(text: string, secrets: string[]) {
  const leaked = secrets.filter((s) => s && text.includes(s));
  expect(leaked, `leaked: ${leaked.join(", ")}`).toEqual([]);
}

describe("the public decision record", () => {
  test("the printed notice's QR code leads to the record, which a signed-out visitor reads without meeting a sign-in wall", async () => {
    const id = topicId("2号楼单元门禁损坏，外来人员随意进出");
    const noticeId = one<{ id: number }>("select id from notices where topic_id = ? order by id", id).id;
    const recordUrl = `${baseURL()}/records/${id}`;
    // The notice as printed carries the QR code of the record's URL on the public origin (as served).
    const printed = await fetch(`${baseURL()}/notices/${noticeId}?print=1`);
    expect(await printed.text()).toContain(await qrSvg(recordUrl));
    await as(null, async (page) => {
      // Scanning it: a phone not signed in opens that URL.
      await page.goto(recordUrl);
      expect(new URL(page.url()).pathname).toBe(`/records/${id}`);
      const main = (await page.locator("main").textContent()) ?? "";
      expect(main).toContain("2号楼单元门禁损坏，外来人员随意进出");
      expect(main).toContain("2号楼单元门禁更换方案");
      expect(main).toContain("安居物业服务有限公司");
      expect(await page.getByTestId("figure").count()).toBeGreaterThan(0);
      expect(main).toMatch(/同意\s*\d+/);
      expect(await page.getByTestId("record-tasks-summary").textContent()).toMatch(/共 1 项任务/);
      // Nobody's name, phone, display number or words: the whole document, scripts included.
      expectNoneOf(await page.content(), privateWordsOf(id));
    });
  });

  test("a closed topic's record has its ratings' summary; phone and desktop screenshots", async () => {
    const id = topicId("西门自行车棚顶棚漏雨");
    for (const [name, viewport] of [
      ["390", { width: 390, height: 844 }],
      ["1280", { width: 1280, height: 800 }],
    ] as const) {
      await as(
        null,
        async (page) => {
          await page.goto(`/records/${id}`);
          expect(await page.getByTestId("record-rating").count()).toBe(2);
          expect(await page.locator("main").textContent()).toContain("已办结");
          // Nothing wider than the screen at phone width.
          expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(viewport.width);
          expectNoneOf(await page.content(), privateWordsOf(id));
          if (shots) await page.screenshot({ path: `${shots}/record-${name}.png`, fullPage: true });
        },
        viewport,
      );
    }
    // On the topic's own page, the follow-up day is written as every other date is, not as 2027-02-26.
    await as(OWNER, async (page) => {
      await page.goto(`/topics/${id}`);
      expect(await page.locator("main").textContent()).toMatch(/回访日期：\d{4}年\d{1,2}月\d{1,2}日/);
    });
  });

  test("the JSON record is public too; a topic without a posted decision is a 404 like an unknown id", async () => {
    const id = topicId("西门自行车棚顶棚漏雨");
    const record = await api(`/api/v1/records/${id}`);
    expect(record.status).toBe(200);
    expectNoneOf(JSON.stringify(record.json), privateWordsOf(id));
    for (const other of [topicId("3号楼加装电梯"), topicId("4号楼楼道感应灯不亮"), 999_999]) {
      expect((await api(`/api/v1/records/${other}`)).status).toBe(404);
      expect((await fetch(`${baseURL()}/records/${other}`)).status).toBe(404);
    }
  });
});

describe("the co-sign share card", () => {
  test("a neighbour shares it: Open Graph tags on the public origin, the card signed out, a 750×1334 PNG poster", async () => {
    const id = topicId("1号楼楼道电动车充电隐患");
    const share = await as(OWNER, async (page) => {
      await page.goto(`/topics/${id}`);
      // The section is named for what it does (告知邻居), not for the printed notice only staff print.
      await page.getByRole("region", { name: "告知邻居" }).getByRole("link", { name: "分享到微信群" }).click();
      await page.waitForURL(/\/cosign\/\d+\/[\w-]+$/);
      return new URL(page.url()).pathname;
    });
    const html = await (await fetch(`${baseURL()}${share}`, { headers: { host: "evil.example", "x-forwarded-host": "evil.example" } })).text();
    expect(html).toContain(`<meta property="og:image" content="${baseURL()}${share}/poster.png"`);
    expect(html).toContain('property="og:title"');
    expect(html).not.toContain("evil.example");
    // A capability link: previews yes, search engines' indexes no.
    expect(html).toContain('<meta name="robots" content="noindex, nofollow"/>');

    await as(null, async (page) => {
      await page.goto(share);
      expect(await page.getByTestId("cosign-progress").textContent()).toMatch(/已附议 \d+ \/ \d+ 人/);
      // The same count as the topic's page: the threshold counts the proposer with the co-signers.
      const backers = one<{ n: number; t: number }>("select cosign_count + 1 as n, cosign_threshold as t from topics where id = ?", id);
      expect(await page.getByTestId("cosign-progress").textContent()).toBe(`已附议 ${backers.n} / ${backers.t} 人`);
    });

    const poster = await fetch(`${baseURL()}${share}/poster.png`);
    expect(poster.status).toBe(200);
    expect(poster.headers.get("content-type")).toBe("image/png");
    expect(poster.headers.get("cache-control")).toBe("public, max-age=300");
    expect(poster.headers.get("x-robots-tag")).toBe("noindex");
    const png = Buffer.from(await poster.arrayBuffer());
    expect(png.subarray(1, 4).toString()).toBe("PNG");
    // IHDR: width and height, big-endian, at bytes 16 and 20.
    expect([png.readUInt32BE(16), png.readUInt32BE(20)]).toEqual([750, 1334]);
    if (shots) fs.writeFileSync(`${shots}/poster.png`, png);

    const wrong = share.replace(/\/[\w-]+$/, `/${"A".repeat(22)}`);
    expect((await fetch(`${baseURL()}${wrong}`)).status).toBe(404);
    expect((await fetch(`${baseURL()}${wrong}/poster.png`)).status).toBe(404);
  });
});

describe("for residents without smartphones", () => {
  test("staff print the entrance notice as an A4 PDF; a resident may not", async () => {
    const id = topicId("4号楼楼道感应灯不亮");
    const chief = await fetch(`${baseURL()}/topics/${id}/entrance-notice.pdf`, { headers: { cookie: await sessionCookie(CHIEF) } });
    expect(chief.status).toBe(200);
    expect(chief.headers.get("content-type")).toBe("application/pdf");
    const pdf = Buffer.from(await chief.arrayBuffer());
    expect(pdf.subarray(0, 5).toString()).toBe("%PDF-");
    if (shots) fs.writeFileSync(`${shots}/entrance-notice.pdf`, pdf);
    expect((await fetch(`${baseURL()}/topics/${id}/entrance-notice.pdf`, { headers: { cookie: await sessionCookie(OWNER) } })).status).toBe(403);
  });

  test("the call list names those who have not voted, with flat and phone, and no one's choice", async () => {
    const ballotId = one<{ id: number }>("select id from ballots where status = 'open' and topic_id = ?", topicId("4号楼楼道感应灯不亮")).id;
    const waiting = one<{ phone: string }>(
      `select p.phone from ballot_elector_members m join people p on p.id = m.person_id
       where m.ballot_id = @id and m.elector_key not in (select elector_key from votes where ballot_id = @id) order by p.id`,
      { id: ballotId },
    ).phone;
    const voted = one<{ phone: string }>(
      "select p.phone from votes v join ballot_elector_members m on m.ballot_id = v.ballot_id and m.elector_key = v.elector_key join people p on p.id = m.person_id where v.ballot_id = ? order by p.id",
      ballotId,
    ).phone;
    await as(CHIEF, async (page) => {
      await page.goto(`/ballots/${ballotId}`);
      await page.getByRole("link", { name: "未投票名单（电话提醒）" }).click();
      await page.waitForURL(/\/call-list$/);
      const main = (await page.locator("main").textContent()) ?? "";
      expect(main).toContain(waiting);
      expect(main).not.toContain(voted);
      for (const choice of ["同意", "反对", "弃权"]) expect(main).not.toContain(choice);
      if (shots) await page.screenshot({ path: `${shots}/call-list-390.png`, fullPage: true });
    });
    const resident = await fetch(`${baseURL()}/ballots/${ballotId}/call-list`, { headers: { cookie: await sessionCookie(OWNER) } });
    // Refused in place (the page's own words, as staff pages do), without the list.
    const refusedPage = await resident.text();
    expect(refusedPage).toContain("只有本表决所属网格的网格长");
    expect(refusedPage).not.toContain(waiting);
  });
});

describe("QR check-in", () => {
  test("through the sign-in page: loading the link checks no one in, the button does — 签到成功 first, already the second time", async () => {
    const chief = await apiToken(CHIEF);
    const grid = one<{ id: number }>("select id from grids where code = '01'").id;
    const made = await api("/api/v1/meetings", {
      method: "POST",
      token: chief,
      body: { gridId: grid, title: "扫码签到测试会", startsAt: new Date(Date.now() + 3_600_000).toISOString(), place: "议事厅", topicIds: [topicId("中心花园绿地被毁种菜")] },
    });
    expect(made.status, JSON.stringify(made.json)).toBe(201);
    const meetingId = (made.json as { meetingId: number }).meetingId;
    const opened = await api(`/api/v1/meetings/${meetingId}/check-in/open`, { method: "POST", token: chief, body: { validMinutes: 60 } });
    expect(opened.status, JSON.stringify(opened.json)).toBe(200);
    const checkInUrl = `/meetings/${meetingId}/check-in?code=${encodeURIComponent((opened.json as { code: string }).code)}`;
    const present = () => one<{ n: number }>("select count(*) as n from meeting_attendance where meeting_id = ?", meetingId).n;

    await as(null, async (page) => {
      await page.goto(checkInUrl);
      await page.waitForURL(/\/sign-in/);
      await page.getByLabel("手机号").fill(OWNER);
      await page.getByLabel("密码").fill("demo1234");
      await page.getByRole("button", { name: "登录", exact: true }).click();
      await page.waitForURL(/\/check-in\?code=/);
      await expect.poll(() => page.getByRole("button", { name: "确认签到" }).isVisible()).toBe(true);
      expect(await page.locator("main").textContent()).not.toContain("已经签到过了");
      expect(present()).toBe(0);
      await page.getByRole("button", { name: "确认签到" }).click();
      await expect.poll(() => page.getByTestId("check-in-result").textContent()).toContain("签到成功");
      expect(present()).toBe(1);
      await page.reload();
      await expect.poll(() => page.getByTestId("check-in-result").textContent()).toContain("您已经签到过了");
      expect(present()).toBe(1);
    });
  });
});
