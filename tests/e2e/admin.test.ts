import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { api, apiToken, launchBrowser, newPhone, signIn } from "./browser";

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

describe("the community admin sets up places", () => {
  test("adds a building to grid 3, imports its units from a CSV (a bad file writes nothing), and residents can pick them", async () => {
    const { context, page } = await newPhone(browser);
    await signIn(page, "13800000000");
    await page.goto("/admin/grids");
    await page.getByRole("link", { name: /第三网格/ }).first().click();
    await page.getByLabel("楼栋编号").fill("5");
    await page.getByLabel("楼栋名称").fill("5号楼");
    await page.getByLabel("层数").fill("6");
    await page.getByRole("button", { name: "新建楼栋" }).click();
    await expect.poll(() => page.getByText("5号楼").first().isVisible()).toBe(true);

    // A CSV with a missing area: the dry run names the line, the import button stays disabled, no unit is written.
    // Reached as an admin would, from the overview's 批量导入房屋 (it once led to a page that does not exist).
    await page.goto("/admin");
    await page.getByRole("link", { name: "批量导入房屋" }).click();
    await page.waitForURL((u) => u.pathname === "/admin/imports/estate");
    const bad = ["网格编号,楼栋编号,房号,面积", "03,05,1-101,88.5", "03,05,1-102,", "03,05,1-201,90"].join("\n");
    const choose = (text: string) => page.getByLabel("文件（.xlsx 或 .csv）").setInputFiles({ name: "units.csv", mimeType: "text/csv", buffer: Buffer.from(text) });
    await choose(bad);
    await page.getByRole("button", { name: "检查文件" }).click();
    await expect.poll(() => page.getByText("1 行被拒绝").isVisible()).toBe(true);
    await expect.poll(() => page.getByText("第 3 行 · 专有面积").isVisible()).toBe(true);
    await expect.poll(() => page.getByText("请填写面积").isVisible()).toBe(true);
    expect(await page.getByRole("button", { name: "确认导入" }).isDisabled()).toBe(true);

    const grids = (await api("/api/v1/places/grids")).json.grids as { id: number; name: string }[];
    const grid3 = grids.find((g) => g.name === "第三网格")!;
    const buildings = (await api(`/api/v1/places/grids/${grid3.id}/buildings`)).json.buildings as { id: number; name: string }[];
    const b5 = buildings.find((b) => b.name === "5号楼")!;
    expect((await api(`/api/v1/places/buildings/${b5.id}/units`)).json.units).toEqual([]);

    // The corrected file checks clean and imports every row.
    await choose(bad.replace("03,05,1-102,", "03,05,1-102,76.25"));
    await page.getByRole("button", { name: "检查文件" }).click();
    await expect.poll(() => page.getByText("没有被拒绝的行").isVisible()).toBe(true);
    await page.getByRole("button", { name: "确认导入" }).click();
    await expect.poll(() => page.getByText("导入完成：新建网格 0 个、楼栋 0 栋、房屋 3 套").isVisible()).toBe(true);
    const units = (await api(`/api/v1/places/buildings/${b5.id}/units`)).json.units as { number: string }[];
    expect(units.map((u) => u.number).sort()).toEqual(["1-101", "1-102", "1-201"]);
    // The building's own 批量导入 leads to the same import.
    await page.goto(`/admin/buildings/${b5.id}`);
    await page.getByRole("link", { name: "批量导入", exact: true }).click();
    await page.waitForURL((u) => u.pathname === "/admin/imports/estate");
    await context.close();

    // The grid worker of grid 1 is no admin: the server refuses the same import.
    const worker = await apiToken("13800000002");
    const refused = await api("/api/v1/imports/estate", { method: "POST", token: worker, body: { dryRun: "0" } });
    expect(refused.status).toBe(403);
  });

  test("at 1280 px the admin's header holds on one line: every section reachable, name and 退出 unbroken", async () => {
    const { context, page } = await newPhone(browser);
    await page.setViewportSize({ width: 1280, height: 800 });
    await signIn(page, "13800000000");
    await page.goto("/");
    const header = page.locator("header").first();
    // Nothing in the header's row spills over or is squeezed under another item.
    const row = await header.locator("> div").evaluate((el) => ({ scroll: el.scrollWidth, client: el.clientWidth }));
    expect(row.scroll).toBeLessThanOrEqual(row.client);
    // Each on one line (squeezed, they stood as 退/出 and 王/建/国).
    const lines = (name: string, role: "link" | "button") =>
      header.getByRole(role, { name, exact: true }).evaluate((e) => {
        const words = document.createRange();
        words.selectNodeContents(e);
        return new Set([...words.getClientRects()].map((r) => Math.round(r.top))).size;
      });
    expect(await lines("退出", "button")).toBe(1);
    expect(await lines("王建国", "link")).toBe(1);
    const boxes = await header.locator("> div > *").evaluateAll((els) => els.map((e) => e.getBoundingClientRect()).map((r) => ({ left: r.left, right: r.right })));
    for (let i = 1; i < boxes.length; i++) expect(boxes[i]!.left).toBeGreaterThanOrEqual(boxes[i - 1]!.right - 1);
    // Staff's own sections are in the menu; everyone's are inline.
    await page.locator('summary[aria-label="菜单"]').click();
    await header.getByRole("link", { name: "社区管理", exact: true }).click();
    await page.waitForURL((u) => u.pathname === "/admin");
    expect(await header.getByRole("navigation").getByRole("link", { name: "议事会" }).isVisible()).toBe(true);
    await context.close();
  });

  test("a resident who opens the admin area is told they may not, and the admin API refuses them", async () => {
    const { context, page } = await newPhone(browser);
    await signIn(page, "13800000101");
    await page.goto("/admin/grids");
    await expect.poll(() => page.locator("main").textContent()).toMatch(/没有.*权限/);
    const token = await apiToken("13800000101");
    const res = await api("/api/v1/grids", { method: "POST", token, body: { code: "09", name: "第九网格" } });
    expect(res.status).toBe(403);
    await context.close();
  });
});
