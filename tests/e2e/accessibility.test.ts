import { afterAll, beforeAll, describe, expect, inject, test } from "vitest";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { apiToken, api, baseURL, launchBrowser, newPhone, signIn } from "./browser";
import { readDb } from "./security-actions-helpers";
import { auditVisits, demoWorld, mainActionAboveFold, measureSizes, resolveUrl, runAxe, viewerPhones, type Finding, type Viewer, type Visit, type World } from "./accessibility-helpers";

/**
 * 适老化, measured (issue 14): every page of app/ (the list comes from the source, so a page added
 * later is audited or makes this fail) at phone width (390 px), as the people who use it — signed
 * out, a resident, a grid chief, the admin — with axe-core's WCAG 2 A/AA rules (0 violations) and
 * our own measurements (no visible text below 16 px, an 18 px body, 44 × 44 px tap targets except
 * links inside a sentence). Then the elder mode (长辈模式) switch, read-aloud (朗读), the main
 * action above the fold, and the Chinese 404.
 */

let browser: Browser;
let world: World;
const contexts = new Map<Viewer, BrowserContext>();

async function contextOf(viewer: Viewer): Promise<BrowserContext> {
  let c = contexts.get(viewer);
  if (!c) {
    const { context, page } = await newPhone(browser);
    if (viewer !== "anon") await signIn(page, viewerPhones[viewer]);
    await page.close();
    contexts.set(viewer, context);
    c = context;
  }
  return c;
}

beforeAll(async () => {
  // A meeting in grid 1 with the resident invited and self check-in open: its pages have a subject.
  const chief = await apiToken(viewerPhones.chief);
  const topicId = readDb(inject("dbFile")).prepare("select id from topics where state = 'drafting' and grid_id = 1 order by id limit 1").pluck().get() as number;
  const owner = readDb(inject("dbFile")).prepare("select id from people where phone = ?").pluck().get(viewerPhones.resident) as number;
  const made = await api("/api/v1/meetings", { method: "POST", token: chief, body: { gridId: 1, title: "无障碍检查议事会", startsAt: new Date(Date.now() + 86_400_000).toISOString(), place: "社区议事厅", topicIds: [topicId], personIds: [owner] } });
  expect(made.status).toBeLessThan(300);
  const meetingId = made.json.meetingId as number;
  const open = await api(`/api/v1/meetings/${meetingId}/check-in/open`, { method: "POST", token: chief, body: { validMinutes: 240 } });
  expect(open.status).toBeLessThan(300);
  world = demoWorld(readDb(inject("dbFile")), { id: meetingId, code: open.json.code as string });
  browser = await launchBrowser();
});

afterAll(async () => {
  for (const c of contexts.values()) await c.close();
  await browser?.close();
});

/** Opens the visit's page and returns what axe and the measurements found there. */
async function audit(visit: Visit): Promise<{ url: string; status: number; findings: Finding[] }> {
  const context = await contextOf(visit.viewer);
  const page = await context.newPage();
  page.setDefaultTimeout(20_000);
  try {
    // A link handed out only to people who may see its page (the co-sign card's keyed link) is read
    // as the resident, then opened as whoever this visit is for (a neighbour it was shared with).
    const reader = typeof visit.url === "string" ? page : await (await contextOf("resident")).newPage();
    const url = await resolveUrl(reader, visit.url).finally(() => (reader !== page ? reader.close() : undefined));
    if (!url) return { url: JSON.stringify(visit.url), status: 0, findings: [{ rule: "no-url", target: visit.route, detail: "the page the URL is read from offers no link" }] };
    // The projector is a wall screen (type in em of a 16:9 display), never a phone: audited at 1280 × 720.
    if (visit.route === "/meetings/[id]/projector") await page.setViewportSize({ width: 1280, height: 720 });
    const res = await page.goto(url, { waitUntil: "load" });
    await page.waitForLoadState("networkidle").catch(() => {});
    const findings = [...(await runAxe(page)), ...(await measureSizes(page))];
    return { url, status: res?.status() ?? 0, findings };
  } finally {
    await page.close();
  }
}

describe("every page at 390 px: axe-core WCAG 2 A/AA and the 适老化 sizes", () => {
  const visits = () => auditVisits(world);

  test("every page of app/ has an audit URL (a new page is audited, or this fails)", () => {
    // auditVisits throws for a dynamic route without a URL; each route is visited at least once.
    const routes = new Set(visits().map((v) => v.route));
    expect(routes.size).toBeGreaterThanOrEqual(45);
    expect(visits().some((v) => v.viewer === "resident") && visits().some((v) => v.viewer === "chief") && visits().some((v) => v.viewer === "admin")).toBe(true);
  });

  test("0 violations on every page, for everyone who uses it", async () => {
    const failures: string[] = [];
    let pages = 0;
    for (const v of visits()) {
      const r = await audit(v);
      pages++;
      for (const f of r.findings) failures.push(`${v.viewer.padEnd(8)} ${r.url} [${r.status}]  ${f.rule}  ${f.target}  ${f.detail}`);
    }
    // Printed in full when it fails: the rule, the element and the page, to fix at the source.
    expect(failures, `${failures.length} findings on ${pages} pages:\n${failures.join("\n")}`).toEqual([]);
  }, 900_000);
});

describe("elder mode, read-aloud, the main action, 404", () => {
  let page: Page;
  let context: BrowserContext;
  beforeAll(async () => {
    ({ context, page } = await newPhone(browser));
    await signIn(page, viewerPhones.resident);
  });
  afterAll(async () => context.close());

  test("长辈模式: a toggle in the header; larger type from the server's first paint, on every page, until switched off", async () => {
    await page.goto("/");
    const toggle = page.getByRole("button", { name: "长辈模式" });
    await expect.poll(() => toggle.getAttribute("aria-pressed")).toBe("false");
    const rootSize = () => page.evaluate(() => parseFloat(getComputedStyle(document.documentElement).fontSize));
    expect(await rootSize()).toBe(18);
    await toggle.click();
    await expect.poll(() => toggle.getAttribute("aria-pressed")).toBe("true");
    expect(await rootSize()).toBe(22);
    // Another page, loaded fresh: the HTML itself already carries it (no flash of small text).
    const html = await (await page.request.get(`/notices/${world.notice}`)).text();
    expect(html).toMatch(/<html[^>]*data-elder="on"/);
    await page.goto(`/notices/${world.notice}`);
    expect(await rootSize()).toBe(22);
    // Simpler: the footer and the language switch are gone.
    expect(await page.getByRole("contentinfo").isVisible()).toBe(false); // the site's footer, not a notice's own
    // Still no violations and nothing too small in elder mode.
    expect([...(await runAxe(page)), ...(await measureSizes(page))]).toEqual([]);
    // A badge whose words wrap at this size grows with them, not a fixed-height pill with its border through the text.
    await page.goto(`/ballots/${world.ballot}`);
    const overflowing = await page.locator("main .badge").evaluateAll((els) =>
      els
        .filter((e) => {
          const words = document.createRange();
          words.selectNodeContents(e);
          return words.getBoundingClientRect().height > e.getBoundingClientRect().height + 1;
        })
        .map((e) => e.textContent),
    );
    expect(overflowing).toEqual([]);
    await page.getByRole("button", { name: "长辈模式" }).click();
    await expect.poll(() => page.getByRole("button", { name: "长辈模式" }).getAttribute("aria-pressed")).toBe("false");
    expect(await rootSize()).toBe(18);
  });

  test("朗读 speaks the notice in zh-CN with the browser's speech, and stops", async () => {
    await page.addInitScript(() => {
      // Headless Chromium has no voices: record what would be said.
      const spoken: { text: string; lang: string }[] = [];
      (window as unknown as { spoken: typeof spoken }).spoken = spoken;
      Object.defineProperty(window, "speechSynthesis", {
        value: { speak: (u: SpeechSynthesisUtterance) => spoken.push({ text: u.text, lang: u.lang }), cancel: () => {}, getVoices: () => [] },
        configurable: true,
      });
    });
    await page.goto(`/notices/${world.notice}`);
    const button = page.getByRole("button", { name: "朗读：公示内容" });
    await button.click();
    const spoken = (await page.evaluate(() => (window as unknown as { spoken: { text: string; lang: string }[] }).spoken))[0]!;
    expect(spoken.lang).toBe("zh-CN");
    const title = (await page.getByRole("heading", { level: 1 }).textContent())!.trim();
    expect(spoken.text.startsWith(title)).toBe(true);
    await expect.poll(() => page.getByRole("button", { name: "停止朗读" }).count()).toBe(1);
    await page.getByRole("button", { name: "停止朗读" }).click();
    await expect.poll(() => page.getByRole("button", { name: "朗读：公示内容" }).count()).toBe(1);
  });

  test("朗读 is not offered where the browser cannot speak", async () => {
    const { context: c2, page: p2 } = await newPhone(browser);
    await p2.addInitScript(() => {
      delete (window as unknown as { speechSynthesis?: unknown }).speechSynthesis;
      Object.defineProperty(window, "speechSynthesis", { value: undefined, configurable: true });
    });
    await p2.goto(`/notices/${world.notice}`);
    await p2.getByRole("heading", { level: 1 }).waitFor();
    expect(await p2.getByTestId("read-aloud").count()).toBe(0);
    await c2.close();
  });

  test("the ballot's main action, 去投票, is a large button above the fold", async () => {
    await page.goto(`/ballots/${world.ballot}`);
    const go = await mainActionAboveFold(page, "去投票");
    expect(go.found).toBe(true);
    expect(go.height).toBeGreaterThanOrEqual(48);
    expect(go.top + go.height).toBeLessThanOrEqual(844);
  });

  test("an unknown address answers 404 with a Chinese page and a way home", async () => {
    const res = await page.goto("/no-such-page-here");
    expect(res?.status()).toBe(404);
    await expect.poll(() => page.getByRole("heading", { level: 1 }).textContent()).toBe("没有找到这个页面");
    expect(await page.getByRole("link", { name: "回到首页" }).getAttribute("href")).toBe("/");
    const raw = await fetch(`${baseURL()}/topics/not-a-number/nothing`, { headers: { accept: "text/html", "accept-language": "zh-CN" } });
    expect(raw.status).toBe(404);
    expect(await raw.text()).toContain("没有找到这个页面");
    const en = await fetch(`${baseURL()}/no-such-page-here`, { headers: { accept: "text/html", "accept-language": "en" } });
    expect(await en.text()).toContain("Page not found");
  });
});
