import fs from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";
import ExcelJS from "exceljs";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { pdfPagesText } from "../helpers/pdf-text";
import { csvText, gbkBytes, xlsxBytes } from "../helpers/sheets";
import { launchBrowser } from "./browser";
import { codeFrom, startServer, type OwnServer } from "./own-server";

/*
 * Going live as a street office would, in the browser, on a production server of this file's own
 * with an EMPTY database (issue 12, "Tests and evidence"): setup with the one-time code from the
 * log → the estate template → an estate of 3 grids, 20 buildings and 1,200 units as a property firm
 * sends it (synonym headers, "８９．５㎡", developer-held units) → dry run, commit, re-import (无变化),
 * a file with errors (every bad row named, nothing written) → the owners' register of two buildings
 * (a GBK CSV and an XLSX) → one building's activation letters (PDF) → two owners activate on phones
 * → an owners' vote of that building whose electorate is exactly its imported owners with their
 * areas. The tests run in order; each step's state flows to the next. Screenshots: test-results/go-live/.
 */

const shots = path.resolve(__dirname, "../../test-results/go-live");
const ADMIN = { name: "刘主任", phone: "13912345678", password: "Xiangyang-2026!" };

// ---- The estate, as the property firm's workbook describes it --------------------------------

type Unit = { grid: number; building: number; number: string; area: number; held: boolean };
/** 3 grids (buildings 1–7, 8–14, 15–20), 20 buildings of 15 floors × 4 flats: 1,200 units. */
const gridOf = (b: number) => (b <= 7 ? 1 : b <= 14 ? 2 : 3);
const estate: Unit[] = [];
for (let b = 1; b <= 20; b++) {
  for (let floor = 1; floor <= 15; floor++) {
    for (let flat = 1; flat <= 4; flat++) {
      const area = [8950, 9630, 12045, 7580][flat - 1]! + ((b * 7 + floor) % 10);
      // The developer still holds the top floor of buildings 1, 2 and 10.
      estate.push({ grid: gridOf(b), building: b, number: `${floor}${String(flat).padStart(2, "0")}`, area, held: floor === 15 && [1, 2, 10].includes(b) });
    }
  }
}
const fullWidth = (s: string) => s.replace(/[0-9.]/g, (c) => (c === "." ? "．" : String.fromCharCode(c.charCodeAt(0) + 0xfee0)));
const decimal = (h: number) => `${Math.floor(h / 100)}.${String(h % 100).padStart(2, "0")}`;
/** Most areas as numbers; some as people type them: "８９．５㎡", "96.30 平方米". */
function areaCell(u: Unit, i: number): string | number {
  if (i % 17 === 3) return `${fullWidth(decimal(u.area).replace(/0$/, ""))}㎡`;
  if (i % 13 === 5) return `${decimal(u.area)} 平方米`;
  return u.area / 100;
}
const estateHeader = ["所属网格", "楼号", "室号", "建筑面积", "是否开发商持有"];
const estateRow = (u: Unit, i: number) => [`第${u.grid}网格`, `${u.building}号楼`, u.number, areaCell(u, i), u.held ? "是" : i % 2 ? "否" : ""];
const estateRows = estate.map(estateRow);

// ---- The owners' register of buildings 1 (GBK CSV) and 2 (XLSX) --------------------------------

const surnames = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗".split("");
const given = ["建国", "秀英", "志强", "桂兰", "海燕", "文华", "丽娟", "国平", "晓东", "春梅", "德明", "玉珍", "立新", "淑芬", "永福", "红霞"];
let nameCount = 0;
const nextName = () => {
  const n = nameCount++;
  return `${surnames[n % surnames.length]}${given[Math.floor(n / surnames.length) % given.length]}`;
};
type Owner = { name: string; phone: string; units: string[] };
/** Building 1: co-owners on 101–103, one person owning 201 and 202, everyone else one flat each. */
const b1Units = estate.filter((u) => u.building === 1);
const b1Owners: Owner[] = [];
let phoneSeq = 0;
const phone = (prefix: string) => `${prefix}${String(phoneSeq++).padStart(4, "0")}`;
for (const u of b1Units.filter((x) => !x.held)) {
  if (u.number === "202") continue;
  const units = u.number === "201" ? ["201", "202"] : [u.number];
  b1Owners.push({ name: nextName(), phone: phone("1370001"), units });
  if (["101", "102", "103"].includes(u.number)) b1Owners.push({ name: nextName(), phone: phone("1370001"), units });
}
const developerRep = { name: "开发商代表郑经理", phone: "13700019999" };
const b1Register = [
  ["姓名", "联系电话", "网格", "楼栋", "房号", "身份"],
  ...b1Owners.map((o, i) => [o.name, o.phone, "第一网格", "1栋", o.units.join("、"), i > 0 && b1Owners[i - 1]!.units.join() === o.units.join() ? "共有人" : "业主"]),
  [developerRep.name, developerRep.phone, "", "", "", "开发商代表"],
];
const b2Owners: Owner[] = estate.filter((u) => u.building === 2 && !u.held).map((u) => ({ name: nextName(), phone: phone("1370002"), units: [u.number] }));
const b2Register = [["业主姓名", "手机号码", "网格", "楼号", "室号"], ...b2Owners.map((o) => [o.name, o.phone, "1", "2号楼", o.units[0]!])];

// ---- The server, the browser and a few helpers ------------------------------------------------

let server: OwnServer;
let browser: Browser;
let desk: { context: BrowserContext; page: Page };

beforeAll(async () => {
  fs.mkdirSync(shots, { recursive: true });
  [server, browser] = await Promise.all([startServer({ GRIDCOUNCIL_MODE: "production" }), launchBrowser()]);
});
afterAll(async () => {
  await desk?.context.close();
  await browser?.close();
  server?.stop();
});

const shoot = (page: Page, name: string) => page.screenshot({ path: path.join(shots, `${name}.png`), fullPage: true });
async function newContext(viewport: { width: number; height: number }) {
  const context = await browser.newContext({ viewport, locale: "zh-CN", baseURL: server.baseURL, acceptDownloads: true });
  const page = await context.newPage();
  page.setDefaultTimeout(60_000);
  return { context, page };
}
/** Reads the database file as it is, without writing (the server holds it open). */
function query<T>(sql: string, ...args: unknown[]): T[] {
  const db = new Database(server.dbFile, { readonly: true, fileMustExist: true });
  try {
    return db.prepare(sql).all(...args) as T[];
  } finally {
    db.close();
  }
}
const count = (table: string) => query<{ n: number }>(`select count(*) n from ${table}`)[0]!.n;
async function call(p: string, init: { method?: string; token?: string; body?: unknown } = {}) {
  const res = await fetch(`${server.baseURL}${p}`, {
    method: init.method ?? "GET",
    headers: { ...(init.body !== undefined ? { "content-type": "application/json" } : {}), ...(init.token ? { authorization: `Bearer ${init.token}` } : {}) },
    body: init.body !== undefined ? JSON.stringify(init.body) : undefined,
  });
  return { status: res.status, json: (await res.json().catch(() => null)) as Record<string, unknown> };
}
const doc = (text: string) => ({ type: "doc", content: [{ type: "paragraph", content: [{ type: "text", text }] }] });

/** A figure of the estate import's report, by its label (新建房屋, 拒绝的行 …). */
async function estateCount(page: Page, label: string): Promise<number> {
  const stat = page.getByRole("group", { name: /^检查结果：/ }).locator("div.rounded-box", { has: page.getByText(label, { exact: true }) });
  return Number((await stat.locator("div.text-3xl").textContent())!.replace(/[,，]/g, ""));
}
const peopleCount = async (page: Page, key: string) => Number((await page.locator(`dd[data-summary=${key}]`).textContent())!.replace(/[,，]/g, ""));

/** Chooses a file on the estate page and runs the dry run; resolves once the report is shown. */
async function checkEstateFile(page: Page, file: { name: string; bytes: Uint8Array }) {
  await page.locator("#import-file").setInputFiles({ name: file.name, mimeType: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", buffer: Buffer.from(file.bytes) });
  await page.getByLabel("来源", { exact: true }).fill("幸福物业 2026年12月 房屋清单");
  await page.getByRole("button", { name: "检查文件" }).click();
  await page.getByRole("group", { name: `检查结果：${file.name}` }).waitFor({ timeout: 90_000 });
}

describe("a street office goes live in an afternoon, from an empty database", () => {
  const letters: string[][] = [];
  const codeOf = (name: string) => {
    const page = letters.find((p) => p.includes(`${name}（业主）`));
    if (!page) throw new Error(`no letter names ${name}`);
    return page[page.indexOf(`${name}（业主）`) + 1]!.replace("激活码：", "");
  };
  const activated = [b1Owners[0]!, b1Owners.find((o) => o.units.join() === "301")!];
  const passwords = ["Qiantang-river7", "West-lake-2026"];
  let buildingId = 0;
  let ballotId = 0;
  let adminToken = "";

  test("setup with the code from the server's log, then the administrator signs in", async () => {
    const code = codeFrom(server.log());
    const phone = await newContext({ width: 390, height: 844 });
    const { page } = phone;
    await page.goto("/");
    await page.waitForURL((u) => u.pathname === "/setup");
    await page.getByLabel("所在区").fill("城东区");
    await page.getByLabel("街道（街道办事处）").fill("和平街道");
    await page.getByLabel("社区名称").fill("向阳社区");
    await page.getByLabel("社区代码").fill("xy");
    await page.getByLabel("姓名").fill(ADMIN.name);
    await page.getByLabel("手机号（用来登录）").fill(ADMIN.phone);
    await page.getByLabel("密码", { exact: true }).fill(ADMIN.password);
    await page.getByLabel("再输入一次密码").fill(ADMIN.password);
    await page.getByLabel("初始化代码").fill(code);
    await shoot(page, "01-setup-390");
    await page.getByRole("button", { name: "创建社区和管理员" }).click();
    await expect.poll(() => page.getByTestId("setup-done").textContent()).toContain("城东区和平街道向阳社区");
    await phone.context.close();

    // The rest of the afternoon happens at a desk.
    desk = await newContext({ width: 1280, height: 800 });
    await desk.page.goto("/sign-in");
    await desk.page.getByLabel("手机号").fill(ADMIN.phone);
    await desk.page.getByLabel("密码").fill(ADMIN.password);
    await desk.page.getByRole("button", { name: "登录", exact: true }).click();
    await desk.page.waitForURL((u) => !u.pathname.startsWith("/sign-in"));
    expect(count("units")).toBe(0);
  });

  test("the estate template comes from the page: an Excel workbook whose header names 网格, 楼栋, 房号, 专有面积", async () => {
    const { page } = desk;
    await page.goto("/admin/imports");
    await page.getByRole("link", { name: /^房屋（楼盘）导入/ }).click();
    await page.waitForURL("**/admin/imports/estate");
    const download = page.waitForEvent("download");
    await page.getByRole("link", { name: "下载 Excel 模板" }).click();
    const file = await download;
    expect(file.suggestedFilename()).toMatch(/\.xlsx$/);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(fs.readFileSync((await file.path())!) as unknown as ArrayBuffer);
    const header = (wb.worksheets[0]!.getRow(1).values as unknown[]).map((v) => String(v ?? ""));
    expect(header).toEqual(expect.arrayContaining(["网格", "楼栋", "房号", "专有面积"]));
  });

  test("1,200 units from the property firm's workbook: the dry run counts them, the commit writes them all", async () => {
    const { page } = desk;
    const file = { name: "幸福里房屋清单.xlsx", bytes: await xlsxBytes([estateHeader, ...estateRows]) };
    await checkEstateFile(page, file);
    expect(await estateCount(page, "数据行")).toBe(1200);
    expect(await estateCount(page, "新建房屋")).toBe(1200);
    expect(await estateCount(page, "新建网格")).toBe(3);
    expect(await estateCount(page, "新建楼栋")).toBe(20);
    expect(await estateCount(page, "拒绝的行")).toBe(0);
    expect(count("units")).toBe(0); // a dry run writes nothing
    await shoot(page, "02-estate-report-1280");
    await page.getByRole("button", { name: "确认导入" }).click();
    await expect.poll(() => page.getByText(/^导入完成：/).textContent(), { timeout: 90_000 }).toMatch(/楼栋 20 栋、房屋 1,?200 套/);
    await page.setViewportSize({ width: 390, height: 844 });
    await shoot(page, "03-estate-done-390");
    await page.setViewportSize({ width: 1280, height: 800 });

    // What was written is the file, read as a person reads it: "８９．５㎡" is 89.50 m².
    const units = query<{ grid: string; building: string; number: string; area: number; held: number }>(
      "select g.name grid, b.name building, u.number, u.area_hundredths area, u.developer_held held from units u join buildings b on b.id = u.building_id join grids g on g.id = b.grid_id",
    );
    expect(units).toHaveLength(1200);
    const byKey = new Map(units.map((u) => [`${u.building}|${u.number}`, u]));
    for (const u of estate) expect(byKey.get(`${u.building}号楼|${u.number}`), `${u.building}号楼 ${u.number}`).toMatchObject({ area: u.area, held: u.held ? 1 : 0 });
    expect(new Set(units.map((u) => u.grid))).toEqual(new Set(["第一网格", "第二网格", "第三网格"]));

    // The same file again: nothing to do.
    await page.getByRole("button", { name: "导入另一个文件" }).click();
    await checkEstateFile(page, file);
    await expect.poll(() => page.getByText(/^无变化：/).isVisible()).toBe(true);
    expect(await estateCount(page, "不变房屋")).toBe(1200);
    expect(await estateCount(page, "新建房屋")).toBe(0);
    expect(await page.getByRole("button", { name: "确认导入" }).isDisabled()).toBe(true);
    await shoot(page, "04-estate-unchanged-1280");
  });

  test("a file with errors: every bad row is named by its line, and nothing is written", async () => {
    const { page } = desk;
    // The same estate plus a new building 21, with an area "abc" and a row without its building.
    const rows: (string | number)[][] = [...estateRows, ...["101", "102", "103"].map((n) => ["第3网格", "21号楼", n, 88.8, ""])];
    rows[10] = [...rows[10]!.slice(0, 3), "abc", ""];
    rows[500] = [rows[500]![0]!, "", ...rows[500]!.slice(2)];
    await checkEstateFile(page, { name: "幸福里房屋清单（有误）.xlsx", bytes: await xlsxBytes([estateHeader, ...rows]) });
    expect(await estateCount(page, "拒绝的行")).toBe(2);
    const refused = page.locator("section[aria-labelledby=import-refused]");
    await expect.poll(() => refused.textContent()).toContain("第 12 行");
    expect(await refused.textContent()).toContain("第 502 行");
    expect(await refused.locator("li").count()).toBe(2);
    expect(await refused.locator("li", { hasText: "第 12 行" }).textContent()).toContain("abc");
    expect(await page.getByRole("button", { name: "确认导入" }).isDisabled()).toBe(true);
    await shoot(page, "05-estate-errors-1280");
    expect(count("units")).toBe(1200);
    expect(query("select 1 from buildings where name = '21号楼'")).toHaveLength(0);
    // One estate import on record: the commit; neither the unchanged re-import nor the refused file wrote one.
    expect(query("select kind, format, file_name fileName from imports")).toEqual([{ kind: "estate", format: "xlsx", fileName: "幸福里房屋清单.xlsx" }]);
  });

  test("the owners' register: building 1 as a GBK CSV (co-owners, one owner of two flats, the developer's representative), building 2 as XLSX", async () => {
    const { page } = desk;
    await page.goto("/admin/imports/people");
    async function importRegister(file: { name: string; mimeType: string; bytes: Uint8Array }, shot: string) {
      await page.locator("label").filter({ hasText: /^业主名册$/ }).click();
      await page.getByLabel("文件来源").fill("房管局 2026年12月 业主名册");
      await page.getByLabel("文件（XLSX 或 CSV）").setInputFiles({ name: file.name, mimeType: file.mimeType, buffer: Buffer.from(file.bytes) });
      await page.getByRole("button", { name: "检查文件" }).click();
      await page.locator("dd[data-summary=created]").waitFor({ timeout: 90_000 });
      const summary = Object.fromEntries(await Promise.all(["rows", "created", "matched", "conflicts", "refused", "developerRep"].map(async (k) => [k, await peopleCount(page, k)] as const)));
      await shoot(page, shot);
      await page.getByRole("button", { name: "确认导入" }).click();
      await expect.poll(() => page.getByRole("status").filter({ hasText: "已导入" }).isVisible(), { timeout: 90_000 }).toBe(true);
      expect(await page.getByRole("heading", { name: "导入完成" }).isVisible()).toBe(true);
      return summary;
    }

    const csv = await importRegister({ name: "1号楼业主名册.csv", mimeType: "text/csv", bytes: gbkBytes(csvText(b1Register)) }, "06-register-csv-report-1280");
    expect(csv).toEqual({ rows: b1Owners.length + 1, created: b1Owners.length + 1, matched: 0, conflicts: 0, refused: 0, developerRep: 1 });
    await page.getByRole("button", { name: "再导入一个文件" }).click();
    const xlsx = await importRegister({ name: "2号楼业主名册.xlsx", mimeType: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", bytes: await xlsxBytes(b2Register) }, "07-register-xlsx-report-1280");
    expect(xlsx).toEqual({ rows: b2Owners.length, created: b2Owners.length, matched: 0, conflicts: 0, refused: 0, developerRep: 0 });

    // Everyone is verified by the register and has no password until they activate; the names read from GBK are intact.
    const people = query<{ name: string; phone: string; status: string; hash: string | null; via: number | null }>("select name, phone, status, password_hash hash, verified_by_import_id via from people where phone like '13700%'");
    expect(people).toHaveLength(b1Owners.length + 1 + b2Owners.length);
    expect(people.every((p) => p.status === "verified" && p.hash === null && p.via !== null)).toBe(true);
    const byPhone = new Map(people.map((p) => [p.phone, p.name]));
    for (const o of [...b1Owners, ...b2Owners]) expect(byPhone.get(o.phone)).toBe(o.name);
    // The CSV was read as GBK (its bytes are not UTF-8), and each file is on record with its source.
    expect(query("select format, source from imports where kind = 'ownersRegister' order by id")).toEqual([
      { format: "csv-gbk", source: "房管局 2026年12月 业主名册" },
      { format: "xlsx", source: "房管局 2026年12月 业主名册" },
    ]);
  });

  test("the activation letters of building 1: one page per household, each owner with a code", async () => {
    const { page } = desk;
    await page.goto("/admin/activation");
    const households = b1Units.filter((u) => !u.held).length; // 56 flats, the owner of 201 and 202 included in both
    await page.getByLabel("范围").selectOption({ label: `第一网格 · 1号楼（待激活 ${households} 户）` });
    await page.getByLabel("有效天数").fill("14");
    await shoot(page, "08-activation-1280");
    const download = page.waitForEvent("download", { timeout: 120_000 });
    await page.getByRole("button", { name: "生成激活函 (PDF)" }).click();
    const file = await download;
    const bytes = fs.readFileSync((await file.path())!);
    fs.writeFileSync(path.join(shots, "letters-building-1.pdf"), bytes);
    letters.push(...pdfPagesText(bytes));
    expect(letters).toHaveLength(households);
    // The co-owners of 101 share its page, each with their own code.
    const p101 = letters.find((p) => p.some((l) => l.includes("1号楼") && l.includes("101 室")))!;
    expect(p101).toEqual(expect.arrayContaining([`${b1Owners[0]!.name}（业主）`, `${b1Owners[1]!.name}（业主）`]));
    for (const o of activated) expect(codeOf(o.name)).toMatch(/^[2-9A-HJ-NP-Z]{5}-[2-9A-HJ-NP-Z]{5}$/);
  });

  test("two owners activate on their phones and sign in; a used code is refused", async () => {
    for (const [i, owner] of activated.entries()) {
      const { context, page } = await newContext({ width: 390, height: 844 });
      if (i === 0) await page.goto(`/activate?code=${encodeURIComponent(codeOf(owner.name))}`);
      else {
        await page.goto("/activate");
        await page.getByLabel("激活码").fill(codeOf(owner.name).toLowerCase());
      }
      await page.getByLabel("手机号").fill(owner.phone);
      await page.getByLabel("设置登录密码").fill(passwords[i]!);
      await page.getByLabel("再输入一次密码").fill(passwords[i]!);
      await shoot(page, `09-activate-${i + 1}-390`);
      await page.getByRole("button", { name: "激活账号" }).click();
      await expect.poll(() => page.getByRole("status").textContent()).toContain("激活成功");
      await shoot(page, `10-activated-${i + 1}-390`);
      if (i === 0) {
        await page.getByRole("button", { name: "立即登录" }).click();
        await page.waitForURL((u) => u.pathname === "/");
      } else {
        await page.getByRole("link", { name: "去登录页" }).click();
        await page.waitForURL("**/sign-in?phone=*");
        await page.getByLabel("密码").fill(passwords[i]!);
        await page.getByRole("button", { name: "登录", exact: true }).click();
        await page.waitForURL((u) => !u.pathname.startsWith("/sign-in"));
      }
      await expect.poll(() => page.getByRole("heading", { name: "我的网格" }).isVisible()).toBe(true);
      await shoot(page, `11-home-${i + 1}-390`);
      await context.close();
    }

    const again = await newContext({ width: 390, height: 844 });
    await again.page.goto(`/activate?code=${encodeURIComponent(codeOf(activated[0]!.name))}`);
    await again.page.getByLabel("手机号").fill(activated[0]!.phone);
    await again.page.getByLabel("设置登录密码").fill("Another-pass88");
    await again.page.getByLabel("再输入一次密码").fill("Another-pass88");
    await again.page.getByRole("button", { name: "激活账号" }).click();
    await expect.poll(() => again.page.getByText("这个激活码已经用过").isVisible()).toBe(true);
    await again.context.close();
    expect(query<{ n: number }>("select count(*) n from people where phone like '13700%' and password_hash is not null")[0]!.n).toBe(2);
  });

  test("an owners' vote of building 1, opened in the browser: its electorate is exactly the building's imported owners with their areas", async () => {
    // The topic's steps before the vote through the JSON API, as the community admin runs them.
    const token = ((await call("/api/v1/auth/token", { method: "POST", body: { phone: ADMIN.phone, password: ADMIN.password } })).json as { token: string }).token;
    adminToken = token;
    const ok = async (p: ReturnType<typeof call>, status = 200) => {
      const res = await p;
      expect(res.status, JSON.stringify(res.json)).toBe(status);
      return res.json;
    };
    const items = (await ok(call("/api/v1/places/catalog"))).items as { id: number; name: string }[];
    const grids = (await ok(call("/api/v1/places/grids"))) as unknown as { id: number; name: string }[] | { grids: { id: number; name: string }[] };
    const gridList = Array.isArray(grids) ? grids : grids.grids;
    const gridId = gridList.find((g) => g.name === "第一网格")!.id;
    buildingId = query<{ id: number }>("select id from buildings where grid_id = ? and name = '1号楼'", gridId)[0]!.id;
    const { topicId } = (await ok(
      call("/api/v1/topics", { method: "POST", token, body: { gridId, buildingId, agendaItemId: items.find((i) => i.name === "使用维修资金")!.id, title: "1号楼外墙渗水维修", description: doc("1号楼外墙多处渗水，拟使用维修资金进行维修，请全体业主表决。") } }),
      201,
    )) as { topicId: number };
    await ok(call(`/api/v1/topics/${topicId}/admit`, { method: "POST", token, body: { level: "community" } }));
    await ok(call(`/api/v1/topics/${topicId}/start-drafting`, { method: "POST", token }));
    await ok(call(`/api/v1/topics/${topicId}/plans`, { method: "POST", token, body: { title: "外墙防水维修方案", body: doc("对1号楼东、西两侧外墙做防水处理，费用由维修资金列支。") } }), 201);

    // The ballot itself in the browser: 楼栋全体业主 of 1号楼.
    const { page } = desk;
    await page.goto(`/ballots/new?topicId=${topicId}`);
    await page.getByRole("radio", { name: /楼栋全体业主/ }).check();
    await page.locator("#buildingId").selectOption({ label: "第一网格 · 1号楼" });
    await shoot(page, "12-open-ballot-1280");
    await page.getByRole("button", { name: "开始表决" }).click();
    await page.waitForURL(/\/ballots\/\d+$/);
    ballotId = Number(/\/ballots\/(\d+)$/.exec(page.url())![1]);
    await shoot(page, "13-ballot-staff-1280");

    // Expected from the files: co-owners one elector, the owner of 201 and 202 one elector with both
    // areas, the developer's four flats one elector "developer".
    const areaOf = new Map(b1Units.map((u) => [u.number, u.area]));
    const groups = new Map<string, { phones: string[]; units: string[] }>();
    for (const o of b1Owners) {
      const g = groups.get(o.units.join()) ?? { phones: [], units: o.units };
      g.phones.push(o.phone);
      groups.set(o.units.join(), g);
    }
    const sum = (units: string[]) => units.reduce((s, n) => s + areaOf.get(n)!, 0);
    const expected = [
      ...[...groups.values()].map((g) => ({ phones: g.phones.sort().join(), units: g.units.join(), area: sum(g.units) })),
      { phones: "", units: b1Units.filter((u) => u.held).map((u) => u.number).join(), area: sum(b1Units.filter((u) => u.held).map((u) => u.number)) },
    ];
    const electors = query<{ key: string; area: number; unitIds: string }>("select elector_key key, area_hundredths area, unit_ids unitIds from ballot_electors where ballot_id = ?", ballotId);
    const numberOf = new Map(query<{ id: number; number: string }>("select id, number from units where building_id = ?", buildingId).map((u) => [u.id, u.number]));
    const members = query<{ key: string; phone: string }>("select m.elector_key key, p.phone from ballot_elector_members m join people p on p.id = m.person_id where m.ballot_id = ?", ballotId);
    const actual = electors.map((e) => ({
      phones: members.filter((m) => m.key === e.key).map((m) => m.phone).sort().join(),
      units: (JSON.parse(e.unitIds) as number[]).map((id) => numberOf.get(id)!).sort((a, b) => Number(a) - Number(b)).join(),
      area: e.area,
    }));
    const order = (xs: typeof expected) => [...xs].sort((a, b) => a.units.localeCompare(b.units));
    expect(order(actual)).toEqual(order(expected));
    expect(electors.filter((e) => e.key === "developer")).toHaveLength(1);

    // The staff view of the same ballot says so too: every elector, the total area, the register's representative.
    const ballot = await ok(call(`/api/v1/ballots/${ballotId}`, { token }));
    const totalArea = sum(b1Units.map((u) => u.number));
    expect(ballot.turnout).toMatchObject({ electorCount: expected.length, electorAreaHundredths: totalArea });
    expect((ballot.staff as { electors: unknown[] }).electors).toHaveLength(expected.length);
    expect((ballot.developer as { areaHundredths: number; registered: { name: string } | null }).registered?.name).toBe(developerRep.name);
  });

  test("an activated owner finds the vote among their ballots on the phone and votes; the turnout counts their flat's area", async () => {
    const owner = activated[1]!;
    const { context, page } = await newContext({ width: 390, height: 844 });
    await page.goto("/sign-in");
    await page.getByLabel("手机号").fill(owner.phone);
    await page.getByLabel("密码").fill(passwords[1]!);
    await page.getByRole("button", { name: "登录", exact: true }).click();
    await page.waitForURL((u) => !u.pathname.startsWith("/sign-in"));
    await page.goto("/ballots");
    await shoot(page, "14-my-ballots-390");
    await page.getByRole("link", { name: /1号楼外墙渗水维修/ }).first().click();
    await page.waitForURL(`**/ballots/${ballotId}`);
    await page.getByRole("radio", { name: "同意" }).first().check();
    await shoot(page, "15-vote-390");
    await page.getByRole("button", { name: "投票", exact: true }).click();
    await expect.poll(() => page.getByText(/已记录您的投票/).first().isVisible()).toBe(true);
    await shoot(page, "16-voted-390");
    await context.close();
    const ballot = await call(`/api/v1/ballots/${ballotId}`, { token: adminToken });
    expect(ballot.json.turnout).toMatchObject({ votedCount: 1, votedAreaHundredths: b1Units.find((u) => u.number === "301")!.area });
  });
});
