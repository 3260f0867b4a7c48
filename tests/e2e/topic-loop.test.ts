import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { api, apiToken, baseURL, launchBrowser, newPhone, signIn } from "./browser";

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

/** A real 1×1 PNG, as a phone camera upload would arrive (content, not extension, is checked). */
const png = Buffer.from("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==", "base64");

async function as<T>(phone: string, fn: (page: Page) => Promise<T>): Promise<T> {
  const { context, page } = await newPhone(browser);
  try {
    await signIn(page, phone);
    return await fn(page);
  } finally {
    await context.close();
  }
}

describe("intake and consultation, switching accounts in one run", () => {
  let topicPath = "";
  const title = "东门车棚顶棚破损漏雨";

  test("a resident proposes with a photo; four neighbours co-sign; the grid chief admits it at grid level", async () => {
    topicPath = await as("13800000120", async (page) => {
      await page.goto("/topics/new");
      await page.getByLabel("议事清单事项").selectOption({ label: "充电桩与车棚建设" });
      await page.getByLabel("议题标题").fill(title);
      await page.locator("#description").click();
      await page.keyboard.type("东门非机动车棚的顶棚破了好几块，下雨时电动车全被淋湿，还有触电隐患。");
      await page.getByLabel(/照片/).setInputFiles({ name: "shed.png", mimeType: "image/png", buffer: png });
      await page.getByRole("button", { name: "提交议题" }).click();
      await page.waitForURL(/\/topics\/\d+$/);
      await expect.poll(() => page.getByRole("heading", { name: title }).isVisible()).toBe(true);
      const img = page.getByRole("img", { name: /现场照片 1/ });
      expect(await img.evaluate((el) => (el as HTMLImageElement).naturalWidth)).toBe(1);
      return new URL(page.url()).pathname;
    });

    for (const phone of ["13800000121", "13800000122", "13800000123", "13800000124"]) {
      await as(phone, async (page) => {
        await page.goto(topicPath);
        await page.getByRole("button", { name: "我也附议" }).click();
        await expect.poll(() => page.getByText("您已附议").isVisible()).toBe(true);
      });
    }

    await as("13800000001", async (page) => {
      await page.goto("/topics?view=awaitingMe");
      await page.getByRole("link", { name: new RegExp(title) }).click();
      await expect.poll(() => page.getByText("待准入").first().isVisible()).toBe(true);
      await page.getByLabel("网格级").check();
      await page.getByRole("button", { name: "准入议题" }).click();
      await expect.poll(() => page.getByText("协商中").first().isVisible()).toBe(true);
    });
  });

  test("the property firm answers officially, shown as its organisation's response", async () => {
    await as("13800000003", async (page) => {
      await page.goto(topicPath);
      await page.getByRole("radio", { name: "建议" }).first().check();
      await page.getByLabel("意见内容").fill("物业本周五前更换破损顶棚板，并检查车棚内的充电线路。");
      await page.getByLabel(/代表「安居物业服务有限公司」作官方回应/).check();
      await page.getByRole("button", { name: "发表意见" }).click();
      await expect.poll(() => page.getByText("安居物业服务有限公司 官方回应").first().isVisible()).toBe(true);
    });
  });

  test("a meeting is scheduled, two residents check in by QR code, the minutes are published", async () => {
    // Starts five minutes ago (Beijing time in the form), so the minutes may be published at once.
    const startsAt = new Date(Date.now() + 8 * 3600_000 - 5 * 60_000).toISOString().slice(0, 16);
    const meetingPath = await as("13800000001", async (page) => {
      page.on("dialog", (d) => void d.accept());
      await page.goto(topicPath);
      await page.getByRole("link", { name: /安排议事会/ }).first().click();
      await page.waitForURL(/\/meetings\/new/);
      await page.getByLabel("会议名称").fill("车棚维修议事会");
      await page.getByLabel("开始时间").fill(startsAt);
      await page.getByLabel("地点").fill("红心议事厅");
      await page.getByLabel("本网格全体业主").check();
      await page.getByRole("button", { name: "安排会议并通知" }).click();
      await page.waitForURL(/\/meetings\/\d+$/);
      await page.getByRole("button", { name: "开启扫码签到" }).click();
      await expect.poll(() => page.getByText(/check-in\?code=/).isVisible()).toBe(true);
      const checkInUrl = (await page.getByText(/check-in\?code=/).textContent())!.trim();
      return { path: new URL(page.url()).pathname, checkInUrl };
    });

    for (const phone of ["13800000121", "13800000122"]) {
      await as(phone, async (page) => {
        await page.goto(meetingPath.checkInUrl);
        // Loading the link checks no one in: the button does (a POST).
        await page.getByRole("button", { name: "确认签到" }).click();
        await expect.poll(() => page.locator("main").textContent()).toMatch(/签到成功/);
      });
    }

    await as("13800000001", async (page) => {
      page.on("dialog", (d) => void d.accept());
      await page.goto(meetingPath.path);
      await expect.poll(() => page.locator("main").textContent()).toMatch(/扫码签到/);
      await page.getByLabel("结论").first().fill("物业本周五前更换顶棚板，网格员跟进验收。");
      await page.getByRole("button", { name: "发布纪要" }).click();
      // Published minutes replace the editor and carry their publication date.
      await expect.poll(() => page.locator("main").textContent()).toMatch(/\d+年\d+月\d+日.{0,12}发布/);
      // The minutes print as A4 with the attendees who checked in.
      await page.goto(`${meetingPath.path}?print=minutes`);
      const minutes = (await page.locator("main").textContent()) ?? "";
      expect(minutes).toContain("物业本周五前更换顶棚板");
      expect(minutes).toContain("出席人员（2 人）");
      const pdf = await page.pdf({ format: "A4" });
      expect(pdf.byteLength).toBeGreaterThan(1000);
    });
  });

  test("the proposer sees every step in the timeline and the inbox", async () => {
    await as("13800000120", async (page) => {
      await page.goto(topicPath);
      const timeline = (await page.locator("ol.timeline").textContent()) ?? "";
      for (const step of ["发起议题", "附议（第 4 人）", "附议达标，提交准入", "准入议题（网格级）", "发表官方回应", "安排议事会", "公布会议纪要"]) expect(timeline).toContain(step);
      expect(await page.locator("main").textContent()).toContain("物业本周五前更换顶棚板");
      expect(Number(await page.getByTestId("unread-count").textContent())).toBeGreaterThanOrEqual(3);
      await page.goto("/inbox");
      const inbox = (await page.locator("main").textContent()) ?? "";
      expect(inbox).toContain(title);
      expect(inbox).toMatch(/附议.*达/);
      expect(inbox).toMatch(/准入/);
      expect(inbox).toMatch(/官方回应/);
      expect(inbox).toMatch(/会议纪要/);
    });
  });

  test("refusals write nothing: another grid's resident co-signs, a resident admits, outside the catalog, twice, bad uploads", async () => {
    const topicId = Number(topicPath.split("/").pop());
    const proposerToken = await apiToken("13800000120");
    const before = await api(`/api/v1/topics/${topicId}`, { token: proposerToken });

    // A fresh topic of grid 1 still collecting co-signatures.
    const fresh = await api("/api/v1/topics", {
      method: "POST",
      token: proposerToken,
      body: { gridId: 1, agendaItemId: await itemId(proposerToken, "噪音扰民"), title: "夜市摊位噪音扰民", description: doc("晚上十点以后夜市摊位还在大声放音乐，影响休息。") },
    });
    expect(fresh.status).toBe(201);
    const freshId = (fresh.json as { topicId: number }).topicId;

    const grid2 = await apiToken("13800000201");
    expect((await api(`/api/v1/topics/${freshId}/cosign`, { method: "POST", token: grid2 })).status).toBe(403);
    const neighbour = await apiToken("13800000130");
    expect((await api(`/api/v1/topics/${freshId}/cosign`, { method: "POST", token: neighbour })).status).toBe(200);
    const twice = await api(`/api/v1/topics/${freshId}/cosign`, { method: "POST", token: neighbour });
    expect(twice.status).toBe(409);
    expect((twice.json.error as { message: string }).message).toBe("您已经附议过这个议题了");
    expect((await api(`/api/v1/topics/${freshId}/admit`, { method: "POST", token: proposerToken, body: { level: "grid" } })).status).toBe(403);

    const outside = await api("/api/v1/topics", { method: "POST", token: proposerToken, body: { gridId: 1, agendaItemId: 99999, title: "清单外的事情", description: doc("这件事不在议事清单里面，看看会怎样。") } });
    expect(outside.status).toBe(422);
    expect((outside.json.error as { message: string }).message).toContain("议事清单");

    const upload = async (file: Blob, name: string) => {
      const form = new FormData();
      form.set("gridId", "1");
      form.set("agendaItemId", String(await itemId(proposerToken, "噪音扰民")));
      form.set("title", "带附件的议题测试");
      form.set("description", JSON.stringify(doc("附件检查：这里的附件应该被拒绝。")));
      form.append("photos", file, name);
      const res = await fetch(`${baseURL()}/api/v1/topics`, { method: "POST", headers: { authorization: `Bearer ${proposerToken}` }, body: form });
      return { status: res.status, body: (await res.json()) as { error?: { message: string } } };
    };
    const notImage = await upload(new Blob(["<script>alert(1)</script>".padEnd(64, " ")], { type: "image/png" }), "evil.png");
    expect(notImage.status).toBe(422);
    expect(notImage.body.error?.message).toContain("不是图片");
    const big = Buffer.alloc(5 * 1024 * 1024 + 10);
    png.copy(big);
    const oversized = await upload(new Blob([big], { type: "image/png" }), "huge.png");
    expect(oversized.status).toBe(422);
    expect(oversized.body.error?.message).toContain("超过 5MB");

    const list = await api("/api/v1/topics?q=附件检查", { token: proposerToken });
    expect((list.json as { total: number }).total).toBe(0);
    const after = await api(`/api/v1/topics/${topicId}`, { token: proposerToken });
    expect((after.json as { timeline: unknown[] }).timeline.length).toBe((before.json as { timeline: unknown[] }).timeline.length);
  });
});

const doc = (text: string) => ({ type: "doc", content: [{ type: "paragraph", content: [{ type: "text", text }] }] });

async function itemId(_token: string, name: string): Promise<number> {
  const res = await api("/api/v1/places/catalog");
  return (res.json.items as { id: number; name: string }[]).find((i) => i.name === name)!.id;
}
