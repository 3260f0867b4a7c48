import fs from "node:fs";
import path from "node:path";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { launchBrowser } from "./browser";
import { codeFrom, startServer as startOwnServer, type OwnServer } from "./own-server";

/*
 * Going live from an empty database, in the browser: a production server of its own (the shared
 * build, its own database and port, as tests/e2e/global-setup.ts starts the demo's), whose log holds
 * the one-time setup code. The first visit leads to /setup; a wrong code is refused in words; the
 * right one creates the community and its administrator, who signs in and sees the admin overview;
 * then /setup is closed.
 */

const shots = path.resolve(__dirname, "../../test-results/setup-web");
const servers: OwnServer[] = [];
let browser: Browser;

beforeAll(async () => {
  fs.mkdirSync(shots, { recursive: true });
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  for (const s of servers) s.stop();
});

/** A server of this file's own on an empty database (tests/e2e/own-server.ts), stopped after the file. */
async function startServer(extraEnv: Record<string, string>) {
  const server = await startOwnServer(extraEnv);
  servers.push(server);
  return server;
}

describe("going live from an empty database (GRIDCOUNCIL_MODE=production)", () => {
  test("first visit → /setup with the code from the log → community and administrator → sign in → admin overview; then setup is closed", async () => {
    const server = await startServer({ GRIDCOUNCIL_MODE: "production" });
    expect(server.prepareOutput).toContain("/setup");
    const log = server.log();
    const setupLines = log.split("\n").filter((l) => l.includes("setup code"));
    expect(setupLines).toHaveLength(1);
    expect(setupLines[0]).toContain(`${server.baseURL}/setup`);
    const code = codeFrom(log);

    const context = await browser.newContext({ viewport: { width: 390, height: 844 }, locale: "zh-CN", baseURL: server.baseURL });
    const page = await context.newPage();
    page.setDefaultTimeout(30_000);
    try {
      // The first visit, to the home page or to sign in, leads to the setup.
      await page.goto("/");
      await page.waitForURL((u) => u.pathname === "/setup");
      await page.goto("/sign-in");
      await page.waitForURL((u) => u.pathname === "/setup");
      await expect(page.getByRole("heading", { name: "初始化网格议事厅" }).isVisible()).resolves.toBe(true);

      await page.getByLabel("所在区").fill("城东区");
      await page.getByLabel("街道（街道办事处）").fill("和平街道");
      await page.getByLabel("社区名称").fill("向阳社区");
      await page.getByLabel("社区代码").fill("xy");
      // The letterhead the notices will carry, previewed as it is typed.
      await expect(page.getByTestId("letterhead-preview").textContent()).resolves.toBe("城东区和平街道向阳社区");
      await page.getByLabel("姓名").fill("刘主任");
      await page.getByLabel("手机号（用来登录）").fill("13912345678");
      await page.getByLabel("密码", { exact: true }).fill("Xiangyang-2026!");
      await page.getByLabel("再输入一次密码").fill("Xiangyang-2026!");
      await page.screenshot({ path: path.join(shots, "setup-phone.png"), fullPage: true });

      // A wrong code: refused in words, on the code field, and everything typed stays.
      await page.getByLabel("初始化代码").fill("AAAA-BBBB-CCCC");
      await page.getByRole("button", { name: "创建社区和管理员" }).click();
      const codeError = page.locator("#setupCode-error");
      await codeError.waitFor();
      await expect(codeError.textContent()).resolves.toContain("初始化代码不正确");
      await expect(page.getByLabel("社区名称").inputValue()).resolves.toBe("向阳社区");
      await page.screenshot({ path: path.join(shots, "setup-wrong-code-phone.png"), fullPage: true });

      // The right code, typed the way a person might.
      await page.getByLabel("初始化代码").fill(code.toLowerCase().replaceAll("-", " "));
      await page.getByRole("button", { name: "创建社区和管理员" }).click();
      const done = page.getByTestId("setup-done");
      await done.waitFor();
      await expect(done.textContent()).resolves.toContain("城东区和平街道向阳社区");
      await page.screenshot({ path: path.join(shots, "setup-done-phone.png"), fullPage: true });

      // On to sign in, the new administrator's number already filled in.
      await page.getByRole("link", { name: "去登录" }).click();
      await page.waitForURL((u) => u.pathname === "/sign-in");
      await expect(page.getByLabel("手机号").inputValue()).resolves.toBe("13912345678");
      await page.getByLabel("密码").fill("Xiangyang-2026!");
      await page.getByRole("button", { name: "登录", exact: true }).click();
      await page.waitForURL((u) => !u.pathname.startsWith("/sign-in"));
      await page.goto("/admin");
      await expect(page.getByRole("heading", { name: "社区管理" }).isVisible()).resolves.toBe(true);
      await expect(page.locator("main").textContent()).resolves.toContain("向阳社区");

      // Setup is closed for good: the page says so, and the first visit no longer leads there.
      await page.goto("/setup");
      await expect(page.getByRole("heading", { name: "初始化已关闭" }).isVisible()).resolves.toBe(true);
      expect(await page.locator("#setupCode").count()).toBe(0);
      const anon = await fetch(`${server.baseURL}/`, { redirect: "manual" });
      expect(anon.status).toBe(200);
      // No new code was printed, and no code is left in the database to try.
      expect(server.log().split("\n").filter((l) => l.includes("setup code"))).toHaveLength(1);
    } catch (e) {
      await page.screenshot({ path: path.join(shots, "failed.png"), fullPage: true }).catch(() => {});
      throw e;
    } finally {
      await context.close();
    }
  }, 240_000);

  test("the demo mode with GRIDCOUNCIL_SEED=none starts empty and leads to setup too; the setup page at desktop width", async () => {
    const server = await startServer({ GRIDCOUNCIL_SEED: "none" });
    codeFrom(server.log());
    const home = await fetch(`${server.baseURL}/`, { redirect: "manual" });
    expect([303, 307, 308]).toContain(home.status);
    expect(new URL(home.headers.get("location")!, server.baseURL).pathname).toBe("/setup");

    const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, locale: "zh-CN", baseURL: server.baseURL });
    const page = await context.newPage();
    try {
      await page.goto("/setup");
      await page.getByLabel("所在区").fill("城东区");
      await page.getByLabel("街道（街道办事处）").fill("和平街道");
      await page.getByLabel("社区名称").fill("红心社区");
      await page.screenshot({ path: path.join(shots, "setup-desktop.png"), fullPage: true });
      // The form's own checks answer before any code is looked at.
      await page.getByRole("button", { name: "创建社区和管理员" }).click();
      await page.locator("#setupCode-error").waitFor();
      await expect(page.locator("#setupCode-error").textContent()).resolves.toContain("请填写初始化代码");
      await expect(page.locator("#adminPhone-error").isVisible()).resolves.toBe(true);
      await page.screenshot({ path: path.join(shots, "setup-errors-desktop.png"), fullPage: true });
    } finally {
      await context.close();
    }
  }, 240_000);
});
