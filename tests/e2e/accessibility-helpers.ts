import path from "node:path";
import type Database from "better-sqlite3";
import type { Page } from "playwright-core";
import { sourcePageRoutes } from "./security-pages-helpers";

/**
 * The accessibility audit of accessibility.test.ts: which URL stands for each page route of the
 * source, who looks at it, and what axe-core and our own measurements (MIIT's 适老化 rules: type
 * of at least 16 px, 18 px body text, 44×44 px tap targets) find on a page.
 */

const root = path.resolve(__dirname, "../..");
export const axeScript = path.join(root, "node_modules/axe-core/axe.min.js");

export type Viewer = "anon" | "resident" | "chief" | "admin";
export const viewerPhones: Record<Exclude<Viewer, "anon">, string> = { resident: "13800000101", chief: "13800000001", admin: "13800000000" };

/** The demo rows a dynamic route is shown with (ids read from the demo database, plus a meeting the test schedules). */
export type World = {
  topic: number;
  topicDrafting: number;
  topicUnderReview: number;
  /** A topic still collecting co-signatures (its page offers the share link). */
  topicProposed: number;
  /** A decided topic whose resolution is posted: its public record. */
  topicDecided: number;
  plan: number;
  ballot: number;
  notice: number;
  task: number;
  grid: number;
  building: number;
  person: number;
  meeting: number;
  checkInCode: string;
};

export function demoWorld(db: Database.Database, meeting: { id: number; code: string }): World {
  const one = <T>(sql: string): T => {
    const row = db.prepare(sql).get() as Record<string, T> | undefined;
    if (!row) throw new Error(`the demo data has no row for: ${sql}`);
    return Object.values(row)[0]!;
  };
  const topicDrafting = one<number>("select id from topics where state = 'drafting' and grid_id = 1 order by id limit 1");
  return {
    // The open ballot's topic: the page with the most on it (plan, ballot, opinions, timeline).
    topic: one<number>("select topic_id from ballots where status = 'open' order by id limit 1"),
    topicDrafting,
    topicUnderReview: one<number>("select id from topics where state = 'underReview' order by id limit 1"),
    topicProposed: one<number>("select id from topics where state = 'proposed' order by id limit 1"),
    topicDecided: one<number>("select topic_id from notices where kind = 'closure' order by id limit 1"),
    plan: one<number>(`select id from plans where topic_id = ${topicDrafting} order by id limit 1`),
    ballot: one<number>("select id from ballots where status = 'open' order by id limit 1"),
    notice: one<number>("select id from notices where kind = 'resolution' order by id limit 1"),
    task: one<number>("select id from tasks where status = 'inProgress' order by id limit 1"),
    grid: one<number>("select id from grids order by id limit 1"),
    building: one<number>("select id from buildings order by id limit 1"),
    person: one<number>("select id from people where phone = '13800000102'"),
    meeting: meeting.id,
    checkInCode: meeting.code,
  };
}

/**
 * The URL each page route is audited at. Static routes need no entry; a dynamic route without one
 * makes `auditUrls` throw, so a page added later is either audited or the test says it is not.
 */
const dynamicUrls: Record<string, (w: World) => string | FoundLink> = {
  "/admin/buildings/[id]": (w) => `/admin/buildings/${w.building}`,
  "/admin/grids/[id]": (w) => `/admin/grids/${w.grid}`,
  "/admin/people/[id]": (w) => `/admin/people/${w.person}`,
  "/ballots/[id]": (w) => `/ballots/${w.ballot}`,
  "/ballots/[id]/call-list": (w) => `/ballots/${w.ballot}/call-list`,
  // Its key is an HMAC only the server knows: the link as the topic page hands it out.
  "/cosign/[topicId]/[key]": (w) => ({ on: `/topics/${w.topicProposed}`, hrefPrefix: `/cosign/${w.topicProposed}/` }),
  "/records/[topicId]": (w) => `/records/${w.topicDecided}`,
  "/meetings/[id]": (w) => `/meetings/${w.meeting}`,
  "/meetings/[id]/chair": (w) => `/meetings/${w.meeting}/chair`,
  "/meetings/[id]/check-in": (w) => `/meetings/${w.meeting}/check-in?code=${encodeURIComponent(w.checkInCode)}`,
  "/meetings/[id]/edit": (w) => `/meetings/${w.meeting}/edit`,
  "/meetings/[id]/live": (w) => `/meetings/${w.meeting}/live`,
  "/meetings/[id]/projector": (w) => `/meetings/${w.meeting}/projector`,
  "/meetings/[id]/room": (w) => `/meetings/${w.meeting}/room`,
  "/notices/[id]": (w) => `/notices/${w.notice}`,
  "/ratings/[topicId]": (w) => `/ratings/${w.topicUnderReview}`,
  "/tasks/[id]": (w) => `/tasks/${w.task}`,
  "/topics/[id]": (w) => `/topics/${w.topic}`,
  "/topics/[id]/plans/[planId]": (w) => `/topics/${w.topicDrafting}/plans/${w.plan}`,
  "/topics/[id]/plans/[planId]/compare": (w) => `/topics/${w.topicDrafting}/plans/${w.plan}/compare?from=1&to=1`,
  "/topics/[id]/plans/[planId]/edit": (w) => `/topics/${w.topicDrafting}/plans/${w.plan}/edit`,
  "/topics/[id]/plans/new": (w) => `/topics/${w.topicDrafting}/plans/new`,
};
/** A URL read off another page: the first link whose href starts with `hrefPrefix` on `on`. */
export type FoundLink = { on: string; hrefPrefix: string };

/** Pages made for people who are not signed in (a signed-in visitor is sent on). */
const signedOutPages = new Set(["/sign-in", "/register", "/activate", "/setup"]);

/** Public pages a neighbour opens from a QR code or a shared link, signed out as well as signed in. */
const alsoSignedOut = (route: string) => route === "/" || route === "/notices" || route.startsWith("/records/") || route.startsWith("/cosign/") || route === "/offline";

export type Visit = { route: string; url: string | FoundLink; viewer: Viewer };

/**
 * Every page of app/ as the people who use it: forms for the signed-out signed out, the admin
 * pages as the admin, every other page as a resident and as a grid chief (refusals included: a
 * refusal is a page too). Home and the notice board also signed out.
 */
export function auditVisits(w: World): Visit[] {
  const out: Visit[] = [];
  for (const route of sourcePageRoutes()) {
    const make = dynamicUrls[route];
    if (route.includes("[") && !make) throw new Error(`no audit URL for the page ${route}: add it to dynamicUrls in tests/e2e/accessibility-helpers.ts`);
    const url = make ? make(w) : route;
    const viewers: Viewer[] = signedOutPages.has(route) ? ["anon"] : route.startsWith("/admin") ? ["admin"] : alsoSignedOut(route) ? ["anon", "resident", "chief"] : ["resident", "chief"];
    for (const viewer of viewers) out.push({ route, url, viewer });
  }
  return out;
}

/** Where a visit goes: its URL, or the link found on the page it is read from (null when that page offers none). */
export async function resolveUrl(page: Page, url: string | FoundLink): Promise<string | null> {
  if (typeof url === "string") return url;
  await page.goto(url.on);
  const href = await page.locator(`a[href^="${url.hrefPrefix}"]`).first().getAttribute("href", { timeout: 5_000 }).catch(() => null);
  return href ? href.replace(/^https?:\/\/[^/]+/, "") : null;
}

export type Finding = { rule: string; target: string; detail: string };

/** axe-core's WCAG 2 A and AA rules on the page as it is now. */
export async function runAxe(page: Page): Promise<Finding[]> {
  if (!(await page.evaluate(() => "axe" in window))) await page.addScriptTag({ path: axeScript });
  const violations = await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run: (ctx: unknown, opts: unknown) => Promise<{ violations: { id: string; nodes: { target: unknown[]; failureSummary?: string }[] }[] }> } }).axe;
    const r = await axe.run(document, { runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"] }, rules: { "label-content-name-mismatch": { enabled: true } }, resultTypes: ["violations"] });
    return r.violations.flatMap((v) => v.nodes.map((n) => ({ rule: v.id, target: JSON.stringify(n.target), detail: (n.failureSummary ?? "").replace(/\s+/g, " ").slice(0, 240) })));
  });
  return violations;
}

/**
 * Our own measurements, in the page: visible text below 16 px, a body below 18 px, and tap targets
 * smaller than 44×44 px. A link inside a sentence is exempt (WCAG 2.5.5/2.5.8 "inline": its height
 * is the line's); so is a control whose label is the target (a checkbox or radio inside or named by
 * a label that is itself 44 px high: the label is what one taps).
 */
// Plain JavaScript run in the page (a string: the test runner's transpiler would otherwise wrap
// named functions in helpers the page does not have).
export async function measureSizes(page: Page): Promise<Finding[]> {
  return page.evaluate(`(() => {
    const out = [];
    const describe = (el) => {
      const id = el.id ? \`#\${el.id}\` : "";
      const cls = typeof el.className === "string" && el.className ? \`.\${el.className.trim().split(/\\s+/).slice(0, 3).join(".")}\` : "";
      const text = (el.textContent ?? "").replace(/\\s+/g, " ").trim().slice(0, 24);
      return \`\${el.tagName.toLowerCase()}\${id}\${cls} "\${text}"\`;
    };
    const visible = (el) => {
      if (!el.checkVisibility({ opacityProperty: true, visibilityProperty: true })) return false;
      const r = el.getBoundingClientRect();
      if (r.width < 2 || r.height < 2) return false; // sr-only text and collapsed things
      return true;
    };
    const bodySize = parseFloat(getComputedStyle(document.body).fontSize);
    if (bodySize < 18) out.push({ rule: "body-text-18px", target: "body", detail: \`\${bodySize}px\` });

    // Text below 16 px: every visible text node, measured on its parent's computed style.
    const seen = new Set();
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let n = walker.nextNode(); n; n = walker.nextNode()) {
      const el = n.parentElement;
      if (!el || seen.has(el) || !(n.textContent ?? "").trim()) continue;
      seen.add(el);
      if (el.closest("script, style, noscript, template, [aria-hidden='true'], svg")) continue;
      if (!visible(el)) continue;
      const size = parseFloat(getComputedStyle(el).fontSize);
      if (size < 15.95) out.push({ rule: "text-16px", target: describe(el), detail: \`\${size}px\` });
    }

    // Tap targets.
    const inSentence = (el) => {
      if (getComputedStyle(el).display !== "inline") return false;
      const block = el.parentElement;
      if (!block) return false;
      const own = [...block.childNodes].filter((c) => c !== el).map((c) => c.textContent ?? "").join("").trim();
      return own.length > 0;
    };
    const targets = document.querySelectorAll("a[href], button, input:not([type='hidden']), select, textarea, summary, [role='button'], [role='tab'], [role='switch'], [role='link'], [tabindex]:not([tabindex='-1'])");
    for (const el of targets) {
      if (!visible(el) || el.closest("[inert]")) continue;
      if (el.isContentEditable) continue;
      let box = el.getBoundingClientRect();
      const input = el;
      if (el.tagName === "INPUT" && (input.type === "checkbox" || input.type === "radio")) {
        const label = input.closest("label") ?? (input.id ? document.querySelector(\`label[for="\${CSS.escape(input.id)}"]\`) : null);
        if (label) box = label.getBoundingClientRect();
      }
      if (el.tagName === "A" && inSentence(el)) continue;
      if (box.width < 43.5 || box.height < 43.5) out.push({ rule: "target-44px", target: describe(el), detail: \`\${Math.round(box.width)}×\${Math.round(box.height)}\` });
    }
    return out;
  })()`);
}

/** Whether the main action is a large button above the fold (a 390×844 phone): at least 48 px high, its top within the first screen. */
export async function mainActionAboveFold(page: Page, name: string | RegExp): Promise<{ found: boolean; top: number; height: number }> {
  const target = page.getByRole("link", { name }).or(page.getByRole("button", { name })).first();
  if (!(await target.count())) return { found: false, top: 0, height: 0 };
  const box = await target.boundingBox();
  return { found: !!box, top: box?.y ?? 0, height: box?.height ?? 0 };
}
