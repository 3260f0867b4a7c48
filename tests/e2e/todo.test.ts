import fs from "node:fs";
import path from "node:path";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { launchBrowser, newPhone, signIn } from "./browser";

/**
 * The to-do centre (待我处理) as each demo role sees it on the home page at phone width: the items
 * the demo data puts there (README "Demo accounts"), the header's count equal to the list, and an
 * item that leads to the page where the action is done. Screenshots in test-results/todo/.
 */

let browser: Browser;
const shots = path.resolve(__dirname, "../../test-results/todo");
beforeAll(async () => {
  browser = await launchBrowser();
  fs.mkdirSync(shots, { recursive: true });
});
afterAll(async () => {
  await browser?.close();
});

type Seen = { kind: string; text: string }[];

/** Signs in at 390 px, opens the home page, and reads the list and the header's count. */
async function homeOf(phone: string): Promise<{ page: Page; close: () => Promise<void>; items: Seen; badge: number }> {
  const { context, page } = await newPhone(browser);
  await signIn(page, phone);
  await page.goto("/");
  await page.getByTestId("todo").waitFor();
  const rows = page.getByTestId("todo-item");
  const items: Seen = [];
  for (let i = 0; i < (await rows.count()); i++) {
    const row = rows.nth(i);
    items.push({ kind: (await row.getAttribute("data-kind")) ?? "", text: (await row.textContent()) ?? "" });
  }
  const badgeEl = page.getByTestId("todo-badge-count");
  const badge = (await badgeEl.count()) ? Number(await badgeEl.textContent()) : 0;
  return { page, close: () => context.close(), items, badge };
}

const item = (items: Seen, kind: string, text: string) => items.some((i) => i.kind === kind && i.text.includes(text));
const titlesOfGridOne = ["4号楼楼道感应灯不亮", "垃圾分类投放点太少", "1号楼楼道电动车充电隐患", "东门外晚上停车位不够", "中心花园绿地被毁种菜", "更换2号楼两个单元的门禁锁和读卡器"];

describe("every demo role finds what waits for them on the home page", () => {
  test("a resident and owner of building 1: vote, co-sign the building's topic, say whether satisfied; the vote opens its ballot", async () => {
    const h = await homeOf("13800000107");
    expect(item(h.items, "vote", "4号楼楼道感应灯不亮"), JSON.stringify(h.items)).toBe(true);
    expect(item(h.items, "cosign", "1号楼楼道电动车充电隐患")).toBe(true);
    expect(item(h.items, "satisfaction", "垃圾分类投放点太少")).toBe(true);
    // Nothing of staff, firm or supervisor.
    expect(h.items.filter((i) => ["admitTopic", "reviewRegistrations", "reportTask", "rate", "openVoting"].includes(i.kind))).toEqual([]);
    expect(h.badge).toBe(h.items.length);
    await expect.poll(() => h.page.getByRole("link", { name: `待我处理（${h.items.length} 项）` }).count()).toBe(1);
    await h.page.screenshot({ path: path.join(shots, "resident-390.png"), fullPage: true });
    // The header's counts, switches and menu fit the phone: nothing spills sideways, the menu is on screen.
    expect(await h.page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    expect((await h.page.locator('summary[aria-label="菜单"]').boundingBox())!.x + 44).toBeLessThanOrEqual(390);

    // The vote's link opens the ballot where the vote is cast.
    await h.page.locator('[data-testid="todo-item"][data-kind="vote"]').filter({ hasText: "4号楼楼道感应灯不亮" }).getByRole("link").click();
    await h.page.waitForURL(/\/ballots\/\d+$/);
    await expect.poll(() => h.page.getByText("4号楼楼道感应灯不亮").first().isVisible()).toBe(true);
    // The header's count leads back to the list.
    await h.page.getByTestId("todo-badge").click();
    await h.page.waitForURL((u) => u.pathname === "/" && u.hash === "#todo");
    await h.close();
  });

  test("the property firm: report progress on the task it took; the link opens the task", async () => {
    const h = await homeOf("13800000003");
    expect(item(h.items, "reportTask", "更换2号楼两个单元的门禁锁和读卡器"), JSON.stringify(h.items)).toBe(true);
    expect(h.badge).toBe(h.items.length);
    await h.page.locator('[data-testid="todo-item"][data-kind="reportTask"]').filter({ hasText: "更换2号楼两个单元的门禁锁和读卡器" }).getByRole("link").click();
    await h.page.waitForURL(/\/tasks\/\d+$/);
    await expect.poll(() => h.page.getByTestId("progress-form").isVisible()).toBe(true);
    await h.close();
  });

  test("the supervisor: rate the topic under review; the link opens the rating form", async () => {
    const h = await homeOf("13800000005");
    expect(item(h.items, "rate", "垃圾分类投放点太少"), JSON.stringify(h.items)).toBe(true);
    expect(h.items.every((i) => i.kind === "rate")).toBe(true);
    expect(h.badge).toBe(h.items.length);
    await h.page.locator('[data-testid="todo-item"][data-kind="rate"]').filter({ hasText: "垃圾分类投放点太少" }).getByRole("link").click();
    await h.page.waitForURL(/\/ratings\/\d+$/);
    await h.close();
  });

  test("the grid chief and the grid worker: admit, put the drafted plan to the vote, verify registrations", async () => {
    for (const phone of ["13800000001", "13800000002"]) {
      const h = await homeOf(phone);
      expect(item(h.items, "admitTopic", "东门外晚上停车位不够"), JSON.stringify(h.items)).toBe(true);
      expect(item(h.items, "openVoting", "中心花园绿地被毁种菜")).toBe(true);
      expect(item(h.items, "reviewRegistrations", "待核实的居民注册")).toBe(true);
      // The community-level topic is the community admin's, not the grid's.
      expect(h.items.some((i) => i.text.includes("3号楼加装电梯"))).toBe(false);
      expect(h.badge).toBe(h.items.length);
      if (phone === "13800000001") {
        await h.page.screenshot({ path: path.join(shots, "grid-chief-390.png"), fullPage: true });
        // Two-digit counts in the header still leave it within the phone's width.
        expect(await h.page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
        await h.page.locator('[data-testid="todo-item"][data-kind="admitTopic"]').filter({ hasText: "东门外晚上停车位不够" }).getByRole("link").click();
        await h.page.waitForURL(/\/topics\/\d+$/);
        await expect.poll(() => h.page.getByRole("heading", { name: "东门外晚上停车位不够" }).isVisible()).toBe(true);

        // The dispatch form of the topic being carried out starts from the plan that carried the vote.
        // Through the list of topics being carried out: the whole list is newest first, and the other
        // browser tests' topics may have pushed this demo topic past its first page.
        await h.page.goto("/topics?stage=implementation");
        await h.page.getByRole("link", { name: "2号楼单元门禁损坏，外来人员随意进出" }).first().click();
        await h.page.waitForURL(/\/topics\/\d+$/);
        const form = h.page.getByTestId("create-task");
        await expect.poll(() => form.getByTestId("dispatch-from-plan").textContent()).toContain("2号楼单元门禁更换方案");
        expect(await form.locator('input[name="title"]').inputValue()).toBe("2号楼单元门禁更换方案");
        expect(await form.locator('input[name="dueOn"]').inputValue()).toMatch(/^\d{4}-\d{2}-\d{2}$/);
      }
      await h.close();
    }
  });

  test("the community admin: everything of the community, the community-level topic too", async () => {
    const h = await homeOf("13800000000");
    expect(item(h.items, "startDrafting", "3号楼加装电梯"), JSON.stringify(h.items)).toBe(true);
    expect(item(h.items, "admitTopic", "东门外晚上停车位不够")).toBe(true);
    expect(item(h.items, "reviewRegistrations", "待核实的居民注册")).toBe(true);
    expect(h.badge).toBe(h.items.length);
    await h.close();
  });

  test("the owners' committee, a resident of grid 2 and an account waiting for verification see nothing of grid 1", async () => {
    for (const phone of ["13800000004", "13800000201", "13800000302"]) {
      const h = await homeOf(phone);
      for (const title of titlesOfGridOne) expect([phone, h.items.some((i) => i.text.includes(title))]).toEqual([phone, false]);
      expect(h.badge).toBe(h.items.length);
      if (h.items.length === 0) {
        await expect.poll(() => h.page.getByText("暂时没有需要您处理的事项").isVisible()).toBe(true);
        expect(await h.page.getByTestId("todo-badge").count()).toBe(0);
      }
      await h.close();
    }
  });
});
