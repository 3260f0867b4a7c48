import fs from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, test } from "vitest";
import { pdfPagesText } from "../helpers/pdf-text";
import { baseURL, credentialsSignIn, launchBrowser, newPhone, signIn } from "./browser";

/*
 * Activation of people imported from a register, in the browser: the admin prints a building's
 * letters (a PDF download), the codes are read off the printed pages, and two co-owners activate
 * on their phones — one through the QR code's link, one typing the code — then sign in.
 * Screenshots of each screen at phone and desktop width are kept in test-results/activation/.
 *
 * The household lives in a grid of its own, made here and removed afterwards, so the demo's
 * electorates, which other files count, never hold it.
 */

const ADMIN = "13800000000";
const shots = path.resolve(__dirname, "../../test-results/activation");
const owners = [
  { name: "沈激活", phone: "13700008801" },
  { name: "陆激活", phone: "13700008802" },
];
/** A grid worker of the test grid from a staff sheet: no unit, so a staff letter of his own. */
const worker = { name: "韩激活", phone: "13700008803" };

let browser: Browser;
let place: { gridId: number; buildingId: number; unitIds: number[]; personIds: number[] };

const writable = () => {
  const db = new Database(inject("dbFile"), { fileMustExist: true });
  db.pragma("busy_timeout = 5000");
  return db;
};

beforeAll(async () => {
  fs.mkdirSync(shots, { recursive: true });
  browser = await launchBrowser();
  const db = writable();
  try {
    // Fixture shortcut: the register import (lib/imports/people) makes such people; here they are rows.
    const communityId = (db.prepare("select community_id from grids where name = '第一网格'").get() as { community_id: number }).community_id;
    const gridId = Number(db.prepare("insert into grids (community_id, code, name) values (?, '98', '激活测试网格')").run(communityId).lastInsertRowid);
    const buildingId = Number(db.prepare("insert into buildings (grid_id, code, name) values (?, '01', '1号楼')").run(gridId).lastInsertRowid);
    const unitIds = ["101", "102"].map((n) => Number(db.prepare("insert into units (building_id, number, area_hundredths) values (?, ?, 8912)").run(buildingId, n).lastInsertRowid));
    const personIds = owners.map((o, i) => {
      const id = Number(db.prepare("insert into people (phone, password_hash, name, display_number, status) values (?, null, ?, ?, 'verified')").run(o.phone, o.name, `ACT-E2E-${i}`).lastInsertRowid);
      // Co-owners of 101.
      db.prepare("insert into roles (person_id, role, community_id, grid_id, unit_id) values (?, 'owner', ?, ?, ?)").run(id, communityId, gridId, unitIds[0]);
      return id;
    });
    const workerId = Number(db.prepare("insert into people (phone, password_hash, name, display_number, status) values (?, null, ?, 'ACT-E2E-W', 'verified')").run(worker.phone, worker.name).lastInsertRowid);
    db.prepare("insert into roles (person_id, role, community_id, grid_id) values (?, 'gridWorker', ?, ?)").run(workerId, communityId, gridId);
    place = { gridId, buildingId, unitIds, personIds: [...personIds, workerId] };
  } finally {
    db.close();
  }
});

afterAll(async () => {
  await browser?.close();
  if (!place) return;
  const db = writable();
  try {
    db.prepare(`delete from roles where person_id in (${place.personIds.join(",")})`).run();
    db.prepare(`delete from units where id in (${place.unitIds.join(",")})`).run();
    db.prepare("delete from buildings where id = ?").run(place.buildingId);
    db.prepare("delete from grids where id = ?").run(place.gridId);
  } finally {
    db.close();
  }
});

async function shoot(page: Page, name: string) {
  await page.screenshot({ path: path.join(shots, `${name}.png`), fullPage: true });
}

describe("activation letters, then two co-owners activate", () => {
  let pages: string[][] = [];

  test("the admin prints the building's letters: one page for the household, both owners with their own code", async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, locale: "zh-CN", baseURL: baseURL(), acceptDownloads: true });
    const page = await context.newPage();
    page.setDefaultTimeout(30_000);
    await signIn(page, ADMIN);
    await page.goto("/admin");
    await page.getByRole("link", { name: "激活函", exact: true }).click();
    await page.waitForURL("**/admin/activation");
    await expect.poll(() => page.getByRole("heading", { name: "激活函", exact: true }).isVisible()).toBe(true);
    await expect.poll(() => page.getByRole("cell", { name: "激活测试网格 · 1号楼" }).isVisible()).toBe(true);
    await shoot(page, "admin-activation-1280");

    await page.getByLabel("范围").selectOption({ label: "激活测试网格 · 1号楼（待激活 1 户）" });
    await page.getByLabel("有效天数").fill("14");
    const download = page.waitForEvent("download");
    await page.getByRole("button", { name: "生成激活函 (PDF)" }).click();
    const file = await download;
    expect(file.suggestedFilename()).toMatch(/^activation-letters-\d{4}-\d{2}-\d{2}\.pdf$/);
    const bytes = fs.readFileSync((await file.path())!);
    fs.writeFileSync(path.join(shots, "letters.pdf"), bytes);
    await expect.poll(() => page.getByRole("status").textContent()).toContain("已为 1 户、2 人生成激活函");
    // The counts follow: two open codes now.
    await expect.poll(() => page.locator("li", { hasText: "有效激活码" }).textContent()).toContain("有效激活码2");

    pages = pdfPagesText(bytes);
    expect(pages).toHaveLength(1);
    expect(pages[0]).toEqual(expect.arrayContaining(["账号激活通知", "激活测试网格　1号楼　101 室", "沈激活（业主）", "陆激活（业主）"]));
    await context.close();

    // The same page on a phone.
    const phone = await newPhone(browser);
    await signIn(phone.page, ADMIN);
    await phone.page.goto("/admin/activation");
    await expect.poll(() => phone.page.getByRole("button", { name: "生成激活函 (PDF)" }).isVisible()).toBe(true);
    await shoot(phone.page, "admin-activation-390");
    await phone.context.close();
  });

  const codeOf = (name: string) => {
    const page = pages[0]!;
    return page[page.indexOf(`${name}（业主）`) + 1]!.replace("激活码：", "");
  };

  test("the first owner opens the QR code's link on a phone, activates and is signed in", async () => {
    const code = codeOf("沈激活");
    expect(code).toMatch(/^[2-9A-HJ-NP-Z]{5}-[2-9A-HJ-NP-Z]{5}$/);
    const { context, page } = await newPhone(browser);
    await page.goto(`/activate?code=${encodeURIComponent(code)}`);
    expect(await page.getByLabel("激活码").inputValue()).toBe(code);
    await page.getByLabel("手机号").fill(owners[0]!.phone);
    await page.getByLabel("设置登录密码").fill("12345678");
    await expect.poll(() => page.getByText("太简单：连续的字符").isVisible()).toBe(true);
    await page.getByLabel("设置登录密码").fill("Qiantang-river7");
    await expect.poll(() => page.getByText("可以使用").isVisible()).toBe(true);
    await page.getByLabel("再输入一次密码").fill("Qiantang-river7");
    await shoot(page, "activate-390");
    await page.getByRole("button", { name: "激活账号" }).click();
    await expect.poll(() => page.getByRole("status").textContent()).toContain("激活成功");
    await shoot(page, "activate-done-390");
    await page.getByRole("button", { name: "立即登录" }).click();
    await page.waitForURL((u) => u.pathname === "/");
    await expect.poll(() => page.getByRole("heading", { name: "我的网格" }).isVisible()).toBe(true);
    await context.close();

    // The letter's code cannot be used twice.
    const again = await newPhone(browser);
    await again.page.goto(`/activate?code=${encodeURIComponent(code)}`);
    await again.page.getByLabel("手机号").fill(owners[0]!.phone);
    await again.page.getByLabel("设置登录密码").fill("Another-pass88");
    await again.page.getByLabel("再输入一次密码").fill("Another-pass88");
    await again.page.getByRole("button", { name: "激活账号" }).click();
    await expect.poll(() => again.page.getByText("这个激活码已经用过").isVisible()).toBe(true);
    await again.context.close();
  });

  test("the second owner types the code, first with a wrong number (one answer for any wrong pair), then signs in", async () => {
    const { context, page } = await newPhone(browser);
    await page.goto("/activate");
    // As read aloud and typed: lower case, a space for the dash.
    await page.getByLabel("激活码").fill(codeOf("陆激活").toLowerCase().replace("-", " "));
    await page.getByLabel("手机号").fill(owners[0]!.phone); // the co-owner's number
    await page.getByLabel("设置登录密码").fill("West-lake-2026");
    await page.getByLabel("再输入一次密码").fill("West-lake-2026");
    await page.getByRole("button", { name: "激活账号" }).click();
    await expect.poll(() => page.getByText("激活码或手机号不对").isVisible()).toBe(true);
    await page.getByLabel("手机号").fill(owners[1]!.phone);
    await page.getByRole("button", { name: "激活账号" }).click();
    await expect.poll(() => page.getByRole("status").textContent()).toContain(owners[1]!.phone);
    await page.getByRole("link", { name: "去登录页" }).click();
    await page.waitForURL("**/sign-in?phone=*");
    expect(await page.getByLabel("手机号").inputValue()).toBe(owners[1]!.phone);
    await page.getByLabel("密码").fill("West-lake-2026");
    await page.getByRole("button", { name: "登录", exact: true }).click();
    await page.waitForURL((u) => !u.pathname.startsWith("/sign-in"));
    await context.close();
    expect((await credentialsSignIn(owners[1]!.phone, "West-lake-2026")).cookies.some((c) => /session-token=/.test(c))).toBe(true);

    // The activate page at desktop width, for the record.
    const desktop = await browser.newContext({ viewport: { width: 1280, height: 800 }, locale: "zh-CN", baseURL: baseURL() });
    const p = await desktop.newPage();
    await p.goto("/activate?code=K7MQP-3XH9D");
    await shoot(p, "activate-1280");
    await desktop.close();
  });
});

describe("staff letters", () => {
  test("the admin prints the staff letters (one page naming the worker's grid and role); the worker activates with its code", async () => {
    const desktop = await browser.newContext({ viewport: { width: 1280, height: 800 }, locale: "zh-CN", baseURL: baseURL(), acceptDownloads: true });
    const admin = await desktop.newPage();
    admin.setDefaultTimeout(30_000);
    await signIn(admin, ADMIN);
    await admin.goto("/admin/activation");
    await expect.poll(() => admin.locator("li", { hasText: "待激活工作人员" }).textContent()).toContain("待激活工作人员1");
    const option = admin.getByLabel("范围").locator("option[value=staff]");
    expect(await option.textContent()).toBe("工作人员（待激活 1 人）");
    await admin.getByLabel("范围").selectOption("staff");
    await shoot(admin, "admin-activation-staff-1280");
    const download = admin.waitForEvent("download");
    await admin.getByRole("button", { name: "生成激活函 (PDF)" }).click();
    const bytes = fs.readFileSync((await (await download).path())!);
    fs.writeFileSync(path.join(shots, "staff-letters.pdf"), bytes);
    await expect.poll(() => admin.getByRole("status").textContent()).toContain("已为 1 名工作人员生成激活函");
    const letters = pdfPagesText(bytes);
    expect(letters).toHaveLength(1);
    expect(letters[0]).toEqual(expect.arrayContaining(["工作人员账号激活通知", `${worker.name}：`, "激活测试网格 网格员"]));
    // A letter is out, the worker still waits until he activates; his code counts as open.
    await expect.poll(() => admin.locator("li", { hasText: "待激活工作人员" }).textContent()).toContain("待激活工作人员1");

    const code = letters[0]!.find((l) => l.startsWith("激活码："))!.replace("激活码：", "");
    const phone = await newPhone(browser);
    await phone.page.goto(`/activate?code=${encodeURIComponent(code)}`);
    await phone.page.getByLabel("手机号").fill(worker.phone);
    await phone.page.getByLabel("设置登录密码").fill("Grid-worker-2026");
    await phone.page.getByLabel("再输入一次密码").fill("Grid-worker-2026");
    await phone.page.getByRole("button", { name: "激活账号" }).click();
    await expect.poll(() => phone.page.getByRole("status").textContent()).toContain("激活成功");
    await phone.context.close();
    expect((await credentialsSignIn(worker.phone, "Grid-worker-2026")).cookies.some((c) => /session-token=/.test(c))).toBe(true);

    // Activated: nobody of the staff waits, the choice is greyed out.
    await admin.reload();
    await expect.poll(() => option.textContent()).toBe("工作人员（待激活 0 人）");
    expect(await option.isDisabled()).toBe(true);
    await desktop.close();
  });
});
