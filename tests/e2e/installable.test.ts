import { describe, expect, it } from "vitest";
import type { BrowserContext, Page } from "playwright-core";
import { baseURL, newPhone, signIn, useBrowser } from "./browser";

/** The width and height a PNG says it has (its IHDR chunk), and whether it is a PNG at all. */
function pngSize(bytes: Buffer): { width: number; height: number } | null {
  if (bytes.subarray(0, 8).toString("hex") !== "89504e470d0a1a0a" || bytes.subarray(12, 16).toString("latin1") !== "IHDR") return null;
  return { width: bytes.readUInt32BE(16), height: bytes.readUInt32BE(20) };
}

const linkHref = (html: string, rel: string) => new RegExp(`<link[^>]*rel="${rel}"[^>]*href="([^"]+)"`).exec(html)?.[1] ?? new RegExp(`<link[^>]*href="([^"]+)"[^>]*rel="${rel}"`).exec(html)?.[1];

/** Everything the service worker keeps, cache by cache (page paths only). */
const cacheContents = (page: Page) =>
  page.evaluate(async () => {
    const out: Record<string, string[]> = {};
    for (const name of await caches.keys()) out[name] = (await (await caches.open(name)).keys()).map((r) => new URL(r.url).pathname);
    return out;
  });

/** The service worker controls this page (the second load after registering at the latest). */
async function controlled(page: Page) {
  await page.evaluate(() => navigator.serviceWorker.ready.then(() => undefined));
  if (!(await page.evaluate(() => !!navigator.serviceWorker.controller))) await page.reload();
  await expect.poll(() => page.evaluate(() => navigator.serviceWorker.controller?.scriptURL ?? "")).toMatch(/\/sw\.js$/);
}

describe("an app that installs and starts offline", () => {
  it("the manifest passes Lighthouse's installability checks: name, start_url in scope, standalone, 192 and 512 px icons (and a maskable one) that are PNGs of those sizes", async () => {
    const home = await fetch(`${baseURL()}/`);
    const html = await home.text();
    const href = linkHref(html, "manifest");
    expect(href).toBe("/manifest.webmanifest");
    // The page's policy lets the browser fetch the manifest and run the worker.
    const csp = home.headers.get("content-security-policy") ?? "";
    expect(csp).toContain("manifest-src 'self'");
    expect(csp).toContain("worker-src 'self'");

    const res = await fetch(`${baseURL()}${href}`);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toMatch(/application\/manifest\+json/);
    const manifest = (await res.json()) as {
      name: string;
      short_name: string;
      lang: string;
      start_url: string;
      scope: string;
      display: string;
      theme_color: string;
      background_color: string;
      icons: { src: string; sizes: string; type: string; purpose?: string }[];
    };
    expect(manifest).toMatchObject({ name: "网格议事厅", short_name: "议事厅", lang: "zh-CN", start_url: "/", scope: "/", display: "standalone" });
    expect(new URL(manifest.start_url, baseURL()).pathname.startsWith(manifest.scope)).toBe(true);
    expect(manifest.theme_color).toMatch(/^#[0-9a-f]{6}$/i);
    expect(manifest.background_color).toMatch(/^#[0-9a-f]{6}$/i);
    expect(html).toContain(`<meta name="theme-color" content="${manifest.theme_color}"/>`);

    for (const icon of manifest.icons) {
      const r = await fetch(`${baseURL()}${icon.src}`);
      expect(r.status, icon.src).toBe(200);
      expect(r.headers.get("content-type"), icon.src).toBe(icon.type);
      const size = pngSize(Buffer.from(await r.arrayBuffer()));
      expect(size && `${size.width}x${size.height}`, icon.src).toBe(icon.sizes);
    }
    const any = manifest.icons.filter((i) => (i.purpose ?? "any").split(" ").includes("any")).map((i) => i.sizes);
    expect(any).toEqual(expect.arrayContaining(["192x192", "512x512"]));
    expect(manifest.icons.some((i) => i.purpose === "maskable" && i.sizes === "512x512")).toBe(true);

    // iOS reads its home-screen icon from the page: a 180 px PNG.
    const apple = linkHref(html, "apple-touch-icon");
    expect(apple).toBeDefined();
    const appleIcon = await fetch(`${baseURL()}${apple}`);
    expect(pngSize(Buffer.from(await appleIcon.arrayBuffer()))).toEqual({ width: 180, height: 180 });

    // The worker's script is JavaScript and is never served stale.
    const sw = await fetch(`${baseURL()}/sw.js`);
    expect(sw.status).toBe(200);
    expect(sw.headers.get("content-type")).toMatch(/javascript/);
    expect(sw.headers.get("cache-control")).toMatch(/no-cache/);
  });

  describe("in the browser", () => {
    const browsing = useBrowser();

    it("offline, a resident reads the open ballot and the notices they opened, with a banner saying so; a vote is refused, never queued; the start page answers; signing out deletes their saved pages", async () => {
      const { context, page } = await newPhone(browsing.browser);
      await signIn(page, "13800000137");
      await controlled(page);

      await page.goto("/ballots");
      const ballotHref = await page.locator('a[href^="/ballots/"]', { hasText: "感应灯" }).first().getAttribute("href");
      expect(ballotHref).toMatch(/^\/ballots\/\d+$/);
      await page.goto(ballotHref!);
      const ballotTitle = (await page.locator("h1").first().textContent())!.trim();
      await expect.poll(() => page.getByRole("button", { name: "投票", exact: true }).isVisible()).toBe(true);
      await page.goto("/notices");
      const noticeHref = (await page.locator('a[href^="/notices/"]').first().getAttribute("href"))!;
      await page.goto(noticeHref);
      const noticeTitle = (await page.locator("h1").first().textContent())!.trim();
      // Saved under this session's key only, not under anyone else's.
      await expect.poll(async () => Object.entries(await cacheContents(page)).filter(([n]) => n.startsWith("gc-pages-")).flatMap(([, paths]) => paths)).toEqual(expect.arrayContaining([ballotHref, noticeHref, "/"]));
      expect(Object.keys(await cacheContents(page)).filter((n) => n.startsWith("gc-pages-"))).toHaveLength(1);
      await expect.poll(() => page.getByTestId("offline-banner").isVisible()).toBe(false);

      await context.setOffline(true);
      const ballot = await page.goto(ballotHref!);
      expect(ballot?.status()).toBe(200);
      expect(ballot?.fromServiceWorker()).toBe(true);
      await expect.poll(() => page.locator("h1").first().textContent()).toBe(ballotTitle);
      await expect.poll(() => page.getByText("您当前处于离线状态").first().isVisible()).toBe(true);

      // A vote offline: stopped here with a message; nothing is kept to be sent later.
      await page.getByRole("radio", { name: "同意" }).first().check();
      await page.getByRole("button", { name: "投票", exact: true }).click();
      await expect.poll(() => page.getByRole("alert").filter({ hasText: "离线时无法提交" }).isVisible()).toBe(true);
      expect(await page.getByText(/已记录您的投票/).count()).toBe(0);

      const notice = await page.goto(noticeHref);
      expect(notice?.status()).toBe(200);
      await expect.poll(() => page.locator("h1").first().textContent()).toBe(noticeTitle);
      await expect.poll(() => page.getByTestId("offline-banner").isVisible()).toBe(true);

      // The start URL answers offline (Lighthouse's check), and a page never saved says what is offline.
      expect((await page.goto("/"))?.status()).toBe(200);
      const account = await page.goto("/account");
      expect(account?.status()).toBe(200);
      await expect.poll(() => page.getByTestId("offline-page").isVisible()).toBe(true);
      await page.screenshot({ path: "test-results/offline-page-390.png" }).catch(() => undefined);

      // Back online: the vote was never sent, nor sent now that the network is back.
      await context.setOffline(false);
      await page.goto(ballotHref!);
      await page.waitForTimeout(1500);
      await page.reload();
      await expect.poll(() => page.getByRole("button", { name: "投票", exact: true }).isVisible()).toBe(true);
      expect(await page.getByText(/您目前的选择/).count()).toBe(0);

      // Signing out deletes this person's saved pages: the next person on this phone reads none of them offline.
      await page.locator("header details > summary").click();
      await page.getByRole("button", { name: "退出" }).click();
      await page.waitForURL((u) => u.pathname === "/");
      await expect.poll(async () => Object.keys(await cacheContents(page)).filter((n) => n.startsWith("gc-pages-"))).toEqual([]);
      await context.setOffline(true);
      await page.goto(ballotHref!);
      await expect.poll(() => page.getByTestId("offline-page").isVisible()).toBe(true);
      expect(await page.getByText(ballotTitle).count()).toBe(0);
      await context.close();
    });
  });
});

describe("fixes found walking the loop, at 390 px", () => {
  const browsing = useBrowser();
  const phone = async (account: string): Promise<{ context: BrowserContext; page: Page }> => {
    const p = await newPhone(browsing.browser);
    await signIn(p.page, account);
    return p;
  };

  it("the similar topics found while typing a title use the form's width (they were squeezed into a 40 px column)", async () => {
    const { context, page } = await phone("13800000138");
    await page.goto("/topics/new");
    await page.getByLabel("议题标题").fill("楼道感应灯坏了");
    const box = page.getByTestId("similar-topics");
    await box.waitFor();
    const list = await box.locator("ul").boundingBox();
    const form = await page.locator("main form").first().boundingBox();
    expect(list!.width).toBeGreaterThan(form!.width * 0.8);
    await context.close();
  });

  it("the header menu closes once an entry is chosen, on a tap elsewhere, and on Escape", async () => {
    const { context, page } = await phone("13800000138");
    const menu = page.locator("header details");
    const isOpen = () => menu.evaluate((d) => (d as HTMLDetailsElement).open);
    await page.locator("header details > summary").click();
    expect(await isOpen()).toBe(true);
    await menu.getByRole("link", { name: "公示栏" }).click();
    await page.waitForURL(/\/notices$/);
    await expect.poll(isOpen).toBe(false);
    await page.locator("header details > summary").click();
    expect(await isOpen()).toBe(true);
    // A tap on the page beside the open menu (it covers the right of the screen).
    await page.mouse.click(8, 830);
    await expect.poll(isOpen).toBe(false);
    await page.locator("header details > summary").click();
    await page.keyboard.press("Escape");
    await expect.poll(isOpen).toBe(false);
    await context.close();
  });

  it("a closure notice heads its text 办结情况, not 决议内容", async () => {
    const { context, page } = await phone("13800000138");
    await page.goto("/notices");
    await page.locator('a[href^="/notices/"]', { hasText: "办结公示" }).first().click();
    await page.waitForURL(/\/notices\/\d+$/);
    await expect.poll(() => page.getByRole("heading", { name: "办结情况" }).isVisible()).toBe(true);
    expect(await page.getByRole("heading", { name: "决议内容" }).count()).toBe(0);
    await context.close();
  });

  it("a task's page has the task's name as its <title> and heading", async () => {
    const { context, page } = await phone("13800000003");
    await page.goto("/tasks");
    const hrefs = await page.locator('a[href^="/tasks/"]').evaluateAll((as) => as.map((a) => a.getAttribute("href") ?? ""));
    const task = hrefs.find((h) => /^\/tasks\/\d+$/.test(h));
    expect(task).toBeDefined();
    await page.goto(task!);
    const heading = (await page.locator("main h1").first().textContent())!.trim();
    expect(heading.length).toBeGreaterThan(0);
    expect(await page.title()).toBe(`${heading} · 网格议事厅`);
    await context.close();
  });

  it("a grid chief's page of a topic in voting opens on the vote, the rest folded: well under the 4,000 px it was", async () => {
    const { context, page } = await phone("13800000001");
    await page.goto("/topics?stage=voting");
    await page.locator('a[href^="/topics/"]', { hasText: "感应灯" }).first().click();
    await page.waitForURL(/\/topics\/\d+$/);
    const vote = page.getByTestId("current-ballots");
    await vote.waitFor();
    // The vote is on the first screen, before the topic's description and history.
    const top = await vote.evaluate((el) => (el.firstElementChild as HTMLElement).getBoundingClientRect().top);
    expect(top).toBeLessThan(844);
    const height = await page.evaluate(() => document.documentElement.scrollHeight);
    expect(height).toBeLessThan(2600);
    await page.screenshot({ path: "test-results/topic-voting-chief-390.png", fullPage: true }).catch(() => undefined);
    // A folded section opens like any disclosure: by its summary, with the keyboard too.
    const timeline = page.getByTestId("fold-timeline");
    expect(await timeline.evaluate((d) => (d as HTMLDetailsElement).open)).toBe(false);
    await timeline.locator("summary").focus();
    await page.keyboard.press("Enter");
    await expect.poll(() => timeline.evaluate((d) => (d as HTMLDetailsElement).open)).toBe(true);
    await expect.poll(() => timeline.getByText("发起议题").first().isVisible()).toBe(true);
    await context.close();
  });
});
